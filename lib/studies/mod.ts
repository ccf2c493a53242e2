/**
 * The studies: one module per task (data + typed options + a run context → a typed result and its
 * results.json form), and the building blocks they share — GP fitting, landscapes and ν sweeps,
 * NN exploration, ensembles of minima, robustness, MSB feature relevance, the comparison summary.
 * This is the only layer that combines models, the engine and the analyses.
 * @module
 */
export * from "./context.ts";
export * from "./gp/fit.ts";
export * from "./gp/ensemble.ts";
export * from "./gp/nu_sweep.ts";
export * from "./gp/landscape.ts";
export * from "./nn_explore.ts";
export * from "./ensemble_methods.ts";
export * from "./robustness.ts";
export * from "./msb_relevance.ts";
export * from "./comparison_summary.ts";
