/**
 * Timing figures: milliseconds per call against problem size, one line per compute path.
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** Log–log lines of `ms` against `n`, one per `path`. */
export function timingFigure(points: { n: number; path: string; ms: number }[]): string {
  return plotToSvg({
    marginLeft: 60,
    x: { type: "log", label: "n (points)" },
    y: { type: "log", label: "ms per call", grid: true },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: "n", y: "ms", stroke: "path" }),
      Plot.dot(points, { x: "n", y: "ms", fill: "path" }),
    ],
  });
}
