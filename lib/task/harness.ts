/**
 * The task harness behind every `deno task <name>`: flags from a schema (with `--help` and
 * one-line errors), backend selection and the report's device line, timed stages with progress on
 * stderr, checkpoints with `--resume`, and atomic writes of `DIR/report.html` and
 * `DIR/results.json`. A script is a help text, a flag schema and one call to a study.
 * @module
 */
import { linalgPath } from "../linalg/blas.ts";
import { DEPENDENCY_VERSIONS } from "../deps.ts";
import { type Backend, describeBackend, getBackend } from "../gpu/device.ts";
import { ELML_VERSION } from "../version.ts";
import { jsonReplacer, type Section, writeReport } from "../report/html.ts";
import type { RunContext } from "../studies/context.ts";
import { timeStage } from "../studies/context.ts";
import { runMain } from "../util/cli.ts";
import { formatDuration, note } from "../util/progress.ts";
import { CheckpointStore, encodeCheckpoint } from "./checkpoint.ts";
import { claimOut } from "./out_dir.ts";
import { type FlagSchema, helpText, type ParsedFlags, parseTaskFlags } from "./flags.ts";

/** What a task hands back to the harness: the report page and the results.json object. */
export interface TaskOutput {
  /** Page title. */
  title: string;
  /** One paragraph shown first on the page and printed at the end of the run. */
  summary: string;
  /** Run parameters for the page's table. */
  params: Record<string, unknown>;
  /** The page's sections. */
  sections: Section[];
  /** results.json (the harness adds `device` and `timings`). */
  results: Record<string, unknown>;
  /** The report's device line, e.g. from {@link deviceLine}. */
  device: string;
  /** Exit status after the report is written (default 0; e.g. 1 when a self-test failed). */
  exitCode?: number;
}

/** The context a task's `run` receives: a {@link RunContext} plus where it writes. */
export interface TaskContext extends RunContext {
  /** The task's name. */
  readonly task: string;
  /** The output folder. */
  readonly out: string;
  /** The process's backend (WebGPU device or the CPU path). */
  readonly backend: Backend;
  /** The run's checkpoints. */
  readonly checkpoints: CheckpointStore;
}

/** A task: its name, help text, flags and what it runs. */
export interface TaskSpec<S extends FlagSchema> {
  /** `deno task` name, e.g. "sweep-nu". */
  name: string;
  /** The help text's description paragraph(s). */
  description: string;
  /** The task's own flags (the shared ones are added). */
  flags: S;
  /** Default of `--resume` (true for tasks that reuse stored steps unless told otherwise). */
  resumeByDefault?: (flags: ParsedFlags<S>) => boolean;
  /** The work: a study call and its report. */
  run(flags: ParsedFlags<S>, ctx: TaskContext): Promise<TaskOutput>;
}

/**
 * The report's device line: which path computed, and why the other was not used.
 *
 * @example
 * ```ts
 * import { deviceLine } from "./harness.ts";
 * import assert from "node:assert/strict";
 * const line = deviceLine({ kind: "cpu", reason: "forced" }, "every NLML is float64");
 * assert.equal(line, "CPU float64 (--cpu; every NLML is float64)");
 * ```
 */
export function deviceLine(backend: Backend, why: string): string {
  if (backend.kind === "cpu") return `${describeBackend(backend).replace(/\)$/, "")}; ${why})`;
  return `CPU float64 (WebGPU backend present: ${describeBackend(backend)}; not used: ${why})`;
}

async function dataDigest(path: string | undefined): Promise<string | null> {
  if (!path) return null;
  try {
    const bytes = await Deno.readFile(path);
    const h = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(h.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch {
    return null; // the study reports a missing file with its own one-line error
  }
}

/** What computed a result: elml's version, the runtime and the pinned dependencies. */
export function software(): Record<string, unknown> {
  return {
    elml: ELML_VERSION,
    deno: Deno.version.deno,
    dense_linear_algebra: linalgPath().path,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    dependencies: DEPENDENCY_VERSIONS,
  };
}

/** Runs a task from `args` (a script's `Deno.args`). */
export async function runTaskArgs<S extends FlagSchema>(
  spec: TaskSpec<S>,
  args: string[],
): Promise<{ html: string; json: string; exitCode: number } | null> {
  const flags = parseTaskFlags(args, spec.name, spec.flags);
  if (flags.help) {
    console.log(helpText(spec.name, spec.description, spec.flags));
    return null;
  }
  const t0 = performance.now();
  const label = `[${spec.name}]`;
  const log = (m: string) => note(`${label} ${m}`);
  // Quiet: a forced CPU path is stated in the device line at the end (and in the report), so a
  // bad-input error stays the only line on stderr.
  const backend = await getBackend({ cpu: flags.cpu, quiet: true });
  const { out: _o, resume: _r, help: _h, ...settings } = flags as Record<string, unknown>;
  const fingerprint = { task: spec.name, settings, data: await dataDigest(flags.data) };
  const reusesSteps = spec.resumeByDefault?.(flags) ?? false;
  const resume = flags.resume || reusesSteps;
  const claim = await claimOut(flags.out, {
    task: spec.name,
    settings,
    fingerprint: JSON.stringify(encodeCheckpoint(fingerprint)),
    resume: flags.resume,
    reusesSteps,
  });
  try {
    const paths = await runClaimed(spec, flags, {
      t0,
      log,
      backend,
      checkpoints: new CheckpointStore(`${flags.out}/checkpoint`, {
        resume,
        fingerprint,
        label,
        beforeFirstWrite: () => claim.markStarted(),
      }),
    });
    await claim.release(true);
    return paths;
  } catch (e) {
    await claim.release(false);
    throw e;
  }
}

async function runClaimed<S extends FlagSchema>(
  spec: TaskSpec<S>,
  flags: ParsedFlags<S>,
  c: { t0: number; log: (m: string) => void; backend: Backend; checkpoints: CheckpointStore },
): Promise<{ html: string; json: string; exitCode: number }> {
  const { t0, log, backend, checkpoints } = c;
  const timings: Record<string, number> = {};
  const ctx: TaskContext = {
    task: spec.name,
    out: flags.out,
    backend,
    checkpoints,
    timings,
    log,
    stage: (name, fn) => {
      log(`${name} …`);
      return timeStage(timings, name, fn, log);
    },
    step: (key, fn, inputs) => checkpoints.step(key, fn, inputs),
  };
  const output = await spec.run(flags, ctx);
  if (checkpoints.reused.length) {
    log(`resumed: ${checkpoints.reused.length} step(s) read from ${checkpoints.dir}`);
  }
  timings.total = (performance.now() - t0) / 1000;
  const results = {
    ...output.results,
    seed: flags.seed,
    software: software(),
    device: output.device,
    timings,
  };
  JSON.stringify(results, jsonReplacer); // fail before writing anything if it cannot serialise
  const paths = await writeReport(flags.out, {
    title: output.title,
    task: spec.name,
    summary: output.summary,
    params: output.params,
    timings,
    device: output.device,
    sections: output.sections,
  }, results);
  log(output.summary);
  log(`device: ${output.device}`);
  log(`wrote ${paths.html} and ${paths.json} in ${formatDuration(timings.total)}`);
  return { ...paths, exitCode: output.exitCode ?? 0 };
}

/** A script's entry point: runs the task with `Deno.args`, one-line errors, exit codes. */
export function runTask<S extends FlagSchema>(spec: TaskSpec<S>): Promise<void> {
  return runMain(async (args) => {
    const r = await runTaskArgs(spec, args);
    if (r && r.exitCode !== 0) Deno.exit(r.exitCode);
  });
}

/** Declares a task with its flag types inferred from the schema (for `run`'s first argument). */
export function defineTask<S extends FlagSchema>(spec: TaskSpec<S>): TaskSpec<S> {
  return spec;
}
