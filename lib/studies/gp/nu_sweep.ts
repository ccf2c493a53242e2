/**
 * The ν sweep of a Matérn-ν GP's NLML landscape over (ln ℓ, ln σf², ln σn²): stationary points at
 * anchor values of ν from the landscape engine, continued along the ν grid in both directions
 * (minima by warm-started L-BFGS, transition states by warm-started hybrid eigenvector-following),
 * so that the sweep costs far less than independent searches; branches that end together are fold
 * catastrophes, located by bisection, with the barrier's scaling exponent fitted (3/2 expected for
 * a fold: D. J. Wales, Science 293, 2067, 2001).
 * @module
 */
import type { GPData, MaternGPOptions } from "../../models/gp.ts";
import { MaternGP } from "../../models/gp.ts";
import { defaultBounds, type ThetaBounds } from "../../models/gp_bounds.ts";
import { type EvaluationCounter, mapGpLandscape, safeGpLandscape } from "./landscape.ts";
import type { LandscapeDatabase } from "../../landscape/database.ts";
import type { Landscape } from "../../landscape/types.ts";
import {
  type Branch,
  type Fold,
  type TrackingSeed,
  trackStationaryPoints,
} from "../../landscape/catastrophe.ts";

export type { Branch, Fold } from "../../landscape/catastrophe.ts";

/** Options of {@link nuSweep}. */
export interface NuSweepOptions {
  /** The ν grid. */
  grid: number[];
  /** One lengthscale per input. */
  ard?: boolean;
  /** Standardise the targets [true]. */
  normalizeY?: boolean;
  /** Every k-th grid point (plus the ends and half-integers) gets a full landscape search [10]. */
  anchorEvery?: number;
  /** Basin-hopping steps per anchor [30]. */
  bhSteps?: number;
  /** Seed of the anchor searches [1]. */
  seed?: number;
  /** The θ box [defaultBounds]. */
  bounds?: ThetaBounds;
  /** Called with a message and the fraction done. */
  onProgress?: (stage: string, done: number, total: number, detail: string) => void;
}

/** Result of {@link nuSweep}. */
export interface NuSweepResult {
  /** The ν grid. */
  grid: number[];
  /** Every branch of stationary points. */
  branches: Branch[];
  /** The located folds. */
  folds: Fold[];
  /** Landscape databases of the anchor searches, by grid index. */
  anchors: Map<number, LandscapeDatabase>;
  /** θ names. */
  names: string[];
  /** NLML evaluations. */
  evaluations: number;
}

/** Maps a GP landscape over the ν grid. */
export async function nuSweep(data: GPData, options: NuSweepOptions): Promise<NuSweepResult> {
  const grid = options.grid;
  const K = grid.length;
  const gpOpts: MaternGPOptions = { ard: options.ard, normalizeY: options.normalizeY };
  const models = new Map<number, Landscape>();
  const counter: EvaluationCounter = { evaluations: 0 };
  const model = (nu: number): Landscape => {
    let m = models.get(nu);
    if (!m) {
      m = safeGpLandscape(new MaternGP(data, { ...gpOpts, nu }), counter);
      // A few models at a time: each holds per-pair arrays of 16n² bytes.
      if (models.size >= 4) models.delete(models.keys().next().value!);
      models.set(nu, m);
    }
    return m;
  };
  const probe = new MaternGP(data, { ...gpOpts, nu: 1.5 });
  const bounds = options.bounds ?? defaultBounds(probe, data.X);
  const names = probe.names;
  const progress = options.onProgress ?? (() => {});

  // 1. Anchors: full landscape searches at fixed ν.
  const half = [0.5, 1.5, 2.5];
  const every = options.anchorEvery ?? 10;
  const anchorIdx = [
    ...new Set(
      grid.map((nu, k) => (k === 0 || k === K - 1 || k % every === 0 || half.includes(nu) ? k : -1))
        .filter((k) => k >= 0),
    ),
  ];
  const anchors = new Map<number, LandscapeDatabase>();
  const seeds: TrackingSeed[] = [];
  for (const [a, k] of anchorIdx.entries()) {
    // A heartbeat inside each anchor (on large data one anchor takes minutes): every 30 s.
    const start = performance.now(), before = counter.evaluations;
    let last = start;
    counter.onEvaluation = (count) => {
      const now = performance.now();
      if (now - last < 30_000) return;
      last = now;
      progress(
        "anchor",
        a + 1,
        anchorIdx.length,
        `ν = ${grid[k]} running: ${count - before} NLML evaluations in ${
          ((now - start) / 1000).toFixed(0)
        } s`,
      );
    };
    const db = await mapGpLandscape(data, grid[k], {
      ...gpOpts,
      steps: options.bhSteps ?? 30,
      seed: (options.seed ?? 1) + k,
      bounds,
      counter,
    });
    counter.onEvaluation = undefined;
    anchors.set(k, db);
    for (const m of db.minima) seeds.push({ k, kind: "minimum", x: m.x });
    for (const t of db.transitionStates) seeds.push({ k, kind: "ts", x: t.x });
    progress(
      "anchors",
      a + 1,
      anchorIdx.length,
      `ν = ${grid[k]}: ${db.minima.length} minima, ${db.transitionStates.length} transition states`,
    );
  }

  // 2–3. Continuation of every seed along the grid, then the folds (lib/landscape/catastrophe.ts).
  const { branches, folds } = trackStationaryPoints(model, grid, seeds, {
    lower: bounds.lower,
    upper: bounds.upper,
    onProgress: (done, total, count) => progress("continuation", done, total, `${count} branches`),
  });
  return { grid, branches, folds, anchors, names, evaluations: counter.evaluations };
}
