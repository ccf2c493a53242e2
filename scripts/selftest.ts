/**
 * `deno task selftest [--out DIR] [--cpu] [--quick] [--seed N]`: checks the WebGPU runtime — the
 * adapter and granted limits, the device self-tests (loop cap, arithmetic parity), a kernel's
 * parity and timing against its float64 CPU twin — and writes the findings as report.html and
 * results.json.
 * @module
 */
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { runSelfTests, type SelfTestResult } from "../lib/gpu/selftest.ts";
import { pairwiseSqDistCpu, pairwiseSqDistGpu, type SqDistInput } from "../lib/gpu/sqdist.ts";
import { compareOutputs, type ParityReport } from "../lib/gpu/parity.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import { parseFlags, runMain } from "../lib/util/cli.ts";
import { note } from "../lib/util/progress.ts";
import { Rng } from "../lib/util/random.ts";

const HELP = `deno task selftest [--out DIR] [--cpu] [--quick] [--seed N]

Checks the WebGPU runtime and writes DIR/report.html and DIR/results.json
(default DIR: reports/selftest).
  --cpu      skip WebGPU; time the float64 CPU path only (also ELML_DEVICE=cpu)
  --quick    smaller problem sizes
  --seed N   seed for the random inputs (default 1)`;

async function timeIt<T>(
  fn: () => Promise<T> | T,
  reps: number,
): Promise<{ value: T; ms: number }> {
  let value = await fn(); // warm-up (compiles the pipeline)
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) value = await fn();
  return { value, ms: (performance.now() - t0) / reps };
}

async function main(args: string[]): Promise<void> {
  const { common } = parseFlags(args, "selftest");
  if (common.help) {
    console.log(HELP);
    return;
  }
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const device = describeBackend(backend);
  note(`[selftest] device: ${device}`);
  const rng = new Rng(common.seed);
  const sizes = common.quick ? [64, 128] : [64, 128, 256];
  const d = 4, batch = 8;
  const timings: Record<string, number> = {};
  let selfTest: SelfTestResult | null = null;
  const rows: { n: number; cpuMs: number; gpuMs: number | null; parity: ParityReport | null }[] =
    [];
  if (backend.kind === "gpu") {
    const ts = performance.now();
    selfTest = await runSelfTests(backend.ctx, common.seed);
    timings["self-tests"] = (performance.now() - ts) / 1000;
    note(
      `[selftest] loop cap: ${
        selfTest.loopTruncated ? `truncated at ${selfTest.loopCompleted}` : "none"
      }`,
    );
  }
  const tk = performance.now();
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
    note(
      `[selftest] sqdist n=${n}: cpu ${fmt(cpu.ms)} ms${
        gpuMs !== null ? `, gpu ${fmt(gpuMs)} ms` : ""
      }`,
    );
  }
  timings["kernel parity and timing"] = (performance.now() - tk) / 1000;
  timings.total = (performance.now() - t0) / 1000;

  const ok = (selfTest?.arithmeticPass ?? true) && rows.every((r) => r.parity?.pass ?? true);
  const sections: Section[] = [];
  if (backend.kind === "gpu" && selfTest) {
    sections.push({
      title: "Adapter and limits",
      tables: [{
        columns: ["limit", "granted"],
        rows: Object.entries(backend.ctx.limits).map(([k, v]) => [k, v]),
      }],
    });
    sections.push({
      title: "Device self-tests",
      text:
        `Loop probe: asked for ${selfTest.loopProbe} iterations, completed ${selfTest.loopCompleted}` +
        (selfTest.loopTruncated
          ? " — this adapter silently truncates long loops; elml kernels keep every per-invocation loop far below that."
          : " — no truncation."),
      tables: [{
        caption: "Arithmetic parity against float64 (inputs rounded to f32 first)",
        columns: ["operation", "max |err|", "max rel err", "tol abs", "tol rel", "result"],
        rows: selfTest.arithmetic.map((
          r,
        ) => [
          r.name,
          r.maxAbsError,
          r.maxRelError,
          r.tolerance.abs,
          r.tolerance.rel,
          r.pass ? "pass" : "FAIL",
        ]),
      }],
    });
  } else {
    sections.push({
      title: "Device",
      text: `No WebGPU device in use: ${device}. The float64 CPU path ran alone.`,
    });
  }
  const figData = rows.flatMap((r) => [
    { n: r.n, path: "CPU float64", ms: r.cpuMs },
    ...(r.gpuMs !== null ? [{ n: r.n, path: "WebGPU f32", ms: r.gpuMs }] : []),
  ]);
  sections.push({
    title: "Kernel: pairwise scaled squared distances (sqdist.wgsl) against its CPU twin",
    text:
      `Batch of ${batch} lengthscale vectors, d = ${d}; time per call including upload, dispatch and one readback.`,
    figures: [{
      svg: plotToSvg({
        marginLeft: 60,
        x: { type: "log", label: "n (points)" },
        y: { type: "log", label: "ms per call", grid: true },
        color: { legend: true },
        marks: [
          Plot.line(figData, { x: "n", y: "ms", stroke: "path" }),
          Plot.dot(figData, { x: "n", y: "ms", fill: "path" }),
        ],
      }),
      caption: "Time per call against problem size.",
    }],
    tables: [{
      columns: ["n", "CPU ms", "GPU ms", "speed-up", "max |err|", "max rel err", "parity"],
      rows: rows.map((r) => [
        r.n,
        r.cpuMs,
        r.gpuMs,
        r.gpuMs ? r.cpuMs / r.gpuMs : null,
        r.parity?.maxAbsError ?? null,
        r.parity?.maxRelError ?? null,
        r.parity ? (r.parity.pass ? "pass" : "FAIL") : "–",
      ]),
    }],
  });
  const results = {
    task: "selftest",
    ok,
    device,
    backend: backend.kind,
    limits: backend.kind === "gpu" ? backend.ctx.limits : null,
    selfTest,
    kernels: rows.map((r) => ({
      name: "sqdist",
      n: r.n,
      d,
      batch,
      cpu_ms: r.cpuMs,
      gpu_ms: r.gpuMs,
      parity: r.parity,
    })),
    timings,
  };
  const paths = await writeReport(common.out, {
    title: "elml self-test: WebGPU runtime",
    task: "selftest",
    summary: `${ok ? "All checks passed" : "Some checks FAILED"} on ${device}.`,
    params: { out: common.out, seed: common.seed, quick: common.quick, cpu: common.cpu },
    timings,
    device,
    sections,
  }, results);
  note(`[selftest] ${ok ? "ok" : "FAILED"}; wrote ${paths.html} and ${paths.json}`);
  if (!ok) Deno.exit(1);
}

if (import.meta.main) runMain(main);
