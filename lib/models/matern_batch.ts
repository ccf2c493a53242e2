/**
 * Matérn-ν correlations and derivative matrices for many hyperparameter points at once: the WGSL
 * kernel shaders/matern.wgsl (f32, for screening many points) and its float64 CPU twin with the
 * same signature and output layout. Output, per member b and pair p = i(i−1)/2 + j (j < i), laid
 * out [b][q][p]: q = 0 the correlation c, 1 g = −u·dc/du (= ∂c/∂ln ℓ, isotropic), 2 dc/dν at fixed r.
 * @module
 */
import code from "../../shaders/matern.wgsl" with { type: "text" };
import type { GpuContext } from "../gpu/device.ts";
import { outputBuffer, release, storageBuffer, toF32, uniformBuffer } from "../gpu/buffers.ts";
import { getKernel } from "../gpu/pipeline.ts";
import { dispatch } from "../gpu/dispatch.ts";
import { maternConstants, MaternTable } from "../special/matern.ts";

/** One hyperparameter point: smoothness and per-dimension lengthscales (length d). */
export interface MaternMember {
  /** Smoothness ν. */
  nu: number;
  /** Lengthscales (one, or one per input). */
  lengthscale: ArrayLike<number>;
}

/** Inputs of the batched kernel: points (n×d row-major) and the batch of members. */
export interface MaternBatchInput {
  /** Inputs, n×d row-major. */
  x: Float64Array;
  /** Rows. */
  n: number;
  /** Inputs per row. */
  d: number;
  /** The batch of hyperparameter sets. */
  members: MaternMember[];
}

/** Number of pairs j < i. */
export function pairCount(n: number): number {
  return n * (n - 1) / 2;
}

/** Float64 twin of shaders/matern.wgsl (same layout), via the exact Matérn table. */
export function maternPairsCpu(input: MaternBatchInput): Float64Array {
  const { x, n, d, members } = input;
  const P = pairCount(n);
  const out = new Float64Array(members.length * 3 * P);
  const u = new Float64Array(P);
  members.forEach((m, b) => {
    const table = new MaternTable(m.nu);
    const s = Array.from({ length: d }, (_, k) => table.constants.sqrt2nu / m.lengthscale[k]);
    let p = 0;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++, p++) {
        let acc = 0;
        for (let k = 0; k < d; k++) acc += ((x[i * d + k] - x[j * d + k]) * s[k]) ** 2;
        u[p] = Math.sqrt(acc);
      }
    }
    const c = out.subarray(b * 3 * P, b * 3 * P + P);
    const g = out.subarray(b * 3 * P + P, b * 3 * P + 2 * P);
    const dn = out.subarray(b * 3 * P + 2 * P, b * 3 * P + 3 * P);
    table.evalArray(u, c, g, dn);
    for (let q = 0; q < P; q++) dn[q] -= g[q] / (2 * m.nu);
  });
  return out;
}

const MAX_D = 64;

/**
 * GPU version (f32): members are split into as few dispatches as the storage-binding limit
 * allows, with ONE readback for the whole batch.
 */
export async function maternPairsGpu(
  ctx: GpuContext,
  input: MaternBatchInput,
): Promise<Float32Array> {
  const { x, n, d, members } = input;
  if (d > MAX_D) {
    throw new RangeError(`matern.wgsl handles at most ${MAX_D} input dimensions, got ${d}`);
  }
  if (n < 2) return new Float32Array(0);
  const P = pairCount(n);
  const stride = 3 + d;
  const kernel = await getKernel(ctx, { name: "matern.wgsl", code, entryPoint: "main" });
  const perMember = 3 * P * 4;
  const limit = Math.min(
    ctx.limits.maxStorageBufferBindingSize ?? 134217728,
    ctx.limits.maxBufferSize ?? 268435456,
  );
  const chunk = Math.max(1, Math.floor(limit / perMember));
  if (perMember > limit) {
    throw new RangeError(`n = ${n} needs ${perMember} bytes per member, over the device limit`);
  }
  const xb = storageBuffer(ctx, toF32(x));
  const buffers: GPUBuffer[] = [xb];
  try {
    const passes = [];
    const outputs = [];
    for (let start = 0; start < members.length; start += chunk) {
      const part = members.slice(start, start + chunk);
      const hyp = new Float64Array(part.length * stride);
      part.forEach((m, b) => {
        const k = maternConstants(m.nu);
        hyp[b * stride] = m.nu;
        // Split constants (see shaders/matern.wgsl): O(1) even where ln A is large.
        hyp[b * stride + 1] = k.logA + m.nu * Math.log(2 * m.nu) - m.nu;
        hyp[b * stride + 2] = k.dlogA + Math.log(2 * m.nu);
        for (let q = 0; q < d; q++) hyp[b * stride + 3 + q] = k.sqrt2nu / m.lengthscale[q];
      });
      const params = uniformBuffer(ctx, new Uint32Array([n, d, part.length, stride]));
      const hb = storageBuffer(ctx, toF32(hyp));
      const out = outputBuffer(ctx, part.length * 3 * P);
      buffers.push(params, hb, out);
      passes.push({
        kernel,
        bindings: [params, xb, hb, out],
        workgroups: [Math.ceil(n / 16), Math.ceil(n / 16), part.length] as [number, number, number],
      });
      outputs.push({ buffer: out, bytes: part.length * perMember });
    }
    const results = await dispatch(ctx, passes, outputs);
    const all = new Float32Array(members.length * 3 * P);
    let offset = 0;
    for (const r of results) {
      const a = new Float32Array(r);
      all.set(a, offset);
      offset += a.length;
    }
    return all;
  } finally {
    release(...buffers);
  }
}
