/**
 * GP figures: the NLML profile over ν (half-integers and the optimum marked), and a 1-D
 * prediction band with the training and test points.
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** NLML against ν (log axis); `marked` ν in orange, the optimum in red. */
export function nuProfileFigure(
  profile: { nu: number; nlml: number }[],
  marked: readonly number[],
  optimum: { nu: number; nlml: number },
): string {
  return plotToSvg({
    marginLeft: 60,
    x: { type: "log", label: "ν" },
    y: { label: "NLML (minimised over ℓ, σf², σn²)", grid: true },
    marks: [
      Plot.line(profile, { x: "nu", y: "nlml" }),
      Plot.dot(profile.filter((p) => marked.includes(p.nu)), {
        x: "nu",
        y: "nlml",
        fill: "orange",
        r: 4,
      }),
      Plot.dot([optimum], { x: "nu", y: "nlml", fill: "red", r: 5 }),
    ],
  });
}

/** Predictive mean and ± 2 sd band over a 1-D input, with data points coloured by set. */
export function predictionBandFigure(
  band: { x: number; mean: number; lo: number; hi: number }[],
  points: { x: number; y: number; set: string }[],
  labels: { x: string; y: string },
): string {
  return plotToSvg({
    marginLeft: 60,
    x: { label: labels.x },
    y: { label: labels.y, grid: true },
    color: { legend: true },
    marks: [
      Plot.areaY(band, { x: "x", y1: "lo", y2: "hi", fill: "#4269d0", fillOpacity: 0.15 }),
      Plot.line(band, { x: "x", y: "mean", stroke: "#4269d0" }),
      Plot.dot(points, { x: "x", y: "y", fill: "set", r: 2 }),
    ],
  });
}
