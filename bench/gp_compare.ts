/**
 * NLML + full gradient of the Matérn-ν GP: elml (float64 CPU; WebGPU batch where an adapter exists)
 * against scikit-learn on the same data in the same run. Run: `deno task bench:gp [--quick]`.
 * The O(n²) loops run on every core (gp_threads.ts); the "1 thread" column times the same
 * evaluation with `threads: 1` (bitwise the same NLML, checked). Prints a markdown table and writes reports/bench/gp.json. Timings are medians over repetitions
 * (these machines are noisy: compare ratios from one run).
 *
 * elml's gradient has 4 components (ln ℓ, ln σf², ln σn², ν); scikit-learn's has 3 (ν is fixed
 * there, and for ν ∉ {½, 3/2, 5/2} it finite-differences the kernel gradient).
 */
import { MaternGP } from "../lib/models/gp.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { Rng } from "../lib/util/random.ts";
import { note } from "../lib/util/progress.ts";
import { linalgPath } from "../lib/linalg/blas.ts";

const quick = Deno.args.includes("--quick");
// Isotropic rows with 2 inputs, then ARD rows with 5 inputs (one length-scale per input).
const configs: { n: number; d: number; ard: boolean }[] = quick ? [{ n: 200, d: 2, ard: false }] : [
  ...[200, 500, 1000, 2000, 5000].map((n) => ({ n, d: 2, ard: false })),
  ...[500, 1000, 2000].map((n) => ({ n, d: 5, ard: true })),
];
const theta = { logEll: Math.log(0.8), logSf2: Math.log(1.3), logSn2: Math.log(0.05) };
const backend = await getBackend({ quiet: true, cpu: Deno.args.includes("--cpu") });

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

function timeReps(fn: () => void, reps: number): { median: number; min: number } {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return { median: median(ts), min: Math.min(...ts) };
}

async function sklearn(csv: string, nu: number, reps: number, ard: boolean) {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      new URL("./peers/sklearn_gp.py", import.meta.url).pathname,
      csv,
      String(nu),
      String(theta.logEll),
      String(theta.logSf2),
      String(theta.logSn2),
      String(reps),
      ard ? "ard" : "iso",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const rows: Record<string, unknown>[] = [];
const rng = new Rng(42);
for (const { n, d, ard } of configs) {
  const X = rng.uniformArray(n * d, -2, 2);
  const y = Float64Array.from(
    { length: n },
    (_, i) => Math.sin(1.5 * X[d * i]) + 0.3 * X[d * i + 1] + 0.2 * rng.normal(),
  );
  const csv = await Deno.makeTempFile({ suffix: ".csv" });
  const header = Array.from({ length: d }, (_, k) => `x${k + 1}`).join(",");
  await Deno.writeTextFile(
    csv,
    `${header},y\n` + Array.from({ length: n }, (_, i) =>
      `${Array.from(X.subarray(i * d, i * d + d)).join(",")},${y[i]}`).join("\n") +
      "\n",
  );
  const reps = n >= 5000 ? 3 : n >= 1000 ? 5 : n >= 500 ? 9 : 15;
  const skReps = n >= 5000 ? 1 : reps;
  for (const nu of [1.2, 1.5]) {
    note(`[bench:gp] n=${n} d=${d}${ard ? " ARD" : ""} ν=${nu}`);
    const gp = new MaternGP({ X, n, d, y }, { ard });
    const nl = ard ? d : 1;
    const th = Float64Array.from([
      ...Array.from({ length: nl }, () =>
        theta.logEll),
      theta.logSf2,
      theta.logSn2,
      nu,
    ]);
    const g = new Float64Array(th.length);
    const rss0 = Deno.memoryUsage().rss;
    const t = timeReps(() =>
      gp.energy(th, g), reps);
    const e = gp.energy(th, g);
    const rss = Deno.memoryUsage().rss;
    const threadsUsed = gp.threadsUsed;
    // The same evaluation with the O(n²) loops on one thread (gp_threads.ts), in the same run.
    const gp1 = new MaternGP({ X, n, d, y }, { ard, threads: 1 });
    const t1 = threadsUsed > 1
      ? timeReps(() => gp1.energy(th, g), reps)
      : t;
    const e1 = gp1.energy(th, g);
    if (e1 !== e) throw new Error(`one thread and ${threadsUsed} threads disagree: ${e1} vs ${e}`);
    const sk = await sklearn(csv, nu, skReps, ard);
    rows.push({
      n,
      d,
      ard,
      nu,
      elml_cpu_ms: t.median,
      elml_cpu_min_ms: t.min,
      elml_rss_mb: Math.max(rss, rss0) / 2 ** 20,
      elml_threads: threadsUsed,
      elml_one_thread_ms: t1.median,
      sklearn_ms: sk.median_ms,
      sklearn_min_ms: sk.min_ms,
      speedup: sk.median_ms / t.median,
      nlml_elml: e,
      nlml_sklearn: sk.nlml,
      nlml_rel_diff: Math.abs(e - sk.nlml) / Math.abs(sk.nlml),
    });
  }
  await Deno.remove(csv);
}

// Throughput for a batch of 64 hyperparameter points (what landscape exploration needs).
const batch: Record<string, unknown>[] = [];
for (const n of quick ? [100] : [100, 200, 500]) {
  const d = 2, B = 64;
  const X = rng.uniformArray(n * d, -2, 2);
  const y = Float64Array.from(
    { length: n },
    (_, i) => Math.sin(1.5 * X[2 * i]) + 0.2 * rng.normal(),
  );
  const xs = new Float64Array(B * 4);
  for (let b = 0; b < B; b++) {
    xs.set([rng.range(-1, 0.5), rng.range(-0.5, 0.5), rng.range(-4, -1), rng.range(0.5, 3)], b * 4);
  }
  const grads = new Float64Array(B * 4);
  const cpuGp = new MaternGP({ X, n, d, y });
  await cpuGp.energyBatch(xs, grads);
  let t = performance.now();
  await cpuGp.energyBatch(xs, grads);
  const cpuS = (performance.now() - t) / 1000;
  const row: Record<string, unknown> = { n, batch: B, cpu_evals_per_s: B / cpuS };
  if (backend.kind === "gpu") {
    const gpuGp = new MaternGP({ X, n, d, y }, { gpu: backend.ctx });
    await gpuGp.energyBatch(xs, grads);
    t = performance.now();
    await gpuGp.energyBatch(xs, grads);
    const gpuS = (performance.now() - t) / 1000;
    row.gpu_evals_per_s = B / gpuS;
  }
  batch.push(row);
  note(`[bench:gp] batch n=${n}: ${JSON.stringify(row)}`);
}

const device = describeBackend(backend);
console.log(
  `\nNLML + gradient, median ms (device for elml CPU rows: float64 on this CPU; GPU batch: ${device})\n`,
);
console.log(`Dense Cholesky and inverse: ${linalgPath().description}\n`);
console.log(
  "| n | inputs | ν | elml CPU ms | threads | elml 1 thread ms | scikit-learn ms | speed-up | NLML rel. diff | elml RSS MB |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.d}${r.ard ? " ARD" : ""} | ${r.nu} | ${
      (r.elml_cpu_ms as number).toFixed(1)
    } | ${r.elml_threads} | ${(r.elml_one_thread_ms as number).toFixed(1)} | ${
      (r.sklearn_ms as number).toFixed(1)
    } | ${(r.speedup as number).toFixed(2)}× | ${(r.nlml_rel_diff as number).toExponential(1)} | ${
      (r.elml_rss_mb as number).toFixed(0)
    } |`,
  );
}
console.log(
  "\nBatch of 64 hyperparameter points (ν free, 4-component gradients), evaluations per second\n",
);
console.log("| n | CPU float64 | GPU f32 kernel + float64 Cholesky |");
console.log("| --- | --- | --- |");
for (const b of batch) {
  console.log(
    `| ${b.n} | ${(b.cpu_evals_per_s as number).toFixed(1)} | ${
      b.gpu_evals_per_s ? (b.gpu_evals_per_s as number).toFixed(1) : "–"
    } |`,
  );
}
await Deno.mkdir("reports/bench", { recursive: true });
await Deno.writeTextFile(
  "reports/bench/gp.json",
  JSON.stringify(
    { date: new Date().toISOString(), device, linalg: linalgPath().description, rows, batch },
    null,
    2,
  ) + "\n",
);
