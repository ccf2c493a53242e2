/**
 * Test helpers: numeric assertions with stated tolerances, the GPU context (or null on the CPU
 * path), and a subprocess runner for scripts.
 * @module
 */
import assert, { AssertionError } from "node:assert/strict";
import { getGpu, type GpuContext } from "../lib/gpu/device.ts";
import type { LandscapeDatabase } from "../lib/landscape/database.ts";

/** Asserts |actual − expected| ≤ abs + rel·|expected|. */
export function assertClose(
  actual: number,
  expected: number,
  tol: { abs?: number; rel?: number },
  msg = "",
): void {
  const allow = (tol.abs ?? 0) + (tol.rel ?? 0) * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= allow) && !(actual === expected)) {
    throw new AssertionError({
      message: `${msg ? msg + ": " : ""}${actual} vs ${expected}: |diff| ${
        Math.abs(actual - expected)
          .toExponential(3)
      } > ${allow.toExponential(3)}`,
    });
  }
}

/** Element-wise {@link assertClose}; reports the worst element. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { abs?: number; rel?: number },
  msg = "",
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError({ message: `${msg}: length ${actual.length} vs ${expected.length}` });
  }
  for (let i = 0; i < expected.length; i++) {
    assertClose(actual[i], expected[i], tol, `${msg}[${i}]`);
  }
}

/**
 * The process's GPU context, or null when tests run on the CPU path (ELML_DEVICE=cpu, no adapter).
 * Only GPU test modules call this: each Deno test worker that acquires a device holds its own, and
 * concurrent wgpu devices in one process crashed at exit (see docs/ARCHITECTURE.md).
 */
export function testGpu(): Promise<GpuContext | null> {
  return getGpu({ quiet: true });
}

/** Options for tests that hold the WebGPU device across tests (its resources outlive one test). */
export const gpuTestOptions = { sanitizeResources: false, sanitizeOps: false } as const;

/** Runs `deno run -A <script> ...args` and returns exit code, stdout and stderr. */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Absolute path of a file in the repository. */
export function repoPath(rel: string): string {
  return new URL(`../${rel}`, import.meta.url).pathname;
}

/** A page is self-contained when nothing in it would make the browser fetch anything. */
export function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script[^>]+src=/i, "external script");
  assert.doesNotMatch(html, /<link[^>]+href=/i, "external stylesheet");
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i, "network URL in src/href");
  assert.doesNotMatch(html, /url\(\s*["']?(https?:)?\/\//i, "network URL in CSS");
  assert.doesNotMatch(html, /@import/i, "CSS import");
}

/**
 * A random transition network of N minima and M transition states, mostly local connections (as in
 * a real landscape), with a spanning chain that keeps it connected; energies in [0, 10).
 */
export function randomNetwork(
  rng: { range(a: number, b: number): number; int(n: number): number },
  N: number,
  M: number,
): {
  energies: number[];
  logProducts: number[];
  transitionStates: { energy: number; logProduct: number; a: number; b: number }[];
} {
  const energies = Array.from({ length: N }, () => rng.range(0, 10));
  const logProducts = Array.from({ length: N }, () => rng.range(-1, 1));
  const transitionStates = [];
  for (let k = 0; k < M; k++) {
    const a = k < N - 1 ? k : rng.int(N);
    const b = k < N - 1 ? k + 1 : Math.min(N - 1, Math.max(0, a + rng.int(21) - 10));
    transitionStates.push({
      energy: Math.max(energies[a], energies[b]) + rng.range(0.1, 5),
      logProduct: rng.range(-1, 1),
      a,
      b,
    });
  }
  return { energies, logProducts, transitionStates };
}

/** A random symmetric positive-definite n×n matrix: B·Bᵀ/n + ½I with B standard normal. */
export function randomSpd(rng: { normalArray(n: number): Float64Array }, n: number): Float64Array {
  const B = rng.normalArray(n * n), A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      A[i * n + j] = A[j * n + i] = s / n + (i === j ? 0.5 : 0);
    }
  }
  return A;
}

/**
 * Runs `script` once per case (with `--cpu --out DIR/out`) and asserts exit code 1 and exactly one
 * stderr line (besides `elml:` notices) matching the case's pattern.
 */
export async function assertOneLineErrors(
  script: string,
  cases: [string[], RegExp][],
  dir: string,
): Promise<void> {
  for (const [args, re] of cases) {
    const res = await runScript(script, [...args, "--cpu", "--out", `${dir}/out`]);
    assert.equal(res.code, 1, args.join(" "));
    // Deno's own "Download https://registry.npmjs.org/…" notices (it may refetch an npm packument
    // while resolving a CommonJS require) are the runtime's, not the task's.
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
    const lines = res.stderr.trim().split("\n").filter((l) =>
      !l.startsWith("elml:") && !/^Download https?:\/\//.test(l.replace(ansi, ""))
    );
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0], re);
  }
}

/** Adds an index-1 saddle between minima a and b at `energy` (1-D test networks: x = a + 0.5). */
export function addSaddle(db: LandscapeDatabase, a: number, b: number, energy: number): void {
  db.addTransitionState({
    energy,
    x: Float64Array.of(a + 0.5),
    minima: [a, b],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
}
