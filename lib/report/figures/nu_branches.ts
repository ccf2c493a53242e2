/**
 * Figures of a ν sweep: NLML against ν for every branch of stationary points (minima solid,
 * transition states dashed, on-bound points open, folds as diamonds), and the hyperparameters
 * along every minimum branch.
 * @module
 */
import { Plot, plotToSvg, plotWithScale } from "../plot.ts";

/** One point of a branch, as the figures take it. */
export interface BranchPoint {
  /** Branch label, e.g. "min 3". */
  branch: string;
  /** "minimum" or "ts". */
  kind: "minimum" | "ts";
  /** ν. */
  nu: number;
  /** NLML. */
  nlml: number;
  /** On a bound of the θ box. */
  onBound: boolean;
}

/** Marks shared by both figures: the half-integers (orange, dashed) and the optimum (red). */
function nuRules(halfIntegers: number[], nuOpt: number) {
  return [
    ...halfIntegers.map((h) => Plot.ruleX([h], { stroke: "orange", strokeDasharray: "2,3" })),
    Plot.ruleX([nuOpt], { stroke: "red" }),
  ];
}

/** NLML against ν for every branch, with the folds. */
export function nuBranchesFigure(
  points: BranchPoint[],
  folds: { nu: number; energy: number }[],
  guides: { halfIntegers: number[]; nuOpt: number },
): string {
  const { svg, scale } = plotWithScale({
    width: 760,
    height: 420,
    marginLeft: 70,
    x: { label: "ν" },
    y: { label: "NLML (training data)", grid: true },
    color: { legend: false },
    marks: [
      ...nuRules(guides.halfIntegers, guides.nuOpt),
      Plot.line(points.filter((d) => d.kind === "minimum"), {
        x: "nu",
        y: "nlml",
        z: "branch",
        stroke: "#1f77b4",
      }),
      Plot.line(points.filter((d) => d.kind === "ts"), {
        x: "nu",
        y: "nlml",
        z: "branch",
        stroke: "#d62728",
        strokeDasharray: "4,3",
      }),
      Plot.dot(points.filter((d) => d.onBound), { x: "nu", y: "nlml", stroke: "#1f77b4", r: 2 }),
      Plot.dot(folds, { x: "nu", y: "energy", symbol: "diamond", fill: "black", r: 5 }),
    ],
  }, "x");
  // The ν axis for a page script (a ν picker maps clicks to ν): domain and pixel range.
  return scale && scale.type === "linear"
    ? svg.replace(/^<svg /, `<svg data-nu-axis="${[...scale.domain, ...scale.range].join(" ")}" `)
    : svg;
}

/** Hyperparameters along every minimum branch, one facet row per parameter. */
export function nuParametersFigure(
  points: { branch: string; nu: number; param: string; value: number }[],
  guides: { halfIntegers: number[]; nuOpt: number; parameters: number },
): string {
  return plotToSvg({
    width: 760,
    height: 160 * guides.parameters,
    marginLeft: 70,
    marginRight: 150,
    x: { label: "ν" },
    fy: { label: null },
    y: { label: "value", grid: true },
    marks: [
      Plot.line(points, { x: "nu", y: "value", z: "branch", fy: "param", stroke: "#1f77b4" }),
      ...nuRules(guides.halfIntegers, guides.nuOpt),
    ],
  });
}
