/**
 * Basin-hopping (D. J. Wales & J. P. K. Doye, J. Phys. Chem. A 101, 5111, 1997; GMIN): perturb,
 * minimise, accept on the minimised energy with a Metropolis rule. Every distinct minimum is kept
 * (energy + distance after canonicalize), with how often it was hit; minima on a bound of the box
 * are kept apart (flagged). Many walkers advance together: each step minimises all of them in
 * lockstep with one `energyBatch` call per L-BFGS round. With a SQLite-backed database the run
 * state is saved after every step, so `resume` continues a killed run.
 * @module
 */
import type { Landscape } from "./types.ts";
import { LandscapeDatabase, lineScanSameBasin } from "./database.ts";
import { minimizeBatch, type MinimizeOptions } from "./minimize.ts";
import { type HessianCharacter, hessianIndex } from "./transition_state.ts";
import { type PointCharacter, pointCharacter } from "./pair_search.ts";
import type { LandscapePool } from "./pool.ts";
import { Rng } from "../util/random.ts";

/** Options of {@link basinHopping}; defaults in brackets (GMIN keywords in caps). */
export interface BasinHoppingOptions {
  /** Basin-hopping steps per walker [100] (`STEPS`). */
  steps?: number;
  /** Maximum displacement per coordinate [1] (`STEP`): uniform in [−s, s]. */
  stepSize?: number;
  /** Adapt the step size towards this acceptance ratio every 10 steps [none] (`ACCRAT`). */
  targetAcceptance?: number;
  /** Metropolis temperature in energy units [1] (`TEMPERATURE`). */
  temperature?: number;
  /** Independent walkers advanced together [1]. */
  walkers?: number;
  /** Seed of the perturbations and Metropolis draws [1]. */
  seed?: number;
  /** Starting points (one per walker); default: uniform in the box, or the origin. */
  starts?: ArrayLike<number>[];
  /** Search box (perturbed points are clipped into it; minima on it are flagged). */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
  /** Local minimiser settings [RMS gradient 1e-6]. */
  minimize?: MinimizeOptions;
  /** Database to fill (default: a new in-memory one). */
  database?: LandscapeDatabase;
  /** Continue the run saved in `database` (its SQLite file) instead of starting afresh. */
  resume?: boolean;
  /** Compute Hessian eigenvalues of new minima (index check, log-product) when dim ≤ this [200]. */
  hessianBelow?: number;
  /** Characterise new minima on these worker threads (results are the same as without). */
  pool?: LandscapePool;
  /** What to do when an energy evaluation fails: skip that trial ["skip"] or stop the run. */
  onError?: "skip" | "stop";
  /** Progress callback after each step. */
  onStep?: (info: BasinHoppingProgress) => void;
}

/** Progress after one basin-hopping step. */
export interface BasinHoppingProgress {
  /** Step just done. */
  step: number;
  /** Steps asked for. */
  steps: number;
  /** Distinct minima so far. */
  minima: number;
  /** Acceptance ratio so far. */
  acceptance: number;
  /** Current step size. */
  stepSize: number;
  /** Lowest energy so far. */
  lowest: number;
}

/** Summary of a finished run (also on `database.getMeta("bh")`). */
export interface BasinHoppingState {
  /** Steps done. */
  stepsDone: number;
  /** Steps asked for. */
  steps: number;
  /** Each walker's current minimum. */
  walkers: { x: number[]; energy: number }[];
  /** Step size at the end. */
  stepSize: number;
  /** Accepted steps. */
  accepted: number;
  /** Tried steps. */
  tried: number;
  /** Random-number state, for resuming. */
  rng: number[];
  /** Minimisations that failed. */
  failedMinimizations: number;
  /** Energies that failed, with where. */
  errors: { x: number[]; message: string }[];
  /** Minimised points rejected as not minima (Hessian index > 0). */
  nonMinima: number;
}

/** Hessian index, Σ ln λ over positive modes and their count, for a stationary point. */
export function characterize(
  landscape: Landscape,
  x: Float64Array,
  zeroTolerance?: number,
): HessianCharacter {
  return hessianIndex(landscape, x, zeroTolerance);
}

/**
 * Runs basin-hopping and resolves to the database of minima (every distinct one, with hit counts).
 *
 * @example
 * ```ts
 * import { basinHopping } from "./basinhopping.ts";
 * import assert from "node:assert/strict";
 * const well = {
 *   dim: 1,
 *   energy: (x: Float64Array, g?: Float64Array) => {
 *     if (g) g[0] = 4 * x[0] * (x[0] * x[0] - 1);
 *     return (x[0] * x[0] - 1) ** 2; // minima at ±1 (E = 0, E″ = 8), barrier at 0 (E = 1)
 *   },
 * };
 * const db = await basinHopping(well, { steps: 20, stepSize: 1.5, seed: 1 });
 * assert.equal(db.minima.length, 2);
 * for (const m of db.minima) {
 *   assert.ok(Math.abs(Math.abs(m.x[0]) - 1) < 1e-6 && m.energy < 1e-12);
 *   assert.ok(Math.abs(m.logProductHessian - Math.log(8)) < 1e-6);
 * }
 * ```
 */
export async function basinHopping(
  landscape: Landscape,
  options: BasinHoppingOptions = {},
): Promise<LandscapeDatabase> {
  const n = landscape.dim;
  const db = options.database ??
    new LandscapeDatabase(n, {
      canonicalize: landscape.canonicalize?.bind(landscape),
      sameBasin: lineScanSameBasin((x) => landscape.energy(x)),
    });
  const steps = options.steps ?? 100;
  const T = options.temperature ?? 1;
  const W = options.walkers ?? 1;
  const lo = options.lower, hi = options.upper;
  const minOpts: MinimizeOptions = { rmsGradient: 1e-6, ...options.minimize, lower: lo, upper: hi };
  const rng = new Rng(options.seed ?? 1);
  const hessianBelow = options.hessianBelow ?? 200;
  const saved = options.resume ? db.getMeta<BasinHoppingState>("bh") : undefined;
  let state: BasinHoppingState;
  const clip = (x: Float64Array) => {
    for (let i = 0; i < n; i++) {
      x[i] = Math.min(Math.max(x[i], lo?.[i] ?? -Infinity), hi?.[i] ?? Infinity);
    }
    return x;
  };

  /**
   * Hessian characters of the converged results that are not stored yet, computed before the
   * step's transaction (on the pool's workers when there is one). Within a batch a minimum may be
   * new twice; both copies are characterised and the second is then merged as a hit, as before.
   */
  const characters = async (
    rs: ({ x: Float64Array; energy: number; converged: boolean } | { error: unknown })[],
  ): Promise<(PointCharacter | null)[]> => {
    const todo = rs.map((r, k) =>
      !("error" in r) && r.converged && n <= hessianBelow &&
        db.findMinimum(r.x, r.energy) === undefined
        ? k
        : -1
    ).filter((k) => k >= 0);
    const out: (PointCharacter | null)[] = rs.map(() => null);
    const xs = todo.map((k) => (rs[k] as { x: Float64Array }).x);
    const got = options.pool
      ? await options.pool.characterize(xs)
      : xs.map((x) => pointCharacter(landscape, x));
    todo.forEach((k, j) => (out[k] = got[j]));
    return out;
  };

  const store = (
    r: { x: Float64Array; energy: number; onBound: boolean },
    provenance: string,
    c: PointCharacter | null,
  ) => {
    let info = { index: -1, logProductHessian: NaN, modes: 0 };
    if (c && db.findMinimum(r.x, r.energy) === undefined) {
      info = { index: c.index, logProductHessian: c.logProduct, modes: c.modes };
      // A converged point with a negative curvature is not a minimum: never store it as one.
      if (c.index > 0 && !r.onBound) {
        state.nonMinima++;
        return null;
      }
    }
    return db.addMinimum(r.x, r.energy, { onBound: r.onBound, provenance, ...info }).minimum;
  };

  if (saved) {
    state = saved;
    rng.setState(saved.rng.map((v) => v ?? NaN));
  } else {
    state = {
      stepsDone: 0,
      steps,
      walkers: [],
      stepSize: options.stepSize ?? 1,
      accepted: 0,
      tried: 0,
      rng: [],
      failedMinimizations: 0,
      errors: [],
      nonMinima: 0,
    };
    const starts = options.starts ??
      Array.from({ length: W }, () =>
        Float64Array.from({ length: n }, (_, i) => {
          const a = lo?.[i] ?? -Infinity, b = hi?.[i] ?? Infinity;
          return Number.isFinite(a) && Number.isFinite(b) ? rng.range(a, b) : 0;
        }));
    const res = await minimizeBatch(landscape, starts, minOpts);
    const chars = await characters(res);
    db.transaction(() => {
      res.forEach((r, w) => {
        if ("error" in r) {
          state.errors.push({ x: Array.from(r.error.x), message: r.error.message });
          if (options.onError === "stop") throw r.error;
          state.walkers.push({
            x: Array.from(clip(Float64Array.from(starts[w]))),
            energy: Infinity,
          });
          return;
        }
        if (r.converged) store(r, "bh", chars[w]);
        else state.failedMinimizations++;
        state.walkers.push({ x: Array.from(r.x), energy: r.energy });
      });
      state.rng = rng.getState();
      db.setMeta("bh", state);
    });
  }
  state.steps = steps;
  while (state.stepsDone < steps) {
    const trials = state.walkers.map((w) =>
      clip(Float64Array.from(w.x, (v) => v + rng.range(-state.stepSize, state.stepSize)))
    );
    const res = await minimizeBatch(landscape, trials, minOpts);
    const chars = await characters(res);
    db.transaction(() => {
      res.forEach((r, w) => {
        state.tried++;
        if ("error" in r) {
          state.errors.push({ x: Array.from(r.error.x), message: r.error.message });
          if (options.onError === "stop") throw r.error;
          return;
        }
        if (!r.converged) {
          state.failedMinimizations++;
          return;
        }
        const m = store(r, "bh", chars[w]);
        if (!m) return;
        const cur = state.walkers[w];
        const dE = r.energy - cur.energy;
        if (dE <= 0 || rng.uniform() < Math.exp(-dE / T)) {
          state.walkers[w] = { x: Array.from(r.x), energy: r.energy };
          state.accepted++;
        }
      });
      state.stepsDone++;
      if (options.targetAcceptance !== undefined && state.stepsDone % 10 === 0) {
        const acc = state.accepted / Math.max(1, state.tried);
        state.stepSize *= acc > options.targetAcceptance ? 1.1 : 1 / 1.1;
      }
      state.rng = rng.getState();
      db.setMeta("bh", state);
    });
    options.onStep?.({
      step: state.stepsDone,
      steps,
      minima: db.minima.length,
      acceptance: state.accepted / Math.max(1, state.tried),
      stepSize: state.stepSize,
      lowest: db.globalMinimum()?.energy ?? NaN,
    });
  }
  return db;
}
