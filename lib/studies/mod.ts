/**
 * Studies' shared building blocks: the neural-network exploration steps and the ensembles of minima.
 * @module
 */
export * from "./nn_explore.ts";
export * from "./ensembles.ts";
export * from "./robustness.ts";
export * from "./feature_relevance.ts";
export * from "./compare.ts";
