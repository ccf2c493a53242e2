/**
 * Figures that put two losses side by side: histograms of log10 Hessian eigenvalues, per-minimum
 * test AUC, and robustness curves (test AUC against noise scale) with ± one standard deviation.
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** Counts of `log10` per loss in 30 bins common to all losses. */
export function log10Histogram(
  v: { loss: string; log10: number }[],
): { loss: string; x1: number; x2: number; count: number }[] {
  const lo = Math.min(...v.map((d) => d.log10)), hi = Math.max(...v.map((d) => d.log10));
  const w = (hi - lo || 1) / 30;
  const bins = new Map<string, { loss: string; x1: number; x2: number; count: number }>();
  for (const d of v) {
    const k = Math.min(29, Math.floor((d.log10 - lo) / w));
    const key = `${d.loss}|${k}`;
    const b = bins.get(key) ?? { loss: d.loss, x1: lo + k * w, x2: lo + (k + 1) * w, count: 0 };
    b.count++;
    bins.set(key, b);
  }
  return [...bins.values()];
}

/** Histograms of log10 of the positive Hessian eigenvalues, one facet row per loss. */
export function eigenvalueHistogramFigure(eig: { loss: string; log10: number }[]): string {
  return plotToSvg({
    height: 320,
    marginRight: 100,
    x: { label: "log10 Hessian eigenvalue (positive ones)" },
    y: { label: "count", grid: true },
    fy: { label: null },
    marks: [
      Plot.rectY(log10Histogram(eig), {
        x1: "x1",
        x2: "x2",
        y: "count",
        fill: "loss",
        fy: "loss",
        insetLeft: 0.5,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** One dot per minimum: test AUC by loss, coloured by seed; hover a dot for the minimum. */
export function aucDotsFigure(
  aucs: { loss: string; auc: number; seed: number; id?: number; energy?: number }[],
): string {
  return plotToSvg({
    height: 200,
    marginLeft: 100,
    x: { label: "test AUC", grid: true },
    y: { label: null },
    color: { legend: true, type: "ordinal" },
    marks: [
      Plot.dot(aucs, {
        x: "auc",
        y: "loss",
        stroke: "seed",
        r: 3,
        title: (d: { loss: string; auc: number; seed: number; id?: number; energy?: number }) =>
          `${
            d.id === undefined ? "a minimum" : `minimum ${d.id}`
          } (seed ${d.seed}, ${d.loss}): test AUC ${d.auc.toFixed(3)}${
            d.energy === undefined ? "" : `, training loss ${d.energy.toPrecision(6)}`
          }`,
      }),
    ],
  });
}

/** Test AUC against noise scale per loss, one facet per kind of noise, with ± sd bars. */
export function robustnessFigure(
  curves: { loss: string; kind: string; scale: number; auc: number; sd: number }[],
): string {
  return plotToSvg({
    height: 300,
    width: 760,
    x: { label: "noise scale σ", type: "symlog", constant: 0.05 },
    y: { label: "test AUC", grid: true },
    fx: { label: null },
    color: { legend: true },
    marks: [
      Plot.line(curves, { x: "scale", y: "auc", stroke: "loss", fx: "kind", marker: "circle" }),
      Plot.ruleX(curves, {
        x: "scale",
        y1: (d: { auc: number; sd: number }) => d.auc - d.sd,
        y2: (d: { auc: number; sd: number }) => d.auc + d.sd,
        stroke: "loss",
        fx: "kind",
        strokeOpacity: 0.5,
      }),
    ],
  });
}
