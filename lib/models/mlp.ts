/**
 * Single-hidden-layer perceptrons as energy landscapes: I inputs, H tanh hidden units with biases,
 * O outputs with biases, softmax. Float64 loss, gradient (back-propagation), exact Hessian-vector
 * product (Pearlmutter's R-operator, Neural Comput. 6, 147, 1994) and symmetry handling (hidden-unit
 * permutations and tanh sign flips: H!·2^H equivalent copies).
 *
 * Parameter layout (flat, documented for users): [W1 (H×I, row h = weights into hidden unit h),
 * b1 (H), W2 (O×H, row o = weights into output o), b2 (O)].
 *
 * Losses: softmax cross-entropy averaged over the data, or −appAUC for binary problems (the
 * Wilcoxon–Mann–Whitney sigmoid surrogate (1/(N⁺N⁻)) Σ_{i∈+} Σ_{j∈−} σ(β(p_i − p_j)), with p the
 * softmax probability of class 1, β default 100, capped at 500); plus λ‖w‖² (biases optionally
 * left out of the penalty).
 * @module
 */
import type { Landscape, LandscapeRecipe } from "../landscape/types.ts";
import { UserError } from "../util/errors.ts";
import type { GpuContext } from "../gpu/device.ts";
import { MLP_GPU_MAX_SIZE, mlpBatchGpu, mlpGpuSupports } from "./mlp_gpu.ts";
import { type MlpLayout, mlpLayout } from "./mlp_layout.ts";
import { crossEntropyHessianVector, HvpScratch } from "./_mlp_hvp.ts";
import { MLP_BLAS_ABOVE, MlpBlas } from "./_mlp_blas.ts";
import { blasKernels } from "../linalg/blas.ts";

/** Classification data: X is n×I row-major, labels are integers 0..O−1. */
export interface ClassificationData {
  /** Inputs, n×d row-major. */
  X: Float64Array;
  /** Rows. */
  n: number;
  /** Inputs per row. */
  d: number;
  /** Class index of each row. */
  labels: Int32Array;
}

/** Options of {@link MlpLandscape}; defaults in brackets. */
export interface MlpOptions {
  /** Hidden tanh units. */
  hidden: number;
  /** Number of outputs (classes) [max label + 1]. */
  outputs?: number;
  /** L2 penalty λ [1e-4]. */
  lambda?: number;
  /** Leave biases out of the penalty [false]. */
  excludeBiasesFromPenalty?: boolean;
  /** "ce" (cross-entropy) or "auc" (−appAUC, binary only) ["ce"]. */
  loss?: "ce" | "auc";
  /** Steepness β of the appAUC sigmoid [100, capped at 500]. */
  beta?: number;
  /**
   * A WebGPU context for {@link MlpLandscape.energyBatch} when every parameter is penalised
   * (cross-entropy: shaders/mlp.wgsl; appAUC: shaders/mlp_auc.wgsl; f32, one dispatch per batch);
   * absent or null: float64 on the CPU.
   */
  gpu?: GpuContext | null;
  /**
   * Float64 cross-entropy, gradient and Hessian-vector products through OpenBLAS's dgemm
   * (lib/models/_mlp_blas.ts) [above 200 weights when the library loads]; false: the loops.
   */
  blas?: boolean;
}

/**
 * Rebuilds an {@link MlpLandscape} from its {@link MlpLandscape.recipe} (in a worker thread; the
 * float64 CPU path, as workers hold no GPU device).
 */
export function mlpFromRecipe(
  args: { data: ClassificationData; options: MlpOptions },
): MlpLandscape {
  return new MlpLandscape(args.data, args.options);
}

/**
 * An MLP loss as a {@link Landscape}: x = the flat parameters, energy = loss + λ‖w‖².
 *
 * @example
 * ```ts
 * import { MlpLandscape } from "./mlp.ts";
 * import assert from "node:assert/strict";
 * const data = { X: Float64Array.of(0, 1, 2), n: 3, d: 1, labels: Int32Array.of(0, 1, 0) };
 * const model = new MlpLandscape(data, { hidden: 2, outputs: 2, lambda: 0.1 });
 * assert.equal(model.dim, 2 * 1 + 2 + 2 * 2 + 2);
 * // All weights zero: both classes get probability ½, so the mean cross-entropy is ln 2.
 * assert.ok(Math.abs(model.energy(new Float64Array(model.dim)) - Math.log(2)) < 1e-15);
 * ```
 */
export class MlpLandscape implements Landscape {
  /** Number of parameters. */
  readonly dim: number;
  /** Offsets of the parameter blocks. */
  readonly layout: MlpLayout;
  /** Weight penalty λ. */
  readonly lambda: number;
  /** Cross-entropy or −appAUC. */
  readonly loss: "ce" | "auc";
  /** appAUC steepness β (capped at 500). */
  readonly beta: number;
  readonly #data: ClassificationData;
  readonly #penalize: Uint8Array;
  readonly #scratchH: Float64Array;
  readonly #scratchO: Float64Array;
  readonly #scratchDz: Float64Array;
  #hvpScratch: HvpScratch | null = null;
  #blas: MlpBlas | null | undefined;
  readonly #gpu: GpuContext | null;
  readonly #options: MlpOptions;

  /** The loss of `data` for a network shaped by `options`. */
  constructor(data: ClassificationData, options: MlpOptions) {
    this.#options = { ...options, gpu: null };
    const { n, d, labels } = data;
    if (!(Number.isInteger(options.hidden) && options.hidden >= 1)) {
      throw new UserError(`hidden units must be an integer ≥ 1, got ${options.hidden}`);
    }
    if (n < 2) throw new UserError(`an MLP needs at least 2 data points, got ${n}`);
    let maxLabel = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(labels[i]) || labels[i] < 0) {
        throw new UserError(
          `label of row ${i + 1} must be a non-negative integer, got ${labels[i]}`,
        );
      }
      maxLabel = Math.max(maxLabel, labels[i]);
    }
    const classes = new Set(labels).size;
    if (classes < 2) {
      throw new UserError(`the labels have a single class (${labels[0]}): nothing to classify`);
    }
    const O = options.outputs ?? maxLabel + 1;
    if (maxLabel >= O) {
      throw new UserError(`labels go up to ${maxLabel} but the network has ${O} outputs`);
    }
    this.loss = options.loss ?? "ce";
    if (this.loss === "auc" && O !== 2) {
      throw new UserError(`appAUC needs a binary problem (2 outputs), got ${O}`);
    }
    this.layout = mlpLayout(d, options.hidden, O);
    this.dim = this.layout.size;
    this.lambda = options.lambda ?? 1e-4;
    this.beta = Math.min(options.beta ?? 100, 500);
    this.#data = data;
    this.#gpu = options.gpu ?? null;
    this.#penalize = new Uint8Array(this.dim).fill(1);
    this.#scratchH = new Float64Array(this.layout.hidden);
    this.#scratchO = new Float64Array(O);
    this.#scratchDz = new Float64Array(O);
    if (options.excludeBiasesFromPenalty) {
      const L = this.layout;
      this.#penalize.fill(0, L.b1, L.b1 + L.hidden);
      this.#penalize.fill(0, L.b2, L.b2 + L.outputs);
    }
  }

  /** Training rows of the loss. */
  get rows(): number {
    return this.#data.n;
  }

  /** Class probabilities (n×O row-major) at parameters w. */
  predict(w: Float64Array, X: Float64Array = this.#data.X, n: number = this.#data.n): Float64Array {
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    const out = new Float64Array(n * O), h = new Float64Array(H);
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < H; j++) {
        let a = w[L.b1 + j];
        for (let k = 0; k < I; k++) a += w[L.w1 + j * I + k] * X[s * I + k];
        h[j] = Math.tanh(a);
      }
      let mx = -Infinity;
      for (let o = 0; o < O; o++) {
        let z = w[L.b2 + o];
        for (let j = 0; j < H; j++) z += w[L.w2 + o * H + j] * h[j];
        out[s * O + o] = z;
        mx = Math.max(mx, z);
      }
      let sum = 0;
      for (let o = 0; o < O; o++) sum += out[s * O + o] = Math.exp(out[s * O + o] - mx);
      for (let o = 0; o < O; o++) out[s * O + o] /= sum;
    }
    return out;
  }

  /**
   * −appAUC at w; with `grad`, its gradient (per-sample ∂p₁/∂w by back-propagation, combined over
   * the pairs). Cross-entropy has its own flat loops (`#crossEntropy`, lib/models/_mlp_hvp.ts).
   */
  #appAuc(w: Float64Array, grad?: Float64Array): number {
    const { X, n, labels } = this.#data;
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    if (grad) grad.fill(0);
    const h = new Float64Array(H), z = new Float64Array(O), p = new Float64Array(O);
    const dz = new Float64Array(O);
    const probs = new Float64Array(n);
    const dprobs = grad ? new Float64Array(n * this.dim) : null; // ∂p1/∂w per sample
    for (let s = 0; s < n; s++) {
      const x = X.subarray(s * I, s * I + I);
      for (let j = 0; j < H; j++) {
        let t = w[L.b1 + j];
        for (let k = 0; k < I; k++) t += w[L.w1 + j * I + k] * x[k];
        h[j] = Math.tanh(t);
      }
      let mx = -Infinity;
      for (let o = 0; o < O; o++) {
        let t = w[L.b2 + o];
        for (let j = 0; j < H; j++) t += w[L.w2 + o * H + j] * h[j];
        z[o] = t;
        mx = Math.max(mx, t);
      }
      let sum = 0;
      for (let o = 0; o < O; o++) sum += p[o] = Math.exp(z[o] - mx);
      for (let o = 0; o < O; o++) p[o] /= sum;
      probs[s] = p[1];
      if (dprobs) {
        // ∂p1/∂z_o = p1(δ_{o1} − p_o): back-propagate that as dz.
        for (let o = 0; o < O; o++) dz[o] = p[1] * ((o === 1 ? 1 : 0) - p[o]);
        this.#backprop(w, x, h, dz, dprobs.subarray(s * this.dim, (s + 1) * this.dim));
      }
    }
    // −appAUC = −(1/(N⁺N⁻)) Σ_{i∈+, j∈−} σ(β(p_i − p_j)).
    const pos: number[] = [], neg: number[] = [];
    for (let s = 0; s < n; s++) (labels[s] === 1 ? pos : neg).push(s);
    const norm = 1 / (pos.length * neg.length);
    let auc = 0;
    // ∂/∂w = Σ_pairs c_ij (∂p_i − ∂p_j): summed per sample first (coef), so the gradient costs
    // O(N⁺N⁻ + n·dim) rather than O(N⁺N⁻·dim).
    const coef = grad ? new Float64Array(n) : null;
    // σ(β(p_i − p_j)) = 1/(1 + e^{−βp_i}·e^{βp_j}): two exponentials per sample instead of one
    // per pair. With β ≤ 500 and p ∈ [0, 1] the product stays within e^{±500} (no overflow).
    const eNeg = Float64Array.from(neg, (j) => Math.exp(this.beta * probs[j]));
    for (const i of pos) {
      const ei = Math.exp(-this.beta * probs[i]);
      let ci = 0;
      for (let jj = 0; jj < neg.length; jj++) {
        const j = neg[jj];
        const t = ei * eNeg[jj];
        const sg = 1 / (1 + t);
        auc += sg;
        if (coef) {
          // σ' = σ(1 − σ) with 1 − σ = t/(1 + t), free of cancellation when σ is near 1.
          const c = -norm * this.beta * sg * (t * sg);
          ci += c;
          coef[j] -= c;
        }
      }
      if (coef) coef[i] += ci;
    }
    if (grad && coef) {
      for (let s = 0; s < n; s++) {
        const c = coef[s];
        if (c === 0) continue;
        const gs = dprobs!.subarray(s * this.dim, (s + 1) * this.dim);
        for (let q = 0; q < this.dim; q++) grad[q] += c * gs[q];
      }
    }
    let loss = -auc * norm;
    // λ‖w‖² (biases optionally excluded).
    for (let i = 0; i < this.dim; i++) {
      if (!this.#penalize[i]) continue;
      loss += this.lambda * w[i] * w[i];
      if (grad) grad[i] += 2 * this.lambda * w[i];
    }
    return loss;
  }

  /** Accumulates one sample's gradient into `grad` from dL/dz (h: the hidden tanh values). */
  #backprop(
    w: Float64Array,
    x: Float64Array,
    h: Float64Array,
    dz: Float64Array,
    grad: Float64Array,
  ): void {
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    for (let o = 0; o < O; o++) {
      grad[L.b2 + o] += dz[o];
      for (let j = 0; j < H; j++) grad[L.w2 + o * H + j] += dz[o] * h[j];
    }
    for (let j = 0; j < H; j++) {
      let dh = 0;
      for (let o = 0; o < O; o++) dh += dz[o] * w[L.w2 + o * H + j];
      const da = dh * (1 - h[j] * h[j]);
      grad[L.b1 + j] += da;
      for (let k = 0; k < I; k++) grad[L.w1 + j * I + k] += da * x[k];
    }
  }

  /** Loss + λ‖w‖² at w; with `grad`, its gradient. */
  energy(w: Float64Array, grad?: Float64Array): number {
    if (this.loss !== "ce") return this.#appAuc(w, grad);
    const blas = this.#blasKernels();
    if (!blas) return this.#crossEntropy(w, grad);
    let loss = blas.crossEntropy(w, grad);
    for (let i = 0; i < this.dim; i++) {
      if (!this.#penalize[i]) continue;
      loss += this.lambda * w[i] * w[i];
      if (grad) grad[i] += 2 * this.lambda * w[i];
    }
    return loss;
  }

  /** Which float64 cross-entropy kernels run: OpenBLAS dgemm or the loops (see `MlpOptions.blas`). */
  get kernels(): "openblas" | "loops" {
    return this.loss === "ce" && this.#blasKernels() ? "openblas" : "loops";
  }

  #blasKernels(): MlpBlas | null {
    if (this.#blas !== undefined) return this.#blas;
    const want = this.#options.blas ?? this.dim > MLP_BLAS_ABOVE;
    const gemm = want ? blasKernels()?.gemm : null;
    if (this.#options.blas === true && !gemm) {
      throw new UserError("MlpOptions.blas: OpenBLAS with cblas_dgemm is not available");
    }
    const { X, n, labels } = this.#data;
    return (this.#blas = gemm ? new MlpBlas(gemm, X, n, labels, this.layout) : null);
  }

  /**
   * Cross-entropy loss and gradient without the R-operator's bookkeeping: the same formulas as
   * #evaluate, in flat loops with no per-sample allocation (the hot path of basin-hopping and
   * DNEB; 0.77 → 0.39 ms per loss + gradient for 1,400 samples and a 10-3-2 network, measured).
   */
  #crossEntropy(w: Float64Array, grad?: Float64Array): number {
    const { X, n, labels } = this.#data;
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    const h = this.#scratchH, e = this.#scratchO, dz = this.#scratchDz;
    if (grad) grad.fill(0);
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const xo = s * I;
      for (let j = 0; j < H; j++) {
        let t = w[L.b1 + j];
        const row = L.w1 + j * I;
        for (let k = 0; k < I; k++) t += w[row + k] * X[xo + k];
        h[j] = Math.tanh(t);
      }
      let mx = -Infinity;
      for (let o = 0; o < O; o++) {
        let t = w[L.b2 + o];
        const row = L.w2 + o * H;
        for (let j = 0; j < H; j++) t += w[row + j] * h[j];
        e[o] = t;
        if (t > mx) mx = t;
      }
      const y = labels[s];
      // −log p_y = log Σ_o e^{z_o − max} − (z_y − max): no log of an underflowed probability.
      const zy = e[y] - mx;
      let sum = 0;
      for (let o = 0; o < O; o++) sum += e[o] = Math.exp(e[o] - mx);
      loss += Math.log(sum) - zy;
      if (!grad) continue;
      for (let o = 0; o < O; o++) {
        const d = e[o] / sum - (o === y ? 1 : 0);
        dz[o] = d;
        grad[L.b2 + o] += d;
        const row = L.w2 + o * H;
        for (let j = 0; j < H; j++) grad[row + j] += d * h[j];
      }
      for (let j = 0; j < H; j++) {
        let dh = 0;
        for (let o = 0; o < O; o++) dh += dz[o] * w[L.w2 + o * H + j];
        const da = dh * (1 - h[j] * h[j]);
        grad[L.b1 + j] += da;
        const row = L.w1 + j * I;
        for (let k = 0; k < I; k++) grad[row + k] += da * X[xo + k];
      }
    }
    loss /= n;
    if (grad) { for (let i = 0; i < this.dim; i++) grad[i] /= n; }
    for (let i = 0; i < this.dim; i++) {
      if (!this.#penalize[i]) continue;
      loss += this.lambda * w[i] * w[i];
      if (grad) grad[i] += 2 * this.lambda * w[i];
    }
    return loss;
  }

  /**
   * Losses (and gradients) of many parameter vectors (B×dim row-major). With a GPU context and
   * every parameter penalised, the batch runs on the GPU in one dispatch (f32, for screening;
   * cross-entropy through shaders/mlp.wgsl, appAUC through shaders/mlp_auc.wgsl); otherwise each
   * vector is evaluated in float64.
   */
  async energyBatch(ws: Float64Array, grads?: Float64Array): Promise<Float64Array> {
    const P = this.dim, B = Math.floor(ws.length / P);
    const out = new Float64Array(B);
    const allPenalised = this.#penalize.every((v) => v === 1);
    const gpuOk = this.loss === "ce" || this.#data.n <= 65535;
    if (this.#gpu && gpuOk && allPenalised && mlpGpuSupports(this.layout) && B > 1) {
      const r = await mlpBatchGpu(this.#gpu, {
        X: this.#data.X,
        n: this.#data.n,
        labels: this.#data.labels,
        layout: this.layout,
        lambda: this.lambda,
        loss: this.loss,
        beta: this.beta,
      }, ws);
      for (let b = 0; b < B; b++) {
        out[b] = r[b * (P + 1) + P];
        if (grads) { for (let q = 0; q < P; q++) grads[b * P + q] = r[b * (P + 1) + q]; }
      }
      return out;
    }
    for (let b = 0; b < B; b++) {
      out[b] = this.energy(ws.subarray(b * P, (b + 1) * P), grads?.subarray(b * P, (b + 1) * P));
    }
    return out;
  }

  /**
   * Exact H·v for cross-entropy (R-operator, blocked kernel in lib/models/_mlp_hvp.ts, checked
   * against central differences in the tests); central differences of gradients for appAUC.
   */
  hessianVector(w: Float64Array, v: Float64Array, out: Float64Array): void {
    if (this.loss === "ce") {
      const { X, n, labels } = this.#data;
      const blas = this.#blasKernels();
      if (blas) blas.hessianVector(w, v, out);
      else {
        this.#hvpScratch ??= new HvpScratch(this.layout);
        crossEntropyHessianVector(X, n, labels, this.layout, w, v, out, this.#hvpScratch);
      }
      for (let i = 0; i < this.dim; i++) {
        if (this.#penalize[i]) out[i] += 2 * this.lambda * v[i];
      }
      return;
    }
    const n = this.dim, e = 1e-6;
    const wp = Float64Array.from(w, (x, i) => x + e * v[i]),
      wm = Float64Array.from(w, (x, i) => x - e * v[i]);
    const gp = new Float64Array(n), gm = new Float64Array(n);
    this.energy(wp, gp);
    this.energy(wm, gm);
    for (let i = 0; i < n; i++) out[i] = (gp[i] - gm[i]) / (2 * e);
  }

  /**
   * Why {@link MlpLandscape.energyBatch} cannot run on a GPU for this network (a sentence), or
   * null when it can, given a context.
   */
  gpuUnsupported(): string | null {
    if (!mlpGpuSupports(this.layout)) {
      return this.layout.size > MLP_GPU_MAX_SIZE
        ? `${this.layout.size} weights is more than the WGSL kernel's ${MLP_GPU_MAX_SIZE}`
        : "the WGSL kernel needs at least 2 outputs";
    }
    if (!this.#penalize.every((v) => v === 1)) return "biases are left out of the penalty";
    if (this.loss === "auc" && this.#data.n > 65535) return "appAUC on more than 65,535 rows";
    return null;
  }

  /** The same loss with `energyBatch` on the GPU context `gpu` (the f32 screening path). */
  withGpu(gpu: GpuContext): MlpLandscape {
    return new MlpLandscape(this.#data, { ...this.#options, gpu });
  }

  /** The data and options, for {@link mlpFromRecipe} in a worker (without the GPU context). */
  recipe(): LandscapeRecipe {
    const { X, n, d, labels } = this.#data;
    return {
      module: import.meta.url,
      factory: "mlpFromRecipe",
      args: { data: { X, n, d, labels }, options: this.#options },
    };
  }

  /**
   * The canonical representative of w's symmetry class: each hidden unit's sign fixed so that its
   * bias is ≥ 0 (else its first non-zero input weight is > 0), then the units sorted by
   * (bias, input weights). Flipping unit j negates its input weights, bias and outgoing weights
   * (tanh is odd); permuting units permutes the blocks. The loss is invariant under both.
   */
  canonicalize(w: Float64Array): Float64Array {
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    const units = Array.from({ length: H }, (_, j) => {
      const inW = Array.from({ length: I }, (_, k) => w[L.w1 + j * I + k]);
      let b = w[L.b1 + j];
      let outW = Array.from({ length: O }, (_, o) => w[L.w2 + o * H + j]);
      const lead = b !== 0 ? b : (inW.find((x) => x !== 0) ?? 0);
      if (lead < 0) {
        b = -b;
        for (let k = 0; k < I; k++) inW[k] = -inW[k];
        outW = outW.map((x) => -x);
      }
      return { b, inW, outW };
    });
    units.sort((u, v) => (u.b !== v.b ? u.b - v.b : (() => {
      for (let k = 0; k < I; k++) if (u.inW[k] !== v.inW[k]) return u.inW[k] - v.inW[k];
      return 0;
    })()));
    const out = new Float64Array(w);
    units.forEach((u, j) => {
      out[L.b1 + j] = u.b;
      for (let k = 0; k < I; k++) out[L.w1 + j * I + k] = u.inW[k];
      for (let o = 0; o < O; o++) out[L.w2 + o * H + j] = u.outW[o];
    });
    return out;
  }

  /**
   * The symmetry copy of w (hidden units permuted, signs flipped) closest to `reference`: each unit's
   * vector (input weights, bias, outgoing weights) is matched to a reference unit with its better
   * sign; the assignment minimising the total squared distance is found exhaustively for H ≤ 7 and
   * greedily above. Used to align the ends of a band before a DNEB.
   */
  align(w: Float64Array, reference: Float64Array): Float64Array {
    const L = this.layout, H = L.hidden, I = L.inputs, O = L.outputs;
    const unit = (v: Float64Array, j: number) => [
      ...Array.from({ length: I }, (_, k) => v[L.w1 + j * I + k]),
      v[L.b1 + j],
      ...Array.from({ length: O }, (_, o) => v[L.w2 + o * H + j]),
    ];
    const U = Array.from({ length: H }, (_, j) => unit(w, j)),
      R = Array.from({ length: H }, (_, j) => unit(reference, j));
    const cost: number[][] = [], sign: number[][] = [];
    for (let i = 0; i < H; i++) {
      cost.push([]);
      sign.push([]);
      for (let j = 0; j < H; j++) {
        let plus = 0, minus = 0;
        for (let k = 0; k < U[i].length; k++) {
          plus += (U[i][k] - R[j][k]) ** 2;
          minus += (-U[i][k] - R[j][k]) ** 2;
        }
        cost[i].push(Math.min(plus, minus));
        sign[i].push(minus < plus ? -1 : 1);
      }
    }
    // assign[j] = which unit of w goes to slot j.
    let assign: number[] = [];
    if (H <= 7) {
      let best = Infinity;
      const cur: number[] = [], used = new Uint8Array(H);
      const search = (j: number, acc: number) => {
        if (acc >= best) return;
        if (j === H) {
          best = acc;
          assign = [...cur];
          return;
        }
        for (let i = 0; i < H; i++) {
          if (used[i]) continue;
          used[i] = 1;
          cur.push(i);
          search(j + 1, acc + cost[i][j]);
          cur.pop();
          used[i] = 0;
        }
      };
      search(0, 0);
    } else {
      const used = new Uint8Array(H);
      for (let j = 0; j < H; j++) {
        let bi = -1;
        for (let i = 0; i < H; i++) if (!used[i] && (bi < 0 || cost[i][j] < cost[bi][j])) bi = i;
        used[bi] = 1;
        assign.push(bi);
      }
    }
    const out = new Float64Array(w);
    assign.forEach((i, j) => {
      const sg = sign[i][j];
      for (let k = 0; k < I; k++) out[L.w1 + j * I + k] = sg * w[L.w1 + i * I + k];
      out[L.b1 + j] = sg * w[L.b1 + i];
      for (let o = 0; o < O; o++) out[L.w2 + o * H + j] = sg * w[L.w2 + o * H + i];
    });
    return out;
  }
}
