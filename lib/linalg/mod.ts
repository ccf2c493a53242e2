/**
 * Linear algebra on flat Float64Arrays: Cholesky with jitter escalation, solves, inverse.
 * @module
 */
export * from "./cholesky.ts";
export * from "./vector.ts";
export { BLAS_MIN_N, type BlasKernels, blasKernels, linalgPath } from "./blas.ts";
