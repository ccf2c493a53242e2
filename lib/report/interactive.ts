/**
 * Interactive landscapes in a report, still one self-contained file with no network: a small
 * inline script (no library) reads a JSON block beside each disconnectivity graph.
 *
 * - Hover a branch end (or a minimum's dot in any figure tagged with the same landscape key): its
 *   SVG title shows the metrics (that works with scripts off too), and the side panel shows what
 *   the model predicts there — the test points in an input plane coloured by that minimum's
 *   prediction, misclassified ones ringed, with its decision regions on a slice of the plane for
 *   classification studies.
 * - Click a branch end: its monotonic sequence basin is ringed and its lowest-barrier path to the
 *   global minimum is highlighted, with the energy profile along the path of transition states.
 * - Drag a rectangle over the input plane: every minimum that misclassifies a test point inside it
 *   turns red in the graph, and the panel lists them with their error counts.
 *
 * The static SVG stays the figure; without scripts the page is the same picture.
 * @module
 */
import type { LandscapeDatabase } from "../landscape/database.ts";
import { minimaxPaths, monotonicSequenceBasins } from "../landscape/analysis.ts";
import { symmetricEigen } from "../landscape/hessian.ts";
import { escapeHtml } from "./html.ts";

/** Per-minimum predictions of a classifier on an input plane (see {@link classificationMap}). */
export interface ClassificationMap {
  /** Axes the plane can show: each with a name and one value per test point. */
  axes: { name: string; v: number[] }[];
  /** The axes shown first (indices into `axes`). */
  ax: [number, number];
  /** True class of each test point. */
  y: number[];
  /** Class names. */
  classes: string[];
  /** Predicted class of each test point, by minimum id: one base-36 character per point. */
  pred: Record<string, string>;
  /**
   * Decision regions on the plane of two input features (the others at their test means), by
   * minimum id: `nx·ny` base-36 characters, row by row from the bottom.
   */
  grid?: {
    ax: [number, number];
    nx: number;
    ny: number;
    x: [number, number];
    y: [number, number];
    pred: Record<string, string>;
  };
}

/** Options of {@link classificationMap}. */
export interface ClassificationMapOptions {
  /** Predicted class probabilities (n×classes, row-major) of the model at parameters `x`. */
  predict: (x: Float64Array, X: Float64Array, n: number) => Float64Array;
  /** Minima to include (id and parameters), lowest first. */
  minima: { id: number; x: Float64Array }[];
  /** Test inputs (n×d row-major). */
  X: Float64Array;
  /** Test rows. */
  n: number;
  /** Inputs per row. */
  d: number;
  /** True classes. */
  labels: ArrayLike<number>;
  /** Input names. */
  featureNames: string[];
  /** Class names. */
  classNames: string[];
  /** Decision-region grids for at most this many minima [100]. */
  gridMinima?: number;
  /** Grid cells per side [24]. */
  gridSize?: number;
}

const round = (v: number) => Number(v.toPrecision(4));

/** The two leading principal components of rows of X (n×d), as per-row coordinates. */
export function principalPlane(X: Float64Array, n: number, d: number): [number[], number[]] {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = X[i * d + a] - mean[a];
      for (let b = 0; b < d; b++) C[a * d + b] += xa * (X[i * d + b] - mean[b]);
    }
  }
  // Ascending eigenvalues; each vector's sign fixed so that its largest entry is positive.
  const { vectors } = symmetricEigen(C, d);
  const pc = (k: number): number[] => {
    const col = vectors[k];
    const big = col.reduce((p, v) => (Math.abs(v) > Math.abs(p) ? v : p), 0);
    const s = big < 0 ? -1 : 1;
    return Array.from({ length: n }, (_, i) => {
      let t = 0;
      for (let j = 0; j < d; j++) t += (X[i * d + j] - mean[j]) * col[j];
      return s * t;
    });
  };
  return [pc(d - 1), pc(d > 1 ? d - 2 : d - 1)];
}

function argmaxRows(P: Float64Array, n: number): string {
  const O = P.length / n;
  let s = "";
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < O; k++) if (P[i * O + k] > P[i * O + best]) best = k;
    s += best.toString(36);
  }
  return s;
}

/**
 * The input plane of a classification study: axes (every input when there are at most 8, and the
 * two leading principal components when there are more than 2), the test points' classes, each
 * minimum's predicted classes, and, when the first two inputs are shown, decision-region grids.
 *
 * @example
 * ```ts
 * import { classificationMap } from "./interactive.ts";
 * import assert from "node:assert/strict";
 * // A "model" whose single parameter is a threshold on the first input.
 * const predict = (w: Float64Array, X: Float64Array, n: number) =>
 *   Float64Array.from({ length: 2 * n }, (_, k) => (X[(k >> 1) * 2] > w[0]) === (k % 2 === 1) ? 1 : 0);
 * const map = classificationMap({
 *   predict, minima: [{ id: 7, x: Float64Array.of(0) }], X: Float64Array.of(-1, 0, 1, 0), n: 2, d: 2,
 *   labels: [0, 1], featureNames: ["a", "b"], classNames: ["no", "yes"], gridSize: 2,
 * });
 * assert.equal(map.pred["7"], "01");
 * assert.equal(map.grid!.pred["7"], "0101");
 * ```
 */
export function classificationMap(o: ClassificationMapOptions): ClassificationMap {
  if (o.classNames.length > 36) {
    throw new Error(`classificationMap: at most 36 classes (got ${o.classNames.length})`);
  }
  const { X, n, d } = o;
  const axes: { name: string; v: number[] }[] = [];
  if (d <= 8) {
    for (let j = 0; j < d; j++) {
      axes.push({
        name: o.featureNames[j] ?? `x${j + 1}`,
        v: Array.from({ length: n }, (_, i) => round(X[i * d + j])),
      });
    }
  }
  if (d > 2) {
    const [p1, p2] = principalPlane(X, n, d);
    axes.push({ name: "PC1", v: p1.map(round) }, { name: "PC2", v: p2.map(round) });
  }
  if (d === 1) axes.push({ name: "row", v: Array.from({ length: n }, (_, i) => i) });
  const pred: Record<string, string> = {};
  for (const m of o.minima) pred[m.id] = argmaxRows(o.predict(m.x, X, n), n);
  const map: ClassificationMap = {
    axes,
    ax: [0, 1],
    y: Array.from(o.labels),
    classes: o.classNames,
    pred,
  };
  if (d >= 2 && d <= 8) {
    const G = o.gridSize ?? 24;
    const range = (j: number): [number, number] => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) {
        lo = Math.min(lo, X[i * d + j]);
        hi = Math.max(hi, X[i * d + j]);
      }
      const pad = 0.05 * (hi - lo || 1);
      return [round(lo - pad), round(hi + pad)];
    };
    const xr = range(0), yr = range(1);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
    const P = new Float64Array(G * G * d);
    for (let r = 0; r < G; r++) {
      for (let c = 0; c < G; c++) {
        const row = (r * G + c) * d;
        P.set(mean, row);
        P[row] = xr[0] + (xr[1] - xr[0]) * (c + 0.5) / G;
        P[row + 1] = yr[0] + (yr[1] - yr[0]) * (r + 0.5) / G;
      }
    }
    const gp: Record<string, string> = {};
    for (const m of o.minima.slice(0, o.gridMinima ?? 100)) {
      gp[m.id] = argmaxRows(o.predict(m.x, P, G * G), G * G);
    }
    map.grid = { ax: [0, 1], nx: G, ny: G, x: xr, y: yr, pred: gp };
  }
  return map;
}

/** A 1-D Gaussian-process model's posterior at each minimum (see {@link gpPosteriorView}). */
export interface GpPosteriorView {
  /** Input name. */
  name: string;
  /** Target name. */
  target: string;
  /** Grid of inputs. */
  x: number[];
  /** Training points [x, y]. */
  train: [number[], number[]];
  /** Held-out points [x, y], when there are any. */
  test?: [number[], number[]];
  /** By minimum id: posterior mean on the grid and two standard deviations of a new observation. */
  curves: Record<string, [number[], number[]]>;
}

/**
 * The posterior mean and ±2 sd band of a GP with one input at each minimum (θ), on `points` inputs
 * spanning the training and test inputs (5% margin each side).
 */
export function gpPosteriorView(
  model: {
    predict(theta: Float64Array, Xs: Float64Array): { mean: Float64Array; variance: Float64Array };
  },
  minima: { id: number; x: Float64Array }[],
  train: { X: ArrayLike<number>; y: ArrayLike<number> },
  test: { X: ArrayLike<number>; y: ArrayLike<number> } | null,
  names: { input: string; target: string },
  points = 80,
): GpPosteriorView {
  const all = [...Array.from(train.X), ...(test ? Array.from(test.X) : [])];
  const lo = Math.min(...all), hi = Math.max(...all), pad = 0.05 * (hi - lo || 1);
  const grid = Float64Array.from(
    { length: points },
    (_, k) => lo - pad + (hi - lo + 2 * pad) * k / (points - 1),
  );
  const curves: Record<string, [number[], number[]]> = {};
  for (const m of minima) {
    const p = model.predict(m.x, grid);
    curves[m.id] = [
      Array.from(p.mean, round),
      Array.from(p.variance, (v) => round(2 * Math.sqrt(v))),
    ];
  }
  const pair = (d: { X: ArrayLike<number>; y: ArrayLike<number> }): [number[], number[]] => [
    Array.from(d.X, round),
    Array.from(d.y, round),
  ];
  return {
    name: names.input,
    target: names.target,
    x: Array.from(grid, round),
    train: pair(train),
    ...(test ? { test: pair(test) } : {}),
    curves,
  };
}

/** The data of one interactive landscape (see {@link landscapeData}). */
export interface LandscapeData {
  /** Energy label. */
  label: string;
  /** Global minimum's id. */
  gm: number;
  /**
   * Minima: [id, energy, next minimum towards the global minimum (−1: none), energy of the
   * transition state crossed to it (null: none), bottom of its monotonic sequence basin].
   */
  minima: [number, number, number, number | null, number][];
  /** Members of each monotonic sequence basin, by its bottom's id. */
  msb: Record<string, number[]>;
  /** The classification plane, when the study has one. */
  map?: ClassificationMap;
  /** The GP posterior at each minimum, for models of one input. */
  gp?: GpPosteriorView;
}

/**
 * Paths, basins and energies of the minima `shown` (and of the minima on their paths) for the
 * page's script. The global minimum is the lowest minimum that is not on a bound of the box.
 */
export function landscapeData(
  db: LandscapeDatabase,
  shown: number[],
  label: string,
  extra: { map?: ClassificationMap; gp?: GpPosteriorView } = {},
): LandscapeData {
  const gm = db.globalMinimum();
  if (!gm) throw new Error("landscapeData: the database holds no minimum");
  const paths = minimaxPaths(db, gm.id);
  const basins = monotonicSequenceBasins(db);
  const keep = new Set<number>();
  for (const id of shown) {
    for (let v = id, guard = 0; v >= 0 && !keep.has(v) && guard <= db.minima.length; guard++) {
      keep.add(v);
      v = paths.next[v];
    }
  }
  const ids = [...keep].sort((a, b) => a - b);
  const minima = ids.map((id): [number, number, number, number | null, number] => [
    id,
    db.minima[id].energy,
    paths.next[id],
    paths.via[id] >= 0 ? db.transitionStates[paths.via[id]].energy : null,
    basins.basinOf[id],
  ]);
  const msb: Record<string, number[]> = {};
  for (const id of ids) {
    const b = basins.basinOf[id];
    if (!(b in msb)) msb[b] = basins.members.get(b) ?? [b];
  }
  return { label, gm: gm.id, minima, msb, ...extra };
}

/**
 * Marks a figure's dots as minima for the page's script: the circles of the `k`-th dot mark get
 * `data-min` from `groups[k]` in order (Plot draws a dot mark's data in order), and the SVG gets
 * `data-land="key"`. Throws when a group's count differs from the circles drawn.
 */
export function tagMinima(svg: string, key: string, groups: number[][]): string {
  let out = svg.replace(/<svg /g, `<svg data-land="${escapeHtml(key)}" `);
  let from = 0;
  for (const ids of groups) {
    const re = /<g [^>]*aria-label="dot"[^>]*>/g;
    re.lastIndex = from;
    const start = re.exec(out)?.index ?? -1;
    if (start < 0) {
      if (ids.length === 0) continue;
      throw new Error(`tagMinima: no dot mark for ${ids.length} minima`);
    }
    const end = out.indexOf("</g>", start);
    let k = 0;
    const body = out.slice(start, end).replace(/<circle /g, () => {
      if (k >= ids.length) throw new Error("tagMinima: more circles than minima");
      return `<circle data-min="${ids[k++]}" `;
    });
    if (k !== ids.length) throw new Error(`tagMinima: ${k} circles for ${ids.length} minima`);
    out = out.slice(0, start) + body + out.slice(end);
    from = start + body.length;
  }
  return out;
}

/** The page's script data as a JSON text safe inside a script element. */
function jsonBlock(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

/**
 * A disconnectivity graph (its SVG tagged by {@link tagMinima} with `key`) with its side panel and
 * data, for a Section's `html`. The page's script (added by the report when any block is present)
 * makes it interactive.
 */
export function interactiveLandscapeHtml(
  key: string,
  svg: string,
  data: LandscapeData,
  caption?: string,
): string {
  const help = data.map
    ? "Hover a branch end for its metrics and its predictions on the test points; click it to ring its monotonic sequence basin and trace its lowest-barrier path to the global minimum; drag a rectangle over the test points to turn red every minimum that misclassifies a point inside it."
    : data.gp
    ? "Hover a branch end for its metrics and its posterior mean and band; click it to ring its monotonic sequence basin and trace its lowest-barrier path to the global minimum."
    : "Hover a branch end for its metrics; click it to ring its monotonic sequence basin and trace its lowest-barrier path to the global minimum.";
  return `<div class="elml-land" data-elml-landscape="${escapeHtml(key)}"><figure>${svg}${
    caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ""
  }</figure><div class="elml-side"><p class="elml-help">${help}</p>${
    data.map ? '<div class="elml-map"></div>' : ""
  }${
    data.gp ? '<div class="elml-gp"></div>' : ""
  }<div class="elml-panel" aria-live="polite"><noscript>Scripts are off: the graph is a static picture; hover texts still work.</noscript></div></div><script type="application/json" class="elml-data">${
    jsonBlock(data)
  }</script></div>`;
}

/**
 * Several landscapes, one per ν, shown one at a time: the page's script adds a list to pick one
 * and lets a click on the NLML-against-ν figure (an SVG with `data-nu-axis`) open the nearest.
 * Without scripts every landscape is shown in turn.
 */
export function nuPickerHtml(
  choices: { nu: number; label: string; html: string; default?: boolean }[],
): string {
  return `<div data-elml-nu-picker>${
    choices.map((c) =>
      `<div class="elml-nu-choice" data-nu="${c.nu}" data-label="${escapeHtml(c.label)}"${
        c.default ? " data-default" : ""
      }><h3>${escapeHtml(c.label)}</h3>${c.html}</div>`
    ).join("")
  }</div>`;
}
