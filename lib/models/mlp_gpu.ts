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

/** Samples per invocation of the partial pass. */
const CHUNK = 64;
/** Largest parameter count the unrolled kernel is generated for (compile time grows with it). */
const MAX_SIZE = 1200;

/** Data and network shape for {@link mlpBatchGpu}. */
export interface MlpBatchInput {
  X: Float64Array;
  n: number;
  labels: Int32Array;
  layout: MlpLayout;
  lambda: number;
}

/** True when the kernel can be generated for this network. */
export function mlpGpuSupports(layout: MlpLayout): boolean {
  return layout.size <= MAX_SIZE && layout.outputs >= 2;
}

/**
 * The WGSL for one network shape: shaders/mlp.wgsl with its three markers replaced by unrolled
 * statements (weights `w<q>` loaded once, accumulators `g<q>` summed over the chunk's samples).
 * Parameter q follows lib/models/mlp.ts's layout.
 */
export function mlpKernelSource(layout: MlpLayout): string {
  const { inputs: I, hidden: H, outputs: O } = layout;
  const W1 = (j: number, k: number) => j * I + k, B1 = (j: number) => H * I + j;
  const W2 = (o: number, j: number) => H * I + H + o * H + j;
  const B2 = (o: number) => H * I + H + O * H + o;
  const P = layout.size;
  const load: string[] = [], sample: string[] = [], store: string[] = [];
  for (let q = 0; q < P; q++) {
    load.push(`let w${q} = w[${q}u * B + b];`, `var g${q}: f32 = 0.0;`);
    store.push(`part[out + ${q}u * B] = g${q};`);
  }
  for (let k = 0; k < I; k++) sample.push(`let x${k} = x[xs + ${k}u];`);
  for (let j = 0; j < H; j++) {
    const terms = Array.from({ length: I }, (_, k) => `w${W1(j, k)} * x${k}`);
    sample.push(`let h${j} = tanh(w${B1(j)} + ${terms.join(" + ")});`);
  }
  for (let o = 0; o < O; o++) {
    const terms = Array.from({ length: H }, (_, j) => `w${W2(o, j)} * h${j}`);
    sample.push(`let z${o} = w${B2(o)} + ${terms.join(" + ")};`);
  }
  const zs = Array.from({ length: O }, (_, o) => `z${o}`);
  let mx = zs[0];
  for (let o = 1; o < O; o++) mx = `max(${mx}, z${o})`;
  sample.push(`let mx = ${mx};`);
  for (let o = 0; o < O; o++) sample.push(`let e${o} = exp(z${o} - mx);`);
  sample.push(`let sum = ${zs.map((_, o) => `e${o}`).join(" + ")};`);
  // −log p_y = log Σ_o exp(z_o − max) − (z_y − max): no log of an underflowed exponential.
  let zy = "z0";
  for (let o = 1; o < O; o++) zy = `select(${zy}, z${o}, y == ${o}u)`;
  sample.push(`loss += log(sum) - (${zy} - mx);`, `let inv = 1.0 / sum;`);
  for (let o = 0; o < O; o++) {
    sample.push(`let d${o} = e${o} * inv - select(0.0, 1.0, y == ${o}u);`);
    sample.push(`g${B2(o)} += d${o};`);
    for (let j = 0; j < H; j++) sample.push(`g${W2(o, j)} += d${o} * h${j};`);
  }
  for (let j = 0; j < H; j++) {
    const terms = Array.from({ length: O }, (_, o) => `d${o} * w${W2(o, j)}`);
    sample.push(`let a${j} = (${terms.join(" + ")}) * (1.0 - h${j} * h${j});`);
    sample.push(`g${B1(j)} += a${j};`);
    for (let k = 0; k < I; k++) sample.push(`g${W1(j, k)} += a${j} * x${k};`);
  }
  return code
    .replace("/*LOAD*/", load.join("\n  "))
    .replace("/*SAMPLE*/", sample.join("\n    "))
    .replace("/*STORE*/", store.join("\n  "));
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
  const sized = mlpKernelSource(L);
  const name = `mlp.wgsl[${L.inputs}-${L.hidden}-${L.outputs}]`;
  const partial = await getKernel(ctx, { name, code: sized, entryPoint: "partial" });
  const reduce = await getKernel(ctx, { name, code: sized, entryPoint: "reduce" });
  const u = new ArrayBuffer(48);
  new Uint32Array(u, 0, 8).set([input.n, L.inputs, L.hidden, L.outputs, P, B, chunks, CHUNK]);
  new Float32Array(u, 32, 4).set([input.lambda, 1 / input.n, 0, 0]);
  const params = uniformBuffer(ctx, new Uint32Array(u));
  const xb = storageBuffer(ctx, toF32(input.X));
  const lb = storageBuffer(ctx, Uint32Array.from(input.labels));
  // Member-fastest copy of the weights (shaders/mlp.wgsl explains the layout).
  const wt = new Float32Array(B * P);
  for (let b = 0; b < B; b++) {
    for (let q = 0; q < P; q++) wt[q * B + b] = ws[b * P + q];
  }
  const wb = storageBuffer(ctx, wt);
  const part = outputBuffer(ctx, B * chunks * (P + 1), "mlp partial", false);
  const result = outputBuffer(ctx, B * (P + 1), "mlp result");
  try {
    const [res] = await dispatch(ctx, [
      {
        kernel: partial,
        bindings: [params, xb, lb, wb, part],
        workgroups: [Math.ceil(B / 8), chunks],
      },
      {
        kernel: reduce,
        bindings: [params, null, null, wb, part, result],
        workgroups: [Math.ceil(B / 64), P + 1],
      },
    ], [{ buffer: result, bytes: B * (P + 1) * 4 }]);
    return new Float32Array(res);
  } finally {
    release(params, xb, lb, wb, part, result);
  }
}
