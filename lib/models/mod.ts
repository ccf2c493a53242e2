/**
 * Models: the Matérn-ν Gaussian process and the single-hidden-layer perceptron.
 * @module
 */
export * from "./gp.ts";
export * from "./matern.ts";
export * from "./matern_batch.ts";
export * from "./gp_fit.ts";
export * from "./gp_ensemble.ts";
export * from "./nu_sweep.ts";
export * from "./gp_landscape.ts";
export * from "./mlp.ts";
export * from "./classification_metrics.ts";
export * from "./mlp_gpu.ts";
