/**
 * Which path minimises basin-hopping's walkers: the fast batch path (a landscape whose
 * `energyBatch` runs on the GPU in f32, every result then polished and verified in float64) or
 * float64 on the CPU threads. `auto` decides from measured costs: one float64 evaluation (always
 * measured, it takes milliseconds), and the batch path's first call (kernel compilation) and
 * per-round time, measured once per machine, adapter and model shape and cached in
 * `$XDG_CACHE_HOME/elml/calibration.json` (or `~/.cache/elml/`). When the float64 path's predicted
 * time is below the cost of calibrating, the batch path is not even compiled.
 * @module
 */
import type { Landscape } from "./types.ts";
import { formatDuration } from "../util/progress.ts";
import { UserError } from "../util/errors.ts";

/** The user's choice (`--device`). */
export type DeviceChoice = "auto" | "gpu" | "cpu";

/** What the policy needs to know; see {@link chooseMinimizationPath}. */
export interface PolicyInput {
  /** `auto` (measure and decide), `gpu` (the batch path; an error when there is none) or `cpu`. */
  choice: DeviceChoice;
  /** The float64 landscape searched. */
  landscape: Landscape;
  /** The batch (screening) landscape, or null when there is none. */
  batch: Landscape | null;
  /** Why there is no batch path (for the report), when `batch` is null. */
  unavailable?: string;
  /** Walkers minimised together (the batch size). */
  walkers: number;
  /** Float64 threads of the CPU path. */
  workers: number;
  /** Minimisation rounds the run will do (steps + 1). */
  rounds: number;
  /** Mean L-BFGS iterations per minimisation [300]. */
  iterations?: number;
  /**
   * Batch rounds per minimisation round relative to the mean iterations [1.1]: screened walkers
   * stream through the batch, so only the last minimisation of each walker waits for others.
   */
  tail?: number;
  /** Model shape for the cache key, e.g. "mlp ce 61-10-10 n=1797". */
  key: string;
  /** Adapter description for the cache key. */
  adapter: string;
  /** Calibration cache file; null: no cache [$XDG_CACHE_HOME/elml/calibration.json]. */
  cacheFile?: string | null;
  /** Skip calibrating when the float64 path is predicted to take less than this [20 s]. */
  calibrateAbove?: number;
}

/** Measured costs of the two paths. */
export interface Calibration {
  /** One float64 energy + gradient, milliseconds. */
  cpuPointMs: number;
  /** First batch call (compilation included), milliseconds; NaN when not measured. */
  firstCallMs: number;
  /** One batch call of `walkers` points after the first, milliseconds; NaN when not measured. */
  batchMs: number;
  /** True when the batch figures came from the cache. */
  cached: boolean;
}

/** The decision, with the figures behind it. */
export interface PolicyDecision {
  /** The path that runs. */
  path: "gpu" | "cpu";
  /** Why, in one line (for the report and results.json). */
  reason: string;
  /** What was measured. */
  calibration: Calibration;
  /** Predicted seconds of the minimisations on each path (NaN when not predicted). */
  predicted: { cpu: number; gpu: number };
}

/** The default cache file. */
export function defaultCalibrationFile(): string | null {
  try {
    const base = Deno.env.get("XDG_CACHE_HOME") ??
      (Deno.env.get("HOME") ? `${Deno.env.get("HOME")}/.cache` : undefined);
    return base ? `${base}/elml/calibration.json` : null;
  } catch {
    return null;
  }
}

type CacheEntry = { firstCallMs: number; batchMs: number; when: string };

function readCache(file: string | null): Record<string, CacheEntry> {
  if (!file) return {};
  try {
    const v = JSON.parse(Deno.readTextFileSync(file));
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

function writeCache(file: string | null, cache: Record<string, CacheEntry>): void {
  if (!file) return;
  try {
    Deno.mkdirSync(file.replace(/\/[^/]*$/, ""), { recursive: true });
    const tmp = `${file}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(cache, null, 1));
    Deno.renameSync(tmp, file);
  } catch {
    // A read-only home: the calibration is simply redone next time.
  }
}

/** A fixed, non-trivial point to time evaluations at. */
function probePoint(dim: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => 0.3 * Math.sin(1 + 1.7 * i));
}

/** Median milliseconds of one float64 energy + gradient (a warm-up, then up to 9 timed). */
export function timeFloat64Point(landscape: Landscape): number {
  const x = probePoint(landscape.dim), g = new Float64Array(landscape.dim);
  landscape.energy(x, g);
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < 9 && (times.length < 3 || performance.now() - t0 < 200)) {
    const t = performance.now();
    landscape.energy(x, g);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** First-call and steady per-call milliseconds of `batch.energyBatch` on `walkers` points. */
export async function timeBatch(
  batch: Landscape,
  walkers: number,
): Promise<{ firstCallMs: number; batchMs: number }> {
  if (!batch.energyBatch) throw new Error("the batch landscape has no energyBatch");
  const B = Math.max(2, walkers), n = batch.dim;
  const xs = new Float64Array(B * n), gs = new Float64Array(B * n);
  const x = probePoint(n);
  for (let b = 0; b < B; b++) xs.set(x, b * n);
  let t = performance.now();
  await batch.energyBatch(xs, gs);
  const firstCallMs = performance.now() - t;
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    await batch.energyBatch(xs, gs);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { firstCallMs, batchMs: times[1] };
}

/**
 * Chooses the minimisation path (see the module documentation). Predicted seconds: float64
 * `rounds·walkers·iterations·cpuPointMs/workers`; batch `rounds·iterations·tail·batchMs`, plus the
 * first call's compilation when it has not happened in this process yet.
 *
 * @example
 * ```ts
 * import { chooseMinimizationPath } from "./device_policy.ts";
 * import assert from "node:assert/strict";
 * const bowl = { dim: 2, energy: (x: Float64Array) => x[0] ** 2 + x[1] ** 2 };
 * const d = await chooseMinimizationPath({
 *   choice: "auto", landscape: bowl, batch: null, unavailable: "no WebGPU adapter",
 *   walkers: 4, workers: 1, rounds: 10, key: "bowl", adapter: "none", cacheFile: null,
 * });
 * assert.equal(d.path, "cpu");
 * assert.match(d.reason, /no WebGPU adapter/);
 * ```
 */
export async function chooseMinimizationPath(input: PolicyInput): Promise<PolicyDecision> {
  const iters = input.iterations ?? 300, tail = input.tail ?? 1.1;
  const cpuPointMs = timeFloat64Point(input.landscape);
  const cpu = input.rounds * input.walkers * iters * cpuPointMs / Math.max(1, input.workers) /
    1000;
  const calibration: Calibration = { cpuPointMs, firstCallMs: NaN, batchMs: NaN, cached: false };
  const predicted = { cpu, gpu: NaN };
  const cpuLine = `float64 on ${input.workers} thread${input.workers === 1 ? "" : "s"}`;
  if (input.choice === "cpu") {
    return { path: "cpu", reason: `${cpuLine} (--device cpu)`, calibration, predicted };
  }
  if (!input.batch) {
    if (input.choice === "gpu") {
      throw new UserError(`--device gpu: ${input.unavailable ?? "no batch path for this model"}`);
    }
    return {
      path: "cpu",
      reason: `${cpuLine} (${input.unavailable ?? "no batch path for this model"})`,
      calibration,
      predicted,
    };
  }
  if (input.choice === "gpu") {
    return {
      path: "gpu",
      reason: "WebGPU f32 screening, float64 polish and checks (--device gpu)",
      calibration,
      predicted,
    };
  }
  const file = input.cacheFile === undefined ? defaultCalibrationFile() : input.cacheFile;
  const cacheKey = `${input.adapter} | ${input.key} | B=${Math.max(2, input.walkers)}`;
  const cache = readCache(file);
  let entry: CacheEntry | undefined = cache[cacheKey];
  let compiled = false;
  if (!entry) {
    if (cpu < (input.calibrateAbove ?? 20)) {
      return {
        path: "cpu",
        reason: `${cpuLine}: predicted ${
          formatDuration(cpu)
        }, less than calibrating the GPU kernel`,
        calibration,
        predicted,
      };
    }
    const t = await timeBatch(input.batch, input.walkers);
    entry = { ...t, when: new Date().toISOString() };
    cache[cacheKey] = entry;
    writeCache(file, cache);
    compiled = true;
  } else calibration.cached = true;
  calibration.firstCallMs = entry.firstCallMs;
  calibration.batchMs = entry.batchMs;
  const gpu = input.rounds * iters * tail * entry.batchMs / 1000 +
    (compiled ? 0 : Math.max(0, entry.firstCallMs - entry.batchMs) / 1000);
  predicted.gpu = gpu;
  const figures = `predicted ${formatDuration(gpu)} on the GPU against ${
    formatDuration(cpu)
  } in float64 (one batch of ${input.walkers}: ${entry.batchMs.toFixed(1)} ms; one float64 point: ${
    cpuPointMs.toFixed(2)
  } ms${calibration.cached ? "; calibration cached" : ""})`;
  return gpu < cpu
    ? {
      path: "gpu",
      reason: `WebGPU f32 screening, float64 polish and checks: ${figures}`,
      calibration,
      predicted,
    }
    : { path: "cpu", reason: `${cpuLine}: ${figures}`, calibration, predicted };
}
