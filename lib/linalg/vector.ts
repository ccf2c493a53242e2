/**
 * Small dense-vector helpers shared by the engine.
 * @module
 */

/** Σ a_i b_i. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Squared Euclidean distance. */
export function distance2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

/** Euclidean distance. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.sqrt(distance2(a, b));
}
