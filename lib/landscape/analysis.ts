/**
 * Analyses of a database: monotonic sequence basins, the harmonic-superposition heat capacity, and
 * a landscape summary computed the same way for every model.
 * @module
 */
import type { LandscapeDatabase } from "./database.ts";
import { components } from "./connect.ts";

/** Monotonic sequence basins (R. S. Berry & R. E. Kunz, Phys. Rev. Lett. 74, 3951, 1995). */
export interface MonotonicSequenceBasins {
  /** Minima with no lower neighbour (the bottoms of the basins). */
  bottoms: number[];
  /** Partition by steepest descent: each minimum's bottom, following its lowest lower neighbour (−1: no transition state). */
  basinOf: Int32Array;
  /** For each bottom, every minimum from which some chain of ever-lower connected minima ends there. */
  members: Map<number, number[]>;
}

/** Neighbours of every minimum through transition states. */
function neighbours(db: LandscapeDatabase): number[][] {
  const nb: number[][] = db.minima.map(() => []);
  for (const t of db.transitionStates) {
    const [a, b] = t.minima;
    if (a === b) continue;
    nb[a].push(b);
    nb[b].push(a);
  }
  return nb;
}

/**
 * The monotonic sequence basins of the transition-state network.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { monotonicSequenceBasins } from "./analysis.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(1);
 * [0, -1, -3].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
 * db.addTransitionState({ energy: 1, x: Float64Array.of(0.5), minima: [0, 1], eigenvalue: -1, logProductHessian: 0, index: 1, provenance: "" });
 * // Minimum 2 is isolated; minimum 1 is the bottom of {0, 1}.
 * assert.deepEqual(monotonicSequenceBasins(db).bottoms, [1, 2]);
 * ```
 */
export function monotonicSequenceBasins(db: LandscapeDatabase): MonotonicSequenceBasins {
  const nb = neighbours(db);
  const E = db.minima.map((m) => m.energy);
  const N = E.length;
  const bottoms = db.minima.filter((m) => nb[m.id].every((j) => E[j] >= m.energy)).map((m) => m.id);
  const basinOf = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++) {
    let cur = i;
    for (;;) {
      const lower = nb[cur].filter((j) => E[j] < E[cur]);
      if (lower.length === 0) break;
      cur = lower.reduce((a, b) => (E[b] < E[a] ? b : a));
    }
    basinOf[i] = cur;
  }
  const members = new Map<number, number[]>();
  for (const b of bottoms) {
    const seen = new Set([b]);
    const stack = [b];
    while (stack.length) {
      const u = stack.pop()!;
      for (const v of nb[u]) {
        if (E[v] > E[u] && !seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
    members.set(b, [...seen].sort((p, q) => p - q));
  }
  return { bottoms, basinOf, members };
}

/** Heat capacity curve. */
export interface HeatCapacity {
  /** Temperatures (energy units, k_B = 1). */
  temperatures: number[];
  /** C_V/k_B at each temperature. */
  cv: number[];
  /** Temperatures of local maxima of C_V. */
  peaks: number[];
  /** Number of non-zero modes κ used (the constant κ/2). */
  modes: number;
  /** Minima used (those with a Hessian log-product). */
  minimaUsed: number;
}

/**
 * Heat capacity in the harmonic superposition approximation: Z(T) = Σ_a exp(−E_a/T − ½ Σ_i ln λ_{a,i})
 * (zero modes excluded), C_V/k_B = κ/2 + (⟨E²⟩ − ⟨E⟩²)/T² (D. J. Wales, Energy Landscapes, 2003,
 * §7). Minima on a bound of the box and minima without a log-product are left out.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { heatCapacity } from "./analysis.ts";
 * import assert from "node:assert/strict";
 * // Two minima of equal energy and curvature: no energy fluctuation, C_V = κ/2 at every T.
 * const db = new LandscapeDatabase(1);
 * for (const x of [-1, 1]) {
 *   db.addMinimum(Float64Array.of(x), 0, { logProductHessian: Math.log(8), modes: 1, index: 0 });
 * }
 * const hc = heatCapacity(db);
 * assert.ok(hc.cv.every((c) => Math.abs(c - 0.5) < 1e-12));
 * ```
 */
export function heatCapacity(
  db: LandscapeDatabase,
  options: { temperatures?: number[]; includeOnBound?: boolean } = {},
): HeatCapacity {
  const ms = db.minima.filter((m) =>
    Number.isFinite(m.logProductHessian) && (options.includeOnBound || !m.onBound)
  );
  if (ms.length === 0) return { temperatures: [], cv: [], peaks: [], modes: 0, minimaUsed: 0 };
  const modes = Math.max(...ms.map((m) => m.modes));
  // The range of interest runs from the lowest minimum to the highest minimum or transition state
  // (barriers set the temperatures at which basins mix).
  const eMin = Math.min(...ms.map((m) => m.energy));
  const eMax = Math.max(
    ...ms.map((m) => m.energy),
    ...db.transitionStates.map((t) => t.energy).filter(Number.isFinite),
  );
  const span = Math.max(eMax - eMin, 1e-6);
  const temps = options.temperatures ??
    Array.from({ length: 120 }, (_, k) => span * 1e-3 * Math.pow(1e3 * 2, k / 119));
  const cv = temps.map((T) => {
    const logw = ms.map((m) => -(m.energy - eMin) / T - 0.5 * m.logProductHessian);
    const mx = Math.max(...logw);
    let z = 0, e1 = 0, e2 = 0;
    ms.forEach((m, i) => {
      const w = Math.exp(logw[i] - mx), e = m.energy - eMin;
      z += w;
      e1 += w * e;
      e2 += w * e * e;
    });
    e1 /= z;
    e2 /= z;
    return modes / 2 + (e2 - e1 * e1) / (T * T);
  });
  const peaks = temps.filter((_, k) =>
    k > 0 && k < temps.length - 1 && cv[k] > cv[k - 1] && cv[k] >= cv[k + 1]
  );
  return { temperatures: temps, cv, peaks, modes, minimaUsed: ms.length };
}

/** A landscape summary, computed the same way for every model class. */
export interface LandscapeSummary {
  /** Minima stored. */
  minima: number;
  /** Minima not on a bound. */
  interiorMinima: number;
  /** Minima on a bound of the box. */
  onBoundMinima: number;
  /** Transition states stored. */
  transitionStates: number;
  /** Energy of the global minimum. */
  globalMinimumEnergy: number;
  /** Energy range of interior minima. */
  energySpread: number;
  /** Barriers E_ts − E_min seen from both sides of every transition state. */
  barriers: { min: number; median: number; max: number; count: number };
  /** Mean ln λ per mode at each interior minimum: min, median, max. */
  curvature: { min: number; median: number; max: number };
  /** Monotonic sequence basins: how many, and the share of minima in the largest (steepest-descent partition). */
  funnels: { basins: number; largestShare: number };
  /** Connected components of the transition-state network among interior minima. */
  components: number;
}

function stats(v: number[]): { min: number; median: number; max: number } {
  if (v.length === 0) return { min: NaN, median: NaN, max: NaN };
  const s = [...v].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

/** Counts, spreads, barrier and curvature distributions, funnels. */
export function summarizeLandscape(db: LandscapeDatabase): LandscapeSummary {
  const interior = db.minima.filter((m) => !m.onBound);
  const barriers = db.transitionStates.flatMap((t) =>
    t.minima.map((i) => t.energy - db.minima[i].energy)
  );
  const curv = interior.filter((m) => m.modes > 0 && Number.isFinite(m.logProductHessian)).map((
    m,
  ) => m.logProductHessian / m.modes);
  const msb = monotonicSequenceBasins(db);
  const sizes = new Map<number, number>();
  for (const m of interior) sizes.set(msb.basinOf[m.id], (sizes.get(msb.basinOf[m.id]) ?? 0) + 1);
  const comp = components(db);
  return {
    minima: db.minima.length,
    interiorMinima: interior.length,
    onBoundMinima: db.minima.length - interior.length,
    transitionStates: db.transitionStates.length,
    globalMinimumEnergy: db.globalMinimum()?.energy ?? NaN,
    energySpread: interior.length
      ? Math.max(...interior.map((m) => m.energy)) - Math.min(...interior.map((m) => m.energy))
      : NaN,
    barriers: { ...stats(barriers), count: barriers.length },
    curvature: stats(curv),
    funnels: {
      basins: sizes.size,
      largestShare: interior.length ? Math.max(...sizes.values()) / interior.length : NaN,
    },
    components: new Set(interior.map((m) => comp[m.id])).size,
  };
}

/** How much of a database is joined to its global minimum. */
export interface Connectivity {
  /** Interior minima (not on a bound of the box). */
  minima: number;
  /** Of those, how many share the global minimum's component. */
  connected: number;
  /** connected / minima (1 for an empty database). */
  fraction: number;
  /** Every interior minimum outside it, lowest first, with its failed connection attempts. */
  unconnected: { id: number; energy: number; failed: { with: number; reason: string }[] }[];
}

/**
 * The connected fraction of a database (the field draws graphs of connected databases) and the
 * failed attempts of every minimum that is not joined to the global minimum.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { connectivity } from "./analysis.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(1);
 * [0, 1, 2].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
 * db.addTransitionState({
 *   energy: 3,
 *   x: Float64Array.of(0.5),
 *   minima: [0, 1],
 *   eigenvalue: -1,
 *   logProductHessian: 0,
 *   index: 1,
 *   provenance: "",
 * });
 * db.addFailedConnection(0, 2, "DNEB found no maximum");
 * const c = connectivity(db);
 * assert.deepEqual([c.connected, c.minima], [2, 3]);
 * assert.deepEqual(c.unconnected, [{ id: 2, energy: 2, failed: [{ with: 0, reason: "DNEB found no maximum" }] }]);
 * ```
 */
export function connectivity(db: LandscapeDatabase): Connectivity {
  const interior = db.minima.filter((m) => !m.onBound);
  const gm = interior.reduce<typeof interior[number] | undefined>(
    (a, m) => (a === undefined || m.energy < a.energy ? m : a),
    undefined,
  );
  if (!gm) return { minima: 0, connected: 0, fraction: 1, unconnected: [] };
  const comp = components(db);
  const out = interior.filter((m) => comp[m.id] !== comp[gm.id]).sort((a, b) =>
    a.energy - b.energy
  );
  return {
    minima: interior.length,
    connected: interior.length - out.length,
    fraction: (interior.length - out.length) / interior.length,
    unconnected: out.map((m) => ({
      id: m.id,
      energy: m.energy,
      failed: db.failedConnections.filter((f) => f.minima.includes(m.id)).map((f) => ({
        with: f.minima[0] === m.id ? f.minima[1] : f.minima[0],
        reason: f.reason,
      })),
    })),
  };
}

/** Lowest-barrier (minimax) paths from every minimum to one root minimum. */
export interface MinimaxPaths {
  /** The root minimum (usually the global minimum). */
  root: number;
  /** Next minimum on each minimum's path towards the root (−1: the root itself, or not connected). */
  next: Int32Array;
  /** Transition state (index into `db.transitionStates`) crossed to reach `next` (−1: none). */
  via: Int32Array;
  /** Highest transition-state energy on the whole path to the root (NaN: not connected; −∞: the root). */
  highest: Float64Array;
}

/**
 * Minimax paths to `root`: the path whose highest transition state is lowest, the path a
 * disconnectivity graph's joins describe (the two minima join at that level). Built by Prim's
 * algorithm from the root over the transition-state network, so the paths are those of the
 * minimum spanning tree in transition-state energy (ties broken by the lower index). Returns the
 * tree as next-hop pointers; {@link minimaxPath} reads one path off it.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { minimaxPath, minimaxPaths } from "./analysis.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(1);
 * [-3, 0, -1].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
 * const ts = (energy: number, minima: [number, number]) =>
 *   db.addTransitionState({ energy, x: Float64Array.of(0), minima, eigenvalue: -1, logProductHessian: 0, index: 1, provenance: "" });
 * ts(5, [0, 1]); // direct but high
 * ts(2, [1, 2]);
 * ts(1, [2, 0]); // 1 → 2 → 0 never climbs above 2
 * const p = minimaxPaths(db, 0);
 * assert.deepEqual(minimaxPath(p, 1), [1, 2, 0]);
 * assert.equal(p.highest[1], 2);
 * ```
 */
export function minimaxPaths(db: LandscapeDatabase, root: number): MinimaxPaths {
  const N = db.minima.length;
  const adj: { to: number; ts: number }[][] = db.minima.map(() => []);
  db.transitionStates.forEach((t, k) => {
    const [a, b] = t.minima;
    if (a === b) return;
    adj[a].push({ to: b, ts: k });
    adj[b].push({ to: a, ts: k });
  });
  const next = new Int32Array(N).fill(-1), via = new Int32Array(N).fill(-1);
  const highest = new Float64Array(N).fill(NaN);
  const key = new Float64Array(N).fill(Infinity); // energy of the tree edge that would add i
  const done = new Uint8Array(N);
  if (root < 0 || root >= N) return { root, next, via, highest };
  key[root] = -Infinity;
  highest[root] = -Infinity;
  // O(N² + T): the graphs drawn are at most a few thousand minima.
  for (;;) {
    let u = -1;
    for (let i = 0; i < N; i++) {
      if (!done[i] && key[i] < Infinity && (u < 0 || key[i] < key[u])) u = i;
    }
    if (u < 0) break;
    done[u] = 1;
    if (u !== root) highest[u] = Math.max(highest[next[u]], db.transitionStates[via[u]].energy);
    for (const { to, ts } of adj[u]) {
      const e = db.transitionStates[ts].energy;
      if (!done[to] && e < key[to]) {
        key[to] = e;
        next[to] = u;
        via[to] = ts;
      }
    }
  }
  return { root, next, via, highest };
}

/** The minimum ids along the minimax path from `from` to the root ([] when not connected). */
export function minimaxPath(paths: MinimaxPaths, from: number): number[] {
  if (from === paths.root) return [from];
  if (paths.next[from] < 0) return [];
  const out = [from];
  for (let v = from; v !== paths.root;) out.push(v = paths.next[v]);
  return out;
}
