/**
 * Dense Cholesky factorisation and friends on flat row-major Float64Arrays, written for speed in
 * JavaScript: every inner loop is a dot product of two contiguous rows (the row-oriented Crout
 * form, Golub & Van Loan §4.2), unrolled by four.
 * @module
 */
import { NumericalError } from "../util/errors.ts";

/** Dot product of a[ia..ia+len) and b[ib..ib+len). */
export function dotRange(
  a: Float64Array,
  ia: number,
  b: Float64Array,
  ib: number,
  len: number,
): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ia + k] * b[ib + k];
    s1 += a[ia + k + 1] * b[ib + k + 1];
    s2 += a[ia + k + 2] * b[ib + k + 2];
    s3 += a[ia + k + 3] * b[ib + k + 3];
  }
  for (; k < len; k++) s0 += a[ia + k] * b[ib + k];
  return (s0 + s1) + (s2 + s3);
}

/**
 * Overwrites the lower triangle of the n×n row-major matrix `a` with its Cholesky factor L
 * (A = L·Lᵀ); the strict upper triangle is left untouched. Returns −1 on success, or the index of
 * the first non-positive pivot (then `a` is partly overwritten).
 */
export function choleskyInPlace(a: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      a[ri + j] = (a[ri + j] - dotRange(a, ri, a, rj, j)) / a[rj + j];
    }
    const d = a[ri + i] - dotRange(a, ri, a, ri, i);
    if (!(d > 0)) return i;
    a[ri + i] = Math.sqrt(d);
  }
  return -1;
}

/** Options for {@link choleskyWithJitter}. */
export interface JitterOptions {
  /** First jitter, relative to the mean diagonal (default 1e-10). */
  initial?: number;
  /** Largest jitter tried, relative to the mean diagonal (default 1e-4). */
  max?: number;
}

/** A Cholesky factor and the jitter that had to be added to the diagonal (0 when none). */
export interface CholeskyResult {
  /** Lower-triangular factor, n×n row-major (upper triangle holds garbage). */
  L: Float64Array;
  /** Absolute jitter added to every diagonal element. */
  jitter: number;
}

/**
 * Cholesky of the symmetric matrix `a` (lower triangle read; `a` is not modified). When the
 * matrix is not numerically positive definite, adds jitter·I, escalating by ×10 from `initial` to
 * `max` (relative to the mean diagonal), and reports the jitter used. Throws a NumericalError
 * when even the largest jitter fails.
 */
export function choleskyWithJitter(
  a: Float64Array,
  n: number,
  options: JitterOptions = {},
): CholeskyResult {
  const L = new Float64Array(a);
  if (choleskyInPlace(L, n) < 0) return { L, jitter: 0 };
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i];
  meanDiag /= n;
  if (!(meanDiag > 0) || !Number.isFinite(meanDiag)) {
    throw new NumericalError(`matrix is not positive definite (mean diagonal ${meanDiag})`);
  }
  const max = (options.max ?? 1e-4) * meanDiag;
  for (
    let jitter = (options.initial ?? 1e-10) * meanDiag;
    jitter <= max * (1 + 1e-12);
    jitter *= 10
  ) {
    L.set(a);
    for (let i = 0; i < n; i++) L[i * n + i] += jitter;
    if (choleskyInPlace(L, n) < 0) return { L, jitter };
  }
  throw new NumericalError(
    `matrix is not positive definite even with jitter ${max.toExponential(1)} on the diagonal`,
  );
}

/** Solves L·x = b in place (L lower, row-major). */
export function solveLower(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) b[i] = (b[i] - dotRange(L, i * n, b, 0, i)) / L[i * n + i];
  return b;
}

/** Solves Lᵀ·x = b in place (L lower, row-major). */
export function solveLowerTransposed(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const xi = b[i] / L[i * n + i];
    b[i] = xi;
    for (let k = 0; k < i; k++) b[k] -= L[i * n + k] * xi;
  }
  return b;
}

/** Solves (L·Lᵀ)·x = b, returning a new array. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveLowerTransposed(L, n, solveLower(L, n, Float64Array.from(b)));
}

/** Σ ln L_ii = ½ ln det(A). */
export function halfLogDet(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return s;
}

/**
 * A⁻¹ from the Cholesky factor of A, as a full symmetric n×n row-major matrix. Forms U = L⁻ᵀ
 * row by row (U_ji = −Σ_{k=j}^{i−1} L_ik U_jk / L_ii), then A⁻¹_ij = Σ_{k ≥ max(i,j)} U_ik U_jk;
 * both inner loops run over contiguous rows.
 */
export function inverseFromCholesky(L: Float64Array, n: number): Float64Array {
  const U = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    U[rj + j] = 1 / L[rj + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      U[rj + i] = -dotRange(L, ri + j, U, rj + j, i - j) / L[ri + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const v = dotRange(U, ri + i, U, j * n + i, n - i);
      inv[ri + j] = v;
      inv[j * n + i] = v;
    }
  }
  return inv;
}
