/**
 * Figures as pure functions from plain data to SVG markup, one family per file.
 * @module
 */
export * from "./landscape.ts";
export * from "./nu_branches.ts";
export * from "./minima.ts";
export * from "./ensembles.ts";
export * from "./loss_comparison.ts";
export * from "./relevance.ts";
export * from "./gp.ts";
export * from "./timing.ts";
