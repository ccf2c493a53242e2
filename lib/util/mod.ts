/**
 * Utilities: seeded random numbers, errors, progress lines, command-line plumbing.
 * @module
 */
export * from "./random.ts";
export * from "./errors.ts";
export * from "./progress.ts";
export * from "./cli.ts";
export * from "./stats.ts";
