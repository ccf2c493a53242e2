/**
 * Helper threads for the O(n²) loops of a Matérn GP (per-pair values and the gradient's trace
 * sums; see gp_kernels.ts). `MaternGP.energy` is synchronous, so the helpers are driven
 * synchronously too: the main thread posts each helper its job (Deno web workers: the arrays live
 * in SharedArrayBuffers, so nothing is copied), runs its own share, then blocks in Atomics.wait
 * until every helper has set its done word (delivery ≈ 0.3 ms). A live worker keeps a Deno process
 * running, so the helpers are stopped after one second without a job and restarted on the next
 * (≈ 50 ms); a script exits at most a second after its last GP evaluation.
 *
 * (node:worker_threads workers can be unref'd, but Deno 2.9 deserialises a SharedArrayBuffer sent
 * to one at ≈ 20 ms per MB, measured: 2.1 s for 100 MB; web workers take 0.4 ms.)
 * @module
 */
import type { PairParams } from "./gp_kernels.ts";

/** A share of the per-pair values: pairs [p0, p1). */
export interface PairsJob {
  kind: "pairs";
  nu: number;
  q: PairParams;
  dist2: Float64Array;
  u: Float64Array;
  c: Float64Array;
  g: Float64Array;
  dn: Float64Array | null;
  p0: number;
  p1: number;
}

/** A share of the gradient: blocks [b0, b1) of `rows`, sums into partial[b·stride …]. */
export interface GradJob {
  kind: "grad";
  Kinv: Float64Array;
  alpha: Float64Array;
  n: number;
  c: Float64Array;
  g: Float64Array;
  dn: Float64Array | null;
  dist2: Float64Array;
  d: number;
  ard: boolean;
  inv2: number[];
  rows: number[];
  b0: number;
  b1: number;
  partial: Float64Array;
  stride: number;
}

/** A job for a helper thread. */
export type GpJob = PairsJob | GradJob;

/** A helper thread: its worker and control words. */
export interface Helper {
  worker: Worker;
  /** [0]: started (1); [1]: job done (1) or failed (2), 0 while running; message bytes after. */
  ctl: Int32Array;
  msg: Uint8Array;
}

const MSG_BYTES = 1024;
const IDLE_MS = 1000;
const START_MS = 30_000;
let helpers: Helper[] = [];
let startError: string | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** True inside a Deno web worker (the landscape pool's), where no helpers are started. */
function inWebWorker(): boolean {
  return "WorkerGlobalScope" in globalThis;
}

/** Threads a GP uses when its caller does not say: every core on the main thread, 1 in workers. */
export function defaultGpThreads(): number {
  if (inWebWorker()) return 1;
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency ?? 1));
}

/** Why helper threads could not be started (null when they could, or were never asked for). */
export function gpThreadsError(): string | null {
  return startError;
}

function startHelper(): Helper {
  const sab = new SharedArrayBuffer(8 + MSG_BYTES);
  const h: Helper = {
    worker: new Worker(new URL("./_gp_thread_worker.ts", import.meta.url).href, { type: "module" }),
    ctl: new Int32Array(sab, 0, 2),
    msg: new Uint8Array(sab, 8, MSG_BYTES),
  };
  h.worker.postMessage({ init: sab });
  // Block until the module has loaded (a worker that cannot load never sets the word).
  const t0 = performance.now();
  while (Atomics.load(h.ctl, 0) === 0 && performance.now() - t0 < START_MS) {
    Atomics.wait(h.ctl, 0, 0, 100);
  }
  if (Atomics.load(h.ctl, 0) === 0) {
    h.worker.terminate();
    throw new Error(`a GP helper thread did not start in ${START_MS / 1000} s`);
  }
  return h;
}

/**
 * Up to `count` helper threads (started on first use). Fewer, with {@link gpThreadsError} set,
 * when a worker cannot be started (a run without the permission to read the module, for example).
 */
export function gpHelpers(count: number): Helper[] {
  while (helpers.length < count && startError === null) {
    try {
      helpers.push(startHelper());
    } catch (e) {
      startError = e instanceof Error ? e.message : String(e);
    }
  }
  return helpers.slice(0, count);
}

/** Posts one job to each helper (jobs[k] to helper k). */
export function postJobs(hs: Helper[], jobs: GpJob[]): void {
  for (let k = 0; k < jobs.length; k++) {
    Atomics.store(hs[k].ctl, 1, 0);
    hs[k].worker.postMessage(jobs[k]);
  }
}

/** Blocks until every helper in `hs` has answered; throws a helper's error. */
export function awaitJobs(hs: Helper[]): void {
  if (hs.length === 0) return;
  for (const h of hs) {
    const t0 = performance.now();
    while (Atomics.load(h.ctl, 1) === 0) {
      Atomics.wait(h.ctl, 1, 0, 1000);
      if (Atomics.load(h.ctl, 1) === 0 && performance.now() - t0 > 600_000) {
        throw new Error("a GP helper thread did not answer in 10 minutes");
      }
    }
    if (Atomics.load(h.ctl, 1) === 2) {
      const end = h.msg.indexOf(0);
      const text = new TextDecoder().decode(h.msg.slice(0, end < 0 ? MSG_BYTES : end));
      throw new Error(`GP helper thread: ${text}`);
    }
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(closeGpHelpers, IDLE_MS);
}

/** Stops the helpers now (they stop by themselves after a second without a job). */
export function closeGpHelpers(): void {
  clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const h of helpers) h.worker.terminate();
  helpers = [];
}

/** How the O(n²) loops of a GP of n rows run by default here, for a task's device line. */
export function gpThreadsDescription(n: number): string {
  const T = defaultGpThreads();
  const blocks = Math.ceil(n * (n - 1) / 2 / (1 << 18));
  if (T === 1) return "one thread (one core, or inside a worker)";
  if (blocks < 2) {
    return `one thread (n = ${n}: threads start from two blocks of 2^18 pairs, n ≥ 725)`;
  }
  if (startError !== null) return `one thread (helper threads failed to start: ${startError})`;
  return `${Math.min(T, blocks)} threads`;
}
