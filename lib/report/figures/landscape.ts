/**
 * Figures of energy landscapes, as pure functions data → SVG: disconnectivity graphs (minima
 * optionally coloured by any per-minimum property, with a quantized colour scale because linkedom
 * cannot draw continuous legends), heat-capacity curves, and contour maps of 2-D surfaces with
 * stationary points.
 * @module
 */
import type { DisconnectivityGraph } from "../../landscape/disconnectivity.ts";
import { Plot, plotToSvg } from "../plot.ts";
import { tagMinima } from "../interactive.ts";

/** Options of {@link disconnectivityFigure}. */
export interface DisconnectivityFigureOptions {
  /** Per-minimum value for colouring the branch ends (by minimum id). */
  color?: (minimum: number) => number;
  /** Legend title of the colour scale. */
  colorLabel?: string;
  /** Label of the energy axis [energy]. */
  energyLabel?: string;
  /** Width in pixels [640]. */
  width?: number;
  /** Height in pixels [420]. */
  height?: number;
  /** Title above the graph. */
  title?: string;
  /**
   * Hover text of each branch end, by minimum id (an SVG title: the browser shows it on hover, no
   * script needed) [the minimum's id and energy].
   */
  hover?: (minimum: number) => string;
  /**
   * Key of the page's interactive landscape block this graph belongs to: the branch ends get
   * `data-min` ids and the SVG `data-land` (lib/report/interactive.ts).
   */
  key?: string;
}

/**
 * A disconnectivity graph as SVG: one branch per minimum, joining at transition-state levels.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "../../landscape/database.ts";
 * import { disconnectivityGraph } from "../../landscape/disconnectivity.ts";
 * import { disconnectivityFigure } from "./landscape.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(1);
 * db.addMinimum(Float64Array.of(0), -1);
 * const svg = disconnectivityFigure(disconnectivityGraph(db, { levels: 3 }), { energyLabel: "E" });
 * assert.ok(svg.startsWith("<svg") && svg.includes("↑ E</text>"));
 * ```
 */
export function disconnectivityFigure(
  g: DisconnectivityGraph,
  options: DisconnectivityFigureOptions = {},
): string {
  const ends = g.leaves.map((l) => ({
    ...l,
    value: options.color ? options.color(l.minimum) : 0,
    hover: options.hover
      ? options.hover(l.minimum)
      : `minimum ${l.minimum}: ${options.energyLabel ?? "energy"} ${l.energy.toPrecision(8)}`,
  }));
  const n = Math.max(1, g.leaves.length);
  // Thinner lines and smaller ends as the graph fills up; ends only while they stay apart.
  const width = options.width ?? 640;
  const stroke = n > 300 ? 0.4 : n > 60 ? 0.7 : 1.2;
  const showEnds = n <= 400 || options.color !== undefined;
  // Ends without a colour value (NaN) are drawn grey in a mark of their own: Plot drops a dot whose
  // fill channel is not a number.
  const coloured = options.color ? ends.filter((e) => Number.isFinite(e.value)) : ends;
  const blank = options.color ? ends.filter((e) => !Number.isFinite(e.value)) : [];
  const r = n > 100 ? 1.5 : 2.5;
  const svg = plotToSvg({
    width,
    height: options.height ?? 420,
    marginLeft: 70,
    title: options.title,
    x: { axis: null, inset: 6 },
    y: { label: options.energyLabel ?? "energy", grid: true },
    color: options.color && coloured.length
      ? {
        type: "quantize",
        n: 6,
        scheme: "viridis",
        legend: true,
        label: options.colorLabel,
        tickFormat: ".3~g",
        width: Math.min(320, width - 80),
      }
      : undefined,
    marks: [
      Plot.link(g.segments, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#333",
        strokeWidth: stroke,
      }),
      ...(showEnds
        ? [
          Plot.dot(coloured, {
            x: "x",
            y: "energy",
            r,
            fill: options.color ? "value" : "#4269d0",
            title: "hover",
          }),
          ...(blank.length
            ? [Plot.dot(blank, { x: "x", y: "energy", r, fill: "#bbb", title: "hover" })]
            : []),
        ]
        : []),
    ],
  });
  return options.key && showEnds
    ? tagMinima(svg, options.key, [coloured.map((e) => e.minimum), blank.map((e) => e.minimum)])
    : svg;
}

/** A heat-capacity curve (several series by `label`). */
export function heatCapacityFigure(
  series: { label: string; temperatures: number[]; cv: number[] }[],
  options: { temperatureLabel?: string } = {},
): string {
  const data = series.flatMap((s) =>
    s.temperatures.map((T, k) => ({ T, cv: s.cv[k], label: s.label }))
  );
  return plotToSvg({
    marginLeft: 60,
    x: { type: "log", label: options.temperatureLabel ?? "temperature (energy units)" },
    y: { label: "C_V / k_B", grid: true },
    color: { legend: series.length > 1 },
    marks: [Plot.line(data, { x: "T", y: "cv", stroke: "label" })],
  });
}

/** A contour map of a 2-D function with minima (dots) and transition states (crosses) and their links. */
export function contourFigure(
  f: (x: number, y: number) => number,
  box: { x: [number, number]; y: [number, number] },
  points: {
    minima: { x: number; y: number }[];
    transitionStates: {
      x: number;
      y: number;
      a: { x: number; y: number };
      b: { x: number; y: number };
    }[];
  },
  options: { clip?: number; thresholds?: number } = {},
): string {
  const nx = 120, ny = 120;
  const values: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = f(
        box.x[0] + (box.x[1] - box.x[0]) * i / (nx - 1),
        box.y[0] + (box.y[1] - box.y[0]) * j / (ny - 1),
      );
      values.push(options.clip !== undefined ? Math.min(v, options.clip) : v);
    }
  }
  const links = points.transitionStates.flatMap((
    t,
  ) => [{ x1: t.x, y1: t.y, x2: t.a.x, y2: t.a.y }, { x1: t.x, y1: t.y, x2: t.b.x, y2: t.b.y }]);
  return plotToSvg({
    width: 560,
    height: 480,
    x: { domain: box.x, label: "x₁" },
    y: { domain: box.y, label: "x₂" },
    color: { type: "quantize", n: 9, scheme: "blues", reverse: true, legend: false },
    marks: [
      Plot.contour(values, {
        width: nx,
        height: ny,
        x1: box.x[0],
        x2: box.x[1],
        y1: box.y[0],
        y2: box.y[1],
        stroke: "#999",
        strokeWidth: 0.5,
        thresholds: options.thresholds ?? 25,
      }),
      Plot.link(links, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#d62728",
        strokeOpacity: 0.6,
      }),
      Plot.dot(points.minima, { x: "x", y: "y", fill: "#1f77b4", r: 3.5 }),
      Plot.dot(points.transitionStates, {
        x: "x",
        y: "y",
        symbol: "times",
        stroke: "#d62728",
        r: 4,
      }),
    ],
  });
}
