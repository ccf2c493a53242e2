/**
 * Models: the Matérn-ν Gaussian process and the single-hidden-layer perceptron. Models depend only
 * on the `Landscape` types, special functions, linear algebra and the GPU layer; fitting and
 * exploring them is the studies' business (lib/studies).
 * @module
 */
export * from "./gp.ts";
export { closeGpHelpers, defaultGpThreads, gpThreadsDescription } from "./gp_threads.ts";
export * from "./gp_bounds.ts";
export * from "./matern_batch.ts";
export * from "./mlp.ts";
export * from "./mlp_layout.ts";
export * from "./classification_metrics.ts";
export * from "./mlp_gpu.ts";
