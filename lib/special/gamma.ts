/**
 * Log-gamma and digamma for real x > 0, float64. Both shift the argument up to x ≥ 10 by the
 * recurrence Γ(x+1) = xΓ(x) and then use the Stirling / asymptotic series with Bernoulli numbers
 * (Abramowitz & Stegun 6.1.40, 6.3.18); truncation error < 1e-17 at x ≥ 10.
 * @module
 */

const HALF_LOG_2PI = 0.91893853320467274178;
// B_{2k} / (2k (2k − 1)) for k = 1..9 (Stirling series for ln Γ).
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
  43867 / 244188,
];
// B_{2k} / (2k) for k = 1..9 (asymptotic series for ψ).
const DIGAMMA = [
  1 / 12,
  -1 / 120,
  1 / 252,
  -1 / 240,
  1 / 132,
  -691 / 32760,
  1 / 12,
  -3617 / 8160,
  43867 / 14364,
];

/**
 * ln Γ(x) for x > 0.
 *
 * @example
 * ```ts
 * import { logGamma } from "./gamma.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(logGamma(5) - Math.log(24)) < 1e-14); // Γ(5) = 4!
 * ```
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let prod = 1;
  while (x < 10) {
    prod *= x;
    x += 1;
    // Keep the product representable for very small x.
    if (prod < 1e-280) {
      shift += Math.log(prod);
      prod = 1;
    }
  }
  shift += Math.log(prod);
  const inv = 1 / x, inv2 = inv * inv;
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * inv2 + STIRLING[k];
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + s * inv - shift;
}

/** Γ(x) for x > 0 (overflows to Infinity above x ≈ 171.6). */
export function gamma(x: number): number {
  if (x > 0 && x < 20 && Number.isInteger(x)) {
    let f = 1;
    for (let k = 2; k < x; k++) f *= k;
    return f;
  }
  return Math.exp(logGamma(x));
}

/**
 * The digamma function ψ(x) = d ln Γ(x)/dx for x > 0.
 *
 * @example
 * ```ts
 * import { digamma } from "./gamma.ts";
 * import assert from "node:assert/strict";
 * // ψ(1) = −γ, minus the Euler–Mascheroni constant.
 * assert.ok(Math.abs(digamma(1) + 0.5772156649015329) < 1e-14);
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  let s = 0;
  for (let k = DIGAMMA.length - 1; k >= 0; k--) s = s * inv2 + DIGAMMA[k];
  return acc + Math.log(x) - 0.5 / x - s * inv2;
}
