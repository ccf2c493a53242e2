/**
 * The energy-landscape engine (model-agnostic): works on any {@link Landscape}.
 * @module
 */
export type { Landscape, LandscapeRecipe } from "./types.ts";
export * from "./minimize.ts";
export * from "./hessian.ts";
export * from "./transition_state.ts";
export * from "./neb.ts";
export * from "./database.ts";
export * from "./basinhopping.ts";
export * from "./connect.ts";
export * from "./pair_search.ts";
export * from "./pool.ts";
export * from "./kinetics.ts";
export * from "./kinetics_io.ts";
export * from "./free_energy.ts";
export * from "./merge.ts";
export * from "./surfaces.ts";
export * from "./disconnectivity.ts";
export * from "./analysis.ts";
export * from "./pathsample.ts";
export * from "./catastrophe.ts";
export * from "./device_policy.ts";
