import assert from "node:assert/strict";
import { hessian, hessianVector, lowestEigenpair } from "../../lib/landscape/hessian.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { Rng } from "../../lib/util/random.ts";
import { assertClose } from "../helpers.ts";

/** E = ½ xᵀ Q diag(λ) Qᵀ x with a random orthogonal Q (Householder), so the spectrum is known. */
function quadratic(
  n: number,
  lambdas: number[],
  rng: Rng,
  exactHvp: boolean,
): { L: Landscape; hvpCalls: { n: number } } {
  const v = rng.normalArray(n);
  const vn = Math.hypot(...v);
  for (let i = 0; i < n; i++) v[i] /= vn;
  const apply = (x: Float64Array, out: Float64Array) => {
    // out = Q diag(λ) Qᵀ x with Q = I − 2vvᵀ (symmetric, orthogonal).
    let d = 0;
    for (let i = 0; i < n; i++) d += v[i] * x[i];
    const y = Float64Array.from(x, (xi, i) => xi - 2 * d * v[i]);
    for (let i = 0; i < n; i++) y[i] *= lambdas[i];
    let e = 0;
    for (let i = 0; i < n; i++) e += v[i] * y[i];
    for (let i = 0; i < n; i++) out[i] = y[i] - 2 * e * v[i];
    return out;
  };
  const hvpCalls = { n: 0 };
  const L: Landscape = {
    dim: n,
    energy(x, g) {
      const hx = apply(x, new Float64Array(n));
      if (g) g.set(hx);
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * hx[i];
      return 0.5 * s;
    },
  };
  if (exactHvp) {
    L.hessianVector = (_x, w, out) => {
      hvpCalls.n++;
      apply(w, out);
    };
  }
  return { L, hvpCalls };
}

Deno.test("lowestEigenpair: Lanczos (dim 80) finds the known lowest eigenvalue; exact HVPs are used when provided", () => {
  const rng = new Rng(Date.now() % 1e9);
  const n = 80;
  const lambdas = Array.from({ length: n }, (_, i) => 0.5 + i * 0.37);
  lambdas[17] = -0.8; // one negative direction, as at a transition state
  for (const exact of [true, false]) {
    const { L, hvpCalls } = quadratic(n, lambdas, rng, exact);
    const x = rng.normalArray(n);
    const ep = lowestEigenpair(L, x);
    assertClose(ep.value, -0.8, { abs: 1e-6 }, exact ? "exact HVP" : "finite differences");
    // The eigenvector satisfies H v = λ v.
    const hv = hessianVector(L, x, ep.vector, new Float64Array(n));
    for (let i = 0; i < n; i++) assertClose(hv[i], ep.value * ep.vector[i], { abs: 1e-5 });
    if (exact) assert.ok(hvpCalls.n > 0);
  }
});

Deno.test("hessian: symmetric and equal to the known matrix (finite differences of gradients)", () => {
  const rng = new Rng(4);
  const n = 6;
  const { L } = quadratic(n, [1, 2, 3, -1, 5, 0.5], rng, false);
  const H = hessian(L, rng.normalArray(n));
  const e = new Float64Array(n), col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    L.energy(e, col); // gradient at e_j = H e_j for a quadratic
    for (let i = 0; i < n; i++) {
      assertClose(H[i * n + j], col[i], { abs: 1e-7 });
      assert.equal(H[i * n + j], H[j * n + i]);
    }
  }
});
