/**
 * The one interface every model meets the energy-landscape engine at (DESIGN.md).
 * @module
 */

/**
 * How to rebuild a landscape in another thread (a worker of the float64 pool): `module` exports a
 * function named `factory` that takes `args` (structured-clone data: numbers, strings, arrays,
 * typed arrays) and returns the landscape, or a promise of it.
 */
export interface LandscapeRecipe {
  /** URL of the module (e.g. the model module's `import.meta.url`). */
  module: string;
  /** Name of the exported factory function. */
  factory: string;
  /** Its argument. */
  args: unknown;
}

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
  /**
   * Optional: how to rebuild this landscape in a worker thread. Landscapes that have one can use
   * the engine's worker pool (connection attempts and Hessians on every core).
   */
  recipe?(): LandscapeRecipe;
}
