/**
 * Fitting a Matérn-ν GP by multi-start L-BFGS on the NLML, with box bounds on θ. Minima on a bound
 * are kept but flagged (`onBound`): they are artefacts of the box, not stationary points.
 * @module
 */
import type { MaternGP } from "../../models/gp.ts";
import { defaultBounds, type ThetaBounds } from "../../models/gp_bounds.ts";
import { EnergyError, minimize } from "../../landscape/minimize.ts";
import { NumericalError } from "../../util/errors.ts";
import { Rng } from "../../util/random.ts";

/** One local minimisation of a multi-start fit. */
export interface GPFitRun {
  /** Hyperparameters at the minimum. */
  theta: Float64Array;
  /** NLML there. */
  nlml: number;
  /** True when the RMS gradient met the tolerance. */
  converged: boolean;
  /** True on a bound of the box. */
  onBound: boolean;
  /** Names of θ components on a bound. */
  boundNames: string[];
  /** RMS gradient there. */
  rmsGradient: number;
  /** Energy evaluations. */
  evaluations: number;
  /** The start it came from. */
  start: Float64Array;
}

/** Options of {@link fitMaternGP}. */
export interface GPFitOptions {
  /** Number of random starts [10]. */
  restarts?: number;
  /** Seed of the random starts [1]. */
  seed?: number;
  /** The θ box [defaultBounds]. */
  bounds?: ThetaBounds;
  /** Extra starting points (tried first). */
  starts?: Float64Array[];
  /** RMS-gradient tolerance [1e-6]. */
  rmsGradient?: number;
  /** Called after each start (for progress lines). */
  onRun?: (k: number, total: number, run: GPFitRun | null) => void;
}

/** Result of {@link fitMaternGP}: the lowest converged minimum (flagged when on a bound) and every run. */
export interface GPFitResult {
  /** The lowest converged minimum. */
  best: GPFitRun;
  /** Every run, in start order. */
  runs: GPFitRun[];
  /** Starts whose minimisation failed (hopeless Cholesky or non-finite energy at the start). */
  failures: number;
}

/** A random start inside the bounds (ν log-uniform in [0.3, 4] clipped to the bounds). */
function randomStart(gp: MaternGP, b: ThetaBounds, rng: Rng): Float64Array {
  return Float64Array.from(gp.names, (name, k) => {
    const lo = b.lower[k], hi = b.upper[k];
    if (name === "nu") {
      return Math.min(hi, Math.max(lo, Math.exp(rng.range(Math.log(0.3), Math.log(4)))));
    }
    if (name === "log_noise_variance") {
      return rng.range(Math.max(lo, Math.log(1e-5)), Math.min(hi, 0));
    }
    if (name === "log_signal_variance") return rng.range(-1.5, 1.5);
    // Lengthscales: from 1/30 to the full span (the interesting part of the bound box).
    return rng.range(hi - Math.log(1e3) + Math.log(1 / 30), hi - Math.log(1e3));
  });
}

/**
 * Multi-start L-BFGS fit of θ. The best run is the lowest NLML among converged runs; when it lies
 * on a bound of the box, `onBound` and `boundNames` say so.
 */
export function fitMaternGP(
  gp: MaternGP,
  X: Float64Array,
  options: GPFitOptions = {},
): GPFitResult {
  const bounds = options.bounds ?? defaultBounds(gp, X);
  const rng = new Rng(options.seed ?? 1);
  const starts = [...(options.starts ?? [])];
  const restarts = options.restarts ?? 10;
  while (starts.length < restarts + (options.starts?.length ?? 0)) {
    starts.push(randomStart(gp, bounds, rng));
  }
  const runs: GPFitRun[] = [];
  let failures = 0;
  starts.forEach((start, k) => {
    try {
      const r = minimize(gp, start, {
        lower: bounds.lower,
        upper: bounds.upper,
        rmsGradient: options.rmsGradient ?? 1e-6,
        maxStep: 1,
      });
      const run: GPFitRun = {
        theta: r.x,
        nlml: r.energy,
        converged: r.converged,
        onBound: r.onBound,
        boundNames: r.activeBounds.map((i) => gp.names[i]),
        rmsGradient: r.rmsGradient,
        evaluations: r.evaluations,
        start,
      };
      runs.push(run);
      options.onRun?.(k + 1, starts.length, run);
    } catch (e) {
      if (!(e instanceof EnergyError || e instanceof NumericalError)) throw e;
      failures++;
      options.onRun?.(k + 1, starts.length, null);
    }
  });
  if (runs.length === 0) {
    throw new NumericalError(
      `all ${starts.length} starts failed (the covariance was never positive definite)`,
    );
  }
  // The lowest NLML among converged runs (a minimum on a bound of the box is a legitimate constrained
  // optimum, flagged by onBound/boundNames rather than passed over).
  const converged = runs.filter((r) => r.converged);
  const pool = converged.length ? converged : runs;
  const best = pool.reduce((a, b) => (b.nlml < a.nlml ? b : a));
  return { best, runs, failures };
}
