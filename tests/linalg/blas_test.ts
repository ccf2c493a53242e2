/**
 * The OpenBLAS path (lib/linalg/blas.ts) against the JavaScript kernels on random SPD matrices:
 * factor, failing pivot and inverse. Skipped with a notice where libopenblas is not installed
 * (`.ci/run` installs Debian's libopenblas0 so that CI tests both paths).
 */
import assert from "node:assert/strict";
import { blasKernels, linalgPath } from "../../lib/linalg/blas.ts";
import {
  choleskyInPlaceJs,
  gramUpperTriangular,
  inverseTransposedLower,
} from "../../lib/linalg/cholesky.ts";
import { Rng } from "../../lib/util/random.ts";
import { randomSpd } from "../helpers.ts";

const blas = blasKernels();
if (!blas) console.error(`blas_test: skipped — ${linalgPath().description}`);

// Around the 64-wide tiles of the mirror step and OpenBLAS's own blocking.
const SIZES = [1, 2, 17, 64, 191, 192, 193, 450];

Deno.test({
  name: "OpenBLAS Cholesky equals the JavaScript factor to 1e-12 relative",
  ignore: !blas,
  fn() {
    const rng = new Rng(5);
    for (const n of SIZES) {
      const A = randomSpd(rng, n);
      const a = new Float64Array(A), b = new Float64Array(A);
      assert.equal(blas!.cholesky(a, n), -1);
      assert.equal(choleskyInPlaceJs(b, n), -1);
      let err = 0, scale = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          err = Math.max(err, Math.abs(a[i * n + j] - b[i * n + j]));
          scale = Math.max(scale, Math.abs(b[i * n + j]));
        }
      }
      assert.ok(err <= 1e-12 * scale, `n=${n}: ${err}`);
    }
  },
});

Deno.test({
  name: "OpenBLAS Cholesky reports the same failing row as the JavaScript kernel",
  ignore: !blas,
  fn() {
    const rng = new Rng(6);
    const n = 120;
    const A = randomSpd(rng, n);
    A[77 * n + 77] = -5; // row 77 loses positive definiteness
    const a = new Float64Array(A), b = new Float64Array(A);
    assert.equal(blas!.cholesky(a, n), choleskyInPlaceJs(b, n));
    assert.equal(choleskyInPlaceJs(new Float64Array(A), n), 77);
  },
});

Deno.test({
  name: "OpenBLAS inverse (dpotri) equals L⁻ᵀL⁻¹ from the JavaScript kernels",
  ignore: !blas,
  fn() {
    const rng = new Rng(7);
    for (const n of SIZES) {
      const A = randomSpd(rng, n);
      const L = new Float64Array(A);
      choleskyInPlaceJs(L, n);
      const ref = gramUpperTriangular(inverseTransposedLower(L, n), n);
      const out = new Float64Array(n * n);
      const Lcopy = new Float64Array(L);
      blas!.inverseFromCholesky(L, n, out);
      assert.deepEqual(L, Lcopy, "L is left unchanged");
      let err = 0, scale = 0;
      for (let i = 0; i < n * n; i++) {
        err = Math.max(err, Math.abs(out[i] - ref[i]));
        scale = Math.max(scale, Math.abs(ref[i]));
      }
      assert.ok(err <= 1e-11 * scale, `n=${n}: ${err / scale}`);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) assert.equal(out[i * n + j], out[j * n + i]);
      }
    }
  },
});
