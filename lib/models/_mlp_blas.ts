/**
 * The mean softmax cross-entropy of a single-hidden-layer tanh network, its gradient and its exact
 * Hessian-vector product (Pearlmutter's R-operator, Neural Computation 6, 147, 1994) with the
 * sample-sized products done by OpenBLAS's dgemm (row-major, one thread per call). The formulas are
 * those of `MlpLandscape`'s loops and of _mlp_hvp.ts, written over whole matrices:
 *
 *   A = X·W1ᵀ + b1, h = tanh A, Z = h·W2ᵀ + b2, P = softmax Z, D = P − Y (one-hot);
 *   ∇W2 = Dᵀh, ∇b2 = Σ D, G = (D·W2) ⊙ (1 − h²), ∇W1 = GᵀX, ∇b1 = Σ G;
 *   R{A} = X·V1ᵀ + c1, R{h} = (1 − h²) ⊙ R{A}, R{Z} = R{h}·W2ᵀ + h·V2ᵀ + c2,
 *   R{D} = P ⊙ R{Z} − P (P·R{Z}) per row, R{∇W2} = R{D}ᵀh + DᵀR{h}, R{∇b2} = Σ R{D},
 *   R{G} = (R{D}·W2 + D·V2) ⊙ (1 − h²) − 2 (D·W2) ⊙ h ⊙ R{h}, R{∇W1} = R{G}ᵀX, R{∇b1} = Σ R{G}
 *
 * (all divided by n). The forward pass is kept while w is unchanged (many products at one point).
 * On digits 61-10-10 with 1,258 rows one loss + gradient took 0.73–0.95 ms
 * against 2.9–3.5 ms for the loops (one run, loaded machine). The sums run in another order than
 * the loops, so trajectories differ at the last digit: `MlpLandscape` uses this path only above
 * {@link MLP_BLAS_ABOVE} weights, where basin-hopping trajectories separate anyway.
 * @module
 */
import type { MlpLayout } from "./mlp_layout.ts";
import type { BlasKernels } from "../linalg/blas.ts";

/** `MlpLandscape` uses the dgemm kernels above this many weights (where OpenBLAS loads). */
export const MLP_BLAS_ABOVE = 200;

type Gemm = NonNullable<BlasKernels["gemm"]>;

/** Cross-entropy, gradient and Hessian-vector products of one data set through dgemm. */
export class MlpBlas {
  readonly #gemm: Gemm;
  readonly #X: Float64Array;
  readonly #n: number;
  readonly #labels: Int32Array;
  readonly #L: MlpLayout;
  // n×H and n×O work matrices, and the weight blocks (copied out of w, contiguous).
  readonly #h: Float64Array;
  readonly #g: Float64Array;
  readonly #rh: Float64Array;
  readonly #rg: Float64Array;
  readonly #p: Float64Array;
  readonly #d: Float64Array;
  readonly #rz: Float64Array;
  readonly #W1: Float64Array;
  readonly #W2: Float64Array;
  readonly #V1: Float64Array;
  readonly #V2: Float64Array;
  readonly #G1: Float64Array;
  readonly #G2: Float64Array;
  // The forward pass (h, P, W1, W2, the loss) of the last w, reused while w is unchanged: Lanczos
  // and eigenvector-following take many Hessian-vector products at one point.
  readonly #wLast: Float64Array;
  #lossLast = NaN;
  #valid = false;

  /** Kernels for inputs X (n×I row-major) and integer labels. */
  constructor(gemm: Gemm, X: Float64Array, n: number, labels: Int32Array, layout: MlpLayout) {
    this.#gemm = gemm;
    this.#X = X;
    this.#n = n;
    this.#labels = labels;
    this.#L = layout;
    const H = layout.hidden, O = layout.outputs, I = layout.inputs;
    this.#h = new Float64Array(n * H);
    this.#g = new Float64Array(n * H);
    this.#rh = new Float64Array(n * H);
    this.#rg = new Float64Array(n * H);
    this.#p = new Float64Array(n * O);
    this.#d = new Float64Array(n * O);
    this.#wLast = new Float64Array(layout.size);
    this.#rz = new Float64Array(n * O);
    this.#W1 = new Float64Array(H * I);
    this.#W2 = new Float64Array(O * H);
    this.#V1 = new Float64Array(H * I);
    this.#V2 = new Float64Array(O * H);
    this.#G1 = new Float64Array(H * I);
    this.#G2 = new Float64Array(O * H);
  }

  /** Forward pass: h, P (softmax) and the summed −log p_y (kept while w is unchanged). */
  #forward(w: Float64Array): number {
    if (this.#valid) {
      let same = true;
      for (let i = 0; same && i < w.length; i++) same = w[i] === this.#wLast[i];
      if (same) return this.#lossLast;
    }
    const L = this.#L, H = L.hidden, I = L.inputs, O = L.outputs, n = this.#n;
    const h = this.#h, p = this.#p;
    this.#W1.set(w.subarray(L.w1, L.w1 + H * I));
    this.#W2.set(w.subarray(L.w2, L.w2 + O * H));
    this.#gemm(false, true, n, H, I, this.#X, I, this.#W1, I, 0, h, H);
    for (let s = 0; s < n; s++) {
      const o = s * H;
      for (let j = 0; j < H; j++) h[o + j] = Math.tanh(h[o + j] + w[L.b1 + j]);
    }
    this.#gemm(false, true, n, O, H, h, H, this.#W2, H, 0, p, O);
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const zo = s * O;
      let mx = -Infinity;
      for (let o = 0; o < O; o++) {
        const t = p[zo + o] + w[L.b2 + o];
        p[zo + o] = t;
        if (t > mx) mx = t;
      }
      const zy = p[zo + this.#labels[s]] - mx;
      let sum = 0;
      for (let o = 0; o < O; o++) sum += p[zo + o] = Math.exp(p[zo + o] - mx);
      loss += Math.log(sum) - zy;
      for (let o = 0; o < O; o++) p[zo + o] /= sum;
    }
    this.#wLast.set(w);
    this.#lossLast = loss;
    this.#valid = true;
    return loss;
  }

  /** D = P − Y (one-hot) into #d, its column sums added to grad[b2]. */
  #residual(grad: Float64Array): Float64Array {
    const L = this.#L, O = L.outputs, p = this.#p, d = this.#d;
    for (let s = 0; s < this.#n; s++) {
      const zo = s * O;
      for (let o = 0; o < O; o++) d[zo + o] = p[zo + o];
      d[zo + this.#labels[s]] -= 1;
      for (let o = 0; o < O; o++) grad[L.b2 + o] += d[zo + o];
    }
    return d;
  }

  /** Mean cross-entropy (no penalty); with `grad`, its gradient (overwritten). */
  crossEntropy(w: Float64Array, grad?: Float64Array): number {
    const loss = this.#forward(w) / this.#n;
    if (grad) this.#gradient(w, grad);
    return loss;
  }

  /** ∇ of the mean cross-entropy after #forward (g becomes G). */
  #gradient(_w: Float64Array, grad: Float64Array): void {
    const L = this.#L, H = L.hidden, I = L.inputs, O = L.outputs, n = this.#n;
    const h = this.#h, g = this.#g;
    grad.fill(0);
    const d = this.#residual(grad);
    this.#gemm(true, false, O, H, n, d, O, h, H, 0, this.#G2, H);
    this.#gemm(false, false, n, H, O, d, O, this.#W2, H, 0, g, H);
    for (let s = 0; s < n; s++) {
      const o = s * H;
      for (let j = 0; j < H; j++) {
        const hj = h[o + j];
        const d = g[o + j] * (1 - hj * hj);
        g[o + j] = d;
        grad[L.b1 + j] += d;
      }
    }
    this.#gemm(true, false, H, I, n, g, H, this.#X, I, 0, this.#G1, I);
    grad.set(this.#G1, L.w1);
    grad.set(this.#G2, L.w2);
    for (let i = 0; i < grad.length; i++) grad[i] /= n;
  }

  /** H·v of the mean cross-entropy (no penalty) at w, into `hv`. */
  hessianVector(w: Float64Array, v: Float64Array, hv: Float64Array): void {
    const L = this.#L, H = L.hidden, I = L.inputs, O = L.outputs, n = this.#n;
    const h = this.#h, p = this.#p, rh = this.#rh, rg = this.#rg, rz = this.#rz, g = this.#g;
    const D = this.#d;
    this.#forward(w);
    this.#V1.set(v.subarray(L.w1, L.w1 + H * I));
    this.#V2.set(v.subarray(L.w2, L.w2 + O * H));
    // R{A} → R{h}.
    this.#gemm(false, true, n, H, I, this.#X, I, this.#V1, I, 0, rh, H);
    for (let s = 0; s < n; s++) {
      const o = s * H;
      for (let j = 0; j < H; j++) {
        const hj = h[o + j];
        rh[o + j] = (1 - hj * hj) * (rh[o + j] + v[L.b1 + j]);
      }
    }
    // R{Z} = R{h}·W2ᵀ + h·V2ᵀ + c2, then R{D} = P ⊙ R{Z} − P (P·R{Z}); D = P − Y.
    this.#gemm(false, true, n, O, H, rh, H, this.#W2, H, 0, rz, O);
    this.#gemm(false, true, n, O, H, h, H, this.#V2, H, 1, rz, O);
    hv.fill(0);
    for (let s = 0; s < n; s++) {
      const zo = s * O;
      let pr = 0;
      for (let o = 0; o < O; o++) {
        rz[zo + o] += v[L.b2 + o];
        pr += p[zo + o] * rz[zo + o];
      }
      for (let o = 0; o < O; o++) {
        const d = p[zo + o] * (rz[zo + o] - pr);
        rz[zo + o] = d;
        hv[L.b2 + o] += d;
        D[zo + o] = p[zo + o];
      }
      D[zo + this.#labels[s]] -= 1;
    }
    // R{∇W2} = R{D}ᵀh + DᵀR{h}.
    this.#gemm(true, false, O, H, n, rz, O, h, H, 0, this.#G2, H);
    this.#gemm(true, false, O, H, n, D, O, rh, H, 1, this.#G2, H);
    // D·W2 (into g) and R{D}·W2 + D·V2 (into rg).
    this.#gemm(false, false, n, H, O, D, O, this.#W2, H, 0, g, H);
    this.#gemm(false, false, n, H, O, rz, O, this.#W2, H, 0, rg, H);
    this.#gemm(false, false, n, H, O, D, O, this.#V2, H, 1, rg, H);
    for (let s = 0; s < n; s++) {
      const o = s * H;
      for (let j = 0; j < H; j++) {
        const hj = h[o + j], dh = 1 - hj * hj;
        // R{h} already carries (1 − h²): R{G} = R{dh}·(1 − h²) − 2 dh·h·R{h}.
        const r = rg[o + j] * dh - 2 * g[o + j] * hj * rh[o + j];
        rg[o + j] = r;
        hv[L.b1 + j] += r;
      }
    }
    this.#gemm(true, false, H, I, n, rg, H, this.#X, I, 0, this.#G1, I);
    hv.set(this.#G1, L.w1);
    hv.set(this.#G2, L.w2);
    for (let i = 0; i < hv.length; i++) hv[i] /= n;
  }
}
