/**
 * Data: CSV loading and validation, standardisation, splits, built-in data sets.
 * @module
 */
export * from "./csv.ts";
export * from "./transform.ts";
export * from "./builtin.ts";
export * from "./classification.ts";
