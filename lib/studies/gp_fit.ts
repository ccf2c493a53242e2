/**
 * The GP fitting study: a Matérn-ν Gaussian process with ν optimised like every other
 * hyperparameter (exact gradient), against the half-integer kernels everyone uses (ν = ½, 3/2,
 * 5/2) on a held-out split, with the NLML profile over ν. Schema: docs/gp.md.
 * @module
 */
import { co2Dataset, maternSample, type MaternTruth } from "../data/builtin.ts";
import { type Dataset, loadCsv } from "../data/csv.ts";
import {
  duplicateGroups,
  fitColumnStandardizers,
  selectRows,
  standardizeColumns,
  trainTestSplit,
} from "../data/transform.ts";
import { minimize } from "../landscape/minimize.ts";
import { MaternGP } from "../models/gp.ts";
import { defaultBounds } from "../models/gp_bounds.ts";
import { fmt } from "../report/html.ts";
import { UserError } from "../util/errors.ts";
import type { RunContext } from "./context.ts";
import { fitMaternGP } from "./gp/fit.ts";
import { HALF_INTEGER_NU } from "./sweep_nu.ts";

/** Options of {@link runGpFit}. */
export interface GpFitOptions {
  /** Random starts per fit. */
  restarts: number;
  /** Share of rows held out. */
  testFraction: number;
  /** One lengthscale per input. */
  ard: boolean;
  /** Standardise the targets. */
  normalizeY: boolean;
  /** Standardise the inputs (on the training split). */
  scaleInputs: boolean;
  /** Seed. */
  seed: number;
  /** Coarser ν profile. */
  quick: boolean;
}

/** One fitted kernel. */
export interface GpFitRow {
  /** "ν free" or "ν = 1.5". */
  label: string;
  /** ν. */
  nu: number;
  /** NLML on the training split. */
  nlml: number;
  /** θ. */
  theta: number[];
  /** Lengthscale(s). */
  lengthscale: number[];
  /** σf². */
  signal_variance: number;
  /** σn². */
  noise_variance: number;
  /** Best minimum on a bound of the θ box. */
  on_bound: boolean;
  /** Which components. */
  bound_names: string[];
  /** Held-out RMSE. */
  test_rmse: number;
  /** Held-out MNLPD. */
  test_mnlpd: number;
  /** Starts run. */
  restarts: number;
  /** Starts that failed. */
  failed_starts: number;
  /** Seconds. */
  seconds: number;
}

/** Everything the study computed. */
export interface GpFitStudyResult {
  /** All rows. */
  raw: Dataset;
  /** Truth of synthetic data. */
  truth: MaternTruth | null;
  /** Training split (inputs scaled when asked). */
  train: Dataset;
  /** Held-out split. */
  test: Dataset;
  /** Indices of the held-out rows (0-based). */
  testRows: number[];
  /** θ names. */
  names: string[];
  /** ν free first, then the half-integers. */
  rows: GpFitRow[];
  /** The half-integer fit with the lowest NLML. */
  bestHalf: GpFitRow;
  /** NLML minimised over the other hyperparameters at each ν. */
  profile: { nu: number; nlml: number; onBound: boolean }[];
  /** Predictive mean ± 2 sd on a grid (1-D inputs only). */
  band: { x: number; mean: number; lo: number; hi: number }[] | null;
}

/** Options of {@link loadGpFitData}. */
export interface GpFitDataOptions {
  /** CSV path. */
  data?: string;
  /** Target column. */
  target?: string;
  /** Built-in: "matern" or "co2". */
  dataset: string;
  /** Smaller built-in data. */
  quick: boolean;
  /** Seed of the synthetic sample. */
  seed: number;
}

/** The study's data: a CSV, a Matérn sample (true ν = 1.2), or Mauna Loa CO₂. */
export async function loadGpFitData(
  o: GpFitDataOptions,
): Promise<{ data: Dataset; truth: MaternTruth | null }> {
  if (o.data) return { data: await loadCsv(o.data, { target: o.target, minRows: 6 }), truth: null };
  if (o.dataset === "matern") return maternSample({ n: o.quick ? 80 : 200, seed: o.seed });
  if (o.dataset === "co2") return { data: co2Dataset({ every: o.quick ? 12 : 3 }), truth: null };
  throw new UserError(`--dataset must be matern or co2, got "${o.dataset}"`);
}

/** Runs the study. */
export async function runGpFit(
  raw: Dataset,
  truth: MaternTruth | null,
  o: GpFitOptions,
  ctx: RunContext,
): Promise<GpFitStudyResult> {
  const dup = duplicateGroups(raw.X, raw.n, raw.d);
  if (dup.duplicates) {
    ctx.log(
      `warning: ${dup.duplicates} rows repeat the inputs of another row; identical inputs are kept on one side of the split`,
    );
  }
  const split = trainTestSplit(raw.n, {
    testFraction: o.testFraction,
    seed: o.seed,
    groups: dup.groups,
  });
  if (split.train.length < 3) {
    throw new UserError(`${raw.source}: only ${split.train.length} training rows after the split`);
  }
  let train: Dataset = selectRows(raw, split.train), test: Dataset = selectRows(raw, split.test);
  if (o.scaleInputs) {
    const s = fitColumnStandardizers(train.X, train.n, train.d);
    train = { ...train, X: standardizeColumns(train.X, train.d, s) };
    test = { ...test, X: standardizeColumns(test.X, test.d, s) };
  }
  ctx.log(`${raw.source}: ${train.n} train / ${test.n} test rows, ${raw.d} inputs`);
  const gpOpts = { ard: o.ard, normalizeY: o.normalizeY };
  const fits = [];
  for (const nu of [null, ...HALF_INTEGER_NU]) {
    const label = nu === null ? "ν free" : `ν = ${nu}`;
    const gp = new MaternGP(train, nu === null ? gpOpts : { ...gpOpts, nu });
    const { fit, seconds } = await ctx.step(`fit ${label}`, () => {
      const ts = performance.now();
      const fit = fitMaternGP(gp, train.X, {
        restarts: o.restarts,
        seed: o.seed,
        onRun: (k, total, run) =>
          ctx.log(
            `${label}: start ${k}/${total} ${
              run ? `NLML ${fmt(run.nlml, 6)}${run.onBound ? " (on bound)" : ""}` : "failed"
            }`,
          ),
      });
      return { fit, seconds: (performance.now() - ts) / 1000 };
    });
    ctx.timings[`fit ${label}`] = seconds;
    fits.push({ label, nu, gp, fit, seconds });
  }
  // NLML profile over ν: minimise the other hyperparameters at each ν, warm-started along the grid.
  const free = fits[0];
  const nuBest = free.fit.best.theta[free.gp.dim - 1];
  const steps = o.quick ? 8 : 24;
  const grid = [
    ...new Set([
      ...Array.from(
        { length: steps },
        (_, k) => 0.25 * Math.exp(k * Math.log(5 / 0.25) / (steps - 1)),
      ),
      ...HALF_INTEGER_NU,
      nuBest,
    ]),
  ].sort((a, b) => a - b);
  const tp = performance.now();
  const profile = await ctx.step("profile", () => {
    const out: { nu: number; nlml: number; onBound: boolean }[] = [];
    let warm = free.fit.best.theta.subarray(0, free.gp.dim - 1);
    for (const nu of grid) {
      const gp = new MaternGP(train, { ...gpOpts, nu });
      const b = defaultBounds(gp, train.X);
      const r = minimize(gp, warm, { lower: b.lower, upper: b.upper, maxStep: 1 });
      warm = r.x;
      out.push({ nu, nlml: r.energy, onBound: r.onBound });
    }
    return out;
  });
  ctx.log(`ν profile: ${grid.length} points in ${fmt((performance.now() - tp) / 1000)} s`);
  const rows = fits.map((f): GpFitRow => {
    const th = f.fit.best.theta;
    const m = f.gp.testMetrics(th, test.X, test.y);
    const h = f.gp.unpack(th);
    return {
      label: f.label,
      nu: h.nu,
      nlml: f.fit.best.nlml,
      theta: Array.from(th),
      lengthscale: h.logLengthscale.map(Math.exp),
      signal_variance: Math.exp(h.logSignalVariance),
      noise_variance: Math.exp(h.logNoiseVariance),
      on_bound: f.fit.best.onBound,
      bound_names: f.fit.best.boundNames,
      test_rmse: m.rmse,
      test_mnlpd: m.mnlpd,
      restarts: f.fit.runs.length,
      failed_starts: f.fit.failures,
      seconds: f.seconds,
    };
  });
  const bestHalf = rows.slice(1).reduce((a, b) => (b.nlml < a.nlml ? b : a));
  let band: GpFitStudyResult["band"] = null;
  if (raw.d === 1) {
    const gp = fits[0].gp, th = fits[0].fit.best.theta;
    const lo = Math.min(...raw.X), hi = Math.max(...raw.X);
    const xs = Float64Array.from({ length: 200 }, (_, k) => lo + (hi - lo) * k / 199);
    const pr = gp.predict(th, xs);
    band = Array.from(xs, (x, k) => ({
      x,
      mean: pr.mean[k],
      lo: pr.mean[k] - 2 * Math.sqrt(pr.variance[k]),
      hi: pr.mean[k] + 2 * Math.sqrt(pr.variance[k]),
    }));
  }
  return {
    raw,
    truth,
    train,
    test,
    testRows: [...split.test],
    names: fits[0].gp.names,
    rows,
    bestHalf,
    profile,
    band,
  };
}

/** The results.json object (docs/gp.md), without `device` and `timings`. */
export function gpFitResults(r: GpFitStudyResult): Record<string, unknown> {
  const { raw, train, test, rows, bestHalf } = r;
  return {
    task: "gp-fit",
    data: {
      source: raw.source,
      n_train: train.n,
      n_test: test.n,
      d: raw.d,
      features: raw.featureNames,
      target: raw.targetName,
      test_rows: r.testRows,
    },
    truth: r.truth,
    theta_order: r.names,
    fits: rows,
    optimum: rows[0],
    best_half_integer: bestHalf,
    delta_nlml_best_half_integer: bestHalf.nlml - rows[0].nlml,
    profile: r.profile,
  };
}
