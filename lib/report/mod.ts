/**
 * Reports: self-contained HTML pages, results.json, the index of reports, and figures as pure
 * functions data → SVG (lib/report/figures).
 * @module
 */
export * from "./html.ts";
export { type PlotOptions, plotToSvg } from "./plot.ts";
export * from "./index_page.ts";
export * from "./figures/mod.ts";
export * from "./jupyter.ts";
export * from "./connectivity_check.ts";
export * from "./interactive.ts";
