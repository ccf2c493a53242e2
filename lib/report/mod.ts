/**
 * Reports: self-contained HTML pages and Observable Plot figure builders.
 * @module
 */
export * from "./html.ts";
export * from "./plot.ts";
export * from "./landscape_figures.ts";
