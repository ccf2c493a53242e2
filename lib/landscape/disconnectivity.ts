/**
 * Disconnectivity graphs (O. M. Becker & M. Karplus, J. Chem. Phys. 106, 1495, 1997; the
 * disconnectionDPS conventions): at energy levels E_k, every transition state above E_k is deleted
 * and the minima below E_k are grouped into connected components; each component hangs from the one
 * containing it a level up, and each minimum's branch ends at its energy.
 * @module
 */
import type { LandscapeDatabase } from "./database.ts";
import { components } from "./connect.ts";

/** Options of {@link disconnectivityGraph}; defaults in brackets (disconnectionDPS keywords). */
export interface DisconnectivityOptions {
  /** Number of levels [20] (`LEVELS`). */
  levels?: number;
  /** Energy of the top level [just above the highest transition state used] (`FIRST`). */
  firstLevel?: number;
  /** Spacing of levels [(first − lowest minimum)/levels] (`DELTA`). */
  delta?: number;
  /** Which minima: those connected to the global minimum, or every connected component ["connected"]. */
  minima?: "connected" | "all";
  /** Leave out minima on a bound of the search box [true]. */
  excludeOnBound?: boolean;
}

/** A node: a set of minima joined below `energy`. */
export interface DgNode {
  /** Index of the energy level. */
  level: number;
  /** Energy of the level. */
  energy: number;
  /** Minima in this component. */
  minima: number[];
  /** Components one level down. */
  children: DgNode[];
  /** Horizontal position (layout units: leaves are 0, 1, 2, …). */
  x: number;
}

/** A drawable disconnectivity graph. */
export interface DisconnectivityGraph {
  /** Energy levels, descending. */
  levels: number[];
  /** Components at the top level. */
  roots: DgNode[];
  /** Line segments to draw (energy on y). */
  segments: { x1: number; y1: number; x2: number; y2: number }[];
  /** One entry per minimum shown: its x and energy (the bottom of its branch). */
  leaves: { minimum: number; x: number; energy: number }[];
}

/**
 * Builds the tree and its layout (Becker & Karplus 1997): at each energy level, transition states
 * above it are removed and the minima fall into connected components.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { disconnectivityGraph } from "./disconnectivity.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(1);
 * [-2, -1].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
 * db.addTransitionState({
 *   energy: 1,
 *   x: Float64Array.of(0.5),
 *   minima: [0, 1],
 *   eigenvalue: -1,
 *   logProductHessian: 0,
 *   index: 1,
 *   provenance: "",
 * });
 * const g = disconnectivityGraph(db, { levels: 4 });
 * assert.deepEqual(g.leaves.map((l) => l.minimum).sort(), [0, 1]);
 * assert.equal(g.roots.length, 1); // one component above the barrier
 * ```
 */
export function disconnectivityGraph(
  db: LandscapeDatabase,
  options: DisconnectivityOptions = {},
): DisconnectivityGraph {
  const excl = options.excludeOnBound ?? true;
  const comp = components(db);
  let ids = db.minima.filter((m) => !(excl && m.onBound)).map((m) => m.id);
  // The reference is the lowest minimum among those shown (not an interior-only global minimum).
  const gm = ids.length
    ? ids.reduce((a, b) => (db.minima[b].energy < db.minima[a].energy ? b : a))
    : -1;
  if ((options.minima ?? "connected") === "connected" && gm >= 0) {
    ids = ids.filter((i) => comp[i] === comp[gm]);
  }
  const idSet = new Set(ids);
  const tss = db.transitionStates.filter((t) => idSet.has(t.minima[0]) && idSet.has(t.minima[1]));
  if (ids.length === 0) return { levels: [], roots: [], segments: [], leaves: [] };
  const eMin = Math.min(...ids.map((i) => db.minima[i].energy));
  const tsMax = tss.length
    ? Math.max(...tss.map((t) => t.energy))
    : Math.max(...ids.map((i) => db.minima[i].energy));
  const L = options.levels ?? 20;
  const span = Math.max(tsMax - eMin, 1e-12);
  const delta = options.delta ?? span * 1.02 / L;
  const first = options.firstLevel ?? eMin + delta * L;
  const levels = Array.from({ length: L }, (_, k) => first - k * delta).filter((e) => e > eMin);
  // Components at each level: minima below E_k joined by transition states below E_k.
  const nodesByLevel: DgNode[][] = levels.map((E, k) => {
    const parent = new Map<number, number>();
    const find = (i: number): number => {
      let r = i;
      while (parent.get(r) !== r) r = parent.get(r)!;
      return r;
    };
    const members = ids.filter((i) => db.minima[i].energy < E);
    for (const i of members) parent.set(i, i);
    for (const t of tss) {
      if (t.energy >= E || !parent.has(t.minima[0]) || !parent.has(t.minima[1])) continue;
      const a = find(t.minima[0]), b = find(t.minima[1]);
      if (a !== b) parent.set(a, b);
    }
    const groups = new Map<number, number[]>();
    for (const i of members) {
      const r = find(i);
      if (!groups.has(r)) groups.set(r, []);
      groups.get(r)!.push(i);
    }
    return [...groups.values()].map((m) => ({
      level: k,
      energy: E,
      minima: m,
      children: [],
      x: 0,
    }));
  });
  for (let k = 1; k < levels.length; k++) {
    for (const node of nodesByLevel[k]) {
      const parent = nodesByLevel[k - 1].find((p) => p.minima.includes(node.minima[0]));
      parent?.children.push(node);
    }
  }
  const roots = nodesByLevel[0] ?? [];
  // Layout: the child holding the global minimum in the middle, the others alternately around it.
  const lowest = (n: DgNode) => Math.min(...n.minima.map((i) => db.minima[i].energy));
  const leaves: DisconnectivityGraph["leaves"] = [];
  const segments: DisconnectivityGraph["segments"] = [];
  let next = 0;
  const order = (nodes: DgNode[]): DgNode[] => {
    const sorted = [...nodes].sort((a, b) => lowest(a) - lowest(b));
    const out: DgNode[] = [];
    sorted.forEach((n, i) => (i % 2 === 0 ? out.push(n) : out.unshift(n)));
    return out;
  };
  const place = (node: DgNode): void => {
    if (node.children.length === 0) {
      // A branch that splits no further: each of its minima ends at its own energy.
      const ms = [...node.minima].sort((a, b) => db.minima[a].energy - db.minima[b].energy);
      const xs = ms.map(() => next++);
      node.x = xs.reduce((s, v) => s + v, 0) / xs.length;
      ms.forEach((m, j) => {
        leaves.push({ minimum: m, x: xs[j], energy: db.minima[m].energy });
        segments.push({ x1: node.x, y1: node.energy, x2: xs[j], y2: db.minima[m].energy });
      });
      return;
    }
    // Minima of this node that drop out below the next level end on their own branch.
    const inKids = new Set(node.children.flatMap((c) => c.minima));
    const ending = node.minima.filter((m) => !inKids.has(m));
    const kids = order(node.children);
    const endNodes: DgNode[] = ending.map((m) => ({
      level: node.level + 1,
      energy: db.minima[m].energy,
      minima: [m],
      children: [],
      x: 0,
    }));
    const all = order([...kids, ...endNodes]);
    for (const c of all) {
      if (c.children.length === 0 && c.minima.length === 1 && !kids.includes(c)) {
        c.x = next++;
        leaves.push({ minimum: c.minima[0], x: c.x, energy: c.energy });
      } else place(c);
    }
    node.x = all.reduce((s, c) => s + c.x, 0) / all.length;
    for (const c of all) {
      const y2 = kids.includes(c) ? c.energy : db.minima[c.minima[0]].energy;
      segments.push({ x1: node.x, y1: node.energy, x2: c.x, y2 });
    }
  };
  const orderedRoots = order(roots);
  for (const r of orderedRoots) place(r);
  return { levels, roots: orderedRoots, segments, leaves };
}
