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

/** FNV-1a hash of a string, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Plot numbers the ids of markers and clip paths with a process-wide counter (`plot-marker-7`), so
 * the same figure renders differently on each call, and two pages' figures can clash. Ids are
 * renamed to a hash of the figure's own markup plus their order in it: deterministic, and distinct
 * between different figures on one page.
 */
export function stableIds(svg: string): string {
  const ids = [
    ...new Set([...svg.matchAll(/id="(plot-[a-z]+(?:-[a-z]+)*-\d+)"/g)].map((m) => m[1])),
  ];
  if (!ids.length) return svg;
  const index = new Map(ids.map((id, k) => [id, k]));
  const pattern = /plot-[a-z]+(?:-[a-z]+)*-\d+(?!\d)/g;
  const neutral = svg.replace(pattern, (m) => (index.has(m) ? `plot-id-${index.get(m)}` : m));
  const h = fnv1a(neutral);
  return neutral.replace(/plot-id-(\d+)(?!\d)/g, (_, k) => `plot-${h}-${k}`);
}

/**
 * Renders `Plot.plot(options)` to SVG (or figure) markup, server-side, with deterministic ids.
 *
 * @example
 * ```ts
 * import { Plot, plotToSvg } from "./plot.ts";
 * import assert from "node:assert/strict";
 * const fig = () => plotToSvg({ marks: [Plot.line([[0, 1], [1, 2]], { marker: "circle" })] });
 * assert.ok(fig().startsWith("<svg"));
 * assert.equal(fig(), fig());
 * ```
 */
export function plotToSvg(options: PlotOptions): string {
  return plotWithScale(options, "x").svg;
}

/** A linear position scale of a rendered plot: data `domain` maps onto pixel `range`. */
export interface LinearScale {
  /** Scale type ("linear", "log", …). */
  type: string;
  /** Data interval. */
  domain: [number, number];
  /** Pixel interval (in the SVG's own coordinates). */
  range: [number, number];
}

/** {@link plotToSvg}, and the named position scale (for a page script that maps clicks to data). */
export function plotWithScale(
  options: PlotOptions,
  name: "x" | "y",
): { svg: string; scale: LinearScale | null } {
  const el = (Plot.plot as unknown as (
    o: PlotOptions,
  ) => { outerHTML: string; scale(n: string): LinearScale | undefined })({
    ...options,
    document: document(),
  });
  const sc = el.scale(name);
  return {
    svg: stableIds(el.outerHTML),
    scale: sc
      ? {
        type: sc.type,
        domain: [...sc.domain] as [number, number],
        range: [...sc.range] as [number, number],
      }
      : null,
  };
}

export { Plot };
