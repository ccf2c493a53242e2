/**
 * The Gaussian-process ν study (MISSION.md, study 1): the NLML landscape of a Matérn-ν GP over θ
 * for every ν on a grid, its branches and folds, the joint optimum over (θ, ν) against the
 * half-integers on held-out data (5-fold CV for small data), ensembles from distinct minima at the
 * optimum ν, and heat capacities. `runSweepNu` computes; `sweepNuResults` is its results.json form
 * (schema in docs/sweep-nu.md); the page is built by sweep_nu_report.ts.
 * @module
 */
import { type GpPosteriorView, gpPosteriorView } from "../report/interactive.ts";
import { co2Dataset, foldSample, maternSample, type MaternTruth } from "../data/builtin.ts";
import { type Dataset, loadCsv } from "../data/csv.ts";
import { duplicateGroups, kFold, selectRows, trainTestSplit } from "../data/transform.ts";
import { connectivity, heatCapacity } from "../landscape/analysis.ts";
import type { TrackedPoint } from "../landscape/catastrophe.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import { minimize } from "../landscape/minimize.ts";
import { MaternGP } from "../models/gp.ts";
import { fmt } from "../report/html.ts";
import { defaultBounds } from "../models/gp_bounds.ts";
import { UserError } from "../util/errors.ts";
import { Rng } from "../util/random.ts";
import { formatDuration } from "../util/progress.ts";
import type { RunContext } from "./context.ts";
import { type EnsembleMember, type EnsembleScore, ensembleScores } from "./gp/ensemble.ts";
import { fitMaternGP, type GPFitRun } from "./gp/fit.ts";
import { addKnownSaddles, mapGpLandscape } from "./gp/landscape.ts";
import { nuSweep, type NuSweepResult } from "./gp/nu_sweep.ts";

/** The half-integer ν with closed-form Matérn kernels. */
export const HALF_INTEGER_NU: readonly number[] = [0.5, 1.5, 2.5];

/** Options of {@link runSweepNu}. */
export interface SweepNuOptions {
  /** The ν grid (see {@link sweepNuGrid}). */
  grid: number[];
  /** One lengthscale per input. */
  ard: boolean;
  /** Seed of splits, searches and fits. */
  seed: number;
  /** Smaller searches (seconds). */
  quick: boolean;
  /**
   * Share of rows held out for test metrics [0.25]; 0 fits on every row and takes the metrics
   * from 5-fold cross-validation (as for fewer than 60 rows).
   */
  holdout?: number;
}

/** The study's data: the rows, and the generating ν when the data are synthetic. */
export interface SweepNuData {
  /** All rows (after `--subsample`). */
  raw: Dataset;
  /** The truth of synthetic data (null for a CSV). */
  truth: MaternTruth | null;
  /** With `--subsample`: the kept rows of the file (0-based, ascending), of how many, and the seed. */
  subsample?: { rows: number[]; of: number; seed: number };
}

/**
 * Most training rows sweep-nu takes. Each NLML holds four n×n float64 work matrices (32n² bytes,
 * shared by every ν) and per-pair arrays for each of the ≤ 4 cached ν models (16n² bytes each):
 * ≈ 96n² bytes, 2.4 GB at n = 5000; at that size one NLML + gradient takes ≈ 2 s, and a sweep needs
 * ~10⁴ of them.
 */
export const SWEEP_NU_MAX_TRAIN = 5000;

/**
 * A seeded subsample of `rows` rows of `data` (kept in file order), for data sets above
 * {@link SWEEP_NU_MAX_TRAIN}.
 */
export function subsampleRows(data: SweepNuData, rows: number, seed: number): SweepNuData {
  const n = data.raw.n;
  if (!(Number.isInteger(rows) && rows >= 6)) {
    throw new UserError(`--subsample must be a whole number ≥ 6, got ${rows}`);
  }
  if (rows >= n) return data;
  const perm = new Rng(seed + 7919).shuffle(Array.from({ length: n }, (_, i) => i));
  const kept = perm.slice(0, rows).sort((a, b) => a - b);
  return {
    ...data,
    raw: { ...selectRows(data.raw, kept), source: data.raw.source },
    subsample: { rows: kept, of: n, seed },
  };
}

/** Held-out (or cross-validated) metrics of one fit. */
export interface GpMetrics {
  /** Root-mean-square error in the target's units. */
  rmse: number;
  /** Mean negative log predictive density. */
  mnlpd: number;
}

/** The best fit at one half-integer ν. */
export interface HalfIntegerFit {
  /** ν. */
  nu: number;
  /** Lowest NLML at this ν (NaN when no minimum was found). */
  nlml: number;
  /** θ at that minimum. */
  theta: number[];
  /** On a bound of the θ box. */
  onBound: boolean;
  /** Test RMSE. */
  testRmse: number;
  /** Test MNLPD. */
  testMnlpd: number;
}

/** One member of the GP ensemble at the optimum ν. */
export interface GpEnsembleMemberRow {
  /** Its NLML. */
  nlml: number;
  /** Its θ. */
  theta: number[];
  /** On a bound of the θ box. */
  onBound: boolean;
  /** Test RMSE. */
  testRmse: number;
  /** Test MNLPD. */
  testMnlpd: number;
}

/** A heat-capacity curve of one landscape. */
export interface LabelledHeatCapacity {
  /** Which landscape. */
  label: string;
  /** Minima in the harmonic superposition (C_V is constant with one). */
  minima: number;
  /** Temperatures (NLML units). */
  temperatures: number[];
  /** C_V / k_B at each temperature. */
  cv: number[];
  /** Temperatures of the peaks. */
  peaks: number[];
}

/** The landscapes on both sides of one fold. */
export interface FoldLandscapes {
  /** ν_c. */
  nuC: number;
  /** One grid step below. */
  below: { nu: number; db: LandscapeDatabase };
  /** One grid step above. */
  above: { nu: number; db: LandscapeDatabase };
}

/** Everything the study computed. */
export interface SweepNuResult {
  /** The data. */
  data: SweepNuData;
  /** The options it ran with. */
  options: SweepNuOptions;
  /** 5-fold CV instead of a held-out split (fewer than 60 rows). */
  useCv: boolean;
  /** Training rows. */
  nTrain: number;
  /** Held-out rows (0 with CV). */
  nTest: number;
  /** Indices of the held-out rows in the data (0-based; empty with CV). */
  testRows: number[];
  /** Branches, folds and anchor landscapes over the grid. */
  sweep: NuSweepResult;
  /** Joint optimum over (θ, ν). */
  optimum: GPFitRun;
  /** ν at the optimum. */
  nuOpt: number;
  /** Its metrics. */
  optimumMetrics: GpMetrics;
  /** The best fit at each half-integer on the grid. */
  halfInteger: HalfIntegerFit[];
  /** The lowest of those with a finite NLML (null when there is none). */
  bestHalf: HalfIntegerFit | null;
  /** The landscape at the optimum ν. */
  landscapeAtOptimum: LandscapeDatabase;
  /** The landscapes at the half-integers, by ν. */
  landscapesAtHalf: Map<number, LandscapeDatabase>;
  /** The landscapes one grid step below and above each fold. */
  foldLandscapes: FoldLandscapes[];
  /**
   * ν of the ensembles: the optimum's, or — when its landscape has a single minimum — the grid ν
   * nearest the optimum whose landscape has several (null: none on the grid has).
   */
  ensembleNu: number;
  /** Why the ensembles are not at the optimum ν (null when they are). */
  ensembleWhy: string | null;
  /** The landscape the ensembles come from. */
  ensembleLandscape: LandscapeDatabase;
  /** Ensemble members (empty with CV). */
  members: GpEnsembleMemberRow[];
  /** Ensemble combinations (empty with CV). */
  ensembles: EnsembleScore[];
  /** Heat capacities: the optimum, then the half-integers. */
  heatCapacities: LabelledHeatCapacity[];
  /**
   * For data with one input: each landscape's GP posterior at its 30 lowest minima, for the
   * report's hover panels (empty with more inputs).
   */
  posteriors: Map<LandscapeDatabase, GpPosteriorView>;
}

/**
 * The ν grid from `nuMin` to `nuMax` in steps of `nuStep`, with the half-integers in range added.
 * Bad ranges are a {@link UserError}.
 *
 * @example
 * ```ts
 * import { sweepNuGrid } from "./sweep_nu.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sweepNuGrid(1, 2, 0.4), [1, 1.4, 1.5, 1.8]);
 * ```
 */
export function sweepNuGrid(nuMin: number, nuMax: number, nuStep: number): number[] {
  if (!(nuMax > nuMin)) {
    throw new UserError(`--nu-max (${nuMax}) must be greater than --nu-min (${nuMin})`);
  }
  if ((nuMax - nuMin) / nuStep > 2000) {
    throw new UserError(
      `the ν grid would have ${
        Math.round((nuMax - nuMin) / nuStep)
      } points; use a larger --nu-step`,
    );
  }
  return [
    ...new Set([
      ...Array.from(
        { length: Math.floor((nuMax - nuMin) / nuStep + 1e-9) + 1 },
        (_, k) => Math.round((nuMin + k * nuStep) * 1e9) / 1e9,
      ),
      ...HALF_INTEGER_NU.filter((h) => h >= nuMin && h <= nuMax),
    ]),
  ].sort((a, b) => a - b);
}

/** Options of {@link loadSweepNuData}. */
export interface SweepNuDataOptions {
  /** A CSV path (else built-in data). */
  data?: string;
  /** Its target column. */
  target?: string;
  /** Built-in data: "fold" (default), "matern" or "co2". */
  dataset?: string;
  /** Smaller built-in data. */
  quick?: boolean;
  /** Seed of the synthetic sample. */
  seed?: number;
}

/**
 * The study's data: a CSV, or built-in data — `fold` (y = sin x + 0.3 sin 8x + noise, whose NLML
 * landscape has a fold in ν), a Matérn sample with ν = 1.2, or Mauna Loa CO₂.
 */
export async function loadSweepNuData(o: SweepNuDataOptions): Promise<SweepNuData> {
  if (o.data) return { raw: await loadCsv(o.data, { target: o.target, minRows: 6 }), truth: null };
  const which = o.dataset ?? "fold";
  if (which === "fold") {
    const raw = o.quick
      ? foldSample({ n: 40, extent: 6, seed: o.seed ?? 1 })
      : foldSample({ n: 80, extent: 12, seed: o.seed ?? 1 });
    return { raw, truth: null };
  }
  if (which === "matern") {
    const { data, truth } = maternSample({ n: o.quick ? 60 : 200, seed: o.seed ?? 1 });
    return { raw: data, truth };
  }
  if (which === "co2") return { raw: co2Dataset({ every: o.quick ? 24 : 6 }), truth: null };
  throw new UserError(`--dataset must be one of fold, matern, co2, got "${which}"`);
}

/** Runs the study. */
export async function runSweepNu(
  input: SweepNuData,
  options: SweepNuOptions,
  ctx: RunContext,
): Promise<SweepNuResult> {
  const { raw } = input;
  const { grid, ard, seed, quick } = options;
  const holdout = options.holdout ?? 0.25;
  const useCv = raw.n < 60 || holdout === 0;
  const nTrainPlanned = useCv ? raw.n : raw.n - Math.round(holdout * raw.n);
  if (nTrainPlanned > SWEEP_NU_MAX_TRAIN) {
    throw new UserError(
      `${raw.source}: ${nTrainPlanned} training rows; sweep-nu takes at most ${SWEEP_NU_MAX_TRAIN} (about 96n² bytes of memory, ${
        (96 * nTrainPlanned ** 2 / 2 ** 30).toFixed(0)
      } GB here) — use --subsample ${
        Math.floor(SWEEP_NU_MAX_TRAIN / (useCv ? 1 : 1 - holdout))
      } (a seeded subsample, recorded in results.json)`,
    );
  }
  // Rows with identical inputs stay on one side: a duplicate on both sides is predicted from
  // itself and makes the test metrics look perfect.
  const dup = duplicateGroups(raw.X, raw.n, raw.d);
  if (dup.duplicates) {
    ctx.log(
      `warning: ${dup.duplicates} rows repeat the inputs of another row; identical inputs are kept on one side of the split`,
    );
  }
  const split = trainTestSplit(raw.n, {
    testFraction: useCv ? 0.25 : holdout,
    seed,
    groups: dup.groups,
  });
  const train = useCv ? raw : selectRows(raw, split.train);
  const test = useCv ? null : selectRows(raw, split.test);
  ctx.log(
    `${raw.source}: ${raw.n} rows, ${raw.d} inputs, ${grid.length} ν values in [${grid[0]}, ${
      grid[grid.length - 1]
    }]; ${useCv ? "5-fold CV" : `${train.n} train / ${test!.n} test`}`,
  );

  // 1–2. The sweep: anchors, continuation, folds.
  const sweepStart = performance.now();
  const sweep = await ctx.stage(
    "sweep (anchors, continuation, folds)",
    () =>
      ctx.step("sweep", () =>
        nuSweep(train, {
          grid,
          ard,
          seed,
          anchorEvery: quick ? 6 : 24,
          bhSteps: quick ? 10 : 20,
          onProgress: (s, done, total, detail) => {
            const el = (performance.now() - sweepStart) / 1000;
            ctx.log(
              `${s} ${done}/${total}: ${detail}  (${formatDuration(el)} elapsed${
                s === "anchors"
                  ? `, ETA ${formatDuration(el / done * (total - done))} for anchors`
                  : ""
              })`,
            );
          },
        })),
  );
  ctx.log(
    `${sweep.branches.length} branches, ${sweep.folds.length} folds, ${sweep.evaluations} NLML evaluations`,
  );

  // 3. The joint optimum over (θ, ν), started from the best point of every branch.
  const gpFree = new MaternGP(train, { ard });
  const opt = await ctx.stage("joint optimum over (θ, ν)", () =>
    ctx.step("joint-optimum", () => {
      const bestPerBranch = sweep.branches.filter((b) => b.kind === "minimum").map((b) =>
        b.points.reduce((a, p) => (p.energy < a.energy ? p : a))
      );
      const starts = bestPerBranch.sort((a, b) => a.energy - b.energy).slice(0, 6).map((p) =>
        Float64Array.from([...p.x, p.nu])
      );
      return fitMaternGP(gpFree, train.X, { starts, restarts: quick ? 1 : 3, seed }).best;
    }));
  const nuOpt = opt.theta[gpFree.dim - 1];

  // The best point at each half-integer (a minimum on a bound of the box is reported, flagged).
  const bestAt = (nu: number): TrackedPoint | null => {
    const pts = sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
      b.points.filter((p) => p.nu === nu)
    );
    return pts.length ? pts.reduce((a, p) => (p.energy < a.energy ? p : a)) : null;
  };
  const halfRows = HALF_INTEGER_NU.filter((h) => grid.includes(h)).map((h) => ({
    nu: h,
    point: bestAt(h),
  }));

  // Held-out metrics (or 5-fold CV: refit θ on each training part from the found θ).
  const metricsFor = (nu: number | null, theta: Float64Array): GpMetrics => {
    const evalOn = (tr: Dataset, te: Dataset, th: Float64Array) => {
      const gp = new MaternGP(tr, nu === null ? { ard } : { ard, nu });
      const b = defaultBounds(gp, tr.X);
      const r = minimize(gp, th, { lower: b.lower, upper: b.upper, maxStep: 0.5 });
      return gp.testMetrics(r.x, te.X, te.y);
    };
    if (!useCv) {
      const gp = new MaternGP(train, nu === null ? { ard } : { ard, nu });
      return gp.testMetrics(theta, test!.X, test!.y);
    }
    const folds = kFold(raw.n, { k: 5, seed, groups: dup.groups }).map((f) =>
      evalOn(selectRows(raw, f.train), selectRows(raw, f.test), theta)
    );
    return {
      rmse: folds.reduce((a, m) => a + m.rmse, 0) / folds.length,
      mnlpd: folds.reduce((a, m) => a + m.mnlpd, 0) / folds.length,
    };
  };
  const { optimumMetrics, halfInteger } = await ctx.stage(
    "test metrics",
    () =>
      ctx.step("test-metrics", () => ({
        optimumMetrics: metricsFor(null, opt.theta),
        halfInteger: halfRows.map(({ nu, point }): HalfIntegerFit => {
          if (!point) {
            return { nu, nlml: NaN, theta: [], onBound: false, testRmse: NaN, testMnlpd: NaN };
          }
          const m = metricsFor(nu, point.x);
          return {
            nu,
            nlml: point.energy,
            theta: Array.from(point.x),
            onBound: point.onBound,
            testRmse: m.rmse,
            testMnlpd: m.mnlpd,
          };
        }),
      })),
  );
  // The lowest finite half-integer fit; none when the range holds no half-integer or no fit there
  // has a finite NLML (the report then says so instead of printing NaN).
  const finite = halfInteger.filter((h) => Number.isFinite(h.nlml));
  const bestHalf = finite.length ? finite.reduce((a, b) => (b.nlml < a.nlml ? b : a)) : null;

  // 4–5. Landscapes at the optimum ν (ensembles, heat capacity) and at the half-integers.
  const { dbOpt, dbHalf } = await ctx.stage(
    "landscapes at the optimum and half-integers",
    () =>
      ctx.step("landscapes", async () => {
        const landscapeAt = (nu: number) =>
          mapGpLandscape(train, nu, { ard, steps: quick ? 10 : 30, seed });
        const dbOpt = await landscapeAt(nuOpt);
        const dbHalf = new Map<number, LandscapeDatabase>();
        for (const h of halfRows) {
          const k = grid.indexOf(h.nu);
          dbHalf.set(h.nu, sweep.anchors.get(k) ?? await landscapeAt(h.nu));
        }
        return { dbOpt, dbHalf };
      }),
  );

  // The landscape on either side of each fold, one grid step away from ν_c: on one side the
  // minimum and the transition state that annihilate at ν_c exist, on the other they do not.
  const foldLandscapes = await ctx.stage(
    "landscapes on both sides of each fold",
    () =>
      ctx.step("fold-landscapes", async () => {
        const out: FoldLandscapes[] = [];
        for (const f of sweep.folds) {
          const below = grid.filter((g) => g < f.nu).at(-1);
          const above = grid.find((g) => g > f.nu);
          if (below === undefined || above === undefined) continue;
          // Started from the tracked minima at that ν, so the branch that ends at the fold is in it.
          const tracked = (nu: number) =>
            sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
              b.points.filter((p) => p.nu === nu).map((p) => Float64Array.from(p.x))
            );
          const saddles = (nu: number) =>
            sweep.branches.filter((b) => b.kind === "ts").flatMap((b) =>
              b.points.filter((p) => p.nu === nu).map((p) => Float64Array.from(p.x))
            );
          const at = async (nu: number) => {
            const db = await mapGpLandscape(train, nu, {
              ard,
              steps: quick ? 10 : 30,
              seed,
              starts: tracked(nu),
            });
            addKnownSaddles(train, nu, db, saddles(nu), { ard });
            return db;
          };
          out.push({
            nuC: f.nu,
            below: { nu: below, db: await at(below) },
            above: { nu: above, db: await at(above) },
          });
        }
        return out;
      }),
  );

  // Ensembles from the distinct minima at the optimum ν — or, when that landscape has a single
  // minimum, at the grid ν nearest the optimum where the sweep tracked several minima (stated).
  const tracked = (nu: number) =>
    sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
      b.points.filter((p) => p.nu === nu).map((p) => Float64Array.from(p.x))
    );
  const { ensembleNu, ensembleWhy, ensembleLandscape } = await ctx.stage(
    "ensemble landscape",
    () =>
      ctx.step("ensemble-landscape", async () => {
        if (dbOpt.minima.length >= 2) {
          return { ensembleNu: nuOpt, ensembleWhy: null, ensembleLandscape: dbOpt };
        }
        const several = grid.filter((g) => tracked(g).length >= 2);
        if (several.length === 0) {
          return {
            ensembleNu: nuOpt,
            ensembleWhy: "no ν on the grid has more than one minimum",
            ensembleLandscape: dbOpt,
          };
        }
        const nu = several.reduce((a, b) => (Math.abs(b - nuOpt) < Math.abs(a - nuOpt) ? b : a));
        const side = foldLandscapes.flatMap((f) => [f.below, f.above]).find((x) => x.nu === nu);
        const db = side?.db ?? await mapGpLandscape(train, nu, {
          ard,
          steps: quick ? 10 : 30,
          seed,
          starts: tracked(nu),
        });
        return {
          ensembleNu: nu,
          ensembleWhy: `the landscape at the optimum ν = ${
            fmt(nuOpt, 4)
          } has a single minimum; ν = ${nu} is the grid value nearest it with ${db.minima.length} minima`,
          ensembleLandscape: db,
        };
      }),
  );
  const { members, ensembles } = await ctx.stage("ensembles", () => {
    if (!test) return { members: [], ensembles: [] };
    const gp = new MaternGP(train, { ard, nu: ensembleNu });
    const ms: EnsembleMember[] = ensembleLandscape.minima.map((m) => {
      const p = gp.predict(m.x, test.X);
      return {
        nlml: m.energy,
        logProductHessian: m.logProductHessian,
        mean: p.mean,
        variance: p.variance,
      };
    });
    const members = ensembleLandscape.minima.map((m): GpEnsembleMemberRow => {
      const r = gp.testMetrics(m.x, test.X, test.y);
      return {
        nlml: m.energy,
        theta: Array.from(m.x),
        onBound: m.onBound,
        testRmse: r.rmse,
        testMnlpd: r.mnlpd,
      };
    });
    return { members, ensembles: ensembleScores(ms, test.y) };
  });

  // Heat capacities (T in NLML units: T = 1 is the Bayesian posterior).
  const heatCapacities = [
    { label: `ν = ${fmt(nuOpt, 4)} (optimum)`, db: dbOpt },
    ...(ensembleNu !== nuOpt
      ? [{ label: `ν = ${fmt(ensembleNu, 4)} (ensembles)`, db: ensembleLandscape }]
      : []),
    ...halfRows.map((h) => ({ label: `ν = ${h.nu}`, db: dbHalf.get(h.nu)! })),
  ].map((x) => {
    const hc = heatCapacity(x.db);
    return {
      label: x.label,
      minima: hc.minimaUsed,
      temperatures: hc.temperatures,
      cv: hc.cv,
      peaks: hc.peaks,
    };
  });
  // The posterior at each landscape's lowest minima, for the report (one input only).
  const posteriors = new Map<LandscapeDatabase, GpPosteriorView>();
  if (raw.d === 1) {
    const landscapes: [number, LandscapeDatabase][] = [
      [nuOpt, dbOpt],
      [ensembleNu, ensembleLandscape],
      ...[...dbHalf].map(([nu, db]): [number, LandscapeDatabase] => [nu, db]),
      ...foldLandscapes.flatMap((f) => [f.below, f.above]).map((
        x,
      ): [number, LandscapeDatabase] => [x.nu, x.db]),
    ];
    for (const [nu, db] of landscapes) {
      if (posteriors.has(db)) continue;
      const lowest = [...db.minima].sort((a, b) => a.energy - b.energy).slice(0, 30);
      posteriors.set(
        db,
        gpPosteriorView(
          new MaternGP(train, { ard, nu }),
          lowest,
          train,
          test,
          { input: raw.featureNames[0] ?? "x", target: raw.targetName },
        ),
      );
    }
  }
  return {
    data: input,
    options,
    useCv,
    nTrain: train.n,
    nTest: test?.n ?? 0,
    testRows: useCv ? [] : [...split.test],
    sweep,
    optimum: opt,
    nuOpt,
    optimumMetrics,
    halfInteger,
    bestHalf,
    landscapeAtOptimum: dbOpt,
    landscapesAtHalf: dbHalf,
    foldLandscapes,
    members,
    ensembleNu,
    ensembleWhy,
    ensembleLandscape,
    ensembles,
    heatCapacities,
    posteriors,
  };
}

/** The results.json object (schema in docs/sweep-nu.md), without `device` and `timings`. */
export function sweepNuResults(r: SweepNuResult): Record<string, unknown> {
  const { raw, truth } = r.data;
  const half = (h: HalfIntegerFit) => ({
    nu: h.nu,
    nlml: h.nlml,
    theta: h.theta,
    on_bound: h.onBound,
    test_rmse: h.testRmse,
    test_mnlpd: h.testMnlpd,
  });
  return {
    task: "sweep-nu",
    data: {
      source: raw.source,
      n: raw.n,
      d: raw.d,
      n_train: r.nTrain,
      n_test: r.nTest,
      validation: r.useCv ? "5-fold" : `held-out ${Math.round(100 * (r.options.holdout ?? 0.25))}%`,
      test_rows: r.testRows,
      subsample: r.data.subsample
        ? {
          rows: r.data.subsample.rows.length,
          of: r.data.subsample.of,
          seed: r.data.subsample.seed,
          kept_rows: r.data.subsample.rows,
        }
        : null,
      features: raw.featureNames,
      target: raw.targetName,
    },
    truth,
    theta_order: r.sweep.names,
    nu_grid: r.options.grid,
    branches: r.sweep.branches.map((b) => ({
      id: b.id,
      kind: b.kind,
      ends: b.ends,
      points: b.points.map((p) => ({
        nu: p.nu,
        nlml: p.energy,
        theta: Array.from(p.x),
        lambda_min: p.lambdaMin,
        on_bound: p.onBound,
      })),
    })),
    folds: r.sweep.folds.map((f) => ({
      nu: f.nu,
      nlml: f.energy,
      theta: f.x,
      exponent: f.exponent,
      side: f.side,
      lambda_near_fold: f.lambdaNearFold,
      minimum_branch: f.minimumBranch,
      ts_branch: f.tsBranch,
      samples: f.samples,
    })),
    optimum: {
      nu: r.nuOpt,
      nlml: r.optimum.nlml,
      theta: Array.from(r.optimum.theta.subarray(0, r.optimum.theta.length - 1)),
      on_bound: r.optimum.onBound,
      bound_names: r.optimum.boundNames,
      test_rmse: r.optimumMetrics.rmse,
      test_mnlpd: r.optimumMetrics.mnlpd,
    },
    half_integer: r.halfInteger.map(half),
    delta_nlml_best_half_integer: r.bestHalf ? r.bestHalf.nlml - r.optimum.nlml : null,
    ensembles: {
      nu: r.ensembleNu,
      why_not_optimum: r.ensembleWhy,
      connected_fraction: connectivity(r.ensembleLandscape).fraction,
      members: r.members.map((m) => ({
        nlml: m.nlml,
        theta: m.theta,
        on_bound: m.onBound,
        test_rmse: m.testRmse,
        test_mnlpd: m.testMnlpd,
      })),
      combinations: r.ensembles,
    },
    heat_capacity: r.heatCapacities,
    fold_landscapes: r.foldLandscapes.map((f) => {
      const side = (x: { nu: number; db: LandscapeDatabase }) => ({
        nu: x.nu,
        connected_fraction: connectivity(x.db).fraction,
        minima: x.db.minima.map((m) => ({
          nlml: m.energy,
          theta: Array.from(m.x),
          on_bound: m.onBound,
        })),
        transition_states: x.db.transitionStates.map((t) => ({ nlml: t.energy, minima: t.minima })),
      });
      return { nu_c: f.nuC, below: side(f.below), above: side(f.above) };
    }),
    evaluations: r.sweep.evaluations,
  };
}
