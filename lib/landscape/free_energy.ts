/**
 * Free-energy regrouping of a transition network (REGROUPFREE in PATHSAMPLE; S. A. Carr &
 * D. J. Wales, J. Phys. Chem. B 112, 8760 (2008); D. J. Wales, Energy Landscapes, §8): at
 * temperature T, minima joined by free-energy barriers below a threshold are lumped into groups,
 * each group gets the free energy of its members together, and the transition states between two
 * groups become one free-energy transition state. A free-energy disconnectivity graph is the
 * disconnectivity graph of the regrouped network.
 *
 * Conventions (k_B = 1, PATHSAMPLE's harmonic terms, as in kinetics.ts):
 * - minimum i: G_i = E_i + T·F_i/2 + T·ln o_i (so that p_i ∝ exp(−G_i/T));
 * - transition state †: G† = E† + T·F†/2 + T·ln o† (so that k_{j←i} = exp(−(G† − G_i)/T)/(2π));
 * - group J: G_J = −T ln Σ_{i∈J} exp(−G_i/T);
 * - groups J, K: G†_JK = −T ln Σ exp(−G†/T) over the transition states joining a member of J to a
 *   member of K, so that the lumped rate in local equilibrium is k_{K←J} = exp(−(G†_JK − G_J)/T)/(2π);
 * - barrier between J and K: min(G†_JK − G_J, G†_JK − G_K), the barrier out of the higher group.
 *
 * Merging order: the pair with the lowest barrier is merged first, free energies are recomputed,
 * and this repeats until every barrier is at least the threshold (agglomerative; the result does not
 * depend on the order of the input lines). PATHSAMPLE merges in passes over its ts.data instead, so
 * on a network where merges compete the two can group differently; both satisfy "every remaining
 * barrier ≥ threshold".
 * @module
 */
import { UserError } from "../util/errors.ts";
import type { KineticNetwork } from "./kinetics.ts";

/** A group of minima. */
export interface FreeEnergyGroup {
  /** Member minima (0-based, ascending). */
  members: number[];
  /** G_J = −T ln Σ exp(−G_i/T). */
  freeEnergy: number;
  /** The member with the lowest free energy. */
  lowest: number;
}

/** A free-energy transition state between two groups. */
export interface FreeEnergyTransitionState {
  /** The two groups (indices into `groups`, smaller first). */
  groups: [number, number];
  /** G†_JK = −T ln Σ exp(−G†/T) over the transition states joining them. */
  freeEnergy: number;
  /** How many transition states were lumped. */
  count: number;
}

/** Result of {@link regroupFree}. */
export interface RegroupResult {
  /** Temperature. */
  temperature: number;
  /** Barrier threshold (energy units). */
  threshold: number;
  /** Groups, by ascending free energy. */
  groups: FreeEnergyGroup[];
  /** Group of each minimum (index into `groups`). */
  groupOf: number[];
  /** Free-energy transition states between distinct groups. */
  transitionStates: FreeEnergyTransitionState[];
  /** Free energy of each minimum, G_i. */
  minimumFreeEnergies: number[];
  /** Lowest remaining barrier between groups (Infinity with fewer than two joined groups). */
  lowestBarrier: number;
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** G_i = E_i + T·F_i/2 + T·ln o_i for each minimum. */
export function minimumFreeEnergies(net: KineticNetwork, T: number): number[] {
  return net.energies.map((e, i) =>
    e + T * net.logProducts[i] / 2 + T * Math.log(net.orders?.[i] ?? 1)
  );
}

/** G† = E† + T·F†/2 + T·ln o† for each transition state. */
export function transitionStateFreeEnergies(net: KineticNetwork, T: number): number[] {
  return net.transitionStates.map((t) =>
    t.energy + T * t.logProduct / 2 + T * Math.log(t.order ?? 1)
  );
}

/**
 * Regroups `net` at temperature `T`: groups joined by a free-energy barrier below `threshold` are
 * merged, lowest barrier first, until none is left. `threshold` 0 keeps every minimum on its own
 * (only negative barriers, where G† lies below a minimum's G, merge).
 *
 * @example
 * ```ts
 * import { regroupFree } from "./free_energy.ts";
 * import assert from "node:assert/strict";
 * // Three minima in a row; the barrier 1↔2 is 0.5 from minimum 2, the barrier 2↔3 is 3.
 * const net = {
 *   energies: [0, 0.5, 0],
 *   logProducts: [0, 0, 0],
 *   transitionStates: [
 *     { energy: 1, logProduct: 0, a: 0, b: 1 },
 *     { energy: 3.5, logProduct: 0, a: 1, b: 2 },
 *   ],
 * };
 * const r = regroupFree(net, 1, 1);
 * assert.deepEqual(r.groups.map((g) => g.members), [[0, 1], [2]]); // by ascending G
 * // G of the pair: −ln(e^0 + e^−0.5)
 * assert.ok(Math.abs(r.groups[0].freeEnergy + Math.log(1 + Math.exp(-0.5))) < 1e-15);
 * ```
 */
export function regroupFree(net: KineticNetwork, T: number, threshold: number): RegroupResult {
  if (!(T > 0 && Number.isFinite(T))) throw new UserError(`temperature must be > 0, got ${T}`);
  if (!(threshold >= 0 && Number.isFinite(threshold))) {
    throw new UserError(`free-energy threshold must be ≥ 0, got ${threshold}`);
  }
  const N = net.energies.length;
  const Gmin = minimumFreeEnergies(net, T);
  const Gts = transitionStateFreeEnergies(net, T);
  // Work in −G/T (log partition functions) so that lumping is a log-sum-exp.
  const logZ = Gmin.map((g) => -g / T);
  const members: (number[] | null)[] = Array.from({ length: N }, (_, i) => [i]);
  // Edges between current groups: key "a,b" (a < b) → log Σ exp(−G†/T) and count.
  const edges = Array.from({ length: N }, () => new Map<number, { logZ: number; count: number }>());
  net.transitionStates.forEach((t, k) => {
    if (t.a === t.b) return;
    for (const [u, v] of [[t.a, t.b], [t.b, t.a]]) {
      const e = edges[u].get(v) ?? { logZ: -Infinity, count: 0 };
      edges[u].set(v, { logZ: logSumExp(e.logZ, -Gts[k] / T), count: e.count + 1 });
    }
  });
  const barrier = (u: number, v: number, lz: number) => -T * lz + T * Math.min(logZ[u], logZ[v]);
  for (;;) {
    let best = Infinity, bu = -1, bv = -1;
    for (let u = 0; u < N; u++) {
      if (!members[u]) continue;
      for (const [v, e] of edges[u]) {
        if (v <= u) continue;
        const b = barrier(u, v, e.logZ);
        if (b < best) {
          best = b;
          bu = u;
          bv = v;
        }
      }
    }
    if (bu < 0 || !(best < threshold)) break;
    // Merge bv into bu.
    logZ[bu] = logSumExp(logZ[bu], logZ[bv]);
    members[bu] = [...members[bu]!, ...members[bv]!];
    members[bv] = null;
    edges[bu].delete(bv);
    edges[bv].delete(bu);
    for (const [w, e] of edges[bv]) {
      const have = edges[bu].get(w);
      const merged = have
        ? { logZ: logSumExp(have.logZ, e.logZ), count: have.count + e.count }
        : { ...e };
      edges[bu].set(w, merged);
      edges[w].delete(bv);
      edges[w].set(bu, { ...merged });
    }
    edges[bv] = new Map();
  }
  const live = members.map((m, u) => ({ m, u })).filter((x) => x.m !== null) as {
    m: number[];
    u: number;
  }[];
  live.sort((a, b) => logZ[b.u] - logZ[a.u] || Math.min(...a.m) - Math.min(...b.m));
  const index = new Map(live.map((x, k) => [x.u, k]));
  const groupOf = new Array<number>(N).fill(-1);
  const groups: FreeEnergyGroup[] = live.map((x, k) => {
    const m = [...x.m].sort((a, b) => a - b);
    for (const i of m) groupOf[i] = k;
    return {
      members: m,
      freeEnergy: -T * logZ[x.u],
      lowest: m.reduce((a, b) => (Gmin[b] < Gmin[a] ? b : a)),
    };
  });
  const transitionStates: FreeEnergyTransitionState[] = [];
  let lowestBarrier = Infinity;
  for (const x of live) {
    for (const [v, e] of edges[x.u]) {
      const a = index.get(x.u)!, b = index.get(v)!;
      if (a >= b) continue;
      transitionStates.push({ groups: [a, b], freeEnergy: -T * e.logZ, count: e.count });
      lowestBarrier = Math.min(lowestBarrier, barrier(x.u, v, e.logZ));
    }
  }
  transitionStates.sort((p, q) => p.groups[0] - q.groups[0] || p.groups[1] - q.groups[1]);
  return {
    temperature: T,
    threshold,
    groups,
    groupOf,
    transitionStates,
    minimumFreeEnergies: Gmin,
    lowestBarrier,
  };
}

/**
 * The regrouped network as a {@link KineticNetwork} of free energies (groups as minima, log-products
 * 0), for disconnectivity graphs: its disconnectivity graph is the free-energy graph.
 */
export function freeEnergyNetwork(r: RegroupResult): KineticNetwork {
  return {
    energies: r.groups.map((g) => g.freeEnergy),
    logProducts: r.groups.map(() => 0),
    transitionStates: r.transitionStates.map((t) => ({
      energy: t.freeEnergy,
      logProduct: 0,
      a: t.groups[0],
      b: t.groups[1],
    })),
  };
}
