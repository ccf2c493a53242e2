/**
 * The run context a study is given: progress lines, timed stages and checkpointed steps. The task
 * harness (lib/task) provides one that prints on stderr and checkpoints to disk; library users
 * and tests can pass {@link quietContext}, which only times and computes.
 * @module
 */
import type { Backend } from "../gpu/device.ts";
import type { Section } from "../report/html.ts";
import { formatDuration, note } from "../util/progress.ts";

/** What a study may ask of whoever runs it. */
export interface RunContext {
  /** A progress line (on stderr in the command-line tasks). */
  log(message: string): void;
  /** Runs a named stage and records its wall-clock seconds in {@link RunContext.timings}. */
  stage<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
  /**
   * A checkpointed step: computed once and stored, read back by a resumed run. The value must be
   * plain data (numbers, strings, arrays, typed arrays, Maps, landscape databases). `inputs` are
   * whatever else the step depends on beyond the run's settings (e.g. a value read from another
   * report): a stored step is reused only when they are equal too.
   */
  step<T>(key: string, fn: () => T | Promise<T>, inputs?: unknown): Promise<T>;
  /** Seconds per stage, in the order the stages ran. */
  readonly timings: Record<string, number>;
  /** The compute backend of this process, when one was chosen. */
  readonly backend?: Backend;
}

/** Options of {@link quietContext}. */
export interface QuietContextOptions {
  /** Print log lines and stage times on stderr with this prefix (default: print nothing). */
  label?: string;
  /** The backend to hand to the study. */
  backend?: Backend;
}

/**
 * A context without checkpoints: every step is computed; stages are timed.
 *
 * @example
 * ```ts
 * import { quietContext } from "./context.ts";
 * import assert from "node:assert/strict";
 * const ctx = quietContext();
 * const v = await ctx.stage("square", () => ctx.step("x", () => 3 * 3));
 * assert.equal(v, 9);
 * assert.ok(ctx.timings.square >= 0);
 * ```
 */
export function quietContext(options: QuietContextOptions = {}): RunContext {
  const timings: Record<string, number> = {};
  const log = (m: string) => {
    if (options.label !== undefined) note(`${options.label} ${m}`);
  };
  return {
    log,
    timings,
    backend: options.backend,
    step: async (_key, fn) => await fn(),
    stage: (name, fn) => timeStage(timings, name, fn, log),
  };
}

/** Runs `fn`, records its seconds under `name` in `timings` (summed when a stage repeats). */
export async function timeStage<T>(
  timings: Record<string, number>,
  name: string,
  fn: () => T | Promise<T>,
  log?: (message: string) => void,
): Promise<T> {
  const t = performance.now();
  const v = await fn();
  const s = (performance.now() - t) / 1000;
  timings[name] = (timings[name] ?? 0) + s;
  log?.(`${name}: done in ${formatDuration(s)}`);
  return v;
}

/** Title, summary, parameters and sections of the page. */
export interface StudyReport {
  /** Page title. */
  title: string;
  /** One paragraph, shown first. */
  summary: string;
  /** Run parameters. */
  params: Record<string, unknown>;
  /** The sections. */
  sections: Section[];
}
