/**
 * Second-order information for any Landscape: Hessian-vector products (exact when the landscape
 * provides them, else central differences of gradients), the full Hessian for small dimensions,
 * symmetric eigendecomposition, and the lowest eigenpair by Lanczos for large ones.
 * @module
 */
import { EigenvalueDecomposition, Matrix } from "../deps.ts";
import type { Landscape } from "./types.ts";
import { dot } from "../linalg/vector.ts";

/** Step for finite differences of the gradient, relative to max(1, |x|). */
const FD_STEP = 1e-5;

/** H·v at x: exact via `hessianVector` when present, else (∇E(x + hv) − ∇E(x − hv))/(2h). */
export function hessianVector(
  landscape: Landscape,
  x: Float64Array,
  v: Float64Array,
  out: Float64Array,
): Float64Array {
  if (landscape.hessianVector) {
    landscape.hessianVector(x, v, out);
    return out;
  }
  const n = landscape.dim;
  let vn = 0, xn = 0;
  for (let i = 0; i < n; i++) {
    vn += v[i] * v[i];
    xn += x[i] * x[i];
  }
  vn = Math.sqrt(vn);
  if (vn === 0) return out.fill(0);
  const h = FD_STEP * Math.max(1, Math.sqrt(xn / n)) / vn;
  const xp = new Float64Array(n),
    xm = new Float64Array(n),
    gp = new Float64Array(n),
    gm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xp[i] = x[i] + h * v[i];
    xm[i] = x[i] - h * v[i];
  }
  landscape.energy(xp, gp);
  landscape.energy(xm, gm);
  for (let i = 0; i < n; i++) out[i] = (gp[i] - gm[i]) / (2 * h);
  return out;
}

/** The full Hessian (dim×dim, row-major, symmetrised) from dim Hessian-vector products. */
export function hessian(landscape: Landscape, x: Float64Array): Float64Array {
  const n = landscape.dim;
  const H = new Float64Array(n * n);
  const e = new Float64Array(n), col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    hessianVector(landscape, x, e, col);
    for (let i = 0; i < n; i++) H[i * n + j] = col[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = H[j * n + i] = s;
    }
  }
  return H;
}

/** Eigenvalues (ascending) and eigenvectors (vectors[k] for values[k]) of a symmetric matrix. */
export function symmetricEigen(
  H: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array[] } {
  const rows = Array.from({ length: n }, (_, i) => Array.from(H.subarray(i * n, (i + 1) * n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = vals.map((_: number, i: number) => i).sort((a: number, b: number) =>
    vals[a] - vals[b]
  );
  return {
    values: Float64Array.from(order, (i: number) => vals[i]),
    vectors: order.map((i: number) => Float64Array.from(V.getColumn(i))),
  };
}

/** Lowest eigenpair of the Hessian at x. */
export interface Eigenpair {
  /** The eigenvalue. */
  value: number;
  /** Its unit eigenvector. */
  vector: Float64Array;
}

/** Options of {@link lowestEigenpair}. */
export interface LowestEigenOptions {
  /** Starting vector (e.g. the previous step's eigenvector). */
  guess?: Float64Array;
  /** Use the full Hessian at or below this dimension [40]. */
  fullBelow?: number;
  /** Lanczos subspace size [min(dim, 40)]. */
  krylov?: number;
  /** Lanczos runs at most (each restarted from the best Ritz vector) [8]. */
  restarts?: number;
}

/**
 * Lowest Hessian eigenpair at x: full Hessian + dense eigensolver for small dimensions, else
 * Lanczos on Hessian-vector products with full reorthogonalisation, restarted from the best Ritz
 * vector until the residual is small.
 */
export function lowestEigenpair(
  landscape: Landscape,
  x: Float64Array,
  options: LowestEigenOptions = {},
): Eigenpair {
  const n = landscape.dim;
  if (n <= (options.fullBelow ?? 40)) {
    const { values, vectors } = symmetricEigen(hessian(landscape, x), n);
    return { value: values[0], vector: vectors[0] };
  }
  const m = Math.min(n, options.krylov ?? 40);
  let v0 = options.guess
    ? Float64Array.from(options.guess)
    : Float64Array.from({ length: n }, (_, i) => Math.sin(1 + i * 1.618));
  let best: Eigenpair = { value: NaN, vector: v0 };
  for (let restart = 0; restart < (options.restarts ?? 8); restart++) {
    const Q: Float64Array[] = [];
    const alpha: number[] = [], beta: number[] = [];
    let q = normalize(v0);
    const w = new Float64Array(n);
    for (let k = 0; k < m; k++) {
      Q.push(q);
      hessianVector(landscape, x, q, w);
      const a = dot(w, q);
      alpha.push(a);
      reorthogonalize(w, Q);
      const b = Math.sqrt(dot(w, w));
      if (k === m - 1 || b < 1e-12) break;
      beta.push(b);
      q = Float64Array.from(w, (v) => v / b);
    }
    const { values, vectors } = tridiagonalEigen(alpha, beta);
    const vec = ritzVector(vectors[0], Q, n);
    best = { value: values[0], vector: vec };
    const hv = hessianVector(landscape, x, vec, new Float64Array(n));
    let res = 0;
    for (let i = 0; i < n; i++) res += (hv[i] - values[0] * vec[i]) ** 2;
    if (Math.sqrt(res) <= 1e-6 * Math.max(1, Math.abs(values[0]))) break;
    v0 = vec;
  }
  return best;
}

/** w ← w minus its projections on the orthonormal vectors Q (twice: full reorthogonalisation). */
function reorthogonalize(w: Float64Array, Q: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const qq of Q) {
      const c = dot(w, qq);
      for (let i = 0; i < w.length; i++) w[i] -= c * qq[i];
    }
  }
}

/** Eigenpairs of the Lanczos tridiagonal matrix (diagonal alpha, off-diagonal beta). */
function tridiagonalEigen(alpha: number[], beta: number[]) {
  const k = alpha.length;
  const T = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    T[i * k + i] = alpha[i];
    if (i + 1 < k) T[i * k + i + 1] = T[(i + 1) * k + i] = beta[i];
  }
  return symmetricEigen(T, k);
}

/** The unit Ritz vector Σ y_j Q_j. */
function ritzVector(y: Float64Array, Q: Float64Array[], n: number): Float64Array<ArrayBuffer> {
  const vec = new Float64Array(n);
  for (let j = 0; j < y.length; j++) for (let i = 0; i < n; i++) vec[i] += y[j] * Q[j][i];
  normalize(vec, vec);
  return vec;
}

function normalize(v: Float64Array, out: Float64Array = new Float64Array(v.length)): Float64Array {
  const s = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) out[i] = v[i] / s;
  return out;
}

/** What one Lanczos run on Hessian-vector products tells about the spectrum's edges. */
export interface LanczosSpectrum {
  /** Ritz values, ascending (the lowest approximate the lowest eigenvalues from above). */
  ritz: Float64Array;
  /** Residual norm ‖H·y − θ·y‖ of each Ritz pair (same order). */
  residuals: Float64Array;
  /** Ritz vector of the lowest value (unit length). */
  lowestVector: Float64Array;
  /** Hessian-vector products used. */
  products: number;
}

/**
 * The edges of the Hessian spectrum at x without forming the Hessian: `krylov` Lanczos steps on
 * Hessian-vector products (full reorthogonalisation) from a fixed start vector. By Cauchy
 * interlacing the k-th lowest Ritz value is at least the k-th lowest eigenvalue, so a negative Ritz
 * value proves a negative eigenvalue; a Ritz value with residual r has an eigenvalue within r.
 * With `settled`, the space grows by 20 vectors at a time (up to `maxKrylov`) until
 * `settled(lowest Ritz value, its residual)` holds. Memory: one vector of dim numbers per step.
 *
 * @example
 * ```ts
 * import { lanczosSpectrum } from "./hessian.ts";
 * import assert from "node:assert/strict";
 * const d = Float64Array.from({ length: 60 }, (_, i) => i - 2); // eigenvalues −2, −1, 0, …, 57
 * const quad = {
 *   dim: 60,
 *   energy: (x: Float64Array) => x.reduce((s, v, i) => s + 0.5 * d[i] * v * v, 0),
 *   hessianVector: (_x: Float64Array, v: Float64Array, out: Float64Array) => {
 *     for (let i = 0; i < 60; i++) out[i] = d[i] * v[i];
 *   },
 * };
 * const s = lanczosSpectrum(quad, new Float64Array(60), { krylov: 60 });
 * assert.ok(Math.abs(s.ritz[0] + 2) < 1e-8 && Math.abs(s.ritz[1] + 1) < 1e-8);
 * ```
 */
export function lanczosSpectrum(
  landscape: Landscape,
  x: Float64Array,
  options: {
    krylov?: number;
    guess?: Float64Array;
    maxKrylov?: number;
    settled?: (ritz0: number, residual0: number) => boolean;
  } = {},
): LanczosSpectrum {
  const n = landscape.dim;
  const m0 = Math.max(1, Math.min(n, options.krylov ?? 60));
  const mMax = Math.max(m0, Math.min(n, options.maxKrylov ?? m0));
  const Q: Float64Array[] = [];
  const alpha: number[] = [], beta: number[] = [];
  let q = normalize(
    options.guess
      ? Float64Array.from(options.guess)
      : Float64Array.from({ length: n }, (_, i) => Math.sin(1 + i * 1.618) + 0.5 * Math.cos(i * i)),
  );
  const w = new Float64Array(n);
  let lastBeta = 0, broke = false;
  const extend = (to: number) => {
    while (Q.length < to && !broke) {
      Q.push(q);
      hessianVector(landscape, x, q, w);
      alpha.push(dot(w, q));
      reorthogonalize(w, Q);
      const b = Math.sqrt(dot(w, w));
      lastBeta = b;
      if (b < 1e-14 * Math.max(1, Math.abs(alpha[0]))) {
        broke = true;
        break;
      }
      beta.push(b);
      q = Float64Array.from(w, (v) => v / b);
    }
  };
  const ritz = () => {
    const k = alpha.length;
    const { values, vectors } = tridiagonalEigen(alpha, beta);
    const residuals = Float64Array.from(vectors, (y) => broke ? 0 : Math.abs(lastBeta * y[k - 1]));
    return { values, vectors, residuals };
  };
  extend(m0);
  let r = ritz();
  // Grow the Krylov space until the lowest Ritz value has settled (e.g. its sign is certain).
  while (
    options.settled && !broke && alpha.length < mMax &&
    !options.settled(r.values[0], r.residuals[0])
  ) {
    extend(Math.min(mMax, alpha.length + 20));
    r = ritz();
  }
  const lowestVector = ritzVector(r.vectors[0], Q, n);
  return { ritz: r.values, residuals: r.residuals, lowestVector, products: alpha.length };
}
