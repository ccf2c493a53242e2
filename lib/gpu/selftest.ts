/**
 * Device self-tests, run once per process (cached on the context): the loop-iteration cap that
 * llvmpipe imposes (65,535 iterations per invocation, silently) and arithmetic parity of basic
 * operations and built-ins against float64.
 * @module
 */
import code from "../../shaders/selftest.wgsl" with { type: "text" };
import type { GpuContext } from "./device.ts";
import { outputBuffer, release, storageBuffer, uniformBuffer } from "./buffers.ts";
import { getKernel } from "./pipeline.ts";
import { dispatch } from "./dispatch.ts";
import { compareOutputs, type ParityReport } from "./parity.ts";
import { Rng } from "../util/random.ts";

/** Results of {@link runSelfTests}. */
export interface SelfTestResult {
  /** Iterations completed by a loop asked to run `loopProbe` times. */
  loopCompleted: number;
  /** Iterations the loop probe asked for. */
  loopProbe: number;
  /** True when the loop was cut short (llvmpipe: at 65,535). */
  loopTruncated: boolean;
  /** Parity of each operation against float64 (inputs rounded to f32 first). */
  arithmetic: ParityReport[];
  /** True when every arithmetic check passed. */
  arithmeticPass: boolean;
  /** Milliseconds the self-tests took. */
  ms: number;
}

const cache = new WeakMap<GpuContext, Promise<SelfTestResult>>();

/** Tolerances per operation: ±1–2 ulp for the basic ones, WGSL's looser built-ins for the rest. */
const OPS: { name: string; f: (a: number, b: number) => number; abs: number; rel: number }[] = [
  { name: "a*b+1", f: (a, b) => a * b + 1, abs: 1e-6, rel: 3e-7 },
  { name: "a/b", f: (a, b) => a / b, abs: 0, rel: 3e-7 },
  { name: "sqrt(b)", f: (_a, b) => Math.sqrt(b), abs: 0, rel: 3e-7 },
  { name: "exp(a)", f: (a) => Math.exp(a), abs: 0, rel: 4e-6 },
  { name: "log(b)", f: (_a, b) => Math.log(b), abs: 4e-6, rel: 0 },
  { name: "tanh(a)", f: (a) => Math.tanh(a), abs: 2e-5, rel: 0 },
];

/** Runs the self-tests once per context (later calls return the same result). */
export function runSelfTests(ctx: GpuContext, seed = 12345): Promise<SelfTestResult> {
  let p = cache.get(ctx);
  if (!p) {
    p = selfTests(ctx, seed);
    cache.set(ctx, p);
  }
  return p;
}

async function selfTests(ctx: GpuContext, seed: number): Promise<SelfTestResult> {
  const t0 = performance.now();
  const rng = new Rng(seed);
  const n = 4096;
  const a = new Float32Array(n), b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.range(-5, 5);
    b[i] = rng.range(0.1, 10);
  }
  const loopProbe = 100_000;
  const probe = await getKernel(ctx, { name: "selftest.wgsl", code, entryPoint: "loop_probe" });
  const arith = await getKernel(ctx, { name: "selftest.wgsl", code, entryPoint: "arith" });
  const pLoop = uniformBuffer(ctx, new Uint32Array([loopProbe, 1, 0, 0]));
  const pArith = uniformBuffer(ctx, new Uint32Array([0, n, 0, 0]));
  const ab = storageBuffer(ctx, a), bb = storageBuffer(ctx, b);
  const outLoop = outputBuffer(ctx, 2), outArith = outputBuffer(ctx, 6 * n);
  try {
    const [loopRes, arithRes] = await dispatch(ctx, [
      { kernel: probe, bindings: [pLoop, ab, bb, outLoop], workgroups: [1] },
      { kernel: arith, bindings: [pArith, ab, bb, outArith], workgroups: [Math.ceil(n / 64)] },
    ], [{ buffer: outLoop, bytes: 8 }, { buffer: outArith, bytes: 24 * n }]);
    const loopCompleted = new Float32Array(loopRes)[0];
    const g = new Float32Array(arithRes);
    const arithmetic = OPS.map((op, k) => {
      const gpu = new Float64Array(n), cpu = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        gpu[i] = g[6 * i + k];
        cpu[i] = op.f(a[i], b[i]);
      }
      return compareOutputs(op.name, gpu, cpu, { abs: op.abs, rel: op.rel });
    });
    ctx.maxLoopIterations = loopCompleted < loopProbe ? loopCompleted : Infinity;
    return {
      loopCompleted,
      loopProbe,
      loopTruncated: loopCompleted < loopProbe,
      arithmetic,
      arithmeticPass: arithmetic.every((r) => r.pass),
      ms: performance.now() - t0,
    };
  } finally {
    release(pLoop, pArith, ab, bb, outLoop, outArith);
  }
}
