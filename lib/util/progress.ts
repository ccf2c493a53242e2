/**
 * Progress lines on stderr: stage, counts, elapsed time and ETA. At most one line every
 * `intervalMs`, plus the final one, so long runs stay readable in a log file.
 * @module
 */

/** Options for {@link Progress}. */
export interface ProgressOptions {
  /** Minimum milliseconds between two printed lines (default 1000). */
  intervalMs?: number;
  /** Print nothing (default false). */
  quiet?: boolean;
}

/** Formats seconds as "12s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds - 60 * m)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m - 60 * h).padStart(2, "0")}m`;
}

/**
 * A progress reporter for one stage of a run.
 *
 * @example
 * ```ts
 * import { Progress } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const p = new Progress("basin-hopping", 100, { quiet: true });
 * assert.equal(p.total, 100);
 * for (let i = 0; i < 100; i++) p.tick(1, "minima 3");
 * p.done();
 * ```
 */
export class Progress {
  /** Stage name (the line's prefix). */
  readonly stage: string;
  /** Units of work in the stage. */
  #total: number;
  #count = 0;
  #start = performance.now();
  #last = 0;
  #interval: number;
  #quiet: boolean;
  #encoder = new TextEncoder();

  /** A reporter for `total` units of `stage`. */
  constructor(stage: string, total: number, options: ProgressOptions = {}) {
    this.stage = stage;
    this.#total = total;
    this.#interval = options.intervalMs ?? 1000;
    this.#quiet = options.quiet ?? false;
  }

  /** Units of work in the stage. */
  get total(): number {
    return this.#total;
  }

  /** Raises the units of work (a budget extended while the stage runs). */
  raise(total: number): void {
    this.#total = Math.max(this.#total, total);
  }

  /** Adds `n` completed units; prints a line if the interval has passed. */
  tick(n = 1, detail = ""): void {
    this.#count += n;
    const now = performance.now();
    if (now - this.#last >= this.#interval) {
      this.#last = now;
      this.#print(detail);
    }
  }

  /** Prints the final line for this stage. */
  done(detail = ""): void {
    this.#print(detail, true);
  }

  #print(detail: string, final = false): void {
    if (this.#quiet) return;
    const elapsed = (performance.now() - this.#start) / 1000;
    const frac = this.#total > 0 ? this.#count / this.#total : 1;
    const eta = frac > 0 ? elapsed * (1 - frac) / frac : NaN;
    const parts = [`[${this.stage}] ${this.#count}/${this.#total}`];
    if (detail) parts.push(detail);
    parts.push(final ? `done in ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`);
    Deno.stderr.writeSync(this.#encoder.encode(parts.join("  ") + "\n"));
  }
}

/** Prints one line on stderr (for stage headers and notices). */
export function note(message: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(message + "\n"));
}
