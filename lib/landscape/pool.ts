/**
 * The float64 worker pool: Deno workers, each holding its own copy of a landscape rebuilt from the
 * landscape's {@link LandscapeRecipe}, run connection searches and Hessian characterisations on
 * every core. Tasks are handed out as workers free up and their results come back in task order,
 * so callers merge them deterministically: results never depend on the number of workers.
 * @module
 */
import type { Landscape, LandscapeRecipe } from "./types.ts";
import type {
  Descent,
  PairSearch,
  PairSearchOptions,
  PointCharacter,
  SingleEndedOptions,
} from "./pair_search.ts";
import type { MinimizeOptions, MinimizeResult } from "./minimize.ts";

/** Options of `descendToMinimum`. */
export type DescendOptions = { minimize?: MinimizeOptions; denseBelow?: number; escapes?: number };

/** Options of {@link LandscapePool.open}. */
export interface PoolOptions {
  /** Worker threads [the number of logical cores]. */
  workers?: number;
}

type Task =
  | { kind: "searchPair"; xa: Float64Array; xb: Float64Array; options: PairSearchOptions }
  | { kind: "searchFrom"; x: Float64Array; options: SingleEndedOptions }
  | { kind: "characterize"; x: Float64Array; denseBelow?: number }
  | { kind: "minimize"; x: Float64Array; options: MinimizeOptions }
  | { kind: "descend"; x: Float64Array; energy: number; onBound: boolean; options: DescendOptions };

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** Workers sharing one landscape; close it when done (it keeps the process alive otherwise). */
export class LandscapePool {
  /** Number of workers. */
  readonly size: number;
  #slots: Slot[];
  #closed = false;
  #queue: { task: Task; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  private constructor(slots: Slot[]) {
    this.#slots = slots;
    this.size = slots.length;
  }

  /**
   * Starts `workers` threads, each rebuilding the landscape from `recipe` (a landscape's
   * `recipe()`). Rejects with the worker's message when the recipe cannot be loaded.
   */
  static async open(recipe: LandscapeRecipe, options: PoolOptions = {}): Promise<LandscapePool> {
    const n = Math.max(1, Math.floor(options.workers ?? navigator.hardwareConcurrency ?? 1));
    const url = new URL("./_pool_worker.ts", import.meta.url).href;
    const slots: Slot[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const worker = new Worker(url, { type: "module" });
        slots.push({ worker, busy: false });
        await call(worker, { type: "init", recipe });
      }
    } catch (e) {
      for (const s of slots) s.worker.terminate();
      throw e;
    }
    return new LandscapePool(slots);
  }

  /** A pool for `landscape` when it has a recipe and more than one worker is asked for, else null. */
  static async forLandscape(
    landscape: Landscape,
    options: PoolOptions = {},
  ): Promise<LandscapePool | null> {
    const workers = options.workers ?? navigator.hardwareConcurrency ?? 1;
    if (!landscape.recipe || workers < 2) return null;
    return await LandscapePool.open(landscape.recipe(), { workers });
  }

  /**
   * Runs tasks on free workers; results in task order. Calls may overlap (one queue feeds every
   * worker, and each worker answers one request at a time).
   */
  #map<T>(tasks: Task[]): Promise<T[]> {
    if (this.#closed) return Promise.reject(new Error("the worker pool is closed"));
    return Promise.all(tasks.map((task) =>
      new Promise<T>((resolve, reject) => {
        this.#queue.push({ task, resolve: resolve as (v: unknown) => void, reject });
        this.#pump();
      })
    ));
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.busy || this.#closed) continue;
      const job = this.#queue.shift();
      if (!job) return;
      slot.busy = true;
      call(slot.worker, { type: "task", task: job.task }).then(job.resolve, job.reject).finally(
        () => {
          slot.busy = false;
          this.#pump();
        },
      );
    }
  }

  /** Connection searches between the given ends (see `searchPair`), in parallel. */
  searchPairs(
    ends: [Float64Array, Float64Array][],
    options: PairSearchOptions,
  ): Promise<PairSearch[]> {
    return this.#map(ends.map(([xa, xb]) => ({ kind: "searchPair", xa, xb, options })));
  }

  /** Single-ended saddle searches from minima (see `searchFromMinimum`), in parallel. */
  searchFrom(starts: { x: Float64Array; options: SingleEndedOptions }[]): Promise<PairSearch[]> {
    return this.#map(starts.map((s) => ({ kind: "searchFrom", x: s.x, options: s.options })));
  }

  /**
   * Hessian index and Σ ln λ of each point, in parallel (full Hessian up to `denseBelow`
   * coordinates, Lanczos above: see `pointCharacter`).
   */
  characterize(xs: Float64Array[], denseBelow?: number): Promise<PointCharacter[]> {
    return this.#map(xs.map((x) => ({ kind: "characterize", x, denseBelow })));
  }

  /** `descendToMinimum` from each converged end point, in parallel. */
  descend(
    points: { x: Float64Array; energy: number; onBound: boolean }[],
    options: DescendOptions,
  ): Promise<Descent[]> {
    return this.#map(points.map((p) => ({ kind: "descend", ...p, options })));
  }

  /**
   * Float64 L-BFGS minimisations from each start (see `minimize`), in parallel; an energy that
   * fails anywhere rejects the whole call with the worker's message.
   */
  minimize(xs: Float64Array[], options: MinimizeOptions): Promise<MinimizeResult[]> {
    return this.#map(xs.map((x) => ({ kind: "minimize", x, options })));
  }

  /** Terminates the workers. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) s.worker.terminate();
  }
}

/** Posts one message and waits for its reply (workers answer one request at a time). */
function call<T>(worker: Worker, message: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent) => {
      const r = e.data as { ok: boolean; value?: T; error?: string };
      if (r.ok) resolve(r.value as T);
      else reject(new Error(`worker: ${r.error}`));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(`worker: ${e.message}`));
    };
    worker.postMessage(message);
  });
}
