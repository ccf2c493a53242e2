/**
 * Dense Cholesky factorisation and friends on flat row-major Float64Arrays, written for speed in
 * JavaScript: every inner loop is a dot product of two contiguous rows (the row-oriented Crout
 * form, Golub & Van Loan §4.2), unrolled by four.
 * @module
 */
import { BLAS_MIN_N, blasKernels } from "./blas.ts";
import { NumericalError } from "../util/errors.ts";
import { choleskyWasm, inverseFromCholeskyWasm, wasmKernels } from "./wasm.ts";

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
 * the first non-positive pivot (then `a` is partly overwritten). Two rows of L are computed at a
 * time against four earlier rows (a 2×4 register block: 6 loads per 8 multiply-adds), and the small
 * triangle inside each block is finished sequentially.
 */
export function choleskyInPlaceJs(a: Float64Array, n: number): number {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n, r1 = r0 + n;
    let j = 0;
    for (; j + 3 < i; j += 4) {
      const q0 = j * n, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      for (let k = 0; k < j; k++) {
        const x0 = a[r0 + k], x1 = a[r1 + k];
        const y0 = a[q0 + k], y1 = a[q1 + k], y2 = a[q2 + k], y3 = a[q3 + k];
        a00 += x0 * y0;
        a01 += x0 * y1;
        a02 += x0 * y2;
        a03 += x0 * y3;
        a10 += x1 * y0;
        a11 += x1 * y1;
        a12 += x1 * y2;
        a13 += x1 * y3;
      }
      // Finish the triangle of columns j..j+3 sequentially for both rows.
      const l0 = (a[r0 + j] - a00) / a[q0 + j];
      const m0 = (a[r1 + j] - a10) / a[q0 + j];
      a[r0 + j] = l0;
      a[r1 + j] = m0;
      const l1 = (a[r0 + j + 1] - a01 - l0 * a[q1 + j]) / a[q1 + j + 1];
      const m1 = (a[r1 + j + 1] - a11 - m0 * a[q1 + j]) / a[q1 + j + 1];
      a[r0 + j + 1] = l1;
      a[r1 + j + 1] = m1;
      const l2 = (a[r0 + j + 2] - a02 - l0 * a[q2 + j] - l1 * a[q2 + j + 1]) / a[q2 + j + 2];
      const m2 = (a[r1 + j + 2] - a12 - m0 * a[q2 + j] - m1 * a[q2 + j + 1]) / a[q2 + j + 2];
      a[r0 + j + 2] = l2;
      a[r1 + j + 2] = m2;
      a[r0 + j + 3] =
        (a[r0 + j + 3] - a03 - l0 * a[q3 + j] - l1 * a[q3 + j + 1] - l2 * a[q3 + j + 2]) /
        a[q3 + j + 3];
      a[r1 + j + 3] =
        (a[r1 + j + 3] - a13 - m0 * a[q3 + j] - m1 * a[q3 + j + 1] - m2 * a[q3 + j + 2]) /
        a[q3 + j + 3];
    }
    for (; j < i; j++) {
      const q = j * n;
      a[r0 + j] = (a[r0 + j] - dotRange(a, r0, a, q, j)) / a[q + j];
      a[r1 + j] = (a[r1 + j] - dotRange(a, r1, a, q, j)) / a[q + j];
    }
    // Diagonal of row i, then element (i+1, i), then the diagonal of row i+1.
    let dd = a[r0 + i] - dotRange(a, r0, a, r0, i);
    if (!(dd > 0)) return i;
    a[r0 + i] = Math.sqrt(dd);
    a[r1 + i] = (a[r1 + i] - dotRange(a, r1, a, r0, i)) / a[r0 + i];
    dd = a[r1 + i + 1] - dotRange(a, r1, a, r1, i + 1);
    if (!(dd > 0)) return i + 1;
    a[r1 + i + 1] = Math.sqrt(dd);
  }
  for (; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      a[ri + j] = (a[ri + j] - dotRange(a, ri, a, j * n, j)) / a[j * n + j];
    }
    const dd = a[ri + i] - dotRange(a, ri, a, ri, i);
    if (!(dd > 0)) return i;
    a[ri + i] = Math.sqrt(dd);
  }
  return -1;
}

/**
 * In-place Cholesky (see {@link choleskyInPlaceJs}): OpenBLAS's dpotrf for n ≥ 240 where the library
 * and the FFI permission are there (lib/linalg/blas.ts), else the WebAssembly SIMD kernel
 * (lib/linalg/wasm.ts), else JavaScript. Returns −1 on success, or the first non-positive pivot.
 */
export function choleskyInPlace(a: Float64Array, n: number): number {
  const b = n >= BLAS_MIN_N ? blasKernels() : null;
  if (b) return b.cholesky(a, n);
  const k = n >= 16 ? wasmKernels() : null;
  return k ? choleskyWasm(k, a, n) : choleskyInPlaceJs(a, n);
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
 * when even the largest jitter fails. `out` (n×n) receives the factor when given, so that hot loops
 * reuse one workspace instead of allocating (and page-faulting) a fresh matrix per call.
 */
export function choleskyWithJitter(
  a: Float64Array,
  n: number,
  options: JitterOptions = {},
  out?: Float64Array,
): CholeskyResult {
  const L = out ?? new Float64Array(n * n);
  L.set(a.subarray(0, n * n));
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
 * U = L⁻ᵀ (upper triangular, row-major) from the lower Cholesky factor L, by
 * U_ji = −Σ_{k=j}^{i−1} L_ik U_jk / L_ii; four rows of U at a time share each row of L.
 */
export function inverseTransposedLower(
  L: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  const U = out ?? new Float64Array(n * n);
  U.fill(0);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const u0 = j * n, u1 = u0 + n, u2 = u1 + n, u3 = u2 + n;
    // The 4×4 diagonal block of rows j..j+3 first.
    for (let q = 0; q < 4; q++) {
      const uq = (j + q) * n;
      U[uq + j + q] = 1 / L[(j + q) * n + j + q];
      for (let i = j + q + 1; i < j + 4; i++) {
        let s = 0;
        for (let k = j + q; k < i; k++) s += L[i * n + k] * U[uq + k];
        U[uq + i] = -s / L[i * n + i];
      }
    }
    for (let i = j + 4; i < n; i++) {
      const li = i * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = j; k < i; k++) {
        const x = L[li + k];
        s0 += x * U[u0 + k];
        s1 += x * U[u1 + k];
        s2 += x * U[u2 + k];
        s3 += x * U[u3 + k];
      }
      const inv = -1 / L[li + i];
      U[u0 + i] = s0 * inv;
      U[u1 + i] = s1 * inv;
      U[u2 + i] = s2 * inv;
      U[u3 + i] = s3 * inv;
    }
  }
  for (; j < n; j++) {
    const uj = j * n;
    U[uj + j] = 1 / L[uj + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += L[i * n + k] * U[uj + k];
      U[uj + i] = -s / L[i * n + i];
    }
  }
  return U;
}

/** Writes out[i][j..j+3] and the mirrored out[j..j+3][i]. */
function put(
  out: Float64Array,
  n: number,
  i: number,
  j: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  const r = i * n;
  out[r + j] = v0;
  out[r + j + 1] = v1;
  out[r + j + 2] = v2;
  out[r + j + 3] = v3;
  out[j * n + i] = v0;
  out[(j + 1) * n + i] = v1;
  out[(j + 2) * n + i] = v2;
  out[(j + 3) * n + i] = v3;
}

/**
 * U·Uᵀ for upper-triangular U (row-major), as a full symmetric matrix:
 * out_ij = Σ_{k ≥ max(i,j)} U_ik U_jk, in 4×4 register blocks (8 loads per 16 multiply-adds).
 */
export function gramUpperTriangular(U: Float64Array, n: number, into?: Float64Array): Float64Array {
  const out = into ?? new Float64Array(n * n);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a0 = i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
    let j = 0;
    for (; j <= i; j += 4) {
      const b0 = j * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0,
        c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let k = i; k < n; k++) {
        const x0 = U[a0 + k], x1 = U[a1 + k], x2 = U[a2 + k], x3 = U[a3 + k];
        const y0 = U[b0 + k], y1 = U[b1 + k], y2 = U[b2 + k], y3 = U[b3 + k];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      put(out, n, i, j, c00, c01, c02, c03);
      put(out, n, i + 1, j, c10, c11, c12, c13);
      put(out, n, i + 2, j, c20, c21, c22, c23);
      put(out, n, i + 3, j, c30, c31, c32, c33);
    }
  }
  // Remaining rows (when n is not a multiple of 4).
  for (; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = dotRange(U, i * n + i, U, j * n + i, n - i);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/**
 * A⁻¹ from the Cholesky factor of A, as a full symmetric n×n row-major matrix (A⁻¹ = L⁻ᵀL⁻¹):
 * OpenBLAS (dpotri) for n ≥ 240 where available, else the WebAssembly SIMD kernels, else {@link inverseTransposedLower} and
 * {@link gramUpperTriangular}. `work` supplies reusable n×n buffers.
 */
export function inverseFromCholesky(
  L: Float64Array,
  n: number,
  work?: { u: Float64Array; out: Float64Array },
): Float64Array {
  const b = n >= BLAS_MIN_N ? blasKernels() : null;
  if (b) {
    return b.inverseFromCholesky(L, n, work?.out ?? new Float64Array(n * n));
  }
  const k = n >= 16 ? wasmKernels() : null;
  if (k) return inverseFromCholeskyWasm(k, L, n, work?.out ?? new Float64Array(n * n));
  return gramUpperTriangular(inverseTransposedLower(L, n, work?.u), n, work?.out);
}
