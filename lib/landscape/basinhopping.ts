/**
 * Basin-hopping (D. J. Wales & J. P. K. Doye, J. Phys. Chem. A 101, 5111, 1997; GMIN): perturb,
 * minimise, accept on the minimised energy with a Metropolis rule. Every distinct minimum is kept
 * (energy + distance after canonicalize), with how often it was hit; minima on a bound of the box
 * are kept apart (flagged). Many walkers advance together: each step minimises all of them in
 * lockstep with one `energyBatch` call per L-BFGS round (or, with a pool, each walker's float64
 * L-BFGS on a worker). With `screen`, the walkers stream through one f32 batch (a walker that
 * finishes is polished in float64, verified, stored and re-perturbed at once) and nothing is stored
 * before its float64 check. With a SQLite-backed database the run state is saved after every step
 * (screened: after every finished minimisation), so `resume` continues a killed run.
 * @module
 */
import type { Landscape } from "./types.ts";
import { identityOptions, LandscapeDatabase } from "./database.ts";
import {
  type BatchMinimizeResult,
  EnergyError,
  evaluateBatch,
  LbfgsWalker,
  minimize,
  minimizeBatch,
  type MinimizeOptions,
} from "./minimize.ts";
import { type HessianCharacter, hessianIndex } from "./transition_state.ts";
import { descendToMinimum, type PointCharacter } from "./pair_search.ts";
import type { LandscapePool } from "./pool.ts";
import { Rng } from "../util/random.ts";
import { NumericalError, UserError } from "../util/errors.ts";

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
  /**
   * Check each new minimum with the full Hessian (index and log-product) when dim ≤ this [200];
   * above, the index comes from a Lanczos run on Hessian-vector products (log-product NaN). Every
   * stored minimum has a verified index 0 either way.
   */
  hessianBelow?: number;
  /**
   * A converged end point that is a saddle (index > 0) is stepped off along its lowest Hessian
   * eigenvector and minimised again, up to this many times, before it is given up [3]
   * (`descendToMinimum`; on a 3,034-weight network L-BFGS stopped beside index-2 and index-3
   * saddles).
   */
  escapes?: number;
  /**
   * Screening on a fast batch path: each step minimises the walkers in lockstep on
   * `screen.landscape` (for example the model with a GPU context: f32 `energyBatch`) to
   * `screen.rmsGradient` [the minimiser's tolerance], then polishes every result in float64 on the landscape searched
   * (on the pool's workers when there is one) to the minimiser's tolerance, and verifies it
   * (RMS gradient, Hessian index) before it is stored. Nothing screened is stored unpolished.
   */
  screen?: {
    landscape: Landscape;
    rmsGradient?: number;
    /** Stop a screen whose energy no longer falls [10 iterations, 2e-7 relative] (f32). */
    stall?: { iterations: number; relative: number };
    /**
     * Batch rounds between a walker finishing and its result being committed [40]: the float64
     * polish and check run on the pool meanwhile. Results do not depend on timing, only on this.
     */
    commitDelay?: number;
  };
  /**
   * Worker threads for the float64 work: Hessian checks of new minima, the polish after screening,
   * and, without `screen`, the minimisations themselves (each walker's L-BFGS on a worker instead
   * of the lockstep `energyBatch` rounds). Results are the same as without.
   */
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
  /** Escapes from saddles where L-BFGS had stopped (see `escapes`). */
  escapes?: number;
  /**
   * Screened runs only (see {@link BasinHoppingOptions.screen}): minimisations completed per
   * walker (the first is its start) and the start of each walker's minimisation in flight (null
   * once the walker is done), so that a resumed run redoes exactly the minimisations it lost.
   */
  stream?: { trials: number[]; inflight: (number[] | null)[]; rngs: number[][] };
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
    new LandscapeDatabase(n, identityOptions(landscape));
  const steps = options.steps ?? 100;
  const T = options.temperature ?? 1;
  const W = options.walkers ?? 1;
  const lo = options.lower, hi = options.upper;
  const minOpts: MinimizeOptions = { rmsGradient: 1e-6, ...options.minimize, lower: lo, upper: hi };
  const rng = new Rng(options.seed ?? 1);
  const hessianBelow = options.hessianBelow ?? 200;
  if (db.dim !== n) {
    throw new UserError(`the database holds points of dimension ${db.dim}, the landscape has ${n}`);
  }
  // A database from another landscape would mix minima silently: its first minimum must have the
  // same energy here.
  if (db.minima.length) {
    const m0 = db.minima[0];
    let e: number;
    try {
      e = landscape.energy(Float64Array.from(m0.x));
    } catch {
      e = NaN;
    }
    if (!(Math.abs(e - m0.energy) <= 1e-8 * Math.max(1, Math.abs(m0.energy)))) {
      throw new UserError(
        `the database's minimum 1 has energy ${m0.energy}, this landscape gives ${e} there: it holds another landscape's points (use a new database)`,
      );
    }
  }
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
    rs: (
      | { x: Float64Array; energy: number; converged: boolean; onBound: boolean }
      | { error: unknown }
    )[],
    known = (x: Float64Array, e: number) => db.findMinimum(x, e) !== undefined,
  ): Promise<(PointCharacter | null)[]> => {
    const todo = rs.map((r, k) => !("error" in r) && r.converged && !known(r.x, r.energy) ? k : -1)
      .filter((k) => k >= 0);
    const out: (PointCharacter | null)[] = rs.map(() => null);
    const pts = todo.map((k) => rs[k] as { x: Float64Array; energy: number; onBound: boolean });
    const dOpts = { minimize: minOpts, denseBelow: hessianBelow, escapes: options.escapes ?? 3 };
    const got = options.pool
      ? await options.pool.descend(
        pts.map((p) => ({ x: p.x, energy: p.energy, onBound: p.onBound })),
        dOpts,
      )
      : pts.map((p) => descendToMinimum(landscape, p.x, p.energy, p.onBound, dOpts));
    todo.forEach((k, j) => {
      out[k] = got[j].character;
      // A saddle escaped: the walker's result becomes the minimum the escape reached.
      if (got[j].escapes > 0) {
        Object.assign(rs[k], { x: got[j].x, energy: got[j].energy, onBound: got[j].onBound });
        state.escapes = (state.escapes ?? 0) + got[j].escapes;
      }
    });
    return out;
  };

  const store = (
    r: { x: Float64Array; energy: number; onBound: boolean },
    provenance: string,
    c: PointCharacter | null,
  ) => {
    let info = { index: -1, logProductHessian: NaN, modes: 0 };
    const known = db.findMinimum(r.x, r.energy) !== undefined;
    // A checked find of a stored minimum brings its facts too: a lower one then represents it.
    if (c && (!known || c.index === 0)) {
      info = { index: c.index, logProductHessian: c.logProduct, modes: c.modes };
    }
    // A converged point with a negative curvature (or whose check did not settle: index −1) is
    // not a verified minimum: never store it as one.
    if (c && !known && c.index !== 0 && !r.onBound) {
      state.nonMinima++;
      return null;
    }
    return db.addMinimum(r.x, r.energy, { onBound: r.onBound, provenance, ...info }).minimum;
  };

  /** One round of minimisations from `starts`: float64, on the pool's workers when there is one. */
  const minimizeAll = async (starts: Float64Array[]): Promise<BatchMinimizeResult[]> =>
    options.pool ? await polish(starts) : await minimizeBatch(landscape, starts, minOpts);

  /** Float64 polish of screened points (on the pool when there is one), errors pinned to points. */
  const polish = async (from: Float64Array[]): Promise<BatchMinimizeResult[]> => {
    if (options.pool) {
      try {
        return await options.pool.minimize(from, minOpts);
      } catch {
        // An energy failure in a worker: redo these here, where it is pinned to its point.
      }
    }
    return from.map((x) => {
      try {
        return minimize(landscape, x, minOpts);
      } catch (err) {
        if (err instanceof EnergyError) return { error: err };
        throw err;
      }
    });
  };

  /** No minimum at all after the run: say why instead of returning an empty database. */
  const finish = () => {
    if (db.minima.length) return db;
    const st = db.getMeta<BasinHoppingState>("bh");
    const first = st?.errors[0];
    throw new NumericalError(
      `basin-hopping found no minimum: ${st?.failedMinimizations ?? 0} minimisations failed, ${
        st?.errors.length ?? 0
      } energy errors${first ? ` (first: ${first.message})` : ""}, ${
        st?.nonMinima ?? 0
      } points were not minima`,
    );
  };

  if (options.screen) {
    await streamScreened(options.screen);
    return finish();
  }

  /**
   * The screened run: walkers stream through one batch. Each L-BFGS round evaluates, in one
   * `energyBatch` call on the screen, the trial point of every walker still minimising and the
   * start of every walker that begins a new minimisation; a walker that finishes is polished,
   * checked, stored and given its Metropolis test and next perturbation at once, so the batch
   * stays full instead of waiting for the slowest walker of a step. Each walker still makes
   * `steps` trials; the order of completions (and so of random draws) depends only on the
   * landscape, the seed and the batch results, not on timing.
   */
  async function streamScreened(screen: NonNullable<BasinHoppingOptions["screen"]>) {
    const sOpts: MinimizeOptions = {
      ...minOpts,
      rmsGradient: screen.rmsGradient ?? minOpts.rmsGradient,
      snapToBounds: false,
      // f32 energies resolve about 6e-8 relative: stop where they no longer show progress.
      stall: screen.stall ?? { iterations: 10, relative: 2e-7 },
    };
    if (saved) {
      if (!saved.stream) {
        throw new Error("resume: the saved run was not screened; resume it without `screen`");
      }
      state = saved;
      rng.setState(saved.rng.map((v) => v ?? NaN));
    } else {
      const starts = (options.starts ??
        Array.from({ length: W }, () =>
          Float64Array.from({ length: n }, (_, i) => {
            const a = lo?.[i] ?? -Infinity, b = hi?.[i] ?? Infinity;
            return Number.isFinite(a) && Number.isFinite(b) ? rng.range(a, b) : 0;
          }))).map((x) => Array.from(clip(Float64Array.from(x))));
      state = {
        stepsDone: 0,
        steps,
        walkers: starts.map((x) => ({ x, energy: Infinity })),
        stepSize: options.stepSize ?? 1,
        accepted: 0,
        tried: 0,
        rng: rng.getState(),
        failedMinimizations: 0,
        errors: [],
        nonMinima: 0,
        stream: {
          trials: starts.map(() => 0),
          inflight: starts,
          // One random stream per walker: its chain does not depend on when the others finish,
          // so a resumed run (which restarts the lost minimisations together) makes the same draws.
          rngs: starts.map((_, w) => new Rng((options.seed ?? 1) + 7919 * (w + 1)).getState()),
        },
      };
    }
    state.steps = steps;
    const st = state.stream!;
    const walkersN = st.trials.length;
    const rngs = st.rngs.map((r) => new Rng(1).setState(r.map((v) => v ?? NaN)));
    type Slot = {
      w: number;
      start: Float64Array;
      walker: LbfgsWalker | null;
      failed?: EnergyError;
    };
    let slots: Slot[] = st.inflight.flatMap((x, w) =>
      x ? [{ w, start: Float64Array.from(x), walker: null }] : []
    );
    /** The float64 half of finishing: polish and check (runs while the batch goes on). */
    const prepare = async (done: Slot[]) => {
      const ok = done.filter((d) => !d.failed);
      const polished = await polish(ok.map((d) => d.walker?.x ?? d.start));
      const res = done.map((d): BatchMinimizeResult =>
        d.failed ? { error: d.failed } : polished[ok.indexOf(d)]
      );
      // Every result is checked, stored minimum or not: what the database holds by the time this
      // finishes depends on timing, and the results must not.
      const chars = await characters(res, () => false);
      return { res, chars };
    };
    /** Stores, Metropolis tests and perturbs the walkers of `done` (in walker order). */
    const commit = (
      done: Slot[],
      { res, chars }: { res: BatchMinimizeResult[]; chars: (PointCharacter | null)[] },
    ) => {
      const stepBefore = state.stepsDone;
      db.transaction(() => {
        res.forEach((r, k) => {
          const w = done[k].w, initial = st.trials[w] === 0;
          if (!initial) state.tried++;
          if ("error" in r) {
            state.errors.push({ x: Array.from(r.error.x), message: r.error.message });
            if (options.onError === "stop") throw r.error;
          } else if (!r.converged) {
            state.failedMinimizations++;
            if (initial) state.walkers[w] = { x: Array.from(r.x), energy: r.energy };
          } else {
            const m = store(r, "bh", chars[k]);
            if (initial) state.walkers[w] = { x: Array.from(r.x), energy: r.energy };
            else if (m) {
              const dE = r.energy - state.walkers[w].energy;
              if (dE <= 0 || rngs[w].uniform() < Math.exp(-dE / T)) {
                state.walkers[w] = { x: Array.from(r.x), energy: r.energy };
                state.accepted++;
              }
            }
          }
          st.trials[w]++;
          const slot = done[k];
          if (st.trials[w] <= steps) {
            slot.start = clip(
              Float64Array.from(
                state.walkers[w].x,
                (v) => v + rngs[w].range(-state.stepSize, state.stepSize),
              ),
            );
            slot.walker = null;
            slot.failed = undefined;
            st.inflight[w] = Array.from(slot.start);
          } else st.inflight[w] = null;
          if (
            !initial && options.targetAcceptance !== undefined &&
            state.tried % (10 * walkersN) === 0
          ) {
            const acc = state.accepted / Math.max(1, state.tried);
            state.stepSize *= acc > options.targetAcceptance ? 1.1 : 1 / 1.1;
          }
        });
        state.stepsDone = Math.floor(state.tried / walkersN);
        state.rng = rng.getState();
        st.rngs = rngs.map((r) => r.getState());
        db.setMeta("bh", state);
      });
      slots = slots.filter((sl) => st.inflight[sl.w] !== null);
      for (let step = stepBefore + 1; step <= state.stepsDone; step++) {
        options.onStep?.({
          step,
          steps,
          minima: db.minima.length,
          acceptance: state.accepted / Math.max(1, state.tried),
          stepSize: state.stepSize,
          lowest: db.globalMinimum()?.energy ?? NaN,
        });
      }
    };
    // Finished walkers are polished and checked on the pool while the batch goes on, and
    // committed `delay` rounds later, in walker order: the schedule is a function of the round
    // count only, so the database does not depend on how fast the float64 side is.
    const delay = Math.max(1, Math.floor(screen.commitDelay ?? 40));
    const pending = new Map<number, { done: Slot[]; work: ReturnType<typeof prepare> }>();
    const busy = new Set<Slot>();
    let round = 0;
    while (slots.length) {
      const done = slots.filter((sl) => !busy.has(sl) && (sl.failed || sl.walker?.done))
        .sort((a, b) => a.w - b.w);
      if (done.length) {
        done.forEach((sl) => busy.add(sl));
        const work = prepare(done);
        work.catch(() => {}); // awaited at its commit round; avoid an unhandled rejection before
        pending.set(round + delay, { done, work });
      }
      const due = pending.get(round);
      if (due) {
        pending.delete(round);
        commit(due.done, await due.work);
        due.done.forEach((sl) => busy.delete(sl));
      }
      const pts: Float64Array[] = [], owners: Slot[] = [];
      for (const sl of slots) {
        if (busy.has(sl)) continue;
        if (!sl.walker) {
          pts.push(sl.start);
          owners.push(sl);
        } else {
          const xt = sl.walker.propose();
          if (xt) {
            pts.push(Float64Array.from(xt));
            owners.push(sl);
          }
        }
      }
      if (pts.length) {
        const ev = await evaluateBatch(screen.landscape, pts);
        owners.forEach((sl, k) => {
          if (sl.walker) sl.walker.accept(ev.energies[k], ev.grads[k]);
          else if (ev.errors[k]) sl.failed = ev.errors[k]!;
          else sl.walker = new LbfgsWalker(sl.start, ev.energies[k], ev.grads[k], sOpts);
        });
        round++;
      } else if (!slots.some((sl) => !busy.has(sl) && (sl.failed || sl.walker?.done))) {
        // Every walker left is waiting for its commit: skip ahead to the next one.
        round = Math.min(...pending.keys());
      }
    }
  }

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
    const res = await minimizeAll(starts.map((x) => Float64Array.from(x)));
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
    const res = await minimizeAll(trials);
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
  return finish();
}
