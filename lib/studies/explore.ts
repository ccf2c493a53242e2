/**
 * The explore task: any user landscape from the command line. The module's default export is a
 * {@link Landscape} (or a function, possibly async, that returns one); basin-hopping, connection,
 * disconnectivity graph, monotonic sequence basins, heat capacity and rates, into a report and a
 * SQLite database. Sharded searches (`--shard i/N`, one seed stream per shard), merging
 * (lib/landscape/merge.ts) and connection waves (`--pairs FILE --pairs-shard i/N`) spread one
 * search over many processes or a Slurm array (docs/explore.md).
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type Connectivity,
  connectivity,
  heatCapacity,
  type LandscapeSummary,
  summarizeLandscape,
} from "../landscape/analysis.ts";
import { basinHopping } from "../landscape/basinhopping.ts";
import { components, connect, type ConnectResult } from "../landscape/connect.ts";
import {
  identityOptions,
  LandscapeDatabase,
  openDatabase,
  readDatabaseDim,
} from "../landscape/database.ts";
import { type DisconnectivityGraph, disconnectivityGraph } from "../landscape/disconnectivity.ts";
import { databaseOrigin, markShard, mergeDatabases } from "../landscape/merge.ts";
import { connectPair } from "../landscape/pair_search.ts";
import type { Landscape } from "../landscape/types.ts";
import { UserError } from "../util/errors.ts";
import { Progress } from "../util/progress.ts";
import type { RunContext } from "./context.ts";
import { firstPassageToGlobal, type NnKinetics } from "./nn_landscape.ts";

/** A user landscape with the optional extras the explore module may attach to it. */
export interface ExploreLandscape extends Landscape {
  /** Lower bounds of the search box. */
  lower?: Float64Array;
  /** Upper bounds. */
  upper?: Float64Array;
  /** Start point of the walkers [the origin, clipped to the box]. */
  start?: Float64Array;
  /** Name for the report. */
  name?: string;
}

/** Loads and checks a landscape module (a path or a URL); bad modules are one-line errors. */
export async function loadLandscapeModule(spec: string): Promise<ExploreLandscape> {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)
    ? spec
    : pathToFileURL(isAbsolute(spec) ? spec : resolve(spec)).href;
  let mod: Record<string, unknown>;
  try {
    mod = await import(url);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new UserError(`${spec}: cannot load the module (${msg})`);
  }
  let l = mod.default as unknown;
  if (l === undefined) {
    throw new UserError(
      `${spec} has no default export (export default a Landscape, or a function that returns one)`,
    );
  }
  if (typeof l === "function") {
    try {
      l = await (l as () => unknown)();
    } catch (e) {
      throw new UserError(`${spec}: the default export threw: ${(e as Error).message}`);
    }
  }
  const L = l as Partial<ExploreLandscape> | null;
  if (!L || typeof L !== "object") {
    throw new UserError(`${spec}: the default export is not an object`);
  }
  if (!(Number.isInteger(L.dim) && (L.dim as number) >= 1)) {
    throw new UserError(`${spec}: the landscape's dim must be a whole number ≥ 1, got ${L.dim}`);
  }
  if (typeof L.energy !== "function") {
    throw new UserError(`${spec}: the landscape's energy is not a function`);
  }
  const n = L.dim as number;
  for (const k of ["lower", "upper", "start"] as const) {
    const v = L[k];
    if (v !== undefined && !(v instanceof Float64Array && v.length === n)) {
      throw new UserError(`${spec}: ${k} must be a Float64Array of length ${n}`);
    }
  }
  const x0 = startPoint(L as ExploreLandscape);
  const g = new Float64Array(n);
  let e: number;
  try {
    e = L.energy(x0, g);
  } catch (err) {
    throw new UserError(`${spec}: the energy throws at the start point: ${(err as Error).message}`);
  }
  if (!Number.isFinite(e) || g.some((v) => !Number.isFinite(v))) {
    throw new UserError(
      `${spec}: the energy or its gradient is not finite at the start point [${
        Array.from(x0).slice(0, 6).join(", ")
      }${n > 6 ? ", …" : ""}] (energy ${e})`,
    );
  }
  return L as ExploreLandscape;
}

function startPoint(l: ExploreLandscape): Float64Array {
  if (l.start) return Float64Array.from(l.start);
  return Float64Array.from({ length: l.dim }, (_, i) => {
    const lo = l.lower?.[i] ?? -Infinity, hi = l.upper?.[i] ?? Infinity;
    return Math.min(Math.max(0, lo), hi);
  });
}

/** `"i/N"` → [i, N] (1-based i); anything else is a one-line error. */
export function parseShard(text: string, flag: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN, N = m ? Number(m[2]) : NaN;
  if (!m || !(N >= 1 && i >= 1 && i <= N)) {
    throw new UserError(`${flag} must be i/N with 1 ≤ i ≤ N, got "${text}"`);
  }
  return [i, N];
}

/** The seed of shard i of N from the base seed: a fixed, documented derivation (docs/explore.md). */
export function shardSeed(base: number, i: number): number {
  // i = 1 keeps the base seed (one shard = the unsharded run); others are spread by a large odd step.
  return (base + (i - 1) * 1_000_003) % 2_147_483_647;
}

/** Options of {@link runExplore}. */
export interface ExploreTaskOptions {
  /** The module spec (for the report). */
  module: string;
  /** Basin-hopping steps (0: search nothing, report the database). */
  steps: number;
  /** Walkers. */
  walkers: number;
  /** Base seed. */
  seed: number;
  /** Basin-hopping step size. */
  stepSize: number;
  /** Basin-hopping temperature. */
  temperature: number;
  /** Connection attempts (0: none). */
  connect: number;
  /**
   * How the connection attempts are spent ["pairs"]: "pairs" joins every stored minimum by
   * Dijkstra (OPTIM's NEWCONNECT); "grow" runs single-ended searches from the joined minima
   * (`connect`'s "grow"), for landscapes where bands between distant minima fail.
   */
  connection?: "pairs" | "grow";
  /** SQLite database to write (and continue). */
  database?: string;
  /** This process's shard of the search: [i, N]. */
  shard?: [number, number];
  /** Pairs file (from `--write-pairs`) and this process's slice of it. */
  pairs?: { file: string; shard: [number, number] };
  /** Continue a killed run stored in `database`. */
  resume: boolean;
}

/** Everything the task computed. */
export interface ExploreResult {
  /** The options. */
  options: ExploreTaskOptions;
  /** Landscape name and dimension. */
  landscape: { name: string; dim: number };
  /** Seed this process searched with. */
  seed: number;
  /** The database. */
  db: LandscapeDatabase;
  /** Counts and barriers. */
  summary: LandscapeSummary;
  /** Connected fraction, unconnected minima. */
  connectivity: Connectivity;
  /** Disconnectivity graph. */
  graph: DisconnectivityGraph;
  /** Heat capacity (null when a minimum has no Hessian log-product). */
  heatCapacity: { temperatures: number[]; cv: number[]; peaks: number[] } | null;
  /** First passage into the global minimum and the free-energy graph (null without saddles). */
  kinetics: NnKinetics | null;
  /**
   * Connection attempts made here, how many found a verified transition state, and ("grow") the
   * verified saddles found beside the grown landscape and not stored (never joined).
   */
  attempts: { made: number; succeeded: number; detached?: number };
  /** Seconds per phase. */
  seconds: { basinHopping: number; connect: number };
}

/** The pairs file a coordinator writes for connection waves. */
export interface PairsFile {
  /** The database the pairs refer to (its minimum ids). */
  database: string;
  /** Pairs of minimum ids (0-based), in the order the waves take them. */
  pairs: [number, number][];
}

/**
 * Pairs to connect in a database: every minimum outside the lowest minimum's component with its
 * nearest (Euclidean) minimum inside it, nearest first, then each component's lowest with the
 * global one; pairs that already failed are skipped.
 */
export function choosePairs(db: LandscapeDatabase, count: number): [number, number][] {
  const comp = components(db);
  const interior = db.minima.filter((m) => !m.onBound);
  const gm = interior.reduce<typeof interior[number] | undefined>(
    (a, m) => (a === undefined || m.energy < a.energy ? m : a),
    undefined,
  );
  if (!gm) return [];
  const inside = interior.filter((m) => comp[m.id] === comp[gm.id]);
  const out: { pair: [number, number]; d: number }[] = [];
  for (const m of interior) {
    if (comp[m.id] === comp[gm.id]) continue;
    let best = -1, bd = Infinity;
    for (const o of inside) {
      if (db.hasFailed(m.id, o.id)) continue;
      let d = 0;
      for (let k = 0; k < db.dim; k++) d += (m.x[k] - o.x[k]) ** 2;
      if (d < bd) {
        bd = d;
        best = o.id;
      }
    }
    if (best >= 0) out.push({ pair: [best, m.id], d: bd });
  }
  out.sort((a, b) => a.d - b.d || a.pair[1] - b.pair[1]);
  return out.slice(0, count).map((p) => p.pair);
}

/** Runs explore; see the module doc. */
export async function runExplore(
  landscape: ExploreLandscape,
  o: ExploreTaskOptions,
  ctx: RunContext,
): Promise<ExploreResult> {
  const n = landscape.dim;
  const dbOptions = identityOptions(landscape);
  let db: LandscapeDatabase;
  if (o.database) {
    let dim: number | null = null;
    try {
      await Deno.stat(o.database);
      dim = readDatabaseDim(o.database);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new UserError((e as Error).message);
    }
    if (dim !== null && dim !== n) {
      throw new UserError(`${o.database} holds points of dimension ${dim}, the landscape has ${n}`);
    }
    db = openDatabase(o.database, n, dbOptions);
    if (o.steps > 0 && !o.resume && db.getMeta("bh")) {
      db.close();
      throw new UserError(
        `${o.database} already holds a search: --resume continues it, --steps 0 reports it, or choose a new file`,
      );
    }
  } else db = new LandscapeDatabase(n, dbOptions);
  if (o.pairs && o.steps > 0) {
    throw new UserError("--pairs runs connection waves only: use it with --steps 0");
  }
  const seed = o.shard ? shardSeed(o.seed, o.shard[0]) : o.seed;
  databaseOrigin(db, o.database ?? "memory");
  const t0 = performance.now();
  if (o.steps > 0) {
    markShard(db, o.shard ? `${o.shard[0]}/${o.shard[1]}` : null, seed);
    const bar = new Progress("explore basin-hopping", o.steps);
    await basinHopping(landscape, {
      steps: o.steps,
      walkers: o.walkers,
      seed,
      stepSize: o.stepSize,
      temperature: o.temperature,
      lower: landscape.lower,
      upper: landscape.upper,
      starts: landscape.start
        ? Array.from({ length: o.walkers }, () => landscape.start!)
        : undefined,
      database: db,
      resume: o.resume,
      onStep: (p) => bar.tick(1, `${p.minima} minima, lowest ${p.lowest.toPrecision(8)}`),
    });
    bar.done(`${db.minima.length} minima`);
  }
  const tBh = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let made = 0, succeeded = 0;
  let res: ConnectResult | undefined;
  if (o.pairs) {
    const pf = JSON.parse(await Deno.readTextFile(o.pairs.file)) as PairsFile;
    const [i, N] = o.pairs.shard;
    const mine = pf.pairs.filter((_, k) => k % N === i - 1);
    ctx.log(`connection wave ${i}/${N}: ${mine.length} of ${pf.pairs.length} pairs`);
    const bar = new Progress("explore connection wave", mine.length);
    for (const [a, b] of mine) {
      if (a >= db.minima.length || b >= db.minima.length) {
        throw new UserError(
          `${o.pairs.file} names minimum ${Math.max(a, b) + 1}, not in the database`,
        );
      }
      const r = await connectPair(landscape, db, a, b, {
        lower: landscape.lower,
        upper: landscape.upper,
      });
      made++;
      if (r.verified > 0) succeeded++;
      else db.addFailedConnection(a, b, r.reason ?? "no transition state");
      bar.tick(1, `${succeeded} verified, ${db.transitionStates.length} transition states`);
    }
    bar.done(`${succeeded} of ${made} verified`);
  } else if (o.connect > 0 && (db.minima.length > 1 || o.connection === "grow")) {
    const common = {
      lower: landscape.lower,
      upper: landscape.upper,
      onAttempt: (a: { verified: number }) => {
        made++;
        if (a.verified > 0) succeeded++;
      },
    };
    if (o.connection === "grow") {
      res = await connect(landscape, db, {
        ...common,
        strategy: "grow",
        grow: { seed },
        maxAttempts: o.connect,
      });
    } else {
      // Dijkstra towards every stored minimum (those its push-offs find included) with four fifths
      // of the budget, then repairs of what is still outside (directed single-ended searches,
      // searches along the outside minimum's Hessian modes up to 40 coordinates, pair searches)
      // in rounds until the budget is spent: connect until connected or spent.
      const repairs = Math.floor(o.connect / 5);
      res = await connect(landscape, db, {
        ...common,
        strategy: "dijkstra",
        targets: "all",
        maxAttempts: o.connect - repairs,
      });
      if (!res.connected && res.attempts < o.connect) {
        const more = await connect(landscape, db, {
          ...common,
          strategy: "grow",
          maxAttempts: o.connect - res.attempts,
          grow: { seed, reserve: o.connect - res.attempts, repairs: 8, repairRounds: Infinity },
        });
        res = {
          attempts: res.attempts + more.attempts,
          connected: more.connected,
          newTransitionStates: res.newTransitionStates + more.newTransitionStates,
          newMinima: res.newMinima + more.newMinima,
          ...(more.detached ? { detached: more.detached } : {}),
        };
      }
    }
    made = res.attempts;
    if (res.detached?.saddles) {
      ctx.log(
        `${res.detached.saddles} verified saddles found beside the grown landscape joined none of its minima: not stored`,
      );
    }
  }
  const tConnect = (performance.now() - t1) / 1000;
  const summary = summarizeLandscape(db);
  const hasLogs = db.minima.length > 0 &&
    db.minima.every((m) => Number.isFinite(m.logProductHessian));
  const hc = hasLogs ? heatCapacity(db) : null;
  const result: ExploreResult = {
    options: o,
    landscape: { name: landscape.name ?? o.module, dim: n },
    seed,
    db,
    summary,
    connectivity: connectivity(db),
    graph: disconnectivityGraph(db, { levels: 30 }),
    heatCapacity: hc ? { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks } : null,
    kinetics: hasLogs ? firstPassageToGlobal(db) : null,
    attempts: { made, succeeded, ...(res?.detached ? { detached: res.detached.saddles } : {}) },
    seconds: { basinHopping: tBh, connect: tConnect },
  };
  db.close();
  return result;
}

/** Merges database files into `out` (which must not exist); returns the counts. */
export async function mergeFiles(
  out: string,
  files: string[],
  landscape?: ExploreLandscape,
): Promise<ReturnType<typeof mergeDatabases> & { dim: number }> {
  if (!files.length) throw new UserError("merge: give the databases to merge");
  try {
    await Deno.stat(out);
    throw new UserError(`${out} exists: merge writes a new database (remove it or choose another)`);
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  const dims = new Set<number>();
  for (const f of files) {
    try {
      await Deno.stat(f);
    } catch {
      throw new UserError(`${f}: no such file`);
    }
    let d: number | null;
    try {
      d = readDatabaseDim(f);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    if (d === null) throw new UserError(`${f} is not an elml database (no dimension stored)`);
    dims.add(d);
  }
  if (dims.size > 1) throw new UserError(`the databases hold different dimensions: ${[...dims]}`);
  const dim = [...dims][0];
  if (landscape && landscape.dim !== dim) {
    throw new UserError(`--landscape has dimension ${landscape.dim}, the databases ${dim}`);
  }
  const target = openDatabase(
    out,
    dim,
    landscape ? identityOptions(landscape) : {},
  );
  const inputs = files.map((f) => ({ db: openDatabase(f, dim), label: f }));
  try {
    return { ...mergeDatabases(target, inputs), dim };
  } finally {
    for (const i of inputs) i.db.close();
    target.close();
  }
}
