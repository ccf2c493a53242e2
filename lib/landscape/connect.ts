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
  EF_BELOW,
  mergePairSearch,
  mergeSingleEnded,
  type PairAttempt,
  pairEnds,
  type PairSearch,
  type PairSearchOptions,
  type PushOffSide,
  searchFromMinimum,
  searchPair,
  type SingleEndedOptions,
} from "./pair_search.ts";
import { Rng } from "../util/random.ts";
import { EnergyError } from "./minimize.ts";
import type { LandscapePool } from "./pool.ts";
import { distance2 as dist2 } from "../linalg/vector.ts";
import { hessian, symmetricEigen } from "./hessian.ts";

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
   * unless that one is smaller) along a random direction (`searchFromMinimum`), the least-searched
   * minima first and the lower first among those, so a saddle found from it joins a neighbour to
   * the component. A saddle whose two minima both lie outside the start's component is detached:
   * unless `keepDetached` [false], it is not stored but waits. It gets one repair from its start
   * towards its nearer minimum (`bridge`: "directed" [default], a single-ended search started at
   * the top of the straight segment, or "pair", a pair search; on digits 61-10-10 a run averaged
   * 0.8 s an attempt with directed bridges and 1.3 s with pair bridges, joining as many minima
   * per attempt), whose saddles are kept only where they reach the grown landscape; and it is
   * stored as soon as one of its minima is. Every other component (the global minimum's first,
   * then the larger, then the lower) gets `repairs` [3] repairs: directed single-ended searches
   * from its member towards the nearest (aligned) main member not tried yet, then a pair search
   * (DNEB + HEF); the global minimum's component, when it is not the main one, is repaired in
   * every wave until it joins. Repairs take at most `repairShare` [½] of a wave while the
   * landscape grows; the last `reserve` [10% of `maxAttempts` with `keepDetached`, else 0]
   * attempts only repair. On a 730-weight network, where the saddle of a band between two
   * basin-hopping minima lies far from both and its push-offs reach neither, this is how a
   * connected landscape grows (docs/scale.md). `seed` [1] seeds the directions (per minimum and
   * per search, so results do not depend on the pool); `displacement` is the first step off the
   * minimum [0.04·√dim·max(1, RMS of x)].
   */
  grow?: {
    seed?: number;
    displacement?: number;
    repairs?: number;
    /**
     * Rounds of `repairs` repairs each component gets at most [1]; each round starts with a
     * directed search and ends with a pair search (Infinity: until joined or the budget is spent).
     */
    repairRounds?: number;
    reserve?: number;
    repairShare?: number;
    keepDetached?: boolean;
    bridge?: "pair" | "directed";
    /**
     * Repairs between a component's first (directed) and last (pair) one follow the Hessian modes
     * of its outside member [true up to `efBelow` coordinates]: single-ended eigenvector-following
     * from the minimum along ±each eigenvector, those that point most towards the nearest main
     * member (|overlap| with the aligned direction) first, each sign in turn (OPTIM's
     * eigenvector-following from a minimum along a chosen mode; C. J. Cerjan & W. H. Miller,
     * J. Chem. Phys. 75, 2800, 1981). On appAUC (β = 100) the saddle beside such a minimum lies
     * within a tenth of the way to its neighbour, where a band or a segment's top is already past
     * the ridge; searches along its modes reached it.
     */
    modes?: boolean;
  };
  /**
   * Minimum ids to join [the global minimum and the `lowest` next lowest]; "all": every stored
   * minimum (off the bounds unless `includeOnBound`), those found by this call's push-offs
   * included, re-read before each wave — connect until connected or the budget is spent.
   */
  targets?: number[] | "all";
  /**
   * "dijkstra": pairs ("a,b" with a < b) tried by earlier calls with the same settings; they are not
   * chosen again (the search is deterministic), and this call adds its own [a new set].
   */
  tried?: Set<string>;
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
  /**
   * "grow" without `keepDetached`: saddles found but not stored because neither of their minima
   * joins the grown landscape, and the lowest minimum energy among them (Infinity when none).
   */
  detached?: { saddles: number; lowestMinimum: number };
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
        minima: { x: db.minima.map((m) => m.x), energy: db.minima.map((m) => m.energy) },
      },
    };
  };
  if (options.strategy === "grow") {
    const searches = new Map<number, number>();
    const seed = Math.trunc(options.grow?.seed ?? 1);
    const retries = Math.max(0, Math.trunc(options.grow?.repairs ?? 3));
    const rounds = options.grow?.repairRounds ?? 1;
    if (!(rounds >= 1)) {
      throw new RangeError(`connect: grow.repairRounds must be at least 1 (got ${rounds})`);
    }
    const share = options.grow?.repairShare ?? 0.5;
    if (!(share >= 0 && share <= 1)) {
      throw new RangeError(`connect: grow.repairShare must lie in [0, 1] (got ${share})`);
    }
    const keepDetached = options.grow?.keepDetached ?? false;
    // Without stored fragments, the end of the budget needs no repairs of its own.
    const reserve = Math.min(
      Math.max(
        0,
        Math.trunc(options.grow?.reserve ?? (keepDetached ? Math.ceil(0.1 * maxAttempts) : 0)),
      ),
      maxAttempts,
    );
    // Pair searches already made (unordered), and how many each minimum took part in from outside.
    const tried = new Set<string>();
    const repairsOf = new Map<number, number>();
    // Aligned squared distances between minima, computed once per pair.
    const distances = new Map<string, number>();
    const far = (a: number, b: number) => {
      const key = `${a},${b}`;
      let d = distances.get(key);
      if (d === undefined) {
        d = dist2(pairEnds(landscape, db, a, b)[1], db.minima[a].x);
        distances.set(key, d);
      }
      return d;
    };
    const key = (a: number, b: number) => a < b ? `${a},${b}` : `${b},${a}`;
    const bridgeBy = options.grow?.bridge ?? "directed";
    const byModes = options.grow?.modes ?? landscape.dim <= (options.efBelow ?? EF_BELOW);
    // Hessian eigenvectors of the outside minima that mode repairs start from, computed once.
    const modesOf = new Map<number, Float64Array[]>();
    /**
     * The next untried mode search from minimum `a` towards minimum `b` (aligned): ±eigenvectors
     * of a's Hessian (zero modes left out), by |overlap| with the direction to b, the sign that
     * points to b first.
     */
    const modeTowards = (a: number, b: number) => {
      let vectors = modesOf.get(a);
      if (!vectors) {
        vectors = [];
        let H: Float64Array | undefined;
        try {
          H = hessian(landscape, db.minima[a].x);
        } catch (err) {
          if (!(err instanceof EnergyError)) throw err;
        }
        // A Hessian the model cannot evaluate leaves this minimum without mode repairs.
        if (H && H.every(Number.isFinite)) {
          const eig = symmetricEigen(H, landscape.dim);
          const top = Math.max(...eig.values.map(Math.abs));
          vectors = eig.vectors.filter((_, k) => Math.abs(eig.values[k]) > 1e-8 * Math.max(1, top));
        }
        modesOf.set(a, vectors);
      }
      const [xa, xb] = pairEnds(landscape, db, a, b);
      const u = Float64Array.from(xa, (v, i) => xb[i] - v);
      const ranked = vectors.map((v) => ({ v, o: v.reduce((s, vi, i) => s + vi * u[i], 0) }))
        .sort((p, q) => Math.abs(q.o) - Math.abs(p.o));
      for (const { v, o } of ranked) {
        for (const sign of o < 0 ? [-1, 1] : [1, -1]) {
          const k = vectors.indexOf(v);
          const tag = `mode:${a}:${sign * (k + 1)}`;
          if (tried.has(tag)) continue;
          return {
            from: a,
            to: b,
            x: xa,
            tag,
            options: { direction: v.map((vi) => sign * vi) } as SingleEndedOptions,
          };
        }
      }
      return undefined;
    };
    // Detached saddles wait here: one is stored as soon as a minimum it joins is (a later
    // search reaches the fragment from the grown side).
    type Saddle = Extract<PairSearch["candidates"][number], { kind: "saddle" }>;
    const pending: { c: Saddle; from: number; repaired: boolean }[] = [];
    const low = (c: Saddle) => Math.min(c.sides[0].energy, c.sides[1].energy);
    const adopt = () => {
      for (let again = true; again && pending.length;) {
        again = false;
        const gm = db.globalMinimum();
        if (!gm) return;
        const comp = components(db);
        for (let i = 0; i < pending.length; i++) {
          const { c } = pending[i];
          const hit = c.sides.map((side) => db.findMinimum(side.x, side.energy)).find((m) =>
            m !== undefined && comp[m.id] === comp[gm.id]
          );
          if (!hit) continue;
          pending.splice(i, 1);
          mergeSingleEnded(landscape, db, hit.id, { candidates: [c] });
          again = true;
          break;
        }
      }
    };
    /**
     * The search without its detached saddles: those whose two minima both lie outside the
     * components of `ends` (the start's, and for a repair the main one). They wait in `pending`.
     * Stored at once, such fragments would leave most of a 730-weight landscape unjoined (on
     * digits 61-10-10 a lower fragment became the global minimum's component 9 times in 120
     * attempts, and repairs joined about one fragment in six).
     */
    const attachedOnly = (ends: number[], search: PairSearch): PairSearch => {
      if (keepDetached) return search;
      const comp = components(db);
      const mine = new Set(ends.map((id) => comp[id]));
      // A saddle is attached when one of its minima is stored in those components, or is a
      // minimum of an attached saddle of the same search (a chain along a band).
      const attached = new Set<number>();
      const tolD = db.tolerance.distance ?? 1e-3;
      const same = (p: PushOffSide, q: PushOffSide) =>
        Math.abs(p.energy - q.energy) <=
          (db.tolerance.energy ?? 1e-6 * Math.max(1, Math.abs(p.energy))) &&
        dist2(p.x, q.x) <= tolD * tolD;
      for (let grown = true; grown;) {
        grown = false;
        search.candidates.forEach((c, i) => {
          if (c.kind !== "saddle" || attached.has(i)) return;
          const joined = c.sides.some((side) => {
            const known = db.findMinimum(side.x, side.energy);
            if (known !== undefined && mine.has(comp[known.id])) return true;
            return [...attached].some((j) => {
              const d = search.candidates[j];
              return d.kind === "saddle" && d.sides.some((o) => same(o, side));
            });
          });
          if (joined) {
            attached.add(i);
            grown = true;
          }
        });
      }
      return {
        ...search,
        candidates: search.candidates.map((c, i) => {
          if (c.kind !== "saddle" || attached.has(i)) return c;
          pending.push({ c, from: ends[0], repaired: false });
          return {
            kind: "detached",
            message: `detached saddle at ${c.ts.energy.toPrecision(8)} (its minima ${
              c.sides.map((side) => side.energy.toPrecision(8)).join(", ")
            } lie outside the grown landscape): not stored`,
          };
        }),
      };
    };
    /**
     * A search from minimum `from` towards `to` (aligned): it starts at the highest of 9 points
     * inside the straight segment, the segment's direction its first guess of the uphill mode.
     */
    const towards = (from: number, to: number) => {
      const [xa, xb] = pairEnds(landscape, db, from, to);
      return { from, to, x: xa, tag: `toward:${key(from, to)}`, options: segmentStart(xa, xb) };
    };
    /** The first step of a search from xa towards xb: to the highest of 9 inner points. */
    const segmentStart = (xa: Float64Array, xb: Float64Array): SingleEndedOptions => {
      const direction = Float64Array.from(xa, (v, i) => xb[i] - v);
      const length = Math.sqrt(dist2(xa, xb));
      if (!(length > 0)) throw new Error("connect: a repair between coinciding minima");
      let top = 0.5, high = -Infinity;
      const y = new Float64Array(xa.length);
      for (let k = 1; k <= 9; k++) {
        const t = k / 10;
        for (let i = 0; i < y.length; i++) y[i] = xa[i] + t * direction[i];
        let e: number;
        try {
          e = landscape.energy(y);
        } catch (err) {
          if (!(err instanceof EnergyError)) throw err;
          continue; // a point the model cannot evaluate is not the top
        }
        if (e > high) [top, high] = [t, e];
      }
      return { direction, displacement: top * length };
    };
    while (attempts < maxAttempts) {
      const gm = db.globalMinimum();
      if (!gm) break;
      const comp = components(db);
      // Grow the largest component (the global minimum's, unless that one is smaller).
      const groups = new Map<number, typeof db.minima>();
      for (const m of interior()) {
        const g = groups.get(comp[m.id]);
        if (g) g.push(m);
        else groups.set(comp[m.id], [m]);
      }
      if (!groups.size) break; // every minimum on a bound of the box
      const largest = Math.max(...[...groups.values()].map((g) => g.length));
      const main = groups.get(comp[gm.id])!.length >= largest
        ? comp[gm.id]
        : [...groups.entries()].filter(([, g]) => g.length === largest)
          .sort((p, q) => p[0] - q[0])[0][0];
      const members = groups.get(main)!.slice().sort((p, q) =>
        (searches.get(p.id) ?? 0) - (searches.get(q.id) ?? 0) || p.energy - q.energy
      );
      const room = Math.min(wave, maxAttempts - attempts);
      // Repairs: each component outside the main one (the global minimum's first, then the
      // larger, then the lower) is joined by a pair search between its member and the main
      // component's member that are nearest (aligned), `repairs` times at most.
      const outside = [...groups.entries()].filter(([c]) => c !== main).map(([c, g]) => ({
        c,
        g,
        low: Math.min(...g.map((m) => m.energy)),
        spent: g.reduce((s, m) => s + (repairsOf.get(m.id) ?? 0), 0),
      })).filter((o) => o.spent < retries * rounds || o.c === comp[gm.id]).sort((p, q) =>
        +(q.c === comp[gm.id]) - +(p.c === comp[gm.id]) || q.g.length - p.g.length ||
        p.low - q.low
      );
      // The first repairs of a component are directed single-ended searches (as cheap as a
      // growth step): from the outside member, starting at the highest point of the straight
      // segment to the nearest (aligned) main member not tried yet; with `modes`, those after the
      // first follow the outside member's Hessian modes. The last one is a pair search (DNEB +
      // HEF) between the nearest two.
      const pairs: [number, number][] = [];
      const directed: {
        from: number;
        to: number;
        x: Float64Array;
        tag: string;
        options: SingleEndedOptions;
      }[] = [];
      // While the landscape grows, repairs take at most half of a wave.
      const repairRoom = attempts + room <= maxAttempts - reserve ? Math.ceil(room * share) : room;
      for (const o of outside) {
        if (pairs.length + directed.length >= repairRoom) break;
        const round = o.spent % Math.max(1, retries);
        const last = round === retries - 1;
        if (byModes && !last && round > 0) {
          // The outside members by their distance (aligned) to the main component, nearest
          // first: the next untried mode of one of them, towards its nearest main member.
          const order = o.g.map((a) => {
            let to = members[0].id, d = Infinity;
            for (const b of members) {
              const e = far(a.id, b.id);
              if (e < d) [to, d] = [b.id, e];
            }
            return { a: a.id, to, d };
          }).sort((p, q) => p.d - q.d);
          const m = order.reduce<ReturnType<typeof modeTowards>>(
            (found, { a, to }) => found ?? modeTowards(a, to),
            undefined,
          );
          if (m) {
            directed.push(m);
            continue;
          }
        }
        /** The nearest (aligned) untried pair of an outside and a main member, for `kind`. */
        const untried = (kind: "pair" | "toward") => {
          let best: [number, number] | undefined, bestD = Infinity;
          for (const a of o.g) {
            for (const b of members) {
              if (tried.has(`${kind}:${key(a.id, b.id)}`)) continue;
              const d = far(a.id, b.id);
              if (d < bestD) [best, bestD] = [[b.id, a.id], d];
            }
          }
          return best;
        };
        // When every directed search has been made, pair searches to the next nearest.
        const toward = last ? undefined : untried("toward");
        const pair = toward ? undefined : untried("pair");
        if (toward) directed.push(towards(toward[1], toward[0]));
        else if (pair) pairs.push(pair);
      }
      // A detached saddle gets one repair from its start towards its nearer minimum (`bridge`).
      const bridges: { from: number; x: Float64Array; to: Float64Array }[] = [];
      for (const p of pending.filter((p) => !p.repaired).sort((p, q) => low(p.c) - low(q.c))) {
        if (pairs.length + directed.length + bridges.length >= repairRoom) break;
        if (comp[p.from] !== main) continue;
        p.repaired = true;
        const x = db.minima[p.from].x;
        const [to] = p.c.sides.map((side) => landscape.align ? landscape.align(side.x, x) : side.x)
          .sort((a, b) => dist2(a, x) - dist2(b, x));
        bridges.push({ from: p.from, x, to });
      }
      // The rest of the wave grows the main component, except in the last `reserve` attempts,
      // which are kept for repairs of what the growth found.
      const busy = pairs.length + directed.length + bridges.length;
      const growing = attempts + room <= maxAttempts - reserve ? room - busy : 0;
      if (!busy && !growing) break;
      const starts = Array.from({ length: growing }, (_, k) => members[k % members.length]);
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
      for (const d of directed) d.options = { ...common, ...d.options };
      const bridgePairs = bridgeBy === "pair" ? bridges : [];
      const bridgeSearches = bridgeBy === "pair" ? [] : bridges.map((b) => ({
        x: b.x,
        options: { ...common, ...segmentStart(b.x, b.to) },
      }));
      const ends = [
        ...pairs.map(([a, b]) => pairEnds(landscape, db, a, b)),
        ...bridgePairs.map((b) => [b.x, b.to] as [Float64Array, Float64Array]),
      ];
      const [joins, found] = options.pool
        ? await Promise.all([
          options.pool.searchPairs(ends, common),
          options.pool.searchFrom([...directed, ...bridgeSearches, ...tasks]),
        ])
        : [
          await Promise.all(ends.map(([xa, xb]) => searchPair(landscape, xa, xb, common))),
          [...directed, ...bridgeSearches, ...tasks].map((t) =>
            searchFromMinimum(landscape, t.x, t.options)
          ),
        ];
      bridges.forEach((b, i) => {
        attempts++;
        const search = attachedOnly(
          [b.from],
          bridgeBy === "pair" ? joins[pairs.length + i] : found[directed.length + i],
        );
        report([b.from, b.from], mergeSingleEnded(landscape, db, b.from, search));
        adopt();
      });
      pairs.forEach((p, i) => {
        attempts++;
        tried.add(`pair:${key(p[0], p[1])}`);
        repairsOf.set(p[1], (repairsOf.get(p[1]) ?? 0) + 1);
        report(p, mergePairSearch(landscape, db, p[0], p[1], attachedOnly([p[0]], joins[i])));
      });
      directed.forEach((d, i) => {
        attempts++;
        tried.add(d.tag);
        repairsOf.set(d.from, (repairsOf.get(d.from) ?? 0) + 1);
        report(
          [d.from, d.to],
          mergeSingleEnded(landscape, db, d.from, attachedOnly([d.to], found[i])),
        );
      });
      found.splice(0, directed.length + bridgeSearches.length);
      starts.forEach((m, i) => {
        attempts++;
        report([m.id, m.id], mergeSingleEnded(landscape, db, m.id, attachedOnly([m.id], found[i])));
      });
      adopt();
    }
    const comp = components(db);
    const gm = db.globalMinimum();
    return {
      attempts,
      connected: !!gm && interior().every((m) => comp[m.id] === comp[gm.id]),
      newTransitionStates: db.transitionStates.length - startTs,
      newMinima: db.minima.length - startMin,
      detached: {
        saddles: pending.length,
        lowestMinimum: Math.min(...pending.flatMap(({ c }) => c.sides.map((side) => side.energy))),
      },
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
  const tried = options.tried ?? new Set<string>();
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
