/**
 * Batched MLP cross-entropy loss and gradient on the GPU (shaders/mlp.wgsl): B parameter vectors over
 * N data points in one dispatch call (two passes) and one readback. f32, for screening many points
 * (basin-hopping walkers, DNEB images); the float64 twin is MlpLandscape.energy.
 * @module
 */
import code from "../../shaders/mlp.wgsl" with { type: "text" };
import aucCode from "../../shaders/mlp_auc.wgsl" with { type: "text" };
import reduceCode from "../../shaders/mlp_reduce.wgsl" with { type: "text" };
import type { GpuContext } from "../gpu/device.ts";
import { outputBuffer, release, storageBuffer, toF32, uniformBuffer } from "../gpu/buffers.ts";
import { getKernel } from "../gpu/pipeline.ts";
import { dispatch } from "../gpu/dispatch.ts";
import type { MlpLayout } from "./mlp_layout.ts";

/** Samples per invocation of the partial pass. */
const CHUNK = 64;
/** Largest parameter count the unrolled kernel is generated for (compile time grows with it). */
export const MLP_GPU_MAX_SIZE = 1200;
const MAX_SIZE = MLP_GPU_MAX_SIZE;

/** Data and network shape for {@link mlpBatchGpu}. */
export interface MlpBatchInput {
  /** Inputs, n×I row-major. */
  X: Float64Array;
  /** Rows. */
  n: number;
  /** Class index of each row. */
  labels: Int32Array;
  /** Parameter layout. */
  layout: MlpLayout;
  /** Weight penalty λ. */
  lambda: number;
  /** "ce" (default) or "auc" (−appAUC, 2 outputs, steepness `beta`). */
  loss?: "ce" | "auc";
  /** appAUC steepness β (appAUC loss only). */
  beta?: number;
}

/** True when the kernel can be generated for this network. */
export function mlpGpuSupports(layout: MlpLayout): boolean {
  return layout.size <= MAX_SIZE && layout.outputs >= 2;
}

/** Parameter indices of lib/models/mlp.ts's layout. */
function indexer(layout: MlpLayout) {
  const { inputs: I, hidden: H, outputs: O } = layout;
  return {
    W1: (j: number, k: number) => j * I + k,
    B1: (j: number) => H * I + j,
    W2: (o: number, j: number) => H * I + H + o * H + j,
    B2: (o: number) => H * I + H + O * H + o,
  };
}

/** `let w<q> = …` for every parameter (and zeroed accumulators `g<q>` with `accumulate`). */
function weightLoads(layout: MlpLayout, accumulate: boolean): string[] {
  const out: string[] = [];
  for (let q = 0; q < layout.size; q++) {
    out.push(`let w${q} = w[${q}u * B + b];`);
    if (accumulate) out.push(`var g${q}: f32 = 0.0;`);
  }
  return out;
}

/** Forward pass of sample `xs`: x<k>, h<j>, z<o>, mx, e<o> = exp(z_o − mx), sum, inv = 1/sum. */
function forwardPass(layout: MlpLayout): string[] {
  const { inputs: I, hidden: H, outputs: O } = layout;
  const { W1, B1, W2, B2 } = indexer(layout);
  const out: string[] = [];
  for (let k = 0; k < I; k++) out.push(`let x${k} = x[xs + ${k}u];`);
  for (let j = 0; j < H; j++) {
    const terms = Array.from({ length: I }, (_, k) => `w${W1(j, k)} * x${k}`);
    out.push(`let h${j} = tanh(w${B1(j)} + ${terms.join(" + ")});`);
  }
  for (let o = 0; o < O; o++) {
    const terms = Array.from({ length: H }, (_, j) => `w${W2(o, j)} * h${j}`);
    out.push(`let z${o} = w${B2(o)} + ${terms.join(" + ")};`);
  }
  let mx = "z0";
  for (let o = 1; o < O; o++) mx = `max(${mx}, z${o})`;
  out.push(`let mx = ${mx};`);
  for (let o = 0; o < O; o++) out.push(`let e${o} = exp(z${o} - mx);`);
  out.push(`let sum = ${Array.from({ length: O }, (_, o) => `e${o}`).join(" + ")};`);
  out.push(`let inv = 1.0 / sum;`);
  return out;
}

/** Back-propagation of d<o> = dz(o) (∂loss/∂z_o) into the accumulators g<q>. */
function backwardPass(layout: MlpLayout, dz: (o: number) => string): string[] {
  const { inputs: I, hidden: H, outputs: O } = layout;
  const { W1, B1, W2, B2 } = indexer(layout);
  const out: string[] = [];
  for (let o = 0; o < O; o++) {
    out.push(`let d${o} = ${dz(o)};`, `g${B2(o)} += d${o};`);
    for (let j = 0; j < H; j++) out.push(`g${W2(o, j)} += d${o} * h${j};`);
  }
  for (let j = 0; j < H; j++) {
    const terms = Array.from({ length: O }, (_, o) => `d${o} * w${W2(o, j)}`);
    out.push(`let a${j} = (${terms.join(" + ")}) * (1.0 - h${j} * h${j});`, `g${B1(j)} += a${j};`);
    for (let k = 0; k < I; k++) out.push(`g${W1(j, k)} += a${j} * x${k};`);
  }
  return out;
}

/** Samples per invocation of mlp_auc.wgsl's pairs pass (its PAIR_BLOCK). */
const PAIR_BLOCK = 8;

function pairSlots(slot: (k: number) => string[]): string[] {
  return Array.from({ length: PAIR_BLOCK }, (_, k) => slot(k)).flat();
}

function gradientStores(layout: MlpLayout): string[] {
  return Array.from({ length: layout.size }, (_, q) => `part[out + ${q}u * B] = g${q};`);
}

/**
 * The WGSL for one network shape and loss: shaders/mlp.wgsl (cross-entropy) or
 * shaders/mlp_auc.wgsl (−appAUC) with their markers replaced by unrolled statements (weights `w<q>`
 * loaded once, accumulators `g<q>` summed over the chunk's samples).
 */
export function mlpKernelSource(layout: MlpLayout, loss: "ce" | "auc" = "ce"): string {
  const O = layout.outputs;
  if (loss === "auc") {
    return (aucCode + "\n" + reduceCode)
      .replace("/*WEIGHTS_A*/", weightLoads(layout, false).join("\n  "))
      .replace("/*FORWARD_A*/", forwardPass(layout).join("\n    "))
      .replace("/*WEIGHTS_B*/", weightLoads(layout, true).join("\n  "))
      .replace("/*FORWARD_B*/", forwardPass(layout).join("\n    "))
      // ∂p₁/∂z_o = p₁(δ_{o1} − p_o) (softmax), times ∂loss/∂p₁ = coef_s.
      .replace(
        "/*BACKWARD_B*/",
        backwardPass(layout, (o) => `cs * p1 * (${o === 1 ? "1.0" : "0.0"} - e${o} * inv)`)
          .join("\n    "),
      )
      .replace("/*STORE_B*/", gradientStores(layout).join("\n  "))
      .replace(
        "/*PAIRS_LOAD*/",
        pairSlots((k) => [
          `let ps${k} = prob[min(s0 + ${k}u, send - 1u) * B + b];`,
          `var sl${k}: f32 = 0.0;`,
          `var sh${k}: f32 = 0.0;`,
        ]).join("\n  "),
      )
      .replace(
        "/*PAIRS_BODY*/",
        pairSlots((k) => [
          `let g${k} = 1.0 / (1.0 + exp(-p.beta * sgn * (ps${k} - pt)));`,
          `sl${k} += g${k} * (1.0 - g${k});`,
          `sh${k} += g${k};`,
        ]).join("\n    "),
      )
      .replace(
        "/*PAIRS_STORE*/",
        pairSlots((k) => [
          `if (s0 + ${k}u < send) {`,
          `  coef[(s0 + ${k}u) * B + b] = -sgn * p.beta * p.norm * sl${k};`,
          `  pairloss[(s0 + ${k}u) * B + b] = select(0.0, -p.norm * sh${k}, sgn > 0.0);`,
          `}`,
        ]).join("\n  "),
      );
  }
  // −log p_y = log Σ_o exp(z_o − max) − (z_y − max): no log of an underflowed exponential.
  let zy = "z0";
  for (let o = 1; o < O; o++) zy = `select(${zy}, z${o}, y == ${o}u)`;
  const sample = [
    ...forwardPass(layout),
    `loss += log(sum) - (${zy} - mx);`,
    ...backwardPass(layout, (o) => `e${o} * inv - select(0.0, 1.0, y == ${o}u)`),
  ];
  return (code + "\n" + reduceCode)
    .replace("/*LOAD*/", weightLoads(layout, true).join("\n  "))
    .replace("/*SAMPLE*/", sample.join("\n    "))
    .replace("/*STORE*/", gradientStores(layout).join("\n  "));
}

/** The weights of B members (B × P row-major) stored member-fastest, w[q·B + b], as f32. */
function memberFastest(ws: Float64Array, B: number, P: number): Float32Array {
  const wt = new Float32Array(B * P);
  for (let b = 0; b < B; b++) {
    for (let q = 0; q < P; q++) wt[q * B + b] = ws[b * P + q];
  }
  return wt;
}

/** The dispatch entry of shaders/mlp_reduce.wgsl (shared by both losses). */
function reducePass(
  kernel: Awaited<ReturnType<typeof getKernel>>,
  params: GPUBuffer,
  wb: GPUBuffer,
  part: GPUBuffer,
  result: GPUBuffer,
  B: number,
  P: number,
) {
  return {
    kernel,
    bindings: [params, null, null, wb, part, result],
    workgroups: [Math.ceil(B / 64), P + 1] as [number, number],
  };
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
  if (input.loss === "auc") return await aucBatch(ctx, input, ws);
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
  const wb = storageBuffer(ctx, memberFastest(ws, B, P));
  const part = outputBuffer(ctx, B * chunks * (P + 1), "mlp partial", false);
  const result = outputBuffer(ctx, B * (P + 1), "mlp result");
  try {
    const [res] = await dispatch(ctx, [
      {
        kernel: partial,
        bindings: [params, xb, lb, wb, part],
        workgroups: [Math.ceil(B / 8), chunks],
      },
      reducePass(reduce, params, wb, part, result, B, P),
    ], [{ buffer: result, bytes: B * (P + 1) * 4 }]);
    return new Float32Array(res);
  } finally {
    release(params, xb, lb, wb, part, result);
  }
}

/** The −appAUC path of {@link mlpBatchGpu} (shaders/mlp_auc.wgsl, four passes, one readback). */
async function aucBatch(
  ctx: GpuContext,
  input: MlpBatchInput,
  ws: Float64Array,
): Promise<Float32Array> {
  const L = input.layout, P = L.size, n = input.n;
  if (L.outputs !== 2) throw new RangeError("appAUC needs 2 outputs");
  if (n > 65535) throw new RangeError(`mlp_auc.wgsl handles at most 65,535 points, got ${n}`);
  // Positives first (the pairs pass relies on it); the loss and gradient do not depend on order.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    (input.labels[b] === 1 ? 1 : 0) - (input.labels[a] === 1 ? 1 : 0) || a - b
  );
  const nPos = order.filter((i) => input.labels[i] === 1).length;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new RangeError("appAUC needs both classes");
  const d = L.inputs;
  const Xs = new Float64Array(n * d);
  order.forEach((i, r) => {
    Xs.set(input.X.subarray(i * d, (i + 1) * d), r * d);
  });
  const pBlocks = Math.ceil(nPos / PAIR_BLOCK), nBlocks = Math.ceil(nNeg / PAIR_BLOCK);
  const B = ws.length / P;
  const chunks = Math.ceil(n / CHUNK);
  const src = mlpKernelSource(L, "auc");
  const name = `mlp_auc.wgsl[${L.inputs}-${L.hidden}-${L.outputs}]`;
  const [probs, pairs, partial, reduce] = await Promise.all(
    ["probs", "pairs", "partial", "reduce"].map((entryPoint) =>
      getKernel(ctx, { name, code: src, entryPoint })
    ),
  );
  const u = new ArrayBuffer(64);
  new Uint32Array(u, 0, 8).set([n, L.inputs, L.hidden, L.outputs, P, B, chunks, CHUNK]);
  new Float32Array(u, 32, 4).set([
    input.lambda,
    1,
    Math.min(input.beta ?? 100, 500),
    1 / (nPos * nNeg),
  ]);
  new Uint32Array(u, 48, 4).set([nPos, pBlocks, 0, 0]);
  const params = uniformBuffer(ctx, new Uint32Array(u));
  const xb = storageBuffer(ctx, toF32(Xs));
  const wb = storageBuffer(ctx, memberFastest(ws, B, P));
  const part = outputBuffer(ctx, B * chunks * (P + 1), "mlp_auc partial", false);
  const result = outputBuffer(ctx, B * (P + 1), "mlp_auc result");
  const prob = outputBuffer(ctx, n * B, "mlp_auc prob", false);
  const coef = outputBuffer(ctx, n * B, "mlp_auc coef", false);
  const pairloss = outputBuffer(ctx, n * B, "mlp_auc pairloss", false);
  try {
    const [res] = await dispatch(ctx, [
      {
        kernel: probs,
        bindings: [params, xb, null, wb, null, null, prob],
        workgroups: [Math.ceil(B / 8), chunks],
      },
      {
        kernel: pairs,
        bindings: [params, null, null, null, null, null, prob, coef, pairloss],
        workgroups: [Math.ceil(B / 8), pBlocks + nBlocks],
      },
      {
        kernel: partial,
        bindings: [params, xb, null, wb, part, null, null, coef, pairloss],
        workgroups: [Math.ceil(B / 8), chunks],
      },
      reducePass(reduce, params, wb, part, result, B, P),
    ], [{ buffer: result, bytes: B * (P + 1) * 4 }]);
    return new Float32Array(res);
  } finally {
    release(params, xb, wb, part, result, prob, coef, pairloss);
  }
}
