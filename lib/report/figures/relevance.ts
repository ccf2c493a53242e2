/**
 * Feature-relevance figures: each method's share of relevance per input (bars with ± sd rules),
 * and the conserved-weight map (sd ratio per basin and weight, conserved ones ringed).
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** One bar of {@link relevanceSharesFigure}. */
export interface RelevanceShare {
  /** Input name (facet row). */
  feature: string;
  /** Ranking method. */
  method: string;
  /** Share of the method's total relevance. */
  share: number;
  /** Mean − sd, as a share. */
  lo: number;
  /** Mean + sd, as a share. */
  hi: number;
}

/** Bars: each method's share of relevance per input, ± sd over seeds. */
export function relevanceSharesFigure(rows: RelevanceShare[], features: number): string {
  return plotToSvg({
    height: 60 + 26 * features * 1.2,
    marginLeft: 90,
    x: { label: "share of the method's total relevance (mean ± sd over seeds)", grid: true },
    fy: { label: null },
    y: { label: null, axis: null },
    color: { legend: true },
    marks: [
      Plot.barX(rows, { x: "share", y: "method", fy: "feature", fill: "method" }),
      Plot.ruleY(rows, { x1: "lo", x2: "hi", y: "method", fy: "feature" }),
    ],
  });
}

/** Cells: sd ratio (capped at 2) per basin (column) and weight (row); conserved ones ringed. */
export function conservedWeightFigure(
  cells: { basin: string; weight: string; ratio: number; conserved: boolean }[],
): string {
  return plotToSvg({
    marginLeft: 150,
    height: 80 + 14 * new Set(cells.map((d) => d.weight)).size,
    width: 180 + 90 * new Set(cells.map((d) => d.basin)).size,
    x: { label: null, tickRotate: -20 },
    y: { label: null },
    color: {
      type: "quantize",
      n: 6,
      domain: [0, 2],
      scheme: "viridis",
      legend: true,
      label: "sd ratio",
    },
    marks: [
      Plot.cell(cells, { x: "basin", y: "weight", fill: "ratio" }),
      Plot.dot(cells.filter((d) => d.conserved), {
        x: "basin",
        y: "weight",
        stroke: "white",
        r: 3,
      }),
    ],
  });
}
