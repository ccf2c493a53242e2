/**
 * Merging landscape databases (sharded runs, connection waves): minima de-duplicated with the
 * target database's tolerances and canonicalisation (as one run would), every distinct transition
 * state kept with its endpoints remapped (two saddles between the same pair are two records — the
 * merge of IBM/topography-searcher#8 overwrote them), failed connection attempts unioned, and each
 * point's provenance kept.
 *
 * Hits are summed over **origins**: every database that does its own search has an origin (a
 * random id stored in its meta, with the shard and seed that made it). A merged database keeps,
 * per minimum, the hits each origin contributed (`hits_by_origin`) and, per transition state, the
 * origins that found it. Merging takes the union of these maps, so merging is associative and
 * idempotent — merge(a, a) = a, merge(merge(a, b), c) = merge(a, merge(b, c)) up to the order of ids —
 * and a database's hits are Σ over its origins.
 * @module
 */
import type { LandscapeDatabase } from "./database.ts";

/** Where a search ran: the database it wrote, its shard and its seed. */
export interface OriginInfo {
  /** The database file (or label) it was first merged from. */
  database: string;
  /** "i/N" for a shard, null otherwise. */
  shard: string | null;
  /** Base seed of its search, null when unknown. */
  seed: number | null;
}

type HitsByOrigin = Record<string, Record<string, number>>;

/**
 * The origin id of a database that does its own search (created on first use and stored in its
 * meta); `label` and the shard/seed meta describe it.
 */
export function databaseOrigin(db: LandscapeDatabase, fallback: string): string {
  const have = db.getMeta<string>("origin");
  if (have) return have;
  const id = db.minima.length || db.transitionStates.length
    ? `file:${fallback}` // an older database: its path stands for it (deterministic)
    : crypto.randomUUID();
  db.setMeta("origin", id);
  return id;
}

/** Records that `db` is shard `shard` of a search with base seed `seed`. */
export function markShard(db: LandscapeDatabase, shard: string | null, seed: number): void {
  db.setMeta("shard", shard);
  db.setMeta("seed", seed);
}

/** Per-minimum hits by origin, including what the database itself added since its last merge. */
function hitsOf(db: LandscapeDatabase, label: string): HitsByOrigin {
  const own = databaseOrigin(db, label);
  const map = structuredClone(db.getMeta<HitsByOrigin>("hits_by_origin") ?? {});
  for (const m of db.minima) {
    const row = map[m.id] ??= {};
    const counted = Object.entries(row).filter(([o]) => o !== own).reduce((s, [, h]) => s + h, 0);
    if (m.hits > counted) row[own] = m.hits - counted;
  }
  return map;
}

function originsOf(db: LandscapeDatabase, label: string): Record<string, OriginInfo> {
  const own = databaseOrigin(db, label);
  const map = { ...(db.getMeta<Record<string, OriginInfo>>("origins") ?? {}) };
  map[own] ??= {
    database: label,
    shard: db.getMeta<string | null>("shard") ?? null,
    seed: db.getMeta<number | null>("seed") ?? null,
  };
  return map;
}

function tsOriginsOf(db: LandscapeDatabase, label: string): Record<string, string[]> {
  const own = databaseOrigin(db, label);
  const map = structuredClone(db.getMeta<Record<string, string[]>>("ts_origins") ?? {});
  for (const t of db.transitionStates) map[t.id] ??= [own];
  return map;
}

/** What {@link mergeDatabases} did. */
export interface MergeReport {
  /** Per input: minima and transition states read, and how many were new to the merge. */
  inputs: {
    label: string;
    minima: number;
    newMinima: number;
    transitionStates: number;
    newTransitionStates: number;
  }[];
  /** Totals in the target after the merge. */
  minima: number;
  /** Transition states after the merge. */
  transitionStates: number;
  /** Failed connection attempts after the merge. */
  failedConnections: number;
}

/**
 * Merges `inputs` into `target` (which may already hold points, e.g. an earlier merge). Minima
 * match by `target`'s tolerances and canonicalisation; the target's hits become the sum over
 * origins.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import { mergeDatabases } from "./merge.ts";
 * import assert from "node:assert/strict";
 * const a = new LandscapeDatabase(1), b = new LandscapeDatabase(1);
 * a.addMinimum(Float64Array.of(0), -1);
 * b.addMinimum(Float64Array.of(0), -1); // the same minimum, found by another search
 * b.addMinimum(Float64Array.of(2), -0.5);
 * const m = new LandscapeDatabase(1);
 * mergeDatabases(m, [{ db: a, label: "a" }, { db: b, label: "b" }]);
 * assert.deepEqual(m.minima.map((x) => x.hits), [2, 1]);
 * mergeDatabases(m, [{ db: a, label: "a" }]); // idempotent: a is already in
 * assert.deepEqual(m.minima.map((x) => x.hits), [2, 1]);
 * ```
 */
export function mergeDatabases(
  target: LandscapeDatabase,
  inputs: { db: LandscapeDatabase; label: string }[],
): MergeReport {
  const hits = target.minima.length ? hitsOf(target, "target") : {};
  const origins = target.minima.length ? originsOf(target, "target") : {};
  const tsOrigins = target.transitionStates.length ? tsOriginsOf(target, "target") : {};
  const report: MergeReport["inputs"] = [];
  for (const { db, label } of inputs) {
    if (db.dim !== target.dim) {
      throw new Error(`${label} holds points of dimension ${db.dim}, the merge ${target.dim}`);
    }
    const inHits = hitsOf(db, label), inOrigins = originsOf(db, label);
    const inTs = tsOriginsOf(db, label);
    for (const [o, info] of Object.entries(inOrigins)) origins[o] ??= info;
    const map = new Map<number, number>();
    let newMinima = 0, newTs = 0;
    target.transaction(() => {
      for (const m of db.minima) {
        const found = target.findMinimum(m.x, m.energy);
        const id = found ? found.id : target.addMinimum(m.x, m.energy, {
          onBound: m.onBound,
          logProductHessian: m.logProductHessian,
          modes: m.modes,
          index: m.index,
          provenance: m.provenance,
        }).minimum.id;
        if (!found) newMinima++;
        map.set(m.id, id);
        const row = hits[id] ??= {};
        for (const [o, h] of Object.entries(inHits[m.id] ?? {})) row[o] = Math.max(row[o] ?? 0, h);
      }
      for (const t of db.transitionStates) {
        const { ts, isNew } = target.addTransitionState({
          energy: t.energy,
          x: t.x,
          minima: [map.get(t.minima[0])!, map.get(t.minima[1])!],
          eigenvalue: t.eigenvalue,
          logProductHessian: t.logProductHessian,
          index: t.index,
          provenance: t.provenance,
        });
        if (isNew) newTs++;
        tsOrigins[ts.id] = [...new Set([...(tsOrigins[ts.id] ?? []), ...(inTs[t.id] ?? [])])]
          .sort();
      }
      const seen = new Set(
        target.failedConnections.map((f) =>
          `${Math.min(...f.minima)},${Math.max(...f.minima)},${f.reason}`
        ),
      );
      for (const f of db.failedConnections) {
        const a = map.get(f.minima[0])!, b = map.get(f.minima[1])!;
        const key = `${Math.min(a, b)},${Math.max(a, b)},${f.reason}`;
        if (seen.has(key)) continue;
        seen.add(key);
        target.addFailedConnection(a, b, f.reason);
      }
    });
    report.push({
      label,
      minima: db.minima.length,
      newMinima,
      transitionStates: db.transitionStates.length,
      newTransitionStates: newTs,
    });
  }
  target.transaction(() => {
    for (const m of target.minima) {
      const h = Object.values(hits[m.id] ?? {}).reduce((s, v) => s + v, 0);
      if (h > 0 && h !== m.hits) target.setHits(m.id, h);
    }
    target.setMeta("hits_by_origin", hits);
    target.setMeta("origins", origins);
    target.setMeta("ts_origins", tsOrigins);
    // Work added to the target later (a connection wave on a copy) counts under its own origin.
    if (!target.getMeta("origin")) target.setMeta("origin", `merged:${crypto.randomUUID()}`);
  });
  return {
    inputs: report,
    minima: target.minima.length,
    transitionStates: target.transitionStates.length,
    failedConnections: target.failedConnections.length,
  };
}
