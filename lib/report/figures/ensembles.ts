/**
 * Figures of ensembles of minima: per-seed accuracy by method with the mean, the Jaccard overlap
 * of error sets, where each minimum is right or wrong in input space, and how many minima
 * misclassify each item.
 * @module
 */
import { Plot, plotToSvg } from "../plot.ts";

/** Test accuracy per seed (colour) and per method, with each method's mean as a black tick. */
export function methodAccuracyFigure(
  dots: { method: string; seed: number; acc: number }[],
  means: { method: string; mean: number }[],
): string {
  return plotToSvg({
    marginLeft: 210,
    x: { label: "test accuracy", grid: true },
    y: { label: null },
    color: { legend: true, type: "ordinal" },
    marks: [
      Plot.dot(dots, { x: "acc", y: "method", stroke: "seed", r: 3.5 }),
      Plot.tickX(means, { x: "mean", y: "method", stroke: "black", strokeWidth: 2 }),
    ],
  });
}

/** A square matrix of overlaps in [0, 1] as a labelled heat map (rows/columns #1, #2, …). */
export function jaccardFigure(J: number[][]): string {
  const cells = J.flatMap((row, a) => row.map((v, b) => ({ a: `#${a + 1}`, b: `#${b + 1}`, v })));
  return plotToSvg({
    marginLeft: 40,
    width: 420,
    height: 380,
    x: { label: null },
    y: { label: null },
    color: {
      type: "quantize",
      n: 5,
      domain: [0, 1],
      scheme: "blues",
      legend: true,
      label: "Jaccard",
    },
    marks: [
      Plot.cell(cells, { x: "a", y: "b", fill: "v" }),
      Plot.text(cells, {
        x: "a",
        y: "b",
        text: (d: { v: number }) => d.v.toFixed(2),
        fill: { value: (d: { v: number }) => (d.v > 0.6 ? "white" : "black"), scale: null },
        fontSize: 9,
      }),
    ],
  });
}

/** One panel per member (four per row): test items right (grey) or wrong (red) in 2-D. */
export function rightWrongFigure(
  points: { member: string; x: number; y: number; right: "right" | "wrong" }[],
  options: { members: number; itemsPerMember: number; xLabel: string; yLabel: string },
): string {
  const n = options.itemsPerMember;
  return plotToSvg({
    width: 900,
    height: 160 * Math.ceil(options.members / 4),
    fx: { label: null, axis: null },
    fy: { label: null, axis: null },
    x: { label: options.xLabel },
    y: { label: options.yLabel },
    color: { domain: ["right", "wrong"], range: ["#bbb", "#d62728"], legend: true },
    marks: [
      Plot.dot(points, {
        x: "x",
        y: "y",
        fill: "right",
        r: 2,
        fx: (_d: unknown, i: number) => Math.floor(i / n) % 4,
        fy: (_d: unknown, i: number) => Math.floor(Math.floor(i / n) / 4),
      }),
      Plot.text(
        Array.from({ length: options.members }, (_, k) => ({ k, label: points[k * n].member })),
        {
          fx: (d: { k: number }) => d.k % 4,
          fy: (d: { k: number }) => Math.floor(d.k / 4),
          frameAnchor: "top-left",
          text: "label",
          dx: 4,
          dy: 4,
        },
      ),
    ],
  });
}

/** Bars: for c = 0…K, how many items exactly c minima misclassify. */
export function misclassificationHistogramFigure(hist: { c: number; items: number }[]): string {
  return plotToSvg({
    x: { label: "number of minima that misclassify the item" },
    y: { label: "test items", grid: true },
    marks: [Plot.barY(hist, { x: "c", y: "items", fill: "#1f77b4" })],
  });
}
