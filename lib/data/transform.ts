/**
 * Standardisation (mean 0, population standard deviation 1, as scikit-learn's
 * `normalize_y=True` and `StandardScaler` do), row selection and splits.
 * @module
 */
import { Rng } from "../util/random.ts";
import type { Dataset } from "./csv.ts";

/** Mean and population standard deviation of a vector. */
export interface Standardizer {
  /** Column mean. */
  mean: number;
  /** Column standard deviation (1 for a constant column). */
  std: number;
}

/** Mean and population standard deviation; a zero spread gives std 1 (nothing to scale). */
export function fitStandardizer(v: ArrayLike<number>): Standardizer {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  const std = Math.sqrt(s / n);
  return { mean: m, std: std > 0 ? std : 1 };
}

/** (v − mean)/std, as a new array. */
export function standardize(v: ArrayLike<number>, s: Standardizer): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] - s.mean) / s.std;
  return out;
}

/** Per-column standardizers of an n×d row-major matrix. */
export function fitColumnStandardizers(X: Float64Array, n: number, d: number): Standardizer[] {
  const out: Standardizer[] = [];
  for (let j = 0; j < d; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = X[i * d + j];
    out.push(fitStandardizer(col));
  }
  return out;
}

/** Applies per-column standardizers to an n×d row-major matrix, as a new array. */
export function standardizeColumns(X: Float64Array, d: number, s: Standardizer[]): Float64Array {
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const j = i % d;
    out[i] = (X[i] - s[j].mean) / s[j].std;
  }
  return out;
}

/** The rows `idx` of a data set, as a new data set. */
export function selectRows(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const d = ds.d;
  const X = new Float64Array(idx.length * d);
  const y = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    X.set(ds.X.subarray(i * d, i * d + d), k * d);
    y[k] = ds.y[i];
  }
  return { ...ds, n: idx.length, X, y };
}

/** Indices of a seeded train/test split. */
export interface Split {
  /** Row indices of the training part. */
  train: number[];
  /** Row indices of the held-out part. */
  test: number[];
}

/**
 * Groups of rows with identical inputs (X is n×d): the group id of each row (the index of its
 * first occurrence) and how many rows repeat an earlier one.
 *
 * @example
 * ```ts
 * import { duplicateGroups } from "./transform.ts";
 * import assert from "node:assert/strict";
 * const g = duplicateGroups(Float64Array.of(1, 2, 1, 3), 4, 1);
 * assert.deepEqual([Array.from(g.groups), g.duplicates], [[0, 1, 0, 3], 1]);
 * ```
 */
export function duplicateGroups(
  X: Float64Array,
  n: number,
  d: number,
): { groups: Int32Array; duplicates: number } {
  const first = new Map<string, number>();
  const groups = new Int32Array(n);
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    const key = Array.from(X.subarray(i * d, (i + 1) * d)).join(",");
    const g = first.get(key);
    if (g === undefined) {
      first.set(key, i);
      groups[i] = i;
    } else {
      groups[i] = g;
      duplicates++;
    }
  }
  return { groups, duplicates };
}

/**
 * Seeded random split of n rows; `testFraction` of them (at least one) go to the test set. With
 * `groups` (e.g. from {@link duplicateGroups}), rows of one group stay on one side.
 *
 * @example
 * ```ts
 * import { trainTestSplit } from "./transform.ts";
 * import assert from "node:assert/strict";
 * const s = trainTestSplit(10, { testFraction: 0.3, seed: 1 });
 * assert.equal(s.test.length, 3);
 * assert.deepEqual([...s.train, ...s.test].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * assert.deepEqual(trainTestSplit(10, { testFraction: 0.3, seed: 1 }), s); // seeded
 * ```
 */
export function trainTestSplit(
  n: number,
  options: { testFraction?: number; seed: number; groups?: ArrayLike<number> },
): Split {
  const frac = options.testFraction ?? 0.25;
  if (!(frac > 0 && frac < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${frac}`);
  const perm = new Rng(options.seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const nTest = Math.min(n - 1, Math.max(1, Math.round(frac * n)));
  const g = options.groups;
  if (!g) {
    return {
      test: perm.slice(0, nTest).sort((a, b) => a - b),
      train: perm.slice(nTest).sort((a, b) => a - b),
    };
  }
  // Whole groups (e.g. rows with identical inputs) go to one side, in the order of the same
  // permutation; without repeated groups this is exactly the split above.
  const size = new Map<number, number>();
  for (let i = 0; i < n; i++) size.set(g[i], (size.get(g[i]) ?? 0) + 1);
  const side = new Map<number, "test" | "train">();
  let inTest = 0;
  for (const i of perm) {
    if (side.has(g[i])) continue;
    const s = size.get(g[i])!;
    const toTest = inTest < nTest && (inTest === 0 || inTest + s <= nTest) && inTest + s < n;
    side.set(g[i], toTest ? "test" : "train");
    if (toTest) inTest += s;
  }
  const test: number[] = [], train: number[] = [];
  for (let i = 0; i < n; i++) (side.get(g[i]) === "test" ? test : train).push(i);
  return { test, train };
}

/**
 * Seeded k-fold partition of n rows: k splits whose test sets are disjoint and cover all rows. With
 * `groups`, rows of one group (e.g. identical inputs) share a fold; without repeated groups this is
 * exactly the ungrouped partition.
 */
export function kFold(
  n: number,
  options: { k: number; seed: number; groups?: ArrayLike<number> },
): Split[] {
  const k = options.k;
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) {
    throw new RangeError(`k must be an integer in [2, ${n}]`);
  }
  const perm = new Rng(options.seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const foldOf = new Int32Array(n);
  const g = options.groups;
  const foldAt = (p: number) => {
    let f = 0;
    while (f + 1 < k && Math.floor((f + 1) * n / k) <= p) f++;
    return f;
  };
  if (!g) perm.forEach((i, p) => (foldOf[i] = foldAt(p)));
  else {
    // Whole groups, in the order of the permutation, each into the fold where its first row falls
    // by the running count of rows placed.
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const m = members.get(g[i]);
      if (m) m.push(i);
      else members.set(g[i], [i]);
    }
    const done = new Set<number>();
    let placed = 0;
    for (const i of perm) {
      if (done.has(g[i])) continue;
      done.add(g[i]);
      const f = foldAt(placed);
      for (const r of members.get(g[i])!) foldOf[r] = f;
      placed += members.get(g[i])!.length;
    }
  }
  const folds: Split[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [], train: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    if (!test.length) {
      throw new RangeError(`${k}-fold split: fold ${f + 1} is empty (too many identical inputs)`);
    }
    folds.push({ train, test });
  }
  return folds;
}

/**
 * {@link trainTestSplit} that keeps rows with identical inputs on one side, and says how many rows
 * repeat another's inputs (so that a study can warn: such rows make test metrics look perfect).
 */
export function splitKeepingDuplicates(
  X: Float64Array,
  n: number,
  d: number,
  options: { testFraction?: number; seed: number },
): Split & { duplicates: number } {
  const dup = duplicateGroups(X, n, d);
  return { ...trainTestSplit(n, { ...options, groups: dup.groups }), duplicates: dup.duplicates };
}

/** The warning a study prints when `duplicates` rows repeat another row's inputs. */
export function duplicateWarning(duplicates: number): string {
  return `warning: ${duplicates} rows repeat the inputs of another row; identical inputs are kept on one side of the split`;
}
