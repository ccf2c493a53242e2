/**
 * Built-in test surfaces: the Müller–Brown potential (K. Müller & L. D. Brown, Theor. Chim. Acta
 * 53, 75, 1979) and the Schwefel function (H.-P. Schwefel, 1981; the form used by topsearch's
 * example). Each is a Landscape with an exact gradient.
 * @module
 */
import type { Landscape } from "./types.ts";

const MB_A = [-200, -100, -170, 15];
const MB_a = [-1, -1, -6.5, 0.7];
const MB_b = [0, 0, 11, 0.6];
const MB_c = [-10, -10, -6.5, 0.7];
const MB_X = [1, 0, -0.5, -1];
const MB_Y = [0, 0.5, 1.5, 1];

/**
 * The Müller–Brown potential: three minima, two transition states.
 *
 * @example
 * ```ts
 * import { mullerBrown } from "./surfaces.ts";
 * import assert from "node:assert/strict";
 * // The global minimum, −146.70 near (−0.558, 1.442) (Müller & Brown 1979).
 * assert.ok(Math.abs(mullerBrown.energy(Float64Array.from([-0.558, 1.442])) + 146.7) < 0.01);
 * ```
 */
export const mullerBrown: Landscape & { name: string } = {
  name: "Müller–Brown",
  dim: 2,
  energy(p: Float64Array, grad?: Float64Array): number {
    const x = p[0], y = p[1];
    let e = 0, gx = 0, gy = 0;
    for (let k = 0; k < 4; k++) {
      const dx = x - MB_X[k], dy = y - MB_Y[k];
      const t = MB_A[k] * Math.exp(MB_a[k] * dx * dx + MB_b[k] * dx * dy + MB_c[k] * dy * dy);
      e += t;
      gx += t * (2 * MB_a[k] * dx + MB_b[k] * dy);
      gy += t * (MB_b[k] * dx + 2 * MB_c[k] * dy);
    }
    if (grad) {
      grad[0] = gx;
      grad[1] = gy;
    }
    return e;
  },
};

/**
 * The d-dimensional Schwefel function E = 418.9829·d − Σ x_i sin(√|x_i|) on [−500, 500]^d.
 */
export function schwefel(
  d = 2,
): Landscape & { name: string; lower: Float64Array; upper: Float64Array } {
  return {
    name: `Schwefel (${d}-D)`,
    dim: d,
    lower: new Float64Array(d).fill(-500),
    upper: new Float64Array(d).fill(500),
    energy(x: Float64Array, grad?: Float64Array): number {
      let e = 418.9828872724338 * d;
      for (let i = 0; i < d; i++) {
        const a = Math.abs(x[i]), s = Math.sqrt(a);
        e -= x[i] * Math.sin(s);
        if (grad) grad[i] = a === 0 ? 0 : -(Math.sin(s) + 0.5 * s * Math.cos(s));
      }
      return e;
    },
  };
}
