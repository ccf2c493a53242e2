/**
 * Disconnectivity graphs (O. M. Becker & M. Karplus, J. Chem. Phys. 106, 1495, 1997; the
 * disconnectionDPS conventions): at energy levels E_k, every transition state above E_k is deleted
 * and the minima below E_k are grouped into connected components; each component hangs from the one
 * containing it a level up, and each minimum's branch ends at its energy.
 * @module
 */
import type { LandscapeDatabase } from "./database.ts";
import { components } from "./connect.ts";
import { minimaxPaths } from "./analysis.ts";

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
  /** Draw only the N lowest of those minima (for graphs of thousands) [all]. */
  lowest?: number;
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
  if (options.lowest !== undefined && ids.length > options.lowest) {
    ids = [...ids].sort((a, b) => db.minima[a].energy - db.minima[b].energy)
      .slice(0, Math.max(1, options.lowest));
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
  // Layout (a dendrogram, as disconnectionDPS and pele draw them): every minimum is a vertical line
  // from its energy up to the level where it joins others; components merge with a horizontal bar
  // at that level, and the merged branch continues upwards from the bar's middle. Leaves are placed
  // by an in-order walk, so no lines cross; siblings are ordered with the lowest in the middle.
  const lowest = (n: DgNode) => Math.min(...n.minima.map((i) => db.minima[i].energy));
  const leaves: DisconnectivityGraph["leaves"] = [];
  const segments: DisconnectivityGraph["segments"] = [];
  let next = 0;
  const order = <T>(items: T[], low: (t: T) => number): T[] => {
    const sorted = [...items].sort((a, b) => low(a) - low(b));
    const out: T[] = [];
    sorted.forEach((n, i) => (i % 2 === 0 ? out.push(n) : out.unshift(n)));
    return out;
  };
  /** A branch below `node`: its x, and the energy its vertical line starts from. */
  type Branch = { x: number; bottom: number };
  const place = (node: DgNode): Branch => {
    // Below this level the node splits into its children, and its minima that are not in any
    // child end on their own branches (they lie between this level and the next).
    const inKids = new Set(node.children.flatMap((c) => c.minima));
    const ending = node.minima.filter((m) => !inKids.has(m));
    type Part = { kind: "node"; node: DgNode } | { kind: "minimum"; id: number };
    const parts: Part[] = [
      ...node.children.map((c) => ({ kind: "node" as const, node: c })),
      ...ending.map((id) => ({ kind: "minimum" as const, id })),
    ];
    const low = (p: Part) => (p.kind === "node" ? lowest(p.node) : db.minima[p.id].energy);
    const branches = order(parts, low).map((p): Branch => {
      if (p.kind === "minimum") {
        const x = next++;
        leaves.push({ minimum: p.id, x, energy: db.minima[p.id].energy });
        return { x, bottom: db.minima[p.id].energy };
      }
      const b = place(p.node);
      // The child's vertical line: from where it starts up to this node's level.
      return b;
    });
    for (const b of branches) segments.push({ x1: b.x, y1: b.bottom, x2: b.x, y2: node.energy });
    if (branches.length === 1) {
      // No split at this level: the single branch simply continues upwards.
      segments.pop();
      return branches[0];
    }
    const xs = branches.map((b) => b.x);
    segments.push({ x1: Math.min(...xs), y1: node.energy, x2: Math.max(...xs), y2: node.energy });
    node.x = (Math.min(...xs) + Math.max(...xs)) / 2;
    return { x: node.x, bottom: node.energy };
  };
  const orderedRoots = order(roots, lowest);
  const top = levels.length ? levels[0] + (levels.length > 1 ? levels[0] - levels[1] : 0) / 2 : 0;
  for (const r of orderedRoots) {
    const b = place(r);
    r.x = b.x;
    // The root's branch reaches a little above the top level, so a single root is visible.
    segments.push({ x1: b.x, y1: b.bottom, x2: b.x, y2: top });
  }
  return { levels, roots: orderedRoots, segments: mergeVertical(segments), leaves };
}

/** Joins vertical segments on the same x that meet end to end (chains of single children). */
function mergeVertical(
  segs: DisconnectivityGraph["segments"],
): DisconnectivityGraph["segments"] {
  const vertical = segs.filter((s) => s.x1 === s.x2).map((s) => ({
    x: s.x1,
    lo: Math.min(s.y1, s.y2),
    hi: Math.max(s.y1, s.y2),
  }));
  const other = segs.filter((s) => s.x1 !== s.x2);
  vertical.sort((a, b) => a.x - b.x || a.lo - b.lo);
  const merged: { x: number; lo: number; hi: number }[] = [];
  for (const v of vertical) {
    const last = merged[merged.length - 1];
    if (last && last.x === v.x && v.lo <= last.hi) last.hi = Math.max(last.hi, v.hi);
    else merged.push({ ...v });
  }
  return [
    ...merged.filter((v) => v.hi > v.lo).map((v) => ({ x1: v.x, y1: v.lo, x2: v.x, y2: v.hi })),
    ...other,
  ];
}

/**
 * A top level that zooms a disconnectivity graph onto the bulk of its minima, or undefined when
 * the whole graph is already legible: the lowest `fraction` [0.9] of the minima connected to the
 * global minimum, and the highest transition state on their lowest-barrier paths to it, set the
 * range H − E_min they need. When the full graph's highest transition state lies more than
 * `factor` [3] times that range above the global minimum, the top level is H plus 5% of the range:
 * a few high minima joined through a high saddle otherwise squeeze the other branches into the
 * bottom of the graph (an appAUC landscape: 2 of 44 minima at −0.45 put the other 42 in the bottom
 * fifth of the axis). Pass it as `firstLevel`; minima above it are not drawn, and branches that
 * join above it stand apart.
 */
export function zoomedFirstLevel(
  db: LandscapeDatabase,
  options: { fraction?: number; factor?: number } = {},
): number | undefined {
  const gm = db.globalMinimum();
  if (!gm) return undefined;
  const paths = minimaxPaths(db, gm.id);
  const joined = db.minima.filter((m) => !m.onBound && Number.isFinite(paths.highest[m.id]))
    .sort((a, b) => a.energy - b.energy);
  if (joined.length < 4) return undefined;
  const k = Math.max(1, Math.ceil((options.fraction ?? 0.9) * joined.length));
  let top = gm.energy;
  for (const m of joined.slice(0, k)) {
    top = Math.max(top, m.id === gm.id ? gm.energy : paths.highest[m.id], m.energy);
  }
  const range = top - gm.energy;
  const tsMax = Math.max(
    ...db.transitionStates.filter((t) => Number.isFinite(paths.highest[t.minima[0]])).map((t) =>
      t.energy
    ),
  );
  if (!(range > 0) || !(tsMax - gm.energy > (options.factor ?? 3) * range)) return undefined;
  return top + 0.05 * range;
}
