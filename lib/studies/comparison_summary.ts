/**
 * One landscape summary computed the same way for every model class (MISSION.md, study 7): counts
 * per unit of search effort, energy spread, barriers, funnels (monotonic sequence basins),
 * curvature, heat-capacity peaks, and how test performance correlates with depth and flatness.
 * Also a disconnectivity graph rescaled to a common [0, 1] energy axis for small multiples.
 * @module
 */
import { connectivity, heatCapacity, summarizeLandscape } from "../landscape/analysis.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import { type DisconnectivityGraph, disconnectivityGraph } from "../landscape/disconnectivity.ts";

/** The search effort behind a database. */
export interface SearchEffort {
  /** Basin-hopping steps summed over walkers. */
  basinHoppingSteps: number;
  /** Connection attempts made. */
  connectionAttempts: number;
}

/** The comparison summary of one landscape (every field is in results.json). */
export interface ComparisonSummary {
  /** Minima. */
  minima: number;
  /** Minima not on a bound. */
  interior_minima: number;
  /** Minima on a bound. */
  on_bound_minima: number;
  /** Transition states. */
  transition_states: number;
  /** Share of the interior minima joined to the global minimum by transition states. */
  connected_fraction: number;
  /** Minima per 100 basin-hopping steps. */
  minima_per_100_steps: number;
  /** Transition states per connection attempt. */
  transition_states_per_attempt: number;
  /** Energy range of the interior minima. */
  energy_spread: number;
  /** Barriers (both sides of every transition state). */
  barriers: { min: number; median: number; max: number; count: number };
  /** Monotonic sequence basins and the share of minima in the largest. */
  funnels: { basins: number; largest_share: number };
  /** Mean ln λ per mode over the interior minima: min, median, max. */
  curvature: { min: number; median: number; max: number };
  /** Heat-capacity peak temperatures. */
  heat_capacity_peaks: number[];
  /** Peak temperatures divided by the energy spread (comparable across models). */
  heat_capacity_peaks_normalised: number[];
  /** Spearman ρ between depth (−energy) and test performance (oriented: + = better); NaN below 3 minima. */
  depth_correlation: number;
  /** Spearman ρ between flatness (−mean ln λ) and test performance (+ = flatter is better). */
  flatness_correlation: number;
  /** Minima with a test figure used for the correlations. */
  correlation_minima: number;
}

/** Ranks with ties averaged (1-based). */
function ranks(v: number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array(v.length).fill(0);
  for (let a = 0; a < idx.length;) {
    let b = a;
    while (b + 1 < idx.length && v[idx[b + 1]] === v[idx[a]]) b++;
    for (let k = a; k <= b; k++) r[idx[k]] = (a + b) / 2 + 1;
    a = b + 1;
  }
  return r;
}

/** Spearman rank correlation (Pearson correlation of the tie-averaged ranks); NaN below 3 pairs. */
export function spearman(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length < 3) return NaN;
  const ra = ranks(a), rb = ranks(b), n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n, mb = rb.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * The comparison summary of a database. `performance(id)` is a minimum's test figure (NaN when
 * unknown); `higherIsBetter` orients it (accuracy: true; RMSE: false).
 */
export function comparisonSummary(
  db: LandscapeDatabase,
  effort: SearchEffort,
  performance: (id: number) => number,
  higherIsBetter: boolean,
): ComparisonSummary {
  const s = summarizeLandscape(db);
  const hc = heatCapacity(db);
  const interior = db.minima.filter((m) => !m.onBound);
  const withPerf = interior.filter((m) => Number.isFinite(performance(m.id)));
  const perf = withPerf.map((m) => (higherIsBetter ? 1 : -1) * performance(m.id));
  const flatPool = withPerf.filter((m) => m.modes > 0 && Number.isFinite(m.logProductHessian));
  const spread = s.energySpread > 0 ? s.energySpread : NaN;
  return {
    minima: s.minima,
    interior_minima: s.interiorMinima,
    on_bound_minima: s.onBoundMinima,
    transition_states: s.transitionStates,
    connected_fraction: connectivity(db).fraction,
    minima_per_100_steps: effort.basinHoppingSteps > 0
      ? 100 * s.minima / effort.basinHoppingSteps
      : NaN,
    transition_states_per_attempt: effort.connectionAttempts > 0
      ? s.transitionStates / effort.connectionAttempts
      : NaN,
    energy_spread: s.energySpread,
    barriers: s.barriers,
    funnels: { basins: s.funnels.basins, largest_share: s.funnels.largestShare },
    curvature: s.curvature,
    heat_capacity_peaks: hc.peaks,
    heat_capacity_peaks_normalised: hc.peaks.map((t) => t / spread),
    depth_correlation: spearman(withPerf.map((m) => -m.energy), perf),
    flatness_correlation: spearman(
      flatPool.map((m) => -m.logProductHessian / m.modes),
      flatPool.map((m) => (higherIsBetter ? 1 : -1) * performance(m.id)),
    ),
    correlation_minima: withPerf.length,
  };
}

/** A disconnectivity graph with energies mapped to [0, 1] (global minimum → 0, top level → 1). */
export function normalisedGraph(db: LandscapeDatabase, levels = 25): DisconnectivityGraph & {
  energyMin: number;
  energyMax: number;
} {
  const g = disconnectivityGraph(db, { levels });
  const ys = [...g.segments.flatMap((s) => [s.y1, s.y2]), ...g.leaves.map((l) => l.energy)];
  const lo = ys.length ? Math.min(...ys) : 0, hi = ys.length ? Math.max(...ys) : 1;
  const span = hi - lo > 0 ? hi - lo : 1;
  const f = (e: number) => (e - lo) / span;
  return {
    levels: g.levels.map(f),
    roots: g.roots,
    segments: g.segments.map((s) => ({ x1: s.x1, x2: s.x2, y1: f(s.y1), y2: f(s.y2) })),
    leaves: g.leaves.map((l) => ({ ...l, energy: f(l.energy) })),
    energyMin: lo,
    energyMax: hi,
  };
}
