/**
 * The NLML landscape of a Matérn GP at fixed ν, mapped with the engine: a NaN-safe Landscape (a
 * hopeless Cholesky becomes NaN, which the minimiser treats as an energy rise) and one set of
 * search settings shared by sweep-nu's anchors, its per-ν landscapes and the benchmarks.
 * @module
 */
import type { GPData } from "../../models/gp.ts";
import { MaternGP } from "../../models/gp.ts";
import { defaultBounds, type ThetaBounds } from "../../models/gp_bounds.ts";
import { basinHopping } from "../../landscape/basinhopping.ts";
import { connect } from "../../landscape/connect.ts";
import { mergePairSearch } from "../../landscape/pair_search.ts";
import { hessianIndex, pushOff } from "../../landscape/transition_state.ts";
import type { LandscapeDatabase } from "../../landscape/database.ts";
import type { Landscape } from "../../landscape/types.ts";
import { NumericalError } from "../../util/errors.ts";

/** A Landscape view of `gp` whose energy is NaN where K is hopeless; counts evaluations. */
export function safeGpLandscape(gp: MaternGP, counter?: EvaluationCounter): Landscape {
  return {
    dim: gp.dim,
    energy: (x: Float64Array, g?: Float64Array) => {
      if (counter) {
        counter.evaluations++;
        counter.onEvaluation?.(counter.evaluations);
      }
      try {
        return gp.energy(x, g);
      } catch (e) {
        if (e instanceof NumericalError) return NaN;
        throw e;
      }
    },
  };
}

/** Counts NLML evaluations; `onEvaluation` (cheap: it is called on every one) drives heartbeats. */
export interface EvaluationCounter {
  /** Evaluations so far. */
  evaluations: number;
  /** Called after each evaluation with the running count. */
  onEvaluation?: (count: number) => void;
}

/** Options of {@link mapGpLandscape}; defaults in brackets. */
export interface GpLandscapeOptions {
  /** One lengthscale per input. */
  ard?: boolean;
  /** Standardise the targets [true]. */
  normalizeY?: boolean;
  /** Basin-hopping steps per walker [20]. */
  steps?: number;
  /** Connection attempts [30]. */
  maxAttempts?: number;
  /** Seed [1]. */
  seed?: number;
  /** The θ box [defaultBounds]. */
  bounds?: ThetaBounds;
  /** Counts NLML evaluations when given. */
  counter?: EvaluationCounter;
  /** Known minima (e.g. tracked branches) to start the walkers from [random in the box]. */
  starts?: Float64Array[];
}

/**
 * Minima and transition states of the NLML over θ at fixed ν: basin-hopping (2 walkers, box
 * bounds) then closest-neighbour connection that includes minima on the box (the saddles between
 * them are genuine interior stationary points).
 */
export async function mapGpLandscape(
  data: GPData,
  nu: number,
  options: GpLandscapeOptions = {},
): Promise<LandscapeDatabase> {
  const gp = new MaternGP(data, { ard: options.ard, normalizeY: options.normalizeY, nu });
  const L = safeGpLandscape(gp, options.counter);
  const b = options.bounds ?? defaultBounds(gp, data.X);
  const minimizeOpts = { maxStep: 0.5, rmsGradient: 1e-7 };
  const db = await basinHopping(L, {
    steps: options.steps ?? 20,
    stepSize: 1.5,
    temperature: 2,
    walkers: Math.max(2, options.starts?.length ?? 0),
    ...(options.starts?.length
      ? {
        starts: [
          ...options.starts,
          ...(options.starts.length < 2 ? [options.starts[0].map((v) => v + 0.5)] : []),
        ],
      }
      : {}),
    seed: options.seed ?? 1,
    lower: b.lower,
    upper: b.upper,
    minimize: minimizeOpts,
  });
  await connect(L, db, {
    strategy: "closest",
    neighbours: 3,
    includeOnBound: true,
    maxAttempts: options.maxAttempts ?? 30,
    lower: b.lower,
    upper: b.upper,
    dneb: { images: 8, iterations: 150 },
    hef: { maxStep: 0.2, maxTangentStep: 0.3, rmsGradient: 1e-7, maxIterations: 100 },
    minimize: minimizeOpts,
  });
  return db;
}

/**
 * Adds known saddles (e.g. tracked transition-state branches at this ν) to a GP landscape's
 * database: each is re-verified (Hessian index exactly 1), pushed off along its negative mode and
 * merged with the minima it joins. A point that fails any check is skipped. Returns how many
 * transition states were added.
 */
export function addKnownSaddles(
  data: GPData,
  nu: number,
  db: LandscapeDatabase,
  saddles: Float64Array[],
  options: { ard?: boolean; normalizeY?: boolean } = {},
): number {
  const gp = new MaternGP(data, { ard: options.ard, normalizeY: options.normalizeY, nu });
  const L = safeGpLandscape(gp);
  const b = defaultBounds(gp, data.X);
  const before = db.transitionStates.length;
  for (const x of saddles) {
    let c;
    try {
      c = hessianIndex(L, x);
    } catch {
      continue;
    }
    if (c.index !== 1) continue;
    const p = pushOff(L, x, c.lowestVector, {
      lower: b.lower,
      upper: b.upper,
      maxStep: 0.5,
      rmsGradient: 1e-7,
    });
    if (!p.plus.converged || !p.minus.converged) continue;
    mergePairSearch(L, db, 0, 0, {
      candidates: [{
        kind: "saddle",
        ts: {
          x: Float64Array.from(x),
          energy: L.energy(x),
          eigenvalue: c.eigenvalues[0],
          logProductHessian: c.logProduct,
          index: 1,
        },
        sides: [
          { x: p.plus.x, energy: p.plus.energy, onBound: p.plus.onBound },
          { x: p.minus.x, energy: p.minus.energy, onBound: p.minus.onBound },
        ],
      }],
    });
  }
  return db.transitionStates.length - before;
}
