/**
 * Server-side Observable Plot: figures are pure functions data → SVG markup, rendered with
 * linkedom's `document`. Continuous colour legends need a canvas, which linkedom lacks: use
 * quantized colour scales (or no legend) in figures.
 * @module
 */
import { parseHTML, Plot } from "../deps.ts";

// linkedom's document, typed loosely: Deno's default types have no DOM.
let doc: unknown = null;

function document(): unknown {
  doc ??= (parseHTML("<!doctype html><html><head></head><body></body></html>") as unknown as {
    document: unknown;
  }).document;
  return doc;
}

/** Options accepted by Observable Plot's `plot()` (loosely typed, as Plot's own types are). */
export type PlotOptions = Record<string, unknown>;

/** Renders `Plot.plot(options)` to SVG (or figure) markup, server-side. */
export function plotToSvg(options: PlotOptions): string {
  const el = (Plot.plot as unknown as (o: PlotOptions) => { outerHTML: string })({
    ...options,
    document: document(),
  });
  return el.outerHTML;
}

export { Plot };
