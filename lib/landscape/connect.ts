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
import { type DnebOptions, doublyNudgedElasticBand } from "./neb.ts";
import { type HefOptions, hybridEigenvectorFollowing, pushOff } from "./transition_state.ts";
import { characterize } from "./basinhopping.ts";
import { EnergyError, type MinimizeOptions } from "./minimize.ts";
import { distance2 as dist2 } from "../linalg/vector.ts";

/** Options of {@link connect}; defaults in brackets. */
export interface ConnectOptions {
  /** "dijkstra": join `targets`; "closest": try each minimum's nearest neighbours ["dijkstra"]. */
  strategy?: "dijkstra" | "closest";
  /** Minimum ids to join [the global minimum and the `lowest` next lowest]. */
  targets?: number[];
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
  /** DNEB maxima refined per attempt [3]. */
  candidates?: number;
  /** Nudged-elastic-band settings. */
  dneb?: DnebOptions;
  /** Hybrid eigenvector-following settings. */
  hef?: HefOptions;
  /** Minimisation settings for push-offs. */
  minimize?: MinimizeOptions;
  /** Lower bounds of the box. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
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

/** Outcome of one {@link connectPair} attempt. */
export interface PairAttempt {
  /** Verified transition states found that were not stored before. */
  newTransitionStates: number;
  /** Verified transition states found (new or already stored): > 0 is a successful attempt. */
  verified: number;
  /** Why a failed attempt failed (the last reason met); absent on success. */
  reason?: string;
}

/**
 * One connection attempt between minima a and b. With `landscape.align`, b's symmetry copy closest
 * to a is used as the far end of the band.
 */
export async function connectPair(
  landscape: Landscape,
  db: LandscapeDatabase,
  a: number,
  b: number,
  options: ConnectOptions = {},
): Promise<PairAttempt> {
  const xa = db.minima[a].x;
  const xb = landscape.align ? landscape.align(db.minima[b].x, xa) : db.minima[b].x;
  let found = 0, verified = 0;
  let reason = "no verified transition state";
  try {
    const band = await doublyNudgedElasticBand(landscape, xa, xb, options.dneb);
    for (const i of band.maxima.slice(0, options.candidates ?? 3)) {
      const hef = hybridEigenvectorFollowing(landscape, band.path[i], {
        guess: band.tangents[i],
        lower: options.lower,
        upper: options.upper,
        ...options.hef,
      });
      if (!hef.verified) {
        reason = hef.message;
        continue;
      }
      verified++;
      if (db.findTransitionState(hef.x, hef.energy)) continue;
      const p = pushOff(landscape, hef.x, hef.eigenvector, {
        lower: options.lower,
        upper: options.upper,
        ...options.minimize,
      });
      if (!p.plus.converged || !p.minus.converged) {
        reason = "push-off minimisation did not converge";
        continue;
      }
      const ids: number[] = [];
      for (const r of [p.plus, p.minus]) {
        const known = db.findMinimum(r.x, r.energy);
        if (known) ids.push(known.id);
        else {
          const c = characterize(landscape, r.x);
          if (c.index > 0 && !r.onBound) break;
          ids.push(
            db.addMinimum(r.x, r.energy, {
              onBound: r.onBound,
              provenance: "pushoff",
              index: c.index,
              logProductHessian: c.logProduct,
              modes: c.modes,
            }).minimum.id,
          );
        }
      }
      if (ids.length !== 2 || ids[0] === ids[1]) {
        reason = "both sides of the saddle fell into the same minimum";
        continue;
      }
      const { isNew } = db.addTransitionState({
        energy: hef.energy,
        x: hef.x,
        minima: [ids[0], ids[1]],
        eigenvalue: hef.eigenvalue,
        logProductHessian: hef.logProductHessian,
        index: hef.index,
        provenance: `dneb(${a},${b})`,
      });
      if (isNew) found++;
    }
  } catch (e) {
    if (!(e instanceof EnergyError)) throw e;
    reason = e.message;
  }
  if (verified === 0) {
    db.addFailedConnection(a, b, reason);
    return { newTransitionStates: found, verified, reason };
  }
  return { newTransitionStates: found, verified };
}

/** Dijkstra from `src` to `dst` over all minima; returns the path of minimum ids. */
function dijkstraPath(
  db: LandscapeDatabase,
  src: number,
  dst: number,
  linked: Set<string>,
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
        : db.hasFailed(u, v)
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
  if ((options.strategy ?? "dijkstra") === "closest") {
    const k = options.neighbours ?? 3;
    const tried = new Set<string>();
    for (const m of interior()) {
      const near = interior().filter((o) => o.id !== m.id).sort((p, q) =>
        dist2(p.x, m.x) - dist2(q.x, m.x)
      ).slice(0, k);
      for (const o of near) {
        if (attempts >= maxAttempts) break;
        const key = m.id < o.id ? `${m.id},${o.id}` : `${o.id},${m.id}`;
        if (
          tried.has(key) || db.hasFailed(m.id, o.id) ||
          db.transitionStates.some((t) =>
            (t.minima[0] === m.id && t.minima[1] === o.id) ||
            (t.minima[0] === o.id && t.minima[1] === m.id)
          )
        ) continue;
        tried.add(key);
        attempts++;
        report([m.id, o.id], await connectPair(landscape, db, m.id, o.id, options));
      }
    }
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
  const targets = options.targets ??
    interior().sort((p, q) => p.energy - q.energy).slice(0, 1 + (options.lowest ?? 5)).map((m) =>
      m.id
    );
  while (attempts < maxAttempts) {
    const comp = components(db);
    const pending = targets.filter((t) => comp[t] !== comp[gm.id]);
    if (pending.length === 0) break;
    const linked = new Set(
      db.transitionStates.map((
        t,
      ) => (t.minima[0] < t.minima[1]
        ? `${t.minima[0]},${t.minima[1]}`
        : `${t.minima[1]},${t.minima[0]}`)
      ),
    );
    let pair: [number, number] | null = null;
    for (const t of pending) {
      const path = dijkstraPath(db, gm.id, t, linked);
      for (let i = 0; i + 1 < path.length && !pair; i++) {
        const u = path[i], v = path[i + 1];
        if (!linked.has(u < v ? `${u},${v}` : `${v},${u}`)) pair = [u, v];
      }
      if (pair) break;
    }
    if (!pair) break; // every remaining route has failed
    attempts++;
    report(pair, await connectPair(landscape, db, pair[0], pair[1], options));
  }
  const comp = components(db);
  return {
    attempts,
    connected: targets.every((t) => comp[t] === comp[gm.id]),
    newTransitionStates: db.transitionStates.length - startTs,
    newMinima: db.minima.length - startMin,
  };
}
