/**
 * Dense kernels: Cholesky + inverse from the factor, WebAssembly SIMD and OpenBLAS through FFI
 * (where libopenblas is installed) against the JavaScript kernels (the float64 reference path),
 * same matrices, same run. `deno task bench`.
 */
import {
  choleskyInPlaceJs,
  gramUpperTriangular,
  inverseTransposedLower,
} from "../lib/linalg/cholesky.ts";
import { choleskyWasm, inverseFromCholeskyWasm, wasmKernels } from "../lib/linalg/wasm.ts";
import { blasKernels } from "../lib/linalg/blas.ts";

const k = wasmKernels();
const b = blasKernels();
for (const n of [200, 300, 500]) {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      A[i * n + j] = A[j * n + i] = Math.exp(-Math.abs(i - j) / 50) * Math.cos(i - j);
    }
    A[i * n + i] = 1.5;
  }
  const L = new Float64Array(A), out = new Float64Array(n * n);
  Deno.bench({
    name: `Cholesky + inverse, JavaScript (n=${n})`,
    group: `linalg n=${n}`,
    baseline: true,
  }, () => {
    L.set(A);
    choleskyInPlaceJs(L, n);
    gramUpperTriangular(inverseTransposedLower(L, n), n);
  });
  if (k) {
    Deno.bench(
      { name: `Cholesky + inverse, WebAssembly SIMD (n=${n})`, group: `linalg n=${n}` },
      () => {
        L.set(A);
        choleskyWasm(k, L, n);
        inverseFromCholeskyWasm(k, L, n, out);
      },
    );
  }
  if (b) {
    Deno.bench(
      { name: `Cholesky + inverse, OpenBLAS dpotrf/dpotri (n=${n})`, group: `linalg n=${n}` },
      () => {
        L.set(A);
        b.cholesky(L, n);
        b.inverseFromCholesky(L, n, out);
      },
    );
  }
}
