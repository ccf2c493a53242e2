/**
 * The one checkpoint/resume mechanism of every task: a study wraps each expensive step in
 * {@link CheckpointStore.step}; its value is written atomically to `DIR/checkpoint/<key>.json` as
 * soon as it is computed, together with a fingerprint of the run's settings. A killed run loses at
 * most the step in flight: with `--resume`, every step whose file has the same fingerprint is read
 * back instead of recomputed, and the results are the same as an uninterrupted run's (the encoding
 * below round-trips float64 values, typed arrays, maps and landscape databases exactly).
 * @module
 */
import { LandscapeDatabase } from "../landscape/database.ts";
import { writeFileAtomic } from "../report/html.ts";
import { note } from "../util/progress.ts";

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

function encodeNumber(x: number): unknown {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { $num: Object.is(x, -0) ? "-0" : String(x) };
}

/**
 * Encodes a value as JSON-safe data that {@link decodeCheckpoint} turns back into an equal value:
 * non-finite numbers and −0, typed arrays, `Map`s and {@link LandscapeDatabase}s are tagged. Other
 * class instances and functions are refused (a checkpoint must not silently lose state).
 */
export function encodeCheckpoint(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (value === undefined) return { $undef: 1 };
  if (typeof value === "number") return encodeNumber(value);
  if (Array.isArray(value)) return value.map(encodeCheckpoint);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`checkpoint: cannot encode a ${name}`);
    return { $typed: name, v: Array.from(value as unknown as number[], encodeNumber) };
  }
  if (value instanceof Map) {
    return { $map: [...value].map(([k, v]) => [encodeCheckpoint(k), encodeCheckpoint(v)]) };
  }
  if (value instanceof LandscapeDatabase) {
    return {
      $database: {
        dim: value.dim,
        tolerance: value.tolerance,
        minima: encodeCheckpoint(value.minima),
        transitionStates: encodeCheckpoint(value.transitionStates),
        failedConnections: value.failedConnections,
      },
    };
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`checkpoint: cannot encode an instance of ${proto?.constructor?.name}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeCheckpoint(v);
    return out;
  }
  throw new Error(`checkpoint: cannot encode a ${typeof value}`);
}

/** Inverse of {@link encodeCheckpoint}. */
export function decodeCheckpoint(data: unknown): unknown {
  if (data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map(decodeCheckpoint);
  const o = data as Record<string, unknown>;
  if ("$num" in o) return Number(o.$num);
  if ("$undef" in o) return undefined;
  if ("$typed" in o) {
    const C = TYPED[o.$typed as TypedName];
    return C.from((o.v as unknown[]).map((x) => decodeCheckpoint(x) as number));
  }
  if ("$map" in o) {
    return new Map(
      (o.$map as unknown[][]).map(([k, v]) => [decodeCheckpoint(k), decodeCheckpoint(v)]),
    );
  }
  if ("$database" in o) {
    const d = o.$database as Record<string, unknown>;
    const db = new LandscapeDatabase(d.dim as number, { tolerance: d.tolerance as object });
    db.minima.push(...(decodeCheckpoint(d.minima) as LandscapeDatabase["minima"]));
    db.transitionStates.push(
      ...(decodeCheckpoint(d.transitionStates) as LandscapeDatabase["transitionStates"]),
    );
    db.failedConnections.push(...(d.failedConnections as LandscapeDatabase["failedConnections"]));
    return db;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decodeCheckpoint(v);
  return out;
}

/** Options of a {@link CheckpointStore}. */
export interface CheckpointOptions {
  /** Read matching checkpoints instead of recomputing (the `--resume` flag). */
  resume: boolean;
  /** The run's settings: a checkpoint is reused only when they are equal. */
  fingerprint: unknown;
  /** Prefix of progress lines, e.g. "[sweep-nu]". */
  label?: string;
  /** Called once, before the first checkpoint of this run is written. */
  beforeFirstWrite?: () => Promise<void>;
}

/**
 * Checkpoints of one run in `dir` (one file per step key).
 *
 * @example
 * ```ts
 * import { CheckpointStore } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * let calls = 0;
 * const work = () => (calls++, { x: new Float64Array([0.1, NaN]) });
 * await new CheckpointStore(dir, { resume: false, fingerprint: { n: 1 } }).step("a", work);
 * const again = await new CheckpointStore(dir, { resume: true, fingerprint: { n: 1 } }).step("a", work);
 * assert.equal(calls, 1);
 * assert.ok(Number.isNaN(again.x[1]));
 * ```
 */
export class CheckpointStore {
  /** Folder of the checkpoint files. */
  readonly dir: string;
  /** Keys read back from an earlier run, in order. */
  readonly reused: string[] = [];
  /** Keys computed by this run, in order. */
  readonly computed: string[] = [];
  #options: CheckpointOptions;
  #fingerprint: string;

  /** A store in `dir` for a run with `options`. */
  constructor(dir: string, options: CheckpointOptions) {
    this.dir = dir;
    this.#options = options;
    this.#fingerprint = JSON.stringify(encodeCheckpoint(options.fingerprint));
  }

  #path(key: string): string {
    return `${this.dir}/${key.replace(/[^A-Za-z0-9._-]+/g, "_")}.json`;
  }

  /**
   * The value of step `key`: read back when resuming and the stored fingerprint matches, else
   * computed and stored at once. Keys must be unique within a run; `inputs` (optional) join the
   * run's fingerprint for this step only.
   */
  async step<T>(key: string, compute: () => T | Promise<T>, inputs?: unknown): Promise<T> {
    const path = this.#path(key);
    const fingerprint = inputs === undefined
      ? this.#fingerprint
      : `${this.#fingerprint}|${JSON.stringify(encodeCheckpoint(inputs))}`;
    if (this.#options.resume) {
      let stored: { fingerprint?: string; key?: string; value?: unknown } | null = null;
      try {
        stored = JSON.parse(await Deno.readTextFile(path));
      } catch { /* nothing stored for this step */ }
      if (stored && stored.key === key && stored.fingerprint === fingerprint) {
        this.reused.push(key);
        return decodeCheckpoint(stored.value) as T;
      }
      if (stored) {
        note(`${this.#options.label ?? "[checkpoint]"} ${key}: other settings; recomputing`);
      }
    }
    const value = await compute();
    if (this.computed.length === 0) await this.#options.beforeFirstWrite?.();
    await Deno.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(
      path,
      JSON.stringify({ key, fingerprint, value: encodeCheckpoint(value) }) +
        "\n",
    );
    this.computed.push(key);
    killForTest(this.computed.length);
    return value;
  }
}

/**
 * Fault injection for the resume tests: with `ELML_KILL_AFTER_CHECKPOINTS=N` the process sends
 * itself SIGKILL right after writing its N-th checkpoint, as a user's kill -9 would.
 */
function killForTest(count: number): void {
  const n = Number(Deno.env.get("ELML_KILL_AFTER_CHECKPOINTS") ?? NaN);
  if (n === count) Deno.kill(Deno.pid, "SIGKILL");
}
