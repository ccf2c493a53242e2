/**
 * The WebGPU runtime check behind `deno task selftest`: the adapter and granted limits, the device
 * self-tests (loop cap, arithmetic parity), and a kernel's parity and timing against its float64
 * CPU twin.
 * @module
 */
import type { Backend } from "../gpu/device.ts";
import { compareOutputs, type ParityReport } from "../gpu/parity.ts";
import { runSelfTests, type SelfTestResult } from "../gpu/selftest.ts";
import { pairwiseSqDistCpu, pairwiseSqDistGpu, type SqDistInput } from "../gpu/sqdist.ts";
import { fmt } from "../report/html.ts";
import { Rng } from "../util/random.ts";
import type { RunContext } from "./context.ts";

/** One kernel size: CPU and GPU time per call, and the parity report. */
export interface KernelRow {
  /** Points. */
  n: number;
  /** CPU float64 milliseconds per call. */
  cpuMs: number;
  /** WebGPU milliseconds per call (null without a device). */
  gpuMs: number | null;
  /** GPU against CPU (null without a device). */
  parity: ParityReport | null;
}

/** Everything the self-test measured. */
export interface SelftestResult {
  /** The backend it ran on. */
  backend: Backend;
  /** Device self-tests (null without a device). */
  selfTest: SelfTestResult | null;
  /** sqdist.wgsl against its twin, per size. */
  rows: KernelRow[];
  /** Input dimension and batch of the kernel runs. */
  shape: { d: number; batch: number };
  /** Every check passed. */
  ok: boolean;
}

async function timeIt<T>(
  fn: () => Promise<T> | T,
  reps: number,
): Promise<{ value: T; ms: number }> {
  let value = await fn(); // warm-up (compiles the pipeline)
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) value = await fn();
  return { value, ms: (performance.now() - t0) / reps };
}

/** Runs the checks on `backend` (timings only on the CPU path). */
export async function runSelftest(
  backend: Backend,
  o: { seed: number; quick: boolean },
  ctx: RunContext,
): Promise<SelftestResult> {
  const rng = new Rng(o.seed);
  const sizes = o.quick ? [64, 128] : [64, 128, 256];
  const d = 4, batch = 8;
  let selfTest: SelfTestResult | null = null;
  const rows: KernelRow[] = [];
  if (backend.kind === "gpu") {
    selfTest = await ctx.stage("self-tests", () => runSelfTests(backend.ctx, o.seed));
    ctx.log(
      `loop cap: ${selfTest.loopTruncated ? `truncated at ${selfTest.loopCompleted}` : "none"}`,
    );
  }
  await ctx.stage("kernel parity and timing", async () => {
    for (const n of sizes) {
      const input: SqDistInput = {
        x: rng.normalArray(n * d),
        n,
        d,
        invLengthscale: rng.uniformArray(batch * d, 0.2, 3),
        batch,
      };
      const cpu = await timeIt(() => pairwiseSqDistCpu(input), 3);
      let gpuMs: number | null = null, parity: ParityReport | null = null;
      if (backend.kind === "gpu") {
        const gpu = await timeIt(() => pairwiseSqDistGpu(backend.ctx, input), 3);
        gpuMs = gpu.ms;
        parity = compareOutputs(`sqdist n=${n}`, gpu.value, cpu.value, { abs: 1e-5, rel: 1e-5 });
      }
      rows.push({ n, cpuMs: cpu.ms, gpuMs, parity });
      ctx.log(
        `sqdist n=${n}: cpu ${fmt(cpu.ms)} ms${gpuMs !== null ? `, gpu ${fmt(gpuMs)} ms` : ""}`,
      );
    }
  });
  const ok = (selfTest?.arithmeticPass ?? true) && rows.every((r) => r.parity?.pass ?? true);
  return { backend, selfTest, rows, shape: { d, batch }, ok };
}

/** The results.json object, without `device` and `timings`. */
export function selftestResults(r: SelftestResult): Record<string, unknown> {
  return {
    task: "selftest",
    ok: r.ok,
    backend: r.backend.kind,
    limits: r.backend.kind === "gpu" ? r.backend.ctx.limits : null,
    selfTest: r.selfTest,
    kernels: r.rows.map((k) => ({
      name: "sqdist",
      n: k.n,
      d: r.shape.d,
      batch: r.shape.batch,
      cpu_ms: k.cpuMs,
      gpu_ms: k.gpuMs,
      parity: k.parity,
    })),
  };
}
