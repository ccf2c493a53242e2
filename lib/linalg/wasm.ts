/**
 * The WebAssembly (f64x2 SIMD) versions of the dense kernels — Cholesky, L⁻ᵀ and U·Uᵀ — compiled
 * from tools/wasm/kernels.as.ts. About 2.3× faster than the JavaScript kernels at n = 500–1000 here
 * (bench/linalg_bench.ts), with the same float64 results up to summation order. Instantiated once,
 * synchronously; where WebAssembly SIMD is unavailable, or with ELML_WASM=0, callers fall back to
 * the JavaScript kernels.
 * @module
 */
import { WASM_BASE64 } from "./_kernels_wasm.ts";

interface Exports {
  memory: WebAssembly.Memory;
  cholesky(a: number, n: number): number;
  invUpper(l: number, u: number, n: number): void;
  gram(u: number, out: number, n: number): void;
}

let exportsCache: Exports | null | undefined;

function disabledByEnv(): boolean {
  try {
    return Deno.env.get("ELML_WASM") === "0";
  } catch {
    return false;
  }
}

/** The instantiated kernels, or null when WebAssembly SIMD is unavailable or disabled. */
export function wasmKernels(): Exports | null {
  if (exportsCache !== undefined) return exportsCache;
  if (disabledByEnv() || typeof WebAssembly === "undefined") return (exportsCache = null);
  try {
    const bin = atob(WASM_BASE64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        abort: () => {
          throw new Error("wasm kernel aborted");
        },
      },
    });
    exportsCache = instance.exports as unknown as Exports;
  } catch {
    exportsCache = null;
  }
  return exportsCache;
}

/** Ensures room for `doubles` float64 values after offset 8; returns a fresh view of memory. */
function room(k: Exports, doubles: number): Float64Array {
  const need = 8 + doubles * 8;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  return new Float64Array(k.memory.buffer);
}

const BASE = 8; // byte offset of the first matrix (leave address 0 alone)

/** In-place Cholesky of the lower triangle of `a` (n×n); −1 on success, else the failing row. */
export function choleskyWasm(k: Exports, a: Float64Array, n: number): number {
  const nn = n * n;
  const mem = room(k, nn);
  mem.set(a.subarray(0, nn), BASE / 8);
  const r = k.cholesky(BASE, n);
  a.set(new Float64Array(k.memory.buffer, BASE, nn));
  return r;
}

/** A⁻¹ = L⁻ᵀL⁻¹ from the lower Cholesky factor L, into `out` (full symmetric). */
export function inverseFromCholeskyWasm(
  k: Exports,
  L: Float64Array,
  n: number,
  out: Float64Array,
): Float64Array {
  const nn = n * n;
  const mem = room(k, 3 * nn);
  const l = BASE, u = BASE + nn * 8, o = BASE + 2 * nn * 8;
  mem.set(L.subarray(0, nn), l / 8);
  mem.fill(0, u / 8, u / 8 + nn);
  k.invUpper(l, u, n);
  k.gram(u, o, n);
  out.set(new Float64Array(k.memory.buffer, o, nn));
  return out;
}
