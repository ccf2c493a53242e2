/**
 * Kinetics on a transition network: harmonic transition-state-theory rate constants with
 * PATHSAMPLE's conventions, then rates between sets of minima A and B, mean first-passage times
 * and committor probabilities by graph transformation (D. J. Wales, J. Chem. Phys. 130, 204111
 * (2009); the numerically careful form of Stevenson & Wales, J. Chem. Phys. 141, 041104 (2014):
 * 1 − P_xx is always summed from the other branching probabilities, never subtracted).
 *
 * Conventions (k_B = 1, energies and temperature in the same units):
 * - from minimum i through a transition state †: k = (o_i/o†)·exp((F_i − F†)/2)/(2π)·exp(−(E† − E_i)/T),
 *   F = ln of the product of the positive Hessian eigenvalues, o = point-group order; parallel
 *   transition states between the same pair add;
 * - equilibrium occupation p_i ∝ exp(−E_i/T − F_i/2)/o_i;
 * - branching probabilities P_{j←i} = k_{j←i}/Σ_j k_{j←i}, waiting times τ_i = 1/Σ_j k_{j←i}.
 * @module
 */
import { UserError } from "../util/errors.ts";

/** A transition network as PATHSAMPLE's min.data and ts.data hold it (minima 0-based here). */
export interface KineticNetwork {
  /** Energy of each minimum. */
  energies: number[];
  /** ln Π λ of each minimum (positive Hessian eigenvalues). */
  logProducts: number[];
  /** Point-group order of each minimum [1]. */
  orders?: number[];
  /** Transition states: energy, ln Π λ (positive eigenvalues), order, the two minima (0-based). */
  transitionStates: { energy: number; logProduct: number; order?: number; a: number; b: number }[];
}

/** Rates between two sets, one direction. */
export interface DirectedRates {
  /** Steady-state rate (intermediates in steady state, the initial set in local equilibrium). */
  kSS: number;
  /** Non-steady-state rate from the committors (reactive flux out of the initial set). */
  kNSS: number;
  /** NGT rate: the occupation-weighted mean of 1/MFPT from each minimum of the initial set. */
  kNGT: number;
  /** Mean first-passage time from the initial set (local equilibrium in it) to the final set. */
  mfpt: number;
}

/** Results of {@link computeRates}. */
export interface RatesResult {
  /** Temperature. */
  temperature: number;
  /** A ← B (from B to A). */
  AfromB: DirectedRates;
  /** B ← A (from A to B). */
  BfromA: DirectedRates;
  /** Probability of reaching A before B, per minimum (NaN for minima dropped as disconnected). */
  committors: number[];
  /** Equilibrium occupation probabilities of the kept minima (0 for dropped ones). */
  occupation: number[];
  /** Minima dropped because no path joins them to A ∪ B. */
  dropped: number[];
}

/** Sparse branching graph: for each node, its outgoing probabilities (self-loop included). */
interface Graph {
  tau: Float64Array;
  out: Map<number, number>[];
  /** Incoming neighbours (for updates), self excluded. */
  inc: Set<number>[];
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Checks a network and its sets; bad input is a one-line {@link UserError}. */
export function validateRates(net: KineticNetwork, A: number[], B: number[], T: number): void {
  const N = net.energies.length;
  if (!(T > 0 && Number.isFinite(T))) throw new UserError(`temperature must be > 0, got ${T}`);
  if (net.logProducts.length !== N) {
    throw new UserError(`${N} minima but ${net.logProducts.length} log-products`);
  }
  if (!A.length) throw new UserError("set A is empty");
  if (!B.length) throw new UserError("set B is empty");
  for (const [name, S] of [["A", A], ["B", B]] as const) {
    for (const i of S) {
      if (!Number.isInteger(i) || i < 0 || i >= N) {
        throw new UserError(`set ${name} names minimum ${i + 1}, but there are ${N} minima`);
      }
    }
  }
  const inA = new Set(A);
  const both = B.find((i) => inA.has(i));
  if (both !== undefined) throw new UserError(`minimum ${both + 1} is in both A and B`);
  net.transitionStates.forEach((t, k) => {
    for (const m of [t.a, t.b]) {
      if (!Number.isInteger(m) || m < 0 || m >= N) {
        throw new UserError(
          `transition state ${k + 1} connects minimum ${m + 1}, but there are ${N} minima`,
        );
      }
    }
  });
  for (const [k, v] of net.energies.entries()) {
    if (!Number.isFinite(v) || !Number.isFinite(net.logProducts[k])) {
      throw new UserError(`minimum ${k + 1}: energy or log-product is not finite`);
    }
  }
}

/**
 * ln k_{j←i} for every connected ordered pair (parallel transition states summed), and ln of the
 * unnormalised equilibrium occupations.
 */
export function logRateConstants(
  net: KineticNetwork,
  T: number,
): { logRates: Map<number, number>[]; logOccupation: Float64Array } {
  const N = net.energies.length;
  const o = (k: number) => net.orders?.[k] ?? 1;
  const logRates = Array.from({ length: N }, () => new Map<number, number>());
  const lnTwoPi = Math.log(2 * Math.PI);
  for (const t of net.transitionStates) {
    if (t.a === t.b) continue; // a saddle between copies of one minimum carries no kinetics
    const ot = t.order ?? 1;
    for (const [i, j] of [[t.a, t.b], [t.b, t.a]]) {
      const lk = Math.log(o(i) / ot) + (net.logProducts[i] - t.logProduct) / 2 - lnTwoPi -
        (t.energy - net.energies[i]) / T;
      logRates[i].set(j, logSumExp(logRates[i].get(j) ?? -Infinity, lk));
    }
  }
  const logOccupation = Float64Array.from(
    net.energies,
    (e, k) => -e / T - net.logProducts[k] / 2 - Math.log(o(k)),
  );
  return { logRates, logOccupation };
}

/** Minima reachable from `seeds` through transition states. */
function reachable(logRates: Map<number, number>[], seeds: number[]): Set<number> {
  const seen = new Set(seeds);
  const stack = [...seeds];
  while (stack.length) {
    const i = stack.pop()!;
    for (const j of logRates[i].keys()) {
      if (!seen.has(j)) {
        seen.add(j);
        stack.push(j);
      }
    }
  }
  return seen;
}

/** The branching graph of the kept nodes. */
function branchingGraph(logRates: Map<number, number>[], keep: Set<number>): Graph {
  const N = logRates.length;
  const tau = new Float64Array(N);
  const out = Array.from({ length: N }, () => new Map<number, number>());
  const inc = Array.from({ length: N }, () => new Set<number>());
  for (const i of keep) {
    let lse = -Infinity;
    for (const lk of logRates[i].values()) lse = logSumExp(lse, lk);
    tau[i] = Math.exp(-lse);
    for (const [j, lk] of logRates[i]) {
      out[i].set(j, Math.exp(lk - lse));
      inc[j].add(i);
    }
  }
  return { tau, out, inc };
}

function cloneGraph(g: Graph, nodes: Iterable<number>): Graph {
  const N = g.tau.length;
  const out = Array.from({ length: N }, () => new Map<number, number>());
  const inc = Array.from({ length: N }, () => new Set<number>());
  for (const i of nodes) {
    out[i] = new Map(g.out[i]);
    inc[i] = new Set(g.inc[i]);
  }
  return { tau: Float64Array.from(g.tau), out, inc };
}

/**
 * Removes node x (Wales 2009, eqs 3–4): for every predecessor β and successor γ,
 * P_{γ←β} += P_{x←β}·P_{γ←x}/(1 − P_{x←x}) and τ_β += P_{x←β}·τ_x/(1 − P_{x←x}), with
 * 1 − P_{x←x} = Σ_{γ≠x} P_{γ←x}. Returns x's outgoing row (normalised without its self-loop), which
 * back-substitution uses for committors.
 */
function removeNode(g: Graph, x: number): Map<number, number> {
  const row = g.out[x];
  let escape = 0;
  for (const [j, p] of row) if (j !== x) escape += p;
  const succ = new Map<number, number>();
  for (const [j, p] of row) if (j !== x) succ.set(j, p / escape);
  const tauX = g.tau[x] / escape;
  for (const b of g.inc[x]) {
    if (b === x) continue;
    const pbx = g.out[b].get(x);
    if (pbx === undefined) continue;
    g.out[b].delete(x);
    g.tau[b] += pbx * tauX;
    for (const [j, q] of succ) {
      const add = pbx * q;
      g.out[b].set(j, (g.out[b].get(j) ?? 0) + add);
      if (j !== b) g.inc[j].add(b);
    }
  }
  for (const j of succ.keys()) g.inc[j].delete(x);
  g.out[x] = new Map();
  g.inc[x] = new Set();
  return succ;
}

/** Removes `nodes` in order of fewest neighbours first (recomputed as the graph fills in). */
function removeAll(
  g: Graph,
  nodes: Set<number>,
  record?: { x: number; succ: Map<number, number> }[],
): void {
  const left = new Set(nodes);
  while (left.size) {
    let best = -1, deg = Infinity;
    for (const x of left) {
      const d = g.out[x].size + g.inc[x].size;
      if (d < deg) {
        deg = d;
        best = x;
      }
    }
    left.delete(best);
    const succ = removeNode(g, best);
    record?.push({ x: best, succ });
  }
}

/** Sum of P_{j←i} over j in S (after the graph transformation). */
function probInto(g: Graph, i: number, S: Set<number>): number {
  let s = 0;
  for (const [j, p] of g.out[i]) if (S.has(j) && j !== i) s += p;
  return s;
}

function directed(
  reduced: Graph,
  original: Graph,
  from: number[],
  to: Set<number>,
  occ: Float64Array,
  committorTo: Float64Array,
): DirectedRates {
  const pFrom = from.reduce((s, b) => s + occ[b], 0);
  const fromSet = new Set(from);
  let kSS = 0, kNSS = 0, kNGT = 0, mfpt = 0;
  for (const b of from) {
    const w = occ[b] / pFrom;
    // kSS: after removing the intermediates only.
    kSS += w * probInto(reduced, b, to) / reduced.tau[b];
    // kNSS: flux out of b into every non-initial minimum, weighted by its committor.
    let flux = 0;
    for (const [j, p] of original.out[b]) if (!fromSet.has(j)) flux += p * committorTo[j];
    kNSS += w * flux / original.tau[b];
    // NGT: also remove the other members of the initial set; then T_b = τ_b / P_{to←b}.
    const others = new Set(from.filter((x) => x !== b));
    const g = cloneGraph(reduced, [...fromSet, ...to]);
    removeAll(g, others);
    const T = g.tau[b] / probInto(g, b, to);
    kNGT += w / T;
    mfpt += w * T;
  }
  return { kSS, kNSS, kNGT, mfpt };
}

/**
 * Rates between A and B in both directions, mean first-passage times and committors. Minima with
 * no path to A ∪ B are dropped (listed in `dropped`); A and B must be joined.
 *
 * @example
 * ```ts
 * import { computeRates } from "./kinetics.ts";
 * import assert from "node:assert/strict";
 * // Two minima and one saddle: every rate is the single TST rate constant.
 * const net = {
 *   energies: [0, 1],
 *   logProducts: [0, 0],
 *   transitionStates: [{ energy: 3, logProduct: 0, a: 0, b: 1 }],
 * };
 * const r = computeRates(net, [0], [1], 1);
 * const kFrom1 = Math.exp(-2) / (2 * Math.PI); // 1 → 0 over a barrier of 2
 * assert.ok(Math.abs(r.AfromB.kNGT / kFrom1 - 1) < 1e-14);
 * assert.ok(Math.abs(r.AfromB.mfpt * kFrom1 - 1) < 1e-14);
 * assert.deepEqual(r.committors, [1, 0]);
 * ```
 */
export function computeRates(
  net: KineticNetwork,
  A: number[],
  B: number[],
  temperature: number,
): RatesResult {
  validateRates(net, A, B, temperature);
  const N = net.energies.length;
  const { logRates, logOccupation } = logRateConstants(net, temperature);
  const fromA = reachable(logRates, A);
  if (!B.some((b) => fromA.has(b))) {
    throw new UserError("no path of transition states joins A and B");
  }
  const keep = reachable(logRates, [...A, ...B]);
  const dropped = Array.from({ length: N }, (_, i) => i).filter((i) => !keep.has(i));
  let lz = -Infinity;
  for (const i of keep) lz = logSumExp(lz, logOccupation[i]);
  const occ = new Float64Array(N);
  for (const i of keep) occ[i] = Math.exp(logOccupation[i] - lz);
  const original = branchingGraph(logRates, keep);
  const setA = new Set(A), setB = new Set(B);
  const intermediates = new Set([...keep].filter((i) => !setA.has(i) && !setB.has(i)));
  const reduced = cloneGraph(original, keep);
  const record: { x: number; succ: Map<number, number> }[] = [];
  removeAll(reduced, intermediates, record);
  // Committors by back-substitution over the removal order: C_x = Σ_j P'_{j←x} C_j, a convex
  // combination of nodes removed later (or of A ∪ B), so no cancellation.
  const cA = new Float64Array(N).fill(NaN);
  for (const a of A) cA[a] = 1;
  for (const b of B) cA[b] = 0;
  for (let k = record.length - 1; k >= 0; k--) {
    const { x, succ } = record[k];
    let c = 0;
    for (const [j, p] of succ) c += p * cA[j];
    cA[x] = c;
  }
  const cB = Float64Array.from(cA, (c) => (Number.isNaN(c) ? NaN : 1 - c));
  // 1 − C is exact for A ∪ B; for intermediates recompute B-committors the same way, avoiding the
  // cancellation of 1 − C when C is close to 1.
  for (let k = record.length - 1; k >= 0; k--) {
    const { x, succ } = record[k];
    let c = 0;
    for (const [j, p] of succ) c += p * cB[j];
    cB[x] = c;
  }
  return {
    temperature,
    AfromB: directed(reduced, original, B, setA, occ, cA),
    BfromA: directed(reduced, original, A, setB, occ, cB),
    committors: Array.from(cA),
    occupation: Array.from(occ),
    dropped,
  };
}
