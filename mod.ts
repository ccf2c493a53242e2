/**
 * elml — energy-landscape tools for machine-learning loss functions.
 *
 * The public API: re-exports from lib/*\/mod.ts, nothing else.
 * @module
 */
export * from "./lib/gpu/mod.ts";
export * from "./lib/data/mod.ts";
export * from "./lib/report/mod.ts";
export * from "./lib/util/mod.ts";
export * from "./lib/special/mod.ts";
export * from "./lib/linalg/mod.ts";
export * from "./lib/models/mod.ts";
export * from "./lib/landscape/mod.ts";
export * from "./lib/studies/mod.ts";
export * from "./lib/task/mod.ts";
