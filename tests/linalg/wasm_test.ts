import assert from "node:assert/strict";
import {
  choleskyInPlaceJs,
  gramUpperTriangular,
  inverseTransposedLower,
} from "../../lib/linalg/cholesky.ts";
import { choleskyWasm, inverseFromCholeskyWasm, wasmKernels } from "../../lib/linalg/wasm.ts";
import { SOURCE_SHA256 } from "../../lib/linalg/_kernels_wasm.ts";
import { Rng } from "../../lib/util/random.ts";
import { randomSpd } from "../helpers.ts";

const k = wasmKernels();

Deno.test("the embedded wasm module was compiled from the committed AssemblyScript source", async () => {
  const src = await Deno.readFile(new URL("../../tools/wasm/kernels.as.ts", import.meta.url));
  const hash = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", src)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.equal(
    hash,
    SOURCE_SHA256,
    "run `deno task build:wasm` after editing tools/wasm/kernels.as.ts",
  );
});

Deno.test({
  name: "wasm kernels agree with the JavaScript kernels to 1e-12 on fresh random SPD matrices",
  ignore: k === null,
}, () => {
  const rng = new Rng(Date.now() % 1e9);
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 18, 19, 31, 64, 97]) {
    const A = randomSpd(rng, n);
    const Lj = new Float64Array(A), Lw = new Float64Array(A);
    assert.equal(choleskyInPlaceJs(Lj, n), -1);
    assert.equal(choleskyWasm(k!, Lw, n), -1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        assert.ok(
          Math.abs(Lj[i * n + j] - Lw[i * n + j]) <= 1e-12 * Math.max(1, Math.abs(Lj[i * n + j])),
          `L n=${n} (${i},${j})`,
        );
      }
    }
    const invJ = gramUpperTriangular(inverseTransposedLower(Lj, n), n);
    const invW = inverseFromCholeskyWasm(k!, Lj, n, new Float64Array(n * n).fill(NaN));
    let scale = 0;
    for (const v of invJ) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < n * n; i++) {
      assert.ok(
        Math.abs(invJ[i] - invW[i]) <= 1e-12 * scale,
        `inverse n=${n} [${i}]: ${invJ[i]} vs ${invW[i]}`,
      );
    }
  }
});

Deno.test({
  name: "wasm Cholesky reports the failing pivot like the JavaScript one",
  ignore: k === null,
}, () => {
  const n = 20, rng = new Rng(3);
  const A = randomSpd(rng, n);
  A[7 * n + 7] = -5; // not positive definite from row 7 on
  const a = new Float64Array(A), b = new Float64Array(A);
  assert.equal(choleskyWasm(k!, a, n), choleskyInPlaceJs(b, n));
});
