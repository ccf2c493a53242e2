/**
 * Dense O(n³) kernels through a system BLAS/LAPACK — Debian's OpenBLAS (`libopenblas0`) — by
 * `Deno.dlopen`: the Cholesky factorisation (dpotrf) and the inverse from the factor (dpotri:
 * dtrtri then dlauum, 2n³/3 flops). The gradient of the NLML needs every entry of K⁻¹ (four dense
 * trace terms), and forming it this way costs a third of scikit-learn's cho_solve(L, I) (2n³).
 * Measured once at n = 5000 here: dpotrf 0.53 s, dpotri 1.02 s (dtrtri 0.49 s + a blocked dsyrk
 * sum 0.47 s came to the same, so the single call is used).
 *
 * Layout: our matrices are row-major with the factor in the lower triangle. Seen column-major the
 * same memory is the transpose, so the lower-row-major factor L is the upper-column-major factor
 * U = Lᵀ with A = UᵀU, and every call uses uplo = 'U'.
 *
 * Availability: the library is looked up once (ELML_BLAS=path picks a library, ELML_BLAS=0 turns
 * the path off). Without the library, or without the FFI permission (a run from a URL with
 * narrower permissions), {@link blasKernels} returns null and callers use the WebAssembly kernels;
 * {@link linalgPath} says which path runs and why, for reports.
 * @module
 */

const SYMBOLS = {
  dpotrf_: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  dpotri_: { parameters: ["buffer", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  cblas_dgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f64",
      "buffer",
      "i32",
    ],
    result: "void",
    optional: true,
  },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
} as const;

type Lib = Deno.DynamicLibrary<typeof SYMBOLS>;

/** The loaded kernels. */
export interface BlasKernels {
  /** Library path that was opened. */
  library: string;
  /** Threads the library uses (OpenBLAS), or null when it does not say. */
  threads: number | null;
  /** In-place Cholesky of the lower triangle of row-major `a`; −1 on success, else the failing row. */
  cholesky(a: Float64Array, n: number): number;
  /** A⁻¹ = L⁻ᵀL⁻¹ (full symmetric, row-major) from the lower factor L, into `out` (n×n). */
  inverseFromCholesky(L: Float64Array, n: number, out: Float64Array): Float64Array;
  /**
   * Row-major C (m×n) = op(A)·op(B) + beta·C (cblas_dgemm; op = transpose when `ta`/`tb`). The
   * first call sets the library to one thread for the rest of the process (the callers'
   * parallelism is the worker pool, and a fixed thread count keeps results reproducible); the
   * Cholesky kernels then run on one thread too. Null when the library has no cblas_dgemm.
   */
  gemm:
    | ((
      ta: boolean,
      tb: boolean,
      m: number,
      n: number,
      k: number,
      A: Float64Array,
      lda: number,
      B: Float64Array,
      ldb: number,
      beta: number,
      C: Float64Array,
      ldc: number,
    ) => void)
    | null;
}

const CANDIDATES = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll"];
let cache: { kernels: BlasKernels | null; reason: string } | undefined;

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

const U = Uint8Array.of(85); // 'U'
let singleThreaded = false;

function wrap(lib: Lib, library: string): BlasKernels {
  const s = lib.symbols;
  const i32 = (v: number) => Int32Array.of(v);
  const info = new Int32Array(1);
  let threads: number | null = null;
  try {
    threads = s.openblas_get_num_threads ? s.openblas_get_num_threads() : null;
  } catch {
    threads = null;
  }
  const dgemm = s.cblas_dgemm;
  const setThreads = s.openblas_set_num_threads;
  return {
    library,
    threads,
    gemm: dgemm
      ? (ta, tb, m, n, k, A, lda, B, ldb, beta, C, ldc) => {
        // One thread from the first call on, for the whole process: the library's thread count
        // is global, so setting and restoring it around each call raced between pool workers and
        // let a product run on two threads now and then — another summation order, and a run
        // that did not repeat itself.
        if (setThreads && threads !== 1 && !singleThreaded) {
          setThreads(1);
          singleThreaded = true;
        }
        // 101 = CblasRowMajor, 111/112 = CblasNoTrans/CblasTrans.
        dgemm(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, 1, A, lda, B, ldb, beta, C, ldc);
      }
      : null,
    cholesky(a, n) {
      if (n === 0) return -1;
      info[0] = 0;
      s.dpotrf_(U, i32(n), a, i32(n), info);
      if (info[0] < 0) throw new Error(`dpotrf: argument ${-info[0]} is invalid`);
      return info[0] === 0 ? -1 : info[0] - 1;
    },
    inverseFromCholesky(L, n, out) {
      const nn = n * n;
      out.set(L.subarray(0, nn));
      info[0] = 0;
      s.dpotri_(U, i32(n), out, i32(n), info);
      if (info[0] !== 0) throw new Error(`dpotri: info ${info[0]} (singular factor)`);
      // Upper column-major = lower row-major; mirror it, in tiles for the cache.
      const T = 64;
      for (let ib = 0; ib < n; ib += T) {
        const ie = Math.min(n, ib + T);
        for (let jb = 0; jb <= ib; jb += T) {
          const je = Math.min(n, jb + T);
          for (let i = ib; i < ie; i++) {
            const ri = i * n, jend = Math.min(je, i);
            for (let j = jb; j < jend; j++) out[j * n + i] = out[ri + j];
          }
        }
      }
      return out;
    },
  };
}

/**
 * The BLAS kernels, or null (no library, no FFI permission, or ELML_BLAS=0). Looked up once.
 *
 * @example
 * ```ts
 * import { blasKernels } from "./blas.ts";
 * import assert from "node:assert/strict";
 * const k = blasKernels();
 * if (k) {
 *   const a = Float64Array.of(4, 0, 2, 5); // [[4, ·], [2, 5]] (lower triangle used)
 *   assert.equal(k.cholesky(a, 2), -1);
 *   assert.deepEqual([a[0], a[2], a[3]], [2, 1, 2]); // L = [[2, 0], [1, 2]]
 * }
 * ```
 */
export function blasKernels(): BlasKernels | null {
  return load().kernels;
}

function load(): { kernels: BlasKernels | null; reason: string } {
  if (cache) return cache;
  const choice = env("ELML_BLAS");
  if (choice === "0") return (cache = { kernels: null, reason: "ELML_BLAS=0" });
  if (typeof Deno === "undefined" || typeof Deno.dlopen !== "function") {
    return (cache = { kernels: null, reason: "no Deno.dlopen" });
  }
  const names = choice ? [choice] : CANDIDATES;
  // OpenBLAS's idle threads spin for 2^28 cycles after each call by default, taking the core that
  // the GP helper thread (gp_threads.ts) needs: 2^4 cycles measured 20% faster at n = 1000 with
  // two threads, no slower alone. Read when the library loads; a user's own setting wins.
  if (env("OPENBLAS_THREAD_TIMEOUT") === undefined) {
    try {
      Deno.env.set("OPENBLAS_THREAD_TIMEOUT", "4");
    } catch {
      // no env permission: the library keeps its default
    }
  }
  let last = "";
  for (const name of names) {
    try {
      const lib = Deno.dlopen(name, SYMBOLS) as Lib;
      return (cache = { kernels: wrap(lib, name), reason: "" });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/permission|NotCapable|requires ffi|--allow-ffi/i.test(msg)) {
        return (cache = { kernels: null, reason: "no FFI permission (--allow-ffi)" });
      }
      last = msg.split("\n")[0];
    }
  }
  return (cache = {
    kernels: null,
    reason: choice ? `ELML_BLAS=${choice}: ${last}` : "libopenblas not found",
  });
}

/**
 * Which path the dense O(n³) steps take, in one line for reports; with `n`, the path that order
 * takes (below {@link BLAS_MIN_N} the WebAssembly kernels run even where OpenBLAS is loaded).
 */
export function linalgPath(n?: number): { path: "openblas" | "wasm"; description: string } {
  const { kernels, reason } = load();
  if (kernels && n !== undefined && n < BLAS_MIN_N) {
    return {
      path: "wasm",
      description:
        `WebAssembly SIMD, one thread (n = ${n} is below the OpenBLAS crossover, ${BLAS_MIN_N})`,
    };
  }
  if (kernels) {
    return {
      path: "openblas",
      description: `OpenBLAS via FFI (${kernels.library}${
        kernels.threads ? `, ${kernels.threads} threads` : ""
      }) for n ≥ ${BLAS_MIN_N}`,
    };
  }
  return {
    path: "wasm",
    description: `WebAssembly SIMD, one thread (OpenBLAS not used: ${reason})`,
  };
}

/**
 * Below this order the WebAssembly kernels win (one run, bench/linalg_bench.ts: Cholesky + inverse
 * at n = 200 0.83 ms WebAssembly vs 1.1 ms OpenBLAS; at n = 300 2.5 ms vs 1.5 ms).
 */
export const BLAS_MIN_N = 240;
