/**
 * The one interface every model meets the energy-landscape engine at (DESIGN.md).
 * @module
 */

/** A differentiable energy (loss) surface over R^dim. */
export interface Landscape {
  /** Number of coordinates of x. */
  readonly dim: number;
  /** Energy (loss) at x; when grad is given, also writes ∇E(x) into it. */
  energy(x: Float64Array, grad?: Float64Array): number;
  /** Optional: many points at once (GPU). xs is B×dim row-major. */
  energyBatch?(xs: Float64Array, grads?: Float64Array): Promise<Float64Array>;
  /** Optional: exact Hessian-vector product. */
  hessianVector?(x: Float64Array, v: Float64Array, out: Float64Array): void;
  /** Optional: map x to a canonical representative of its symmetry class. */
  canonicalize?(x: Float64Array): Float64Array;
  /**
   * Optional: the symmetry-equivalent copy of x closest to `reference` (used to align the ends of
   * a band before a DNEB, so the path does not cross between equivalent copies).
   */
  align?(x: Float64Array, reference: Float64Array): Float64Array;
}
