import assert from "node:assert/strict";
import {
  choleskyInPlace,
  choleskySolve,
  choleskyWithJitter,
  inverseFromCholesky,
} from "../../lib/linalg/cholesky.ts";
import { NumericalError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { randomSpd } from "../helpers.ts";

// Sizes cover every remainder of the 2×4 and 4×4 blocking.
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 31, 64, 97];

Deno.test("choleskyInPlace: L·Lᵀ reproduces A to 1e-13 relative (every blocking remainder)", () => {
  const rng = new Rng(Date.now() % 1e9);
  for (const n of SIZES) {
    const A = randomSpd(rng, n);
    const L = new Float64Array(A);
    assert.equal(choleskyInPlace(L, n), -1);
    let scale = 0;
    for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(A[i]));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += L[i * n + k] * L[j * n + k];
        assert.ok(Math.abs(s - A[i * n + j]) <= 1e-13 * scale, `n=${n} (${i},${j})`);
      }
    }
  }
});

Deno.test("inverseFromCholesky: A·A⁻¹ = I to 1e-11, symmetric; choleskySolve solves", () => {
  const rng = new Rng(Date.now() % 1e9 + 1);
  for (const n of SIZES) {
    const A = randomSpd(rng, n);
    const L = new Float64Array(A);
    choleskyInPlace(L, n);
    const inv = inverseFromCholesky(L, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k] * inv[k * n + j];
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-11, `n=${n} (${i},${j}): ${s}`);
        assert.equal(inv[i * n + j], inv[j * n + i]);
      }
    }
    const b = rng.normalArray(n);
    const x = choleskySolve(L, n, b);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[i * n + k] * x[k];
      assert.ok(Math.abs(s - b[i]) < 1e-11);
    }
  }
});

Deno.test("choleskyWithJitter: reports jitter on a singular matrix, fails cleanly on a hopeless one", () => {
  const singular = new Float64Array([1, 1, 1, 1]); // rank 1
  const r = choleskyWithJitter(singular, 2);
  assert.ok(r.jitter > 0 && r.jitter <= 1e-4);
  const indefinite = new Float64Array([1, 2, 2, 1]); // eigenvalues 3, −1
  assert.throws(
    () => choleskyWithJitter(indefinite, 2),
    (e: Error) => e instanceof NumericalError && /jitter/.test(e.message),
  );
});
