/**
 * Local minimisation: limited-memory BFGS (Nocedal, Math. Comp. 35, 1980; two-loop recursion) with
 * GMIN's conventions — convergence when the RMS gradient falls below a tolerance (GMIN `CONVERGE`),
 * a cap on the step length (`MAXBFGS`), and a guard that rejects steps raising the energy by more
 * than `maxRise` (`MAXERISE`), shrinking the step instead of line-searching. Optional box bounds are
 * enforced by projection; a minimum on a bound is flagged (`onBound`), never passed off as an
 * interior stationary point.
 * @module
 */
import type { Landscape } from "./types.ts";
import { dot } from "../linalg/vector.ts";

/** Options of {@link minimize}; defaults in brackets. */
export interface MinimizeOptions {
  /** Converged when the RMS of the (projected) gradient is ≤ this [1e-6]. */
  rmsGradient?: number;
  /** Maximum iterations [2000]. */
  maxIterations?: number;
  /** Number of stored correction pairs [10] (GMIN `UPDATES`). */
  memory?: number;
  /** Maximum step length (Euclidean norm) [0.5] (GMIN `MAXBFGS`). */
  maxStep?: number;
  /** Largest accepted energy rise per step [1e-10·max(1,|E|)] (GMIN `MAXERISE`). */
  maxRise?: number;
  /** Lower box bounds (per coordinate; −Infinity for none). */
  lower?: ArrayLike<number>;
  /** Upper box bounds (per coordinate; +Infinity for none). */
  upper?: ArrayLike<number>;
  /**
   * After convergence, try each coordinate whose gradient pushes towards a finite bound at that
   * bound; when the energy is lower there, move and minimise again [true]. On flat valleys (a GP's
   * noise floor) a minimiser otherwise stops short of the bound and reports an interior "minimum"
   * that is an artefact of the box.
   */
  snapToBounds?: boolean;
  /**
   * Stop (not converged) when the energy fell by less than `stall.relative`·max(1, |E|) over the
   * last `stall.iterations` iterations [off]. For screening on an f32 path, whose energies stop
   * resolving progress long before the gradient reaches a float64 tolerance; the float64 polish
   * finishes from there.
   */
  stall?: { iterations: number; relative: number };
}

/** Outcome of {@link minimize}. */
export interface MinimizeResult {
  /** The final point. */
  x: Float64Array;
  /** Energy there. */
  energy: number;
  /** Gradient there. */
  grad: Float64Array;
  /** RMS of the gradient with bound-blocked components removed. */
  rmsGradient: number;
  /** True when the RMS-gradient tolerance was met. */
  converged: boolean;
  /** L-BFGS iterations. */
  iterations: number;
  /** Energy evaluations. */
  evaluations: number;
  /** Indices of coordinates sitting on a bound with the gradient pushing outwards. */
  activeBounds: number[];
  /** True when the minimum lies on a bound (activeBounds non-empty). */
  onBound: boolean;
  /** Why it stopped. */
  message: string;
}

/** Thrown when the energy is NaN, infinite, or throws; carries the coordinates. */
export class EnergyError extends Error {
  /** The coordinates where the energy failed. */
  readonly x: Float64Array;
  /** An error at `x`. */
  constructor(message: string, x: Float64Array) {
    super(`${message} at x = [${Array.from(x, (v) => v.toPrecision(8)).join(", ")}]`);
    this.name = "EnergyError";
    this.x = new Float64Array(x);
  }
}

/** Evaluates energy and gradient, turning NaN, ±Infinity and exceptions into an {@link EnergyError}. */
export function safeEnergy(landscape: Landscape, x: Float64Array, grad: Float64Array): number {
  let e: number;
  try {
    e = landscape.energy(x, grad);
  } catch (err) {
    if (err instanceof EnergyError) throw err;
    throw new EnergyError(`energy threw ${(err as Error)?.message ?? err}`.split("\n")[0], x);
  }
  if (!Number.isFinite(e)) throw new EnergyError(`energy is ${e}`, x);
  for (let i = 0; i < grad.length; i++) {
    if (!Number.isFinite(grad[i])) {
      throw new EnergyError(`gradient component ${i} is ${grad[i]}`, x);
    }
  }
  return e;
}

/**
 * One L-BFGS minimisation as a state machine: `propose()` returns the next trial point,
 * `accept(energy, grad)` takes its evaluation (energy NaN when it failed). {@link minimize} drives
 * one walker; {@link minimizeBatch} drives many in lockstep, evaluating all trial points of a round
 * with one `energyBatch` call.
 */
export class LbfgsWalker {
  /** Current point. */
  readonly x: Float64Array;
  /** Gradient at the current point. */
  readonly g: Float64Array;
  /** Energy at the current point. */
  e: number;
  /** Iterations so far. */
  iterations = 0;
  /** Energy evaluations so far. */
  evaluations = 1;
  /** True when converged or stopped. */
  done = false;
  /** Why it stopped (empty while running). */
  message = "";
  readonly #n: number;
  readonly #tol: number;
  readonly #maxIter: number;
  readonly #M: number;
  readonly #maxStep: number;
  readonly #maxRise: number | undefined;
  readonly #lo: Float64Array;
  readonly #hi: Float64Array;
  readonly #S: Float64Array[] = [];
  readonly #Y: Float64Array[] = [];
  readonly #rho: number[] = [];
  readonly #pg: Float64Array;
  readonly #active: Uint8Array;
  readonly #d: Float64Array;
  readonly #xt: Float64Array;
  #rms: number;
  #tries = 0;
  readonly #stall: { iterations: number; relative: number } | undefined;
  readonly #history: number[] = [];

  /** Starts from x0 (clipped into the bounds) whose energy e0 and gradient g0 are known. */
  constructor(
    x0: ArrayLike<number>,
    e0: number,
    g0: ArrayLike<number>,
    options: MinimizeOptions = {},
  ) {
    const n = x0.length;
    this.#n = n;
    this.#tol = options.rmsGradient ?? 1e-6;
    this.#maxIter = options.maxIterations ?? 2000;
    this.#M = options.memory ?? 10;
    this.#maxStep = options.maxStep ?? 0.5;
    this.#maxRise = options.maxRise;
    this.#stall = options.stall;
    this.#lo = Float64Array.from({ length: n }, (_, i) => options.lower?.[i] ?? -Infinity);
    this.#hi = Float64Array.from({ length: n }, (_, i) => options.upper?.[i] ?? Infinity);
    this.x = Float64Array.from(x0);
    this.g = Float64Array.from(g0);
    this.e = e0;
    this.#pg = new Float64Array(n);
    this.#active = new Uint8Array(n);
    this.#d = new Float64Array(n);
    this.#xt = new Float64Array(n);
    this.#rms = this.#project();
    if (this.#rms <= this.#tol) this.#finish();
  }

  /** Clips x0 into the box of `options` (use before evaluating the start point). */
  static clip(x0: ArrayLike<number>, options: MinimizeOptions = {}): Float64Array {
    return Float64Array.from(
      x0,
      (v, i) =>
        Math.min(Math.max(v, options.lower?.[i] ?? -Infinity), options.upper?.[i] ?? Infinity),
    );
  }

  #project(): number {
    let ss = 0;
    const x = this.x, g = this.g;
    for (let i = 0; i < this.#n; i++) {
      const blocked = (x[i] <= this.#lo[i] && g[i] > 0) || (x[i] >= this.#hi[i] && g[i] < 0);
      this.#active[i] = blocked ? 1 : 0;
      this.#pg[i] = blocked ? 0 : g[i];
      ss += this.#pg[i] * this.#pg[i];
    }
    return Math.sqrt(ss / this.#n);
  }

  #finish(message?: string): void {
    this.done = true;
    this.message = message ??
      (this.#rms <= this.#tol ? "converged" : `stopped after ${this.iterations} iterations`);
  }

  #direction(): void {
    const n = this.#n, d = this.#d, pg = this.#pg, S = this.#S, Y = this.#Y, R = this.#rho;
    d.set(pg);
    const alpha = new Float64Array(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = R[k] * dot(S[k], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k][i];
    }
    const pgn = Math.sqrt(dot(pg, pg));
    const gamma = S.length
      ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1])
      : 1 / Math.max(1, pgn);
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = R[k] * dot(Y[k], d);
      for (let i = 0; i < n; i++) d[i] += S[k][i] * (alpha[k] - b);
    }
    for (let i = 0; i < n; i++) d[i] = this.#active[i] ? 0 : -d[i];
    if (dot(d, pg) >= 0) { // not a descent direction: reset the memory and go downhill
      S.length = Y.length = R.length = 0;
      for (let i = 0; i < n; i++) d[i] = -pg[i] / Math.max(1, pgn);
    }
    const norm = Math.sqrt(dot(d, d));
    if (norm > this.#maxStep) { for (let i = 0; i < n; i++) d[i] *= this.#maxStep / norm; }
  }

  /** The next trial point (null when done). */
  propose(): Float64Array | null {
    if (this.done) return null;
    if (this.#tries === 0) {
      if (this.iterations >= this.#maxIter) {
        this.#finish();
        return null;
      }
      this.iterations++;
      this.#direction();
    }
    for (let i = 0; i < this.#n; i++) {
      this.#xt[i] = Math.min(Math.max(this.x[i] + this.#d[i], this.#lo[i]), this.#hi[i]);
    }
    return this.#xt;
  }

  /** Takes the evaluation of the last proposal (et NaN when the evaluation failed). */
  accept(et: number, gt: ArrayLike<number>): void {
    this.evaluations++;
    const maxRise = this.#maxRise ?? 1e-10 * Math.max(1, Math.abs(this.e));
    if (!(Number.isFinite(et) && et - this.e <= maxRise)) {
      // Energy rise or a failed evaluation: shrink the step and forget the curvature pairs.
      for (let i = 0; i < this.#n; i++) this.#d[i] *= 0.1;
      this.#S.length = this.#Y.length = this.#rho.length = 0;
      if (++this.#tries >= 12) {
        this.#finish("no step lowered the energy (possible noise floor or a non-smooth energy)");
      }
      return;
    }
    this.#tries = 0;
    const n = this.#n, s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = this.#xt[i] - this.x[i];
      y[i] = gt[i] - this.g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      this.#S.push(s);
      this.#Y.push(y);
      this.#rho.push(1 / sy);
      if (this.#S.length > this.#M) {
        this.#S.shift();
        this.#Y.shift();
        this.#rho.shift();
      }
    }
    this.x.set(this.#xt);
    this.g.set(gt);
    this.e = et;
    this.#rms = this.#project();
    if (this.#rms <= this.#tol) this.#finish();
    else if (this.#stall) {
      const h = this.#history, k = this.#stall.iterations;
      h.push(et);
      if (h.length > k) {
        const before = h.shift()!;
        if (before - et < this.#stall.relative * Math.max(1, Math.abs(et))) {
          this.#finish(
            `stalled: the energy fell by less than ${this.#stall.relative} in ${k} iterations`,
          );
        }
      }
    }
  }

  /** The outcome so far. */
  result(): MinimizeResult {
    const activeBounds: number[] = [];
    for (let i = 0; i < this.#n; i++) if (this.#active[i]) activeBounds.push(i);
    return {
      x: Float64Array.from(this.x),
      energy: this.e,
      grad: Float64Array.from(this.g),
      rmsGradient: this.#rms,
      converged: this.#rms <= this.#tol,
      iterations: this.iterations,
      evaluations: this.evaluations,
      activeBounds,
      onBound: activeBounds.length > 0,
      message: this.message || (this.#rms <= this.#tol ? "converged" : "running"),
    };
  }
}

/**
 * Minimises `landscape` from `x0` by L-BFGS.
 *
 * @example
 * ```ts
 * import { minimize } from "./minimize.ts";
 * import assert from "node:assert/strict";
 * const bowl = { dim: 2, energy: (x: Float64Array, g?: Float64Array) => {
 *   if (g) { g[0] = 2 * (x[0] - 1); g[1] = 4 * x[1]; }
 *   return (x[0] - 1) ** 2 + 2 * x[1] ** 2;
 * } };
 * const r = minimize(bowl, Float64Array.from([3, 2]));
 * assert.ok(r.converged);
 * assert.ok(Math.abs(r.x[0] - 1) < 1e-6 && Math.abs(r.x[1]) < 1e-6);
 * ```
 */
export function minimize(
  landscape: Landscape,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = landscape.dim;
  if (x0.length !== n) throw new RangeError(`x0 has ${x0.length} components, the landscape ${n}`);
  const x = LbfgsWalker.clip(x0, options);
  const g = new Float64Array(n);
  const e = safeEnergy(landscape, x, g);
  const w = new LbfgsWalker(x, e, g, options);
  const gt = new Float64Array(n);
  for (let xt = w.propose(); xt; xt = w.propose()) {
    let et = NaN;
    try {
      et = safeEnergy(landscape, xt, gt);
    } catch (err) {
      // A non-finite energy at a trial point is treated as a rise: shrink the step.
      if (!(err instanceof EnergyError)) throw err;
    }
    w.accept(et, gt);
  }
  const r = w.result();
  return options.snapToBounds === false ? r : snap(landscape, r, options);
}

/** The snap of {@link MinimizeOptions.snapToBounds}: one evaluation per candidate coordinate. */
function snap(landscape: Landscape, r: MinimizeResult, options: MinimizeOptions): MinimizeResult {
  if (!r.converged || (!options.lower && !options.upper)) return r;
  for (let round = 0; round < 3; round++) {
    let moved = false;
    for (let i = 0; i < r.x.length; i++) {
      const lo = options.lower?.[i] ?? -Infinity, hi = options.upper?.[i] ?? Infinity;
      const target = r.grad[i] > 0 ? lo : r.grad[i] < 0 ? hi : NaN;
      if (!Number.isFinite(target) || r.x[i] === target) continue;
      // Only along a line that descends all the way to the bound (the same valley): a path that
      // rises first crosses a barrier into another basin and must not be taken.
      const x = Float64Array.from(r.x);
      let prev = r.energy, e = NaN, monotone = true;
      for (let k = 1; k <= 8 && monotone; k++) {
        x[i] = r.x[i] + (target - r.x[i]) * k / 8;
        try {
          e = landscape.energy(x);
        } catch {
          e = NaN;
        }
        monotone = e <= prev + 1e-12 * Math.max(1, Math.abs(prev));
        prev = e;
      }
      if (!monotone || !(e < r.energy)) continue;
      const again = minimize(landscape, x, { ...options, snapToBounds: false });
      if (again.converged && again.energy < r.energy) {
        r = again;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return r;
}

/**
 * Evaluates many points with one `energyBatch` call when the landscape has it. A point whose energy
 * or gradient is not finite gets NaN; if the batch call throws, points are evaluated one by one so
 * that the failure is pinned to its coordinates (`errors`).
 */
export async function evaluateBatch(
  landscape: Landscape,
  xs: Float64Array[],
): Promise<{ energies: Float64Array; grads: Float64Array[]; errors: (EnergyError | null)[] }> {
  const n = landscape.dim, B = xs.length;
  const grads = xs.map(() => new Float64Array(n));
  const errors: (EnergyError | null)[] = new Array(B).fill(null);
  let energies = new Float64Array(B);
  let batched = false;
  if (landscape.energyBatch && B > 1) {
    try {
      const flat = new Float64Array(B * n), gflat = new Float64Array(B * n);
      xs.forEach((x, b) => flat.set(x, b * n));
      energies = Float64Array.from(await landscape.energyBatch(flat, gflat));
      grads.forEach((g, b) => g.set(gflat.subarray(b * n, (b + 1) * n)));
      batched = true;
    } catch {
      batched = false;
    }
  }
  for (let b = 0; b < B; b++) {
    if (!batched) {
      try {
        energies[b] = safeEnergy(landscape, xs[b], grads[b]);
      } catch (err) {
        if (!(err instanceof EnergyError)) throw err;
        errors[b] = err;
        energies[b] = NaN;
      }
    } else if (!Number.isFinite(energies[b]) || !grads[b].every(Number.isFinite)) {
      errors[b] = new EnergyError(`energy is ${energies[b]}`, xs[b]);
      energies[b] = NaN;
    }
  }
  return { energies, grads, errors };
}

/** Result of {@link minimizeBatch}: one entry per start; failed starts carry the error. */
export type BatchMinimizeResult = MinimizeResult | { error: EnergyError };

/**
 * Minimises from many starts in lockstep: every round evaluates the trial points of all active
 * walkers with ONE `energyBatch` call (the GPU path). Landscapes without it are evaluated point by
 * point. A start whose energy fails is returned as `{ error }`.
 */
export async function minimizeBatch(
  landscape: Landscape,
  starts: ArrayLike<number>[],
  options: MinimizeOptions = {},
): Promise<BatchMinimizeResult[]> {
  const xs = starts.map((x0) => LbfgsWalker.clip(x0, options));
  const first = await evaluateBatch(landscape, xs);
  const walkers = xs.map((
    x,
    b,
  ) => (first.errors[b] ? null : new LbfgsWalker(x, first.energies[b], first.grads[b], options)));
  for (;;) {
    const active: number[] = [], trial: Float64Array[] = [];
    walkers.forEach((w, b) => {
      const xt = w?.propose();
      if (xt) {
        active.push(b);
        trial.push(Float64Array.from(xt));
      }
    });
    if (active.length === 0) break;
    const ev = await evaluateBatch(landscape, trial);
    active.forEach((b, k) => walkers[b]!.accept(ev.energies[k], ev.grads[k]));
  }
  return walkers.map((w, b) => {
    if (!w) return { error: first.errors[b]! };
    return options.snapToBounds === false ? w.result() : snap(landscape, w.result(), options);
  });
}
