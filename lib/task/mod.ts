/**
 * The task harness: flag schemas with generated help, the shared flags, the device line, timed
 * stages, checkpoints with `--resume`, and atomic report writes — what every `deno task` uses.
 * @module
 */
export * from "./flags.ts";
export * from "./checkpoint.ts";
export * from "./harness.ts";
