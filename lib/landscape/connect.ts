/**
 * Connecting minima with transition states. Each attempt relaxes a DNEB between two minima, refines
 * its highest local maxima by hybrid eigenvector-following, keeps only verified saddles (index 1),
 * and pushes off each along ±its eigenvector to find the two minima it connects (adding new minima
 * to the database). Pairs are chosen either as OPTIM's NEWCONNECT does — Dijkstra over the current
 * network, where known connections cost nothing and missing ones cost the squared distance
 * (D. J. Wales et al., J. Chem. Phys. 124, 054103, 2006... the DIJKSTRA keyword) — or by enumerating
 * each minimum's closest neighbours (topsearch's ClosestEnumeration).
 * @module
 */
import type { Landscape } from "./types.ts";
import type { LandscapeDatabase } from "./database.ts";
import {
  connectPair,
  mergePairSearch,
  mergeSingleEnded,
  type PairAttempt,
  pairEnds,
  type PairSearch,
  type PairSearchOptions,
  searchFromMinimum,
  searchPair,
} from "./pair_search.ts";
import { Rng } from "../util/random.ts";
import type { LandscapePool } from "./pool.ts";
import { distance2 as dist2 } from "../linalg/vector.ts";

/**
 * Options of {@link connect}; defaults in brackets. The search settings of one attempt (`dneb`,
 * `hef`, `minimize`, `candidates`, `lower`, `upper`) are those of {@link PairSearchOptions}.
 */
export interface ConnectOptions extends PairSearchOptions {
  /**
   * "dijkstra": join `targets`; "closest": try each minimum's nearest neighbours; "grow":
   * single-ended searches from the joined minima (see `grow`) ["dijkstra"].
   */
  strategy?: "dijkstra" | "closest" | "grow";
  /**
   * "grow": each attempt climbs from a minimum of the largest component (the global minimum's,
   * unless a lower minimum found beside it is not joined yet: that one is joined by a pair search
   * first) along a random direction (`searchFromMinimum`), the least-searched minima first and the
   * lower first among those, so a saddle found from it joins a neighbour to the component. A saddle
   * whose two minima both lie outside is followed by a pair search between the start and the
   * nearer of the two. On a 730-weight network, where the saddle of a band between two
   * basin-hopping minima lies far from both and its push-offs reach neither, this is how a
   * connected landscape grows (docs/scale.md).
   * `seed` [1] seeds the directions (per minimum and per search, so results do not depend on the
   * pool); `displacement` is the first step off the minimum [0.04·√dim·max(1, RMS of x)].
   */
  grow?: { seed?: number; displacement?: number };
  /**
   * Minimum ids to join [the global minimum and the `lowest` next lowest]; "all": every stored
   * minimum (off the bounds unless `includeOnBound`), those found by this call's push-offs
   * included, re-read before each wave — connect until connected or the budget is spent.
   */
  targets?: number[] | "all";
  /** How many minima above the global one to join by default [5]. */
  lowest?: number;
  /** Neighbours per minimum for "closest" [3]. */
  neighbours?: number;
  /**
   * Also connect minima that sit on a bound of the box ["closest": false]. Saddles between an
   * interior minimum and a box artefact are genuine interior stationary points.
   */
  includeOnBound?: boolean;
  /** Connection attempts at most [50] (OPTIM `NEWCONNECT` cycles). */
  maxAttempts?: number;
  /**
   * Run the searches of each wave in these worker threads (float64, every core). Where the
   * searches run never changes the results: those depend on `wave` only.
   */
  pool?: LandscapePool;
  /**
   * Pairs chosen together from the same state of the database and merged in a fixed order [1 in
   * this thread; 4 with a pool]. 1 is the sequential algorithm; larger waves keep every worker busy.
   */
  wave?: number;
  /** Progress callback after each attempt. */
  onAttempt?: (
    info: {
      attempt: number;
      pair: [number, number];
      newTransitionStates: number;
      /** Verified transition states found by this attempt (new or already stored). */
      verified: number;
      /** Why the attempt failed, when it did. */
      reason?: string;
      minima: number;
      transitionStates: number;
    },
  ) => void;
}

/** Outcome of a {@link connect} call. */
export interface ConnectResult {
  /** Connection attempts made. */
  attempts: number;
  /** True when all targets ended in one connected component. */
  connected: boolean;
  /** Transition states added. */
  newTransitionStates: number;
  /** Minima added. */
  newMinima: number;
}

/** Union-find components of the minima under the stored transition states. */
export function components(db: LandscapeDatabase): Int32Array {
  const parent = Int32Array.from(db.minima, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const t of db.transitionStates) {
    const a = find(t.minima[0]), b = find(t.minima[1]);
    if (a !== b) parent[a] = b;
  }
  return Int32Array.from(parent, (_, i) => find(i));
}

/** Dijkstra from `src` to `dst` over all minima; returns the path of minimum ids. */
function dijkstraPath(
  db: LandscapeDatabase,
  src: number,
  dst: number,
  linked: Set<string>,
  tried: Set<string>,
): number[] {
  const N = db.minima.length;
  const dist = new Float64Array(N).fill(Infinity),
    prev = new Int32Array(N).fill(-1),
    done = new Uint8Array(N);
  dist[src] = 0;
  for (let it = 0; it < N; it++) {
    let u = -1;
    for (let i = 0; i < N; i++) if (!done[i] && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0 || dist[u] === Infinity || u === dst) break;
    done[u] = 1;
    for (let v = 0; v < N; v++) {
      if (done[v] || v === u) continue;
      const key = u < v ? `${u},${v}` : `${v},${u}`;
      const w = linked.has(key)
        ? 0
        : db.hasFailed(u, v) || tried.has(key)
        ? Infinity
        : dist2(db.minima[u].x, db.minima[v].x);
      if (dist[u] + w < dist[v]) {
        dist[v] = dist[u] + w;
        prev[v] = u;
      }
    }
  }
  const path: number[] = [];
  for (let v = dst; v >= 0; v = prev[v]) path.unshift(v);
  return path[0] === src ? path : [];
}

/** Adds transition states (and the minima they reveal) to `db`.
 *
 * @example
 * ```ts
 * import { basinHopping } from "./basinhopping.ts";
 * import { connect } from "./connect.ts";
 * import { disconnectivityGraph } from "./disconnectivity.ts";
 * import assert from "node:assert/strict";
 * const well = {
 *   dim: 1,
 *   energy: (x: Float64Array, g?: Float64Array) => {
 *     if (g) g[0] = 4 * x[0] * (x[0] * x[0] - 1);
 *     return (x[0] * x[0] - 1) ** 2; // minima at ±1 (E = 0, E″ = 8), barrier at 0 (E = 1)
 *   },
 * };
 * const db = await basinHopping(well, { steps: 20, stepSize: 1.5, seed: 1 });
 * const r = await connect(well, db);
 * assert.ok(r.connected);
 * const [ts] = db.transitionStates;
 * assert.ok(Math.abs(ts.energy - 1) < 1e-9 && Math.abs(ts.x[0]) < 1e-6 && ts.index === 1);
 * assert.equal(disconnectivityGraph(db, { levels: 5 }).leaves.length, 2);
 * ```
 */
export async function connect(
  landscape: Landscape,
  db: LandscapeDatabase,
  options: ConnectOptions = {},
): Promise<ConnectResult> {
  const maxAttempts = options.maxAttempts ?? 50;
  const startTs = db.transitionStates.length, startMin = db.minima.length;
  let attempts = 0;
  const interior = () => db.minima.filter((m) => options.includeOnBound || !m.onBound);
  const report = (pair: [number, number], k: PairAttempt) =>
    options.onAttempt?.({
      attempt: attempts,
      pair,
      newTransitionStates: k.newTransitionStates,
      verified: k.verified,
      ...(k.reason ? { reason: k.reason } : {}),
      minima: db.minima.length,
      transitionStates: db.transitionStates.length,
    });
  const wave = Math.max(1, Math.floor(options.wave ?? (options.pool ? 4 : 1)));
  /** Runs a wave of pairs and merges the findings in pair order. */
  const run = async (pairs: [number, number][]) => {
    if (wave === 1 && !options.pool) {
      for (const p of pairs) {
        attempts++;
        report(p, await connectPair(landscape, db, p[0], p[1], options));
      }
      return;
    }
    const ends = pairs.map(([a, b]) => pairEnds(landscape, db, a, b));
    const searchOptions = workerOptions();
    let found: PairSearch[];
    if (options.pool) found = await options.pool.searchPairs(ends, searchOptions);
    else {
      found = [];
      for (const [xa, xb] of ends) found.push(await searchPair(landscape, xa, xb, searchOptions));
    }
    pairs.forEach((p, i) => {
      attempts++;
      report(p, mergePairSearch(landscape, db, p[0], p[1], found[i]));
    });
  };
  /** The search settings a worker needs, with the stored saddles. */
  const workerOptions = (): PairSearchOptions => {
    return {
      candidates: options.candidates,
      dneb: options.dneb,
      hef: options.hef,
      minimize: options.minimize,
      lower: options.lower,
      upper: options.upper,
      efBelow: options.efBelow,
      finerBand: options.finerBand,
      // The workers cannot ask the database which saddles it holds: give them the list.
      known: {
        x: db.transitionStates.map((t) => t.x),
        energy: db.transitionStates.map((t) => t.energy),
        tolerance: { energy: db.tolerance.energy, distance: db.tolerance.distance },
      },
    };
  };
  if (options.strategy === "grow") {
    const searches = new Map<number, number>();
    const seed = Math.trunc(options.grow?.seed ?? 1);
    // Pairs to join next: a search from m whose saddle joins two minima outside m's component
    // (found beside m) is followed by a pair search between m and the nearer of the two.
    let repairs: [number, number][] = [];
    const tried = new Set<string>();
    while (attempts < maxAttempts) {
      const gm = db.globalMinimum();
      if (!gm) break;
      const comp = components(db);
      // Grow the largest component (the global minimum's, unless a search found a lower minimum
      // beside it that is not joined yet: then that one is joined by a pair search first).
      const size = new Map<number, number>();
      for (const m of interior()) size.set(comp[m.id], (size.get(comp[m.id]) ?? 0) + 1);
      if (!size.size) break; // every minimum on a bound of the box
      const main = (size.get(comp[gm.id]) ?? 0) >= Math.max(...size.values())
        ? comp[gm.id]
        : [...size.entries()].sort((p, q) => q[1] - p[1] || p[0] - q[0])[0][0];
      const members = interior().filter((m) => comp[m.id] === main).sort((p, q) =>
        (searches.get(p.id) ?? 0) - (searches.get(q.id) ?? 0) || p.energy - q.energy
      );
      if (comp[gm.id] !== main) {
        const near = members.map((m) => ({
          id: m.id,
          d: dist2(pairEnds(landscape, db, gm.id, m.id)[1], gm.x),
        })).sort((p, q) => p.d - q.d).find((m) => !tried.has(`${m.id},${gm.id}`));
        if (near) repairs.unshift([near.id, gm.id]);
      }
      const room = Math.min(wave, maxAttempts - attempts);
      const pairs = repairs.filter(([a, b], i) =>
        comp[a] !== comp[b] &&
        repairs.findIndex(([c, d]) => c === a && d === b) === i
      ).slice(0, room);
      repairs = [];
      const starts = Array.from(
        { length: room - pairs.length },
        (_, k) => members[k % members.length],
      );
      const common = workerOptions();
      const tasks = starts.map((m) => {
        const k = searches.get(m.id) ?? 0;
        searches.set(m.id, k + 1);
        const rng = new Rng(
          (Math.imul(seed, 0x9e3779b1) ^ Math.imul(m.id + 1, 0x85ebca6b) ^
            Math.imul(k + 1, 0xc2b2ae35)) >>> 0,
        );
        const direction = Float64Array.from({ length: landscape.dim }, () => rng.normal());
        return {
          x: m.x,
          options: { ...common, direction, displacement: options.grow?.displacement },
        };
      });
      const ends = pairs.map(([a, b]) => pairEnds(landscape, db, a, b));
      const [joins, found] = options.pool
        ? await Promise.all([
          options.pool.searchPairs(ends, common),
          options.pool.searchFrom(tasks),
        ])
        : [
          await Promise.all(ends.map(([xa, xb]) => searchPair(landscape, xa, xb, common))),
          tasks.map((t) => searchFromMinimum(landscape, t.x, t.options)),
        ];
      pairs.forEach((p, i) => {
        attempts++;
        tried.add(`${p[0]},${p[1]}`);
        report(p, mergePairSearch(landscape, db, p[0], p[1], joins[i]));
      });
      starts.forEach((m, i) => {
        attempts++;
        report([m.id, m.id], mergeSingleEnded(landscape, db, m.id, found[i]));
        const now = components(db);
        for (const c of found[i].candidates) {
          if (c.kind !== "saddle") continue;
          const t = db.findTransitionState(c.ts.x, c.ts.energy);
          if (!t || t.minima.some((id) => now[id] === now[m.id])) continue;
          const near = t.minima.map((id) => ({
            id,
            d: dist2(pairEnds(landscape, db, m.id, id)[1], m.x),
          })).sort((p, q) => p.d - q.d)[0].id;
          if (!tried.has(`${m.id},${near}`)) repairs.push([m.id, near]);
        }
      });
    }
    const comp = components(db);
    const gm = db.globalMinimum();
    return {
      attempts,
      connected: !!gm && interior().every((m) => comp[m.id] === comp[gm.id]),
      newTransitionStates: db.transitionStates.length - startTs,
      newMinima: db.minima.length - startMin,
    };
  }
  if ((options.strategy ?? "dijkstra") === "closest") {
    const k = options.neighbours ?? 3;
    const tried = new Set<string>();
    let queue: [number, number][] = [];
    for (const m of interior()) {
      const near = interior().filter((o) => o.id !== m.id).sort((p, q) =>
        dist2(p.x, m.x) - dist2(q.x, m.x)
      ).slice(0, k);
      for (const o of near) {
        if (attempts + queue.length >= maxAttempts) break;
        const key = m.id < o.id ? `${m.id},${o.id}` : `${o.id},${m.id}`;
        if (
          tried.has(key) || db.hasFailed(m.id, o.id) ||
          db.transitionStates.some((t) =>
            (t.minima[0] === m.id && t.minima[1] === o.id) ||
            (t.minima[0] === o.id && t.minima[1] === m.id)
          )
        ) continue;
        tried.add(key);
        queue.push([m.id, o.id]);
        if (queue.length >= wave) {
          await run(queue);
          queue = [];
        }
      }
    }
    if (queue.length) await run(queue);
    const comp = components(db);
    const ids = interior().map((m) => comp[m.id]);
    return {
      attempts,
      connected: new Set(ids).size <= 1,
      newTransitionStates: db.transitionStates.length - startTs,
      newMinima: db.minima.length - startMin,
    };
  }
  const gm = db.globalMinimum();
  if (!gm) return { attempts: 0, connected: false, newTransitionStates: 0, newMinima: 0 };
  const fixed = options.targets === "all" ? null : options.targets ??
    interior().sort((p, q) => p.energy - q.energy).slice(0, 1 + (options.lowest ?? 5)).map((m) =>
      m.id
    );
  // "all": the lowest unjoined minima first, so a spent budget leaves the high ones out.
  const targetsNow = () => fixed ?? interior().sort((p, q) => p.energy - q.energy).map((m) => m.id);
  const tried = new Set<string>();
  while (attempts < maxAttempts) {
    const comp = components(db);
    const pending = targetsNow().filter((t) => comp[t] !== comp[gm.id]);
    if (pending.length === 0) break;
    const linked = new Set(
      db.transitionStates.map((
        t,
      ) => (t.minima[0] < t.minima[1]
        ? `${t.minima[0]},${t.minima[1]}`
        : `${t.minima[1]},${t.minima[0]}`)
      ),
    );
    // Up to `wave` distinct missing edges: the first one on each pending target's path.
    const pairs: [number, number][] = [];
    const chosen = new Set<string>();
    for (const t of pending) {
      if (pairs.length >= Math.min(wave, maxAttempts - attempts)) break;
      const path = dijkstraPath(db, gm.id, t, linked, tried);
      for (let i = 0; i + 1 < path.length; i++) {
        const u = path[i], v = path[i + 1];
        const key = u < v ? `${u},${v}` : `${v},${u}`;
        if (linked.has(key)) continue;
        if (!chosen.has(key)) {
          chosen.add(key);
          pairs.push([u, v]);
        }
        break;
      }
    }
    if (!pairs.length) break; // every remaining route has failed
    await run(pairs);
    // The same pair gives the same band again (the search is deterministic): a pair that is
    // still not linked after its attempt is not chosen again.
    for (const [u, v] of pairs) tried.add(u < v ? `${u},${v}` : `${v},${u}`);
  }
  const comp = components(db);
  return {
    attempts,
    connected: targetsNow().every((t) => comp[t] === comp[gm.id]),
    newTransitionStates: db.transitionStates.length - startTs,
    newMinima: db.minima.length - startMin,
  };
}
