/**
 * Batched MLP cross-entropy loss and gradient on the GPU (shaders/mlp.wgsl): B parameter vectors over
 * N data points in one dispatch call (two passes) and one readback. f32, for screening many points
 * (basin-hopping walkers, DNEB images); the float64 twin is MlpLandscape.energy.
 * @module
 */
import code from "../../shaders/mlp.wgsl" with { type: "text" };
import type { GpuContext } from "../gpu/device.ts";
import { outputBuffer, release, storageBuffer, toF32, uniformBuffer } from "../gpu/buffers.ts";
import { getKernel } from "../gpu/pipeline.ts";
import { dispatch } from "../gpu/dispatch.ts";
import type { MlpLayout } from "./mlp.ts";

/** Samples per invocation of the partial pass (keeps loops far below llvmpipe's cap). */
const CHUNK = 32;

/** Data and network shape for {@link mlpBatchGpu}. */
export interface MlpBatchInput {
  X: Float64Array;
  n: number;
  labels: Int32Array;
  layout: MlpLayout;
  lambda: number;
}

/** True when the kernel's fixed-size private arrays can hold the network. */
export function mlpGpuSupports(layout: MlpLayout): boolean {
  return layout.size <= 1024 && layout.hidden <= 64 && layout.outputs <= 16 &&
    CHUNK *
              (2 * layout.inputs * layout.hidden + 3 * layout.outputs * layout.hidden +
                4 * layout.hidden) + 2 * layout.size < 60000;
}

/**
 * Loss and gradient for every row of `ws` (B × size): returns B × (size + 1) f32 values per member,
 * the gradient followed by the loss.
 */
export async function mlpBatchGpu(
  ctx: GpuContext,
  input: MlpBatchInput,
  ws: Float64Array,
): Promise<Float32Array> {
  const L = input.layout, P = L.size;
  if (!mlpGpuSupports(L)) {
    throw new RangeError(
      `mlp.wgsl does not support a ${L.inputs}-${L.hidden}-${L.outputs} network`,
    );
  }
  const B = ws.length / P;
  const chunks = Math.ceil(input.n / CHUNK);
  // The shader specialised to this network's sizes (one pipeline per shape, cached).
  const sized = code
    .replace("const MAXH: u32 = 64u;", `const MAXH: u32 = ${L.hidden}u;`)
    .replace("const MAXO: u32 = 16u;", `const MAXO: u32 = ${L.outputs}u;`);
  const name = `mlp.wgsl[${L.inputs}-${L.hidden}-${L.outputs}]`;
  const partial = await getKernel(ctx, { name, code: sized, entryPoint: "partial" });
  const reduce = await getKernel(ctx, { name, code: sized, entryPoint: "reduce" });
  const u = new ArrayBuffer(48);
  new Uint32Array(u, 0, 8).set([input.n, L.inputs, L.hidden, L.outputs, P, B, chunks, CHUNK]);
  new Float32Array(u, 32, 4).set([input.lambda, 1 / input.n, 0, 0]);
  const params = uniformBuffer(ctx, new Uint32Array(u));
  const xb = storageBuffer(ctx, toF32(input.X));
  const lb = storageBuffer(ctx, Uint32Array.from(input.labels));
  const wb = storageBuffer(ctx, toF32(ws));
  const part = outputBuffer(ctx, B * chunks * (P + 1), "mlp partial", false);
  const result = outputBuffer(ctx, B * (P + 1), "mlp result");
  try {
    const [res] = await dispatch(ctx, [
      {
        kernel: partial,
        bindings: [params, xb, lb, wb, part],
        workgroups: [Math.ceil(chunks / 64), B],
      },
      {
        kernel: reduce,
        bindings: [params, null, null, wb, part, result],
        workgroups: [Math.ceil((P + 1) / 64), B],
      },
    ], [{ buffer: result, bytes: B * (P + 1) * 4 }]);
    return new Float32Array(res);
  } finally {
    release(params, xb, lb, wb, part, result);
  }
}
