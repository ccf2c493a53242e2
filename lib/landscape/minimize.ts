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
}

/** Outcome of {@link minimize}. */
export interface MinimizeResult {
  x: Float64Array;
  energy: number;
  grad: Float64Array;
  /** RMS of the gradient with bound-blocked components removed. */
  rmsGradient: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  /** Indices of coordinates sitting on a bound with the gradient pushing outwards. */
  activeBounds: number[];
  /** True when the minimum lies on a bound (activeBounds non-empty). */
  onBound: boolean;
  message: string;
}

/** Thrown when the energy is NaN, infinite, or throws; carries the coordinates. */
export class EnergyError extends Error {
  readonly x: Float64Array;
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

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Minimises `landscape` from `x0` by L-BFGS.
 *
 * @example
 * ```ts
 * import { minimize } from "./minimize.ts";
 * const bowl = { dim: 2, energy: (x: Float64Array, g?: Float64Array) => {
 *   if (g) { g[0] = 2 * (x[0] - 1); g[1] = 4 * x[1]; }
 *   return (x[0] - 1) ** 2 + 2 * x[1] ** 2;
 * } };
 * const r = minimize(bowl, Float64Array.from([3, 2]));
 * console.log(r.converged, r.x); // true, ≈ [1, 0]
 * ```
 */
export function minimize(
  landscape: Landscape,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = landscape.dim;
  if (x0.length !== n) throw new RangeError(`x0 has ${x0.length} components, the landscape ${n}`);
  const tol = options.rmsGradient ?? 1e-6;
  const maxIter = options.maxIterations ?? 2000;
  const M = options.memory ?? 10;
  const maxStep = options.maxStep ?? 0.5;
  const lo = Float64Array.from({ length: n }, (_, i) => options.lower?.[i] ?? -Infinity);
  const hi = Float64Array.from({ length: n }, (_, i) => options.upper?.[i] ?? Infinity);
  const x = Float64Array.from(x0, (v, i) => Math.min(Math.max(v, lo[i]), hi[i]));
  const g = new Float64Array(n);
  let e = safeEnergy(landscape, x, g);
  let evaluations = 1;
  const S: Float64Array[] = [], Y: Float64Array[] = [], RHO: number[] = [];
  const pg = new Float64Array(n);
  const active = new Uint8Array(n);
  const xt = new Float64Array(n), gt = new Float64Array(n), d = new Float64Array(n);
  const alpha = new Float64Array(M);
  let iterations = 0;
  let message = "";

  // Projected gradient: drop components blocked by an active bound.
  const project = (): number => {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const blocked = (x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0);
      active[i] = blocked ? 1 : 0;
      pg[i] = blocked ? 0 : g[i];
      ss += pg[i] * pg[i];
    }
    return Math.sqrt(ss / n);
  };

  let rms = project();
  while (rms > tol && iterations < maxIter) {
    iterations++;
    // Two-loop recursion on the projected gradient.
    d.set(pg);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = RHO[k] * dot(S[k], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k][i];
    }
    const gamma = S.length
      ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1])
      : 1 / Math.max(1, Math.sqrt(dot(pg, pg)));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = RHO[k] * dot(Y[k], d);
      for (let i = 0; i < n; i++) d[i] += S[k][i] * (alpha[k] - b);
    }
    for (let i = 0; i < n; i++) {
      d[i] = active[i] ? 0 : -d[i];
    }
    // Not a descent direction: reset the memory and go downhill.
    if (dot(d, pg) >= 0) {
      S.length = Y.length = RHO.length = 0;
      for (let i = 0; i < n; i++) d[i] = -pg[i] / Math.max(1, Math.sqrt(dot(pg, pg)));
    }
    let norm = Math.sqrt(dot(d, d));
    if (norm > maxStep) {
      for (let i = 0; i < n; i++) d[i] *= maxStep / norm;
      norm = maxStep;
    }
    const maxRise = options.maxRise ?? 1e-10 * Math.max(1, Math.abs(e));
    let accepted = false;
    let et = NaN;
    for (let tries = 0; tries < 12; tries++) {
      for (let i = 0; i < n; i++) xt[i] = Math.min(Math.max(x[i] + d[i], lo[i]), hi[i]);
      try {
        et = safeEnergy(landscape, xt, gt);
      } catch (err) {
        // A non-finite energy at a trial point is treated as a rise: shrink the step.
        if (!(err instanceof EnergyError)) throw err;
        et = NaN;
      }
      evaluations++;
      if (Number.isFinite(et) && et - e <= maxRise) {
        accepted = true;
        break;
      }
      for (let i = 0; i < n; i++) d[i] *= 0.1;
      S.length = Y.length = RHO.length = 0;
    }
    if (!accepted) {
      message = "no step lowered the energy (possible noise floor or a non-smooth energy)";
      break;
    }
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xt[i] - x[i];
      y[i] = gt[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      RHO.push(1 / sy);
      if (S.length > M) {
        S.shift();
        Y.shift();
        RHO.shift();
      }
    }
    x.set(xt);
    g.set(gt);
    e = et;
    rms = project();
  }
  const converged = rms <= tol;
  const activeBounds: number[] = [];
  for (let i = 0; i < n; i++) if (active[i]) activeBounds.push(i);
  if (!message) message = converged ? "converged" : `stopped after ${iterations} iterations`;
  return {
    x,
    energy: e,
    grad: g,
    rmsGradient: rms,
    converged,
    iterations,
    evaluations,
    activeBounds,
    onBound: activeBounds.length > 0,
    message,
  };
}
