/**
 * Built-in data sets: a synthetic sample from a Matérn-ν Gaussian process with known
 * hyperparameters (so a recovered ν can be checked against the truth), and the Mauna Loa CO₂ series
 * (provenance in lib/data/builtin/README.md).
 * @module
 */
import co2Csv from "./builtin/co2-concentration.csv" with { type: "text" };
import type { Dataset } from "./csv.ts";
import { MaternTable } from "../special/matern.ts";
import { choleskyWithJitter } from "../linalg/cholesky.ts";
import { Rng } from "../util/random.ts";
import { UserError } from "../util/errors.ts";

/** Options of {@link maternSample}; defaults in brackets. */
export interface MaternSampleOptions {
  /** Number of points [200]. */
  n?: number;
  /** Input dimension [1]. */
  d?: number;
  /** True smoothness ν [1.2, deliberately not a half-integer]. */
  nu?: number;
  /** True lengthscale ℓ [1]. */
  lengthscale?: number;
  /** True signal variance σf² [1]. */
  signalVariance?: number;
  /** True noise variance σn² [0.01]. */
  noiseVariance?: number;
  /** Inputs are uniform on [0, extent]^d [10]. */
  extent?: number;
  /** Seed [1]. */
  seed?: number;
}

/** The true hyperparameters of a {@link maternSample} data set. */
export interface MaternTruth {
  /** Smoothness ν used to draw the data. */
  nu: number;
  /** Lengthscale ℓ. */
  lengthscale: number;
  /** Signal variance σf². */
  signalVariance: number;
  /** Noise variance σn². */
  noiseVariance: number;
}

/**
 * Draws y = f(x) + ε with f ~ GP(0, σf²·Matérn_ν(r/ℓ)) and ε ~ N(0, σn²) at n uniform inputs:
 * y = L·z with L the Cholesky factor of the float64 covariance (exact Matérn table).
 *
 * @example
 * ```ts
 * import { maternSample } from "./builtin.ts";
 * import assert from "node:assert/strict";
 * const { data, truth } = maternSample({ n: 50, seed: 3 });
 * assert.equal(data.n, 50);
 * assert.equal(truth.nu, 1.2);
 * ```
 */
export function maternSample(
  options: MaternSampleOptions = {},
): { data: Dataset; truth: MaternTruth } {
  const n = options.n ?? 200, d = options.d ?? 1;
  const truth: MaternTruth = {
    nu: options.nu ?? 1.2,
    lengthscale: options.lengthscale ?? 1,
    signalVariance: options.signalVariance ?? 1,
    noiseVariance: options.noiseVariance ?? 0.01,
  };
  if (!(n >= 3 && Number.isInteger(n))) {
    throw new UserError(`maternSample: n must be an integer ≥ 3, got ${n}`);
  }
  if (!(truth.nu > 0)) throw new UserError(`maternSample: ν must be > 0, got ${truth.nu}`);
  const extent = options.extent ?? 10;
  const rng = new Rng(options.seed ?? 1);
  const X = rng.uniformArray(n * d, 0, extent);
  const table = new MaternTable(truth.nu);
  const K = new Float64Array(n * n);
  const v = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += (X[i * d + k] - X[j * d + k]) ** 2;
      table.eval(table.constants.sqrt2nu * Math.sqrt(r2) / truth.lengthscale, v);
      K[i * n + j] = truth.signalVariance * v[0];
    }
    K[i * n + i] = truth.signalVariance + truth.noiseVariance;
  }
  const { L } = choleskyWithJitter(K, n);
  const z = rng.normalArray(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[i * n + k] * z[k];
    y[i] = s;
  }
  return {
    data: {
      source: `builtin:matern(nu=${truth.nu}, n=${n}, d=${d}, seed=${options.seed ?? 1})`,
      featureNames: Array.from({ length: d }, (_, k) => `x${k + 1}`),
      targetName: "y",
      n,
      d,
      X,
      y,
    },
    truth,
  };
}

/** Options of {@link foldSample}. */
export interface FoldSampleOptions {
  /** Number of points [40]. */
  n?: number;
  /** Inputs are uniform on [0, extent] [6]. */
  extent?: number;
  /** Noise standard deviation [0.1]. */
  noise?: number;
  /** Seed [1]. */
  seed?: number;
}

/**
 * y = sin x + 0.3 sin 8x + noise on uniform x: a smooth trend with a fast wiggle, whose Matérn-ν
 * NLML landscape has several minima (the wiggle fitted or treated as noise) and a fold
 * catastrophe in ν (docs/sweep-nu.md). Generated in code from the seed.
 *
 * @example
 * ```ts
 * import { foldSample } from "./builtin.ts";
 * import assert from "node:assert/strict";
 * const ds = foldSample({ n: 40, seed: 1 });
 * assert.equal(ds.n, 40);
 * assert.ok(ds.X.every((x) => x >= 0 && x <= 6));
 * ```
 */
export function foldSample(options: FoldSampleOptions = {}): Dataset {
  const n = options.n ?? 40, extent = options.extent ?? 6, noise = options.noise ?? 0.1;
  if (!(n >= 3 && Number.isInteger(n))) {
    throw new UserError(`foldSample: n must be an integer ≥ 3, got ${n}`);
  }
  const rng = new Rng(options.seed ?? 1);
  const X = Float64Array.from({ length: n }, () => rng.range(0, extent)).sort();
  const y = Float64Array.from(X, (x) => Math.sin(x) + 0.3 * Math.sin(8 * x) + noise * rng.normal());
  return {
    source: `builtin:fold(n=${n}, extent=${extent}, noise=${noise}, seed=${options.seed ?? 1})`,
    featureNames: ["x"],
    targetName: "y",
    n,
    d: 1,
    X,
    y,
  };
}

/** Options of {@link co2Dataset}. */
export interface Co2Options {
  /** Keep every k-th month [1: all 741]. */
  every?: number;
  /** Keep only months from this decimal year on. */
  from?: number;
  /** Keep only months before this decimal year. */
  to?: number;
}

/**
 * Mauna Loa monthly CO₂ (ppm) against decimal year (the 15th of each month).
 *
 * @example
 * ```ts
 * import { co2Dataset } from "./builtin.ts";
 * import assert from "node:assert/strict";
 * const ds = co2Dataset({ every: 6 });
 * assert.deepEqual([ds.n, ds.featureNames, ds.targetName], [124, ["year"], "co2_ppm"]);
 * ```
 */
export function co2Dataset(options: Co2Options = {}): Dataset {
  const every = options.every ?? 1;
  if (!(Number.isInteger(every) && every >= 1)) {
    throw new UserError(`co2: every must be an integer ≥ 1`);
  }
  const rows = co2Csv.trim().split(/\r?\n/).slice(1);
  const xs: number[] = [], ys: number[] = [];
  rows.forEach((line, k) => {
    if (k % every !== 0) return;
    const [date, co2] = line.split(",");
    const [yy, mm] = date.split("-").map(Number);
    const year = yy + (mm - 1) / 12 + 14 / 365;
    if (options.from !== undefined && year < options.from) return;
    if (options.to !== undefined && year >= options.to) return;
    xs.push(year);
    ys.push(Number(co2));
  });
  if (xs.length < 3) throw new UserError(`co2: only ${xs.length} months selected`);
  return {
    source: "builtin:co2 (Mauna Loa, Scripps CO2 Program via vega-datasets 3.2.1)",
    featureNames: ["year"],
    targetName: "co2_ppm",
    n: xs.length,
    d: 1,
    X: Float64Array.from(xs),
    y: Float64Array.from(ys),
  };
}
