/**
 * The energy-landscape engine (model-agnostic).
 * @module
 */
export type { Landscape } from "./types.ts";
export * from "./minimize.ts";
