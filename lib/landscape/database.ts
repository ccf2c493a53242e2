/**
 * The kinetic transition network: minima and transition states with energies, coordinates,
 * Hessian log-products and connectivity. In memory, with an optional SQLite store (Deno's built-in
 * `node:sqlite`, WAL mode): every addition is written at once, so a run killed at any moment loses
 * at most the step in flight, and `openDatabase` on the same file resumes it.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { distance } from "../linalg/vector.ts";

/** A stored minimum. */
export interface Minimum {
  /** Index in `minima`. */
  id: number;
  /** Energy. */
  energy: number;
  /** Coordinates (canonical). */
  x: Float64Array;
  /** Times basin-hopping (or a push-off) reached it. */
  hits: number;
  /** True when it lies on a bound of the search box (an artefact of the box, kept apart). */
  onBound: boolean;
  /** Σ ln λ over the positive Hessian eigenvalues (zero modes excluded); NaN if not computed. */
  logProductHessian: number;
  /** Number of non-zero Hessian eigenvalues used in logProductHessian. */
  modes: number;
  /** Hessian index when verified (0 for a true minimum); −1 if not computed. */
  index: number;
  /** How it was found ("bh", "pushoff", "import", …). */
  provenance: string;
}

/** A stored transition state. */
export interface TransitionState {
  /** Index in `transitionStates`. */
  id: number;
  /** Energy. */
  energy: number;
  /** Coordinates. */
  x: Float64Array;
  /** Ids of the two minima it connects (plus and minus side of the eigenvector). */
  minima: [number, number];
  /** Its negative Hessian eigenvalue. */
  eigenvalue: number;
  /** Σ ln λ over the positive eigenvalues (the negative one and zero modes excluded). */
  logProductHessian: number;
  /** Hessian index (1 when verified). */
  index: number;
  /** How it was found. */
  provenance: string;
}

/** Tolerances that decide whether two minima (or transition states) are the same point. */
export interface IdentityTolerance {
  /** Energies within this are candidates for the same point [1e-6·max(1, |E|)] (GMIN `EDIFF`). */
  energy?: number;
  /** ...and coordinates within this Euclidean distance (after canonicalize) [1e-3] (`GEOMDIFFTOL`). */
  distance?: number;
  /**
   * Two transition states between the same two minima, with equal energies, are one saddle when
   * within this distance [0.1]. Searches converged to an RMS gradient of 1e-6 stop up to ~1e-6·√n/κ
   * apart along a soft direction of curvature κ: on the default nn-landscape run (κ near 2λ =
   * 2e-4), 26 pairs of stored saddles joined the same minima 1e-3–3.4e-2 apart with energies equal
   * to 1e-8, while distinct saddles between the same minima were more than 1 apart.
   */
  samePairDistance?: number;
  /**
   * Minima whose energies differ by up to this are candidates for a `sameBasin` test
   * [1e-5·max(1, |E|)]. On a 730-weight network L-BFGS stops at an RMS gradient of 1e-6 as much
   * as ~1e-6 above the valley floor along directions of curvature near 2λ: digits 61-10-10 gave
   * "new" minima 1.1–1.5e-6 above a stored one, 0.26–0.34 away, joined to it by a straight
   * segment with no barrier.
   */
  basinEnergy?: number;
}

function sameEnergy(a: number, b: number, tol?: number): boolean {
  return Math.abs(a - b) <= (tol ?? 1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));
}

function toBlob(x: Float64Array): Uint8Array {
  return new Uint8Array(Float64Array.from(x).buffer);
}

function fromBlob(b: Uint8Array): Float64Array {
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Decides whether two minima of equal energy are one basin (e.g. {@link lineScanSameBasin}). */
export type SameBasinTest = (xa: Float64Array, ea: number, xb: Float64Array, eb: number) => boolean;

/** Options of a {@link LandscapeDatabase}. */
export interface DatabaseOptions {
  /** When two points are the same. */
  tolerance?: IdentityTolerance;
  /** Maps x to its symmetry class's representative. */
  canonicalize?: (x: Float64Array) => Float64Array;
  /** Decides whether equal-energy minima share a basin. */
  sameBasin?: SameBasinTest;
  /**
   * The symmetry copy of x closest to `reference` (see `Landscape.align`): distances and the
   * `sameBasin` segment are measured between aligned copies. Without it, canonical forms that
   * sort near-equal units differently (a hidden unit's bias near 0 flips its sign) put two finds
   * of one minimum far apart.
   */
  align?: (x: Float64Array, reference: Float64Array) => Float64Array;
}

/**
 * The identity options of a landscape's database: its `canonicalize` and `align` and a
 * line-scan same-basin test on its energy.
 */
export function identityOptions(landscape: {
  energy(x: Float64Array): number;
  canonicalize?(x: Float64Array): Float64Array;
  align?(x: Float64Array, reference: Float64Array): Float64Array;
}): DatabaseOptions {
  return {
    canonicalize: landscape.canonicalize?.bind(landscape),
    align: landscape.align?.bind(landscape),
    sameBasin: lineScanSameBasin((x) => landscape.energy(x)),
  };
}

/**
 * Same basin when every sampled point of the straight segment between the two minima stays within
 * `band` of their energies (default 1e-7·max(1, |E|)): a flat valley, as on a GP's noise floor. A
 * segment that dips into another valley or crosses a barrier leaves the band, so symmetry-related
 * minima of equal energy in different basins stay distinct.
 */
export function lineScanSameBasin(
  energy: (x: Float64Array) => number,
  samples = 7,
  band?: number,
): SameBasinTest {
  return (xa, ea, xb, eb) => {
    const tol = band ?? 1e-7 * Math.max(1, Math.abs(ea), Math.abs(eb));
    const lo = Math.min(ea, eb) - tol, hi = Math.max(ea, eb) + tol;
    const x = new Float64Array(xa.length);
    for (let k = 1; k <= samples; k++) {
      const t = k / (samples + 1);
      for (let i = 0; i < x.length; i++) x[i] = xa[i] + t * (xb[i] - xa[i]);
      const e = energy(x);
      if (!(e >= lo && e <= hi)) return false;
    }
    return true;
  };
}

/**
 * The database of stationary points: distinct minima (with hit counts) and transition states.
 *
 * @example
 * ```ts
 * import { LandscapeDatabase } from "./database.ts";
 * import assert from "node:assert/strict";
 * const db = new LandscapeDatabase(2);
 * assert.ok(db.addMinimum(Float64Array.of(0, 0), -1).isNew);
 * const again = db.addMinimum(Float64Array.of(1e-5, 0), -1 + 1e-9); // within the tolerances
 * assert.ok(!again.isNew);
 * assert.equal(again.minimum.hits, 2);
 * assert.equal(db.globalMinimum()?.id, 0);
 * ```
 */
export class LandscapeDatabase {
  /** Number of coordinates. */
  readonly dim: number;
  /** Stored minima, by id. */
  readonly minima: Minimum[] = [];
  /** Stored transition states, by id. */
  readonly transitionStates: TransitionState[] = [];
  /** Pairs of minima whose connection attempt failed, with the reason. */
  readonly failedConnections: { minima: [number, number]; reason: string }[] = [];
  /** Identity tolerances in force. */
  tolerance: IdentityTolerance;
  #canonicalize?: (x: Float64Array) => Float64Array;
  #sameBasin?: SameBasinTest;
  #align?: (x: Float64Array, reference: Float64Array) => Float64Array;
  #db: DatabaseSync | null = null;
  #meta = new Map<string, string>();

  /** An empty in-memory database of points with `dim` coordinates (see {@link openDatabase} for SQLite). */
  constructor(dim: number, options: DatabaseOptions = {}) {
    this.dim = dim;
    this.tolerance = options.tolerance ?? {};
    this.#canonicalize = options.canonicalize;
    this.#sameBasin = options.sameBasin;
    this.#align = options.align;
  }

  /**
   * Sets the identity functions (`canonicalize`, `align`, `sameBasin`; see
   * {@link identityOptions}) of a database built without them, as one restored from a checkpoint
   * (a checkpoint stores data, not functions). Stored points are not re-canonicalised.
   */
  useIdentity(
    options: Pick<DatabaseOptions, "canonicalize" | "align" | "sameBasin">,
  ): this {
    this.#canonicalize = options.canonicalize;
    this.#align = options.align;
    this.#sameBasin = options.sameBasin;
    return this;
  }

  /** c's symmetry copy closest to `reference` (c itself without `align`). */
  #aligned(c: Float64Array, reference: Float64Array): Float64Array {
    return this.#align ? this.#align(c, reference) : c;
  }

  /** The canonical representative of x (identity when the landscape has no symmetry). */
  canonical(x: Float64Array): Float64Array {
    return this.#canonicalize ? this.#canonicalize(x) : x;
  }

  /**
   * The stored minimum matching (x, energy), or undefined: equal energies and either within the
   * distance tolerance, or (with a `sameBasin` test) joined without a barrier — on flat valleys
   * (a GP's noise floor) a minimiser stops at different points of one basin.
   */
  findMinimum(x: Float64Array, energy: number): Minimum | undefined {
    const c = this.canonical(x);
    const dTol = this.tolerance.distance ?? 1e-3;
    const same = this.minima.filter((m) => sameEnergy(m.energy, energy, this.tolerance.energy));
    const close = same.find((m) =>
      distance(m.x, c) <= dTol || (this.#align && distance(this.#aligned(c, m.x), m.x) <= dTol)
    );
    if (close || !this.#sameBasin) return close;
    // The three nearest minima within the wider energy window, by aligned distance: on a flat
    // valley the minimiser stops at different points of one basin, a little apart in energy.
    const window = this.tolerance.basinEnergy ??
      1e-5 * Math.max(1, Math.abs(energy));
    const near = this.minima.filter((m) => Math.abs(m.energy - energy) <= window).map((m) => {
      const y = this.#aligned(c, m.x);
      return { m, y, d: distance(y, m.x) };
    }).sort((a, b) => a.d - b.d).slice(0, 3);
    return near.find(({ m, y }) => this.#sameBasin!(m.x, m.energy, y, energy))?.m;
  }

  /**
   * Makes a lower-energy find of stored minimum `m` its representative (energy, coordinates and
   * Hessian facts) when the find comes with its own Hessian check (`index` ≥ 0), so that the
   * stored facts belong to the stored coordinates; counts no hit. The lowest find represents the
   * minimum: two polishes of one basin differ in the last digits (flat directions), and which came
   * first depends on scheduling (a resumed run restarts its lost minimisations together), while
   * the lowest does not. Returns whether it replaced the representative.
   */
  represent(
    m: Minimum,
    x: Float64Array,
    energy: number,
    info: Partial<Omit<Minimum, "id" | "x" | "energy" | "hits">> = {},
  ): boolean {
    if (!(energy < m.energy && info.index !== undefined && info.index >= 0)) return false;
    m.energy = energy;
    m.x = Float64Array.from(this.canonical(x));
    if (info.onBound !== undefined) m.onBound = info.onBound;
    m.index = info.index;
    m.logProductHessian = info.logProductHessian ?? NaN;
    m.modes = info.modes ?? 0;
    this.#db?.prepare(
      "UPDATE minima SET energy = ?, x = ?, on_bound = ?, log_prod = ?, modes = ?, idx = ? WHERE id = ?",
    ).run(
      m.energy,
      toBlob(m.x),
      m.onBound ? 1 : 0,
      nullIfNaN(m.logProductHessian),
      m.modes,
      m.index,
      m.id,
    );
    return true;
  }

  /**
   * Adds a minimum, or counts a hit on the matching stored one; a lower-energy find of a stored
   * minimum that comes with its Hessian check (`index` ≥ 0) becomes its representative (energy,
   * coordinates and Hessian facts), so the representative does not depend on the order of finds.
   */
  addMinimum(
    x: Float64Array,
    energy: number,
    info: Partial<Omit<Minimum, "id" | "x" | "energy" | "hits">> = {},
  ): { minimum: Minimum; isNew: boolean } {
    const found = this.findMinimum(x, energy);
    if (found) {
      found.hits++;
      this.represent(found, x, energy, info);
      this.#db?.prepare("UPDATE minima SET hits = ? WHERE id = ?").run(found.hits, found.id);
      return { minimum: found, isNew: false };
    }
    const m: Minimum = {
      id: this.minima.length,
      energy,
      x: Float64Array.from(this.canonical(x)),
      hits: 1,
      onBound: info.onBound ?? false,
      logProductHessian: info.logProductHessian ?? NaN,
      modes: info.modes ?? 0,
      index: info.index ?? -1,
      provenance: info.provenance ?? "",
    };
    this.minima.push(m);
    this.#db?.prepare(
      "INSERT INTO minima (id, energy, x, hits, on_bound, log_prod, modes, idx, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      m.id,
      m.energy,
      toBlob(m.x),
      m.hits,
      m.onBound ? 1 : 0,
      nullIfNaN(m.logProductHessian),
      m.modes,
      m.index,
      m.provenance,
    );
    return { minimum: m, isNew: true };
  }

  /**
   * The stored transition state matching (x, energy), or undefined: equal energies and within the
   * distance tolerance, or — given the two minima it joins — joining the same two minima with equal
   * energies within `samePairDistance`.
   */
  findTransitionState(
    x: Float64Array,
    energy: number,
    minima?: readonly [number, number],
  ): TransitionState | undefined {
    const c = this.canonical(x);
    const dTol = this.tolerance.distance ?? 1e-3;
    const pTol = this.tolerance.samePairDistance ?? 0.1;
    const samePair = (t: TransitionState) =>
      minima !== undefined &&
      ((t.minima[0] === minima[0] && t.minima[1] === minima[1]) ||
        (t.minima[0] === minima[1] && t.minima[1] === minima[0]));
    return this.transitionStates.find((t) => {
      if (!sameEnergy(t.energy, energy, this.tolerance.energy)) return false;
      const d = Math.min(distance(t.x, c), distance(this.#aligned(c, t.x), t.x));
      return d <= dTol || (samePair(t) && d <= pTol);
    });
  }

  /** Adds a transition state unless an identical one is stored. */
  addTransitionState(ts: Omit<TransitionState, "id">): { ts: TransitionState; isNew: boolean } {
    const found = this.findTransitionState(ts.x, ts.energy, ts.minima);
    if (found) return { ts: found, isNew: false };
    const t: TransitionState = {
      ...ts,
      id: this.transitionStates.length,
      x: Float64Array.from(this.canonical(ts.x)),
    };
    this.transitionStates.push(t);
    this.#db?.prepare(
      "INSERT INTO ts (id, energy, x, min1, min2, eigenvalue, log_prod, idx, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      t.id,
      t.energy,
      toBlob(t.x),
      t.minima[0],
      t.minima[1],
      t.eigenvalue,
      nullIfNaN(t.logProductHessian),
      t.index,
      t.provenance,
    );
    return { ts: t, isNew: true };
  }

  /** Sets a minimum's hit count (merging databases sums hits over their origins). */
  setHits(id: number, hits: number): void {
    this.minima[id].hits = hits;
    this.#db?.prepare("UPDATE minima SET hits = ? WHERE id = ?").run(hits, id);
  }

  /** Records a failed connection attempt between two minima. */
  addFailedConnection(a: number, b: number, reason: string): void {
    this.failedConnections.push({ minima: [a, b], reason });
    this.#db?.prepare("INSERT INTO failed (min1, min2, reason) VALUES (?, ?, ?)").run(a, b, reason);
  }

  /** True when a connection between a and b already failed. */
  hasFailed(a: number, b: number): boolean {
    return this.failedConnections.some((f) =>
      (f.minima[0] === a && f.minima[1] === b) || (f.minima[0] === b && f.minima[1] === a)
    );
  }

  /** The global minimum among interior (not on-bound) minima, else among all. */
  globalMinimum(): Minimum | undefined {
    const pool = this.minima.some((m) => !m.onBound)
      ? this.minima.filter((m) => !m.onBound)
      : this.minima;
    return pool.reduce<Minimum | undefined>(
      (a, b) => (a === undefined || b.energy < a.energy ? b : a),
      undefined,
    );
  }

  /** Stores a small JSON value (run state for --resume); kept in memory without SQLite too. */
  setMeta(key: string, value: unknown): void {
    this.#meta.set(key, JSON.stringify(value));
    this.#db?.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(key, JSON.stringify(value));
  }

  /** Reads a value stored with {@link setMeta}. */
  getMeta<T>(key: string): T | undefined {
    const row = this.#db?.prepare("SELECT value FROM meta WHERE key = ?").get(key) as {
      value: string;
    } | undefined;
    if (row) return JSON.parse(row.value) as T;
    const mem = this.#meta.get(key);
    return mem === undefined ? undefined : JSON.parse(mem) as T;
  }

  /** Runs `fn` inside one SQLite transaction (all of a step's writes land together, or none). */
  transaction<T>(fn: () => T): T {
    if (!this.#db) return fn();
    this.#db.exec("BEGIN");
    try {
      const r = fn();
      this.#db.exec("COMMIT");
      return r;
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
  }

  /** Closes the SQLite store (the in-memory data stay usable). */
  close(): void {
    this.#db?.close();
    this.#db = null;
  }

  /** Attaches a SQLite file (creating tables) and loads what it holds. */
  attach(path: string): this {
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
      CREATE TABLE IF NOT EXISTS minima (id INTEGER PRIMARY KEY, energy REAL, x BLOB, hits INTEGER, on_bound INTEGER,
        log_prod REAL, modes INTEGER, idx INTEGER, provenance TEXT);
      CREATE TABLE IF NOT EXISTS ts (id INTEGER PRIMARY KEY, energy REAL, x BLOB, min1 INTEGER, min2 INTEGER,
        eigenvalue REAL, log_prod REAL, idx INTEGER, provenance TEXT);
      CREATE TABLE IF NOT EXISTS failed (min1 INTEGER, min2 INTEGER, reason TEXT);`);
    const dimRow = db.prepare("SELECT value FROM meta WHERE key = 'dim'").get() as
      | { value: string }
      | undefined;
    if (dimRow && JSON.parse(dimRow.value) !== this.dim) {
      db.close();
      throw new Error(`${path} holds a landscape of dimension ${dimRow.value}, not ${this.dim}`);
    }
    this.minima.length = this.transitionStates.length = this.failedConnections.length = 0;
    for (
      const r of db.prepare("SELECT * FROM minima ORDER BY id").all() as Record<string, unknown>[]
    ) {
      this.minima.push({
        id: r.id as number,
        energy: r.energy as number,
        x: fromBlob(r.x as Uint8Array),
        hits: r.hits as number,
        onBound: r.on_bound === 1,
        logProductHessian: (r.log_prod as number | null) ?? NaN,
        modes: r.modes as number,
        index: r.idx as number,
        provenance: r.provenance as string,
      });
    }
    for (const r of db.prepare("SELECT * FROM ts ORDER BY id").all() as Record<string, unknown>[]) {
      this.transitionStates.push({
        id: r.id as number,
        energy: r.energy as number,
        x: fromBlob(r.x as Uint8Array),
        minima: [r.min1 as number, r.min2 as number],
        eigenvalue: r.eigenvalue as number,
        logProductHessian: (r.log_prod as number | null) ?? NaN,
        index: r.idx as number,
        provenance: r.provenance as string,
      });
    }
    for (const r of db.prepare("SELECT * FROM failed").all() as Record<string, unknown>[]) {
      this.failedConnections.push({
        minima: [r.min1 as number, r.min2 as number],
        reason: r.reason as string,
      });
    }
    this.#db = db;
    this.setMeta("dim", this.dim);
    return this;
  }
}

function nullIfNaN(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Opens (or creates) a database backed by a SQLite file. */
export function openDatabase(
  path: string,
  dim: number,
  options: DatabaseOptions = {},
): LandscapeDatabase {
  return new LandscapeDatabase(dim, options).attach(path);
}

/**
 * The point dimension stored in an elml SQLite database, without loading it (null when the file
 * has none; a missing or unreadable file is an error naming it).
 */
export function readDatabaseDim(path: string): number | null {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
  } catch (e) {
    throw new Error(`${path}: cannot open as SQLite (${(e as Error).message})`);
  }
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'dim'").get() as
      | { value: string }
      | undefined;
    return row ? Number(JSON.parse(row.value)) : null;
  } catch {
    throw new Error(`${path} is not an elml database (no meta table)`);
  } finally {
    db.close();
  }
}

/**
 * The stationary points of a database as results.json records (snake_case keys; ids 0-based):
 * `minima[]` { id, energy, x, hits, on_bound, index, log_product_hessian } and
 * `transition_states[]` { id, energy, x, minima, eigenvalue, index }.
 */
export function stationaryPointRecords(db: LandscapeDatabase): {
  minima: Record<string, unknown>[];
  transition_states: Record<string, unknown>[];
} {
  return {
    minima: db.minima.map((m) => ({
      id: m.id,
      energy: m.energy,
      x: Array.from(m.x),
      hits: m.hits,
      on_bound: m.onBound,
      index: m.index,
      log_product_hessian: m.logProductHessian,
    })),
    transition_states: db.transitionStates.map((t) => ({
      id: t.id,
      energy: t.energy,
      x: Array.from(t.x),
      minima: t.minima,
      eigenvalue: t.eigenvalue,
      index: t.index,
    })),
  };
}
