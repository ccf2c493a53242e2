/**
 * Per-minimum figures: test performance against training loss, and the Hessian spectra of a few
 * minima on a symmetric-log axis.
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** One minimum for {@link performanceFigure}. */
export interface MinimumPerformance {
  /** Minimum id (shown on hover). */
  id: number;
  /** Training loss. */
  loss: number;
  /** Test accuracy. */
  test_accuracy: number;
  /** Test AUC (binary problems). */
  test_auc: number;
}

/** Test accuracy (dots) and, for binary problems, test AUC (crosses) against training loss. */
export function performanceFigure(
  rows: MinimumPerformance[],
  options: { binary: boolean },
): string {
  return plotToSvg({
    marginLeft: 60,
    x: { label: "training loss (with penalty)" },
    y: { label: options.binary ? "test accuracy / AUC" : "test accuracy", grid: true },
    color: { legend: true },
    marks: [
      Plot.dot(rows, {
        x: "loss",
        y: "test_accuracy",
        fill: "#1f77b4",
        r: 3,
        title: (d: { id: number }) => `minimum ${d.id}`,
      }),
      ...(options.binary
        ? [Plot.dot(rows, { x: "loss", y: "test_auc", stroke: "#d62728", symbol: "times", r: 3 })]
        : []),
    ],
  });
}

/** Hessian eigenvalues of a few minima, one row per minimum (label), on a symlog axis. */
export function spectraFigure(spectra: { minimum: string; value: number }[]): string {
  return plotToSvg({
    marginLeft: 160,
    x: { type: "symlog", label: "Hessian eigenvalue" },
    y: { label: null },
    marks: [Plot.dot(spectra, { x: "value", y: "minimum", r: 2.5 })],
  });
}
