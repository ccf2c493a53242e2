/**
 * The energy-landscape toolbox on built-in 2-D test surfaces (Müller–Brown; 2-D Schwefel on
 * [−500, 500]² as in topsearch's example): basin-hopping, connection by DNEB + hybrid
 * eigenvector-following, every stationary point verified (index 0 or 1) in float64.
 * @module
 */
import {
  type Connectivity,
  connectivity,
  heatCapacity,
  type LandscapeSummary,
  summarizeLandscape,
} from "../landscape/analysis.ts";
import { basinHopping } from "../landscape/basinhopping.ts";
import { connect, type ConnectOptions, type ConnectResult } from "../landscape/connect.ts";
import { LandscapeDatabase, openDatabase, stationaryPointRecords } from "../landscape/database.ts";
import { exportPathsample } from "../landscape/pathsample.ts";
import { mullerBrown, schwefel } from "../landscape/surfaces.ts";
import type { Landscape } from "../landscape/types.ts";
import { fmt } from "../report/html.ts";
import { UserError } from "../util/errors.ts";
import { Progress } from "../util/progress.ts";
import type { RunContext } from "./context.ts";

/** A built-in surface and how to search it. */
export interface DemoSurface {
  /** Key: "mb" or "schwefel". */
  key: string;
  /** The surface. */
  landscape: Landscape & { name: string };
  /** Default basin-hopping steps. */
  steps: number;
  /** Basin-hopping step size and temperature. */
  bh: { stepSize: number; temperature: number };
  /** Search box. */
  box?: { lower: Float64Array; upper: Float64Array };
  /** The contour map's window. */
  view: { x: [number, number]; y: [number, number] };
  /** Connection settings. */
  connect: ConnectOptions;
  /** Contour clip level. */
  clip?: number;
}

/** The built-in surfaces (smaller default searches with `quick`). */
export function demoSurfaces(quick: boolean): DemoSurface[] {
  const sw = schwefel(2);
  return [{
    key: "mb",
    landscape: mullerBrown,
    steps: quick ? 50 : 200,
    bh: { stepSize: 1, temperature: 30 },
    view: { x: [-1.5, 1.2], y: [-0.5, 2] },
    connect: {
      dneb: { images: 12 },
      hef: { maxStep: 0.05, maxTangentStep: 0.05 },
      minimize: { maxStep: 0.1 },
    },
    clip: 50,
  }, {
    key: "schwefel",
    landscape: sw,
    steps: quick ? 200 : 1000,
    bh: { stepSize: 250, temperature: 300 },
    box: { lower: sw.lower, upper: sw.upper },
    view: { x: [-500, 500], y: [-500, 500] },
    connect: {
      strategy: "closest",
      neighbours: 6,
      maxAttempts: 5000,
      hef: { maxStep: 5, maxTangentStep: 5 },
      minimize: { maxStep: 20 },
    },
  }];
}

/** Options of {@link runLandscapeDemo}. */
export interface LandscapeDemoOptions {
  /** "mb", "schwefel" or "both". */
  surface: string;
  /** Basin-hopping steps (default: each surface's). */
  steps?: number;
  /** Seed. */
  seed: number;
  /** Smaller default searches. */
  quick: boolean;
  /** Keep the database in this SQLite file (single surface only). */
  db?: string;
  /** Continue the run stored in `db`. */
  resume: boolean;
  /** Also write PATHSAMPLE files into this folder (one subfolder per surface). */
  pathsample?: string;
}

/** One mapped surface. */
export interface DemoSurfaceResult {
  /** Key. */
  key: string;
  /** Name. */
  name: string;
  /** Basin-hopping steps. */
  steps: number;
  /** The database. */
  db: LandscapeDatabase;
  /** The connection phase's result. */
  connection: ConnectResult;
  /** Counts. */
  summary: LandscapeSummary;
  /** The connected fraction and the unconnected minima. */
  connectivity: Connectivity;
  /** Heat capacity. */
  heatCapacity: { temperatures: number[]; cv: number[]; peaks: number[] };
  /** Seconds per phase. */
  seconds: { basinHopping: number; connect: number; total: number };
}

async function mapSurface(
  s: DemoSurface,
  steps: number,
  o: LandscapeDemoOptions,
  ctx: RunContext,
): Promise<DemoSurfaceResult> {
  const t0 = performance.now();
  const db = o.db ? openDatabase(o.db, s.landscape.dim) : new LandscapeDatabase(s.landscape.dim);
  if (o.db && !o.resume && (db.minima.length > 0 || db.getMeta("bh"))) {
    db.close();
    throw new UserError(
      `${o.db} already holds a run: pass --resume to continue it, or choose a new file`,
    );
  }
  const bar = new Progress(`${s.key} basin-hopping`, steps);
  await basinHopping(s.landscape, {
    steps,
    seed: o.seed,
    ...s.bh,
    lower: s.box?.lower,
    upper: s.box?.upper,
    database: db,
    resume: o.resume,
    onStep: (p) =>
      bar.tick(
        1,
        `minima ${p.minima}, lowest ${fmt(p.lowest, 6)}, acceptance ${fmt(p.acceptance, 2)}`,
      ),
  });
  bar.done(`${db.minima.length} minima`);
  const tBh = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const res = await connect(s.landscape, db, {
    ...s.connect,
    lower: s.box?.lower,
    upper: s.box?.upper,
    onAttempt: (a) => {
      if (a.attempt % 20 === 0) {
        ctx.log(
          `${s.key} connect: attempt ${a.attempt}: ${a.transitionStates} transition states, ${a.minima} minima`,
        );
      }
    },
  });
  const tConnect = (performance.now() - t1) / 1000;
  ctx.log(
    `${s.key} connect: ${res.attempts} attempts, ${db.transitionStates.length} transition states, connected: ${res.connected}`,
  );
  if (o.pathsample) await exportPathsample(db, `${o.pathsample}/${s.key}`);
  db.close();
  const hc = heatCapacity(db);
  return {
    key: s.key,
    name: s.landscape.name,
    steps,
    db,
    connection: res,
    summary: summarizeLandscape(db),
    connectivity: connectivity(db),
    heatCapacity: { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks },
    seconds: { basinHopping: tBh, connect: tConnect, total: (performance.now() - t0) / 1000 },
  };
}

/** Runs the demo on the chosen surfaces; bad combinations of options are a {@link UserError}. */
export async function runLandscapeDemo(
  o: LandscapeDemoOptions,
  ctx: RunContext,
): Promise<{ surfaces: DemoSurface[]; results: DemoSurfaceResult[] }> {
  if (o.db && o.surface === "both") {
    throw new UserError("--db needs a single --surface (mb or schwefel)");
  }
  const chosen = demoSurfaces(o.quick).filter((s) => o.surface === "both" || s.key === o.surface);
  const results: DemoSurfaceResult[] = [];
  for (const s of chosen) {
    const steps = o.steps ?? s.steps;
    const r = await ctx.step(`surface-${s.key}`, () => mapSurface(s, steps, o, ctx));
    ctx.timings[`${s.key}: basin-hopping`] = r.seconds.basinHopping;
    ctx.timings[`${s.key}: connect`] = r.seconds.connect;
    results.push(r);
  }
  return { surfaces: chosen, results };
}

/** The results.json object, without `device` and `timings`. */
export function landscapeDemoResults(results: DemoSurfaceResult[]): Record<string, unknown> {
  return {
    task: "landscape-demo",
    surfaces: Object.fromEntries(results.map((r) => [r.key, {
      name: r.name,
      steps: r.steps,
      summary: r.summary,
      connected: r.connection.connected,
      connected_fraction: r.connectivity.fraction,
      unconnected: r.connectivity.unconnected,
      attempts: r.connection.attempts,
      ...stationaryPointRecords(r.db),
      heat_capacity: r.heatCapacity,
      seconds: {
        basin_hopping: r.seconds.basinHopping,
        connect: r.seconds.connect,
        total: r.seconds.total,
      },
    }])),
  };
}
