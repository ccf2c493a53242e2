/**
 * Pairwise scaled squared distances for a batch of (ARD) lengthscale vectors: the building block of
 * stationary kernels. GPU kernel shaders/sqdist.wgsl and its float64 CPU twin share one signature.
 * @module
 */
import code from "../../shaders/sqdist.wgsl" with { type: "text" };
import type { GpuContext } from "./device.ts";
import { outputBuffer, release, storageBuffer, toF32, uniformBuffer } from "./buffers.ts";
import { getKernel } from "./pipeline.ts";
import { dispatch } from "./dispatch.ts";

/** Inputs of the pairwise-distance kernel. */
export interface SqDistInput {
  /** Points, n×d row-major. */
  x: Float64Array;
  /** Points. */
  n: number;
  /** Input dimension. */
  d: number;
  /** Inverse lengthscales, batch×d row-major. */
  invLengthscale: Float64Array;
  /** Lengthscale vectors in the batch. */
  batch: number;
}

const MAX_D = 64;

/** Float64 twin: out[b, i, j] = Σ_k ((x_ik − x_jk)·invℓ_bk)², batch×n×n row-major. */
export function pairwiseSqDistCpu(input: SqDistInput): Float64Array {
  const { x, n, d, invLengthscale: s, batch } = input;
  const out = new Float64Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    const base = b * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < d; k++) {
          const diff = (x[i * d + k] - x[j * d + k]) * s[b * d + k];
          acc += diff * diff;
        }
        out[base + i * n + j] = acc;
        out[base + j * n + i] = acc;
      }
    }
  }
  return out;
}

/** GPU version (float32): one dispatch, one readback. */
export async function pairwiseSqDistGpu(
  ctx: GpuContext,
  input: SqDistInput,
): Promise<Float32Array> {
  const { x, n, d, invLengthscale, batch } = input;
  if (d > MAX_D) {
    throw new RangeError(`sqdist.wgsl handles at most ${MAX_D} input dimensions, got ${d}`);
  }
  const kernel = await getKernel(ctx, { name: "sqdist.wgsl", code, entryPoint: "main" });
  const params = uniformBuffer(ctx, new Uint32Array([n, d, batch, 0]));
  const xb = storageBuffer(ctx, toF32(x));
  const sb = storageBuffer(ctx, toF32(invLengthscale));
  const out = outputBuffer(ctx, batch * n * n);
  try {
    const [res] = await dispatch(ctx, [{
      kernel,
      bindings: [params, xb, sb, out],
      workgroups: [Math.ceil(n / 16), Math.ceil(n / 16), batch],
    }], [{ buffer: out, bytes: batch * n * n * 4 }]);
    return new Float32Array(res);
  } finally {
    release(params, xb, sb, out);
  }
}
