/**
 * `deno task landscape-demo`: the energy-landscape toolbox on built-in 2-D test surfaces
 * (Müller–Brown; 2-D Schwefel on [−500, 500]² as in topsearch's example): basin-hopping,
 * connection by DNEB + hybrid eigenvector-following, then contour map, disconnectivity graph and
 * heat capacity in one report.
 * @module
 */
import { basinHopping } from "../lib/landscape/basinhopping.ts";
import { connect, type ConnectOptions } from "../lib/landscape/connect.ts";
import { LandscapeDatabase, openDatabase } from "../lib/landscape/database.ts";
import { disconnectivityGraph } from "../lib/landscape/disconnectivity.ts";
import { heatCapacity, summarizeLandscape } from "../lib/landscape/analysis.ts";
import { exportPathsample } from "../lib/landscape/pathsample.ts";
import { mullerBrown, schwefel } from "../lib/landscape/surfaces.ts";
import type { Landscape } from "../lib/landscape/types.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import {
  contourFigure,
  disconnectivityFigure,
  heatCapacityFigure,
} from "../lib/report/landscape_figures.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note, Progress } from "../lib/util/progress.ts";

const HELP = `deno task landscape-demo [--surface mb|schwefel|both] [--steps N] [--db FILE --resume]
                         [--pathsample DIR] [--seed N] [--quick] [--out DIR]

Maps built-in 2-D surfaces: basin-hopping, then transition states by DNEB + hybrid
eigenvector-following, every stationary point verified (index 0 or 1) in float64.
  --surface     mb (Müller–Brown), schwefel (2-D, box [−500, 500]²) or both (default)
  --steps       basin-hopping steps (default: mb 200, schwefel 1000; --quick: 50 / 200)
  --db FILE     keep the database in SQLite (WAL); with --resume a killed run continues
  --pathsample  also write min.data, ts.data, points.min, points.ts into DIR/<surface>/
Writes DIR/report.html and DIR/results.json (default DIR: reports/landscape-demo).`;

interface Surface {
  key: string;
  landscape: Landscape & { name: string };
  steps: number;
  bh: { stepSize: number; temperature: number };
  box?: { lower: Float64Array; upper: Float64Array };
  view: { x: [number, number]; y: [number, number] };
  connect: ConnectOptions;
  clip?: number;
}

function surfaces(quick: boolean): Surface[] {
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

async function runSurface(
  s: Surface,
  opts: { steps: number; seed: number; db?: string; resume: boolean; pathsample?: string },
) {
  const t0 = performance.now();
  const db = opts.db
    ? openDatabase(opts.db, s.landscape.dim)
    : new LandscapeDatabase(s.landscape.dim);
  if (opts.db && !opts.resume && (db.minima.length > 0 || db.getMeta("bh"))) {
    db.close();
    throw new UserError(
      `${opts.db} already holds a run: pass --resume to continue it, or choose a new file`,
    );
  }
  const bar = new Progress(`${s.key} basin-hopping`, opts.steps);
  await basinHopping(s.landscape, {
    steps: opts.steps,
    seed: opts.seed,
    ...s.bh,
    lower: s.box?.lower,
    upper: s.box?.upper,
    database: db,
    resume: opts.resume,
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
        note(
          `[${s.key} connect] attempt ${a.attempt}: ${a.transitionStates} transition states, ${a.minima} minima`,
        );
      }
    },
  });
  const tConnect = (performance.now() - t1) / 1000;
  note(
    `[${s.key} connect] ${res.attempts} attempts, ${db.transitionStates.length} transition states, connected: ${res.connected}`,
  );
  if (opts.pathsample) await exportPathsample(db, `${opts.pathsample}/${s.key}`);
  db.close();
  return { db, res, tBh, tConnect, total: (performance.now() - t0) / 1000 };
}

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "landscape-demo", {
    surface: { type: "string" },
    steps: { type: "string" },
    db: { type: "string" },
    resume: { type: "boolean" },
    pathsample: { type: "string" },
  });
  if (common.help) return console.log(HELP);
  if (common.data) {
    throw new UserError("landscape-demo runs on built-in surfaces; --data is not used");
  }
  const which = String(values.surface ?? "both");
  if (!["mb", "schwefel", "both"].includes(which)) {
    throw new UserError(`--surface must be mb, schwefel or both, got "${which}"`);
  }
  if (values.db && which === "both") {
    throw new UserError("--db needs a single --surface (mb or schwefel)");
  }
  if (values.resume && !values.db) throw new UserError("--resume needs --db FILE");
  const t0 = performance.now();
  const chosen = surfaces(common.quick).filter((s) => which === "both" || s.key === which);
  const sections: Section[] = [];
  const results: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  for (const s of chosen) {
    const steps = numberFlag(values, "steps", s.steps, { integer: true, min: 1 });
    const r = await runSurface(s, {
      steps,
      seed: common.seed,
      db: values.db as string | undefined,
      resume: Boolean(values.resume),
      pathsample: values.pathsample as string | undefined,
    });
    const { db } = r;
    timings[`${s.key}: basin-hopping`] = r.tBh;
    timings[`${s.key}: connect`] = r.tConnect;
    const summary = summarizeLandscape(db);
    const dg = disconnectivityGraph(db, { levels: 30 });
    const hc = heatCapacity(db);
    const pos = (x: Float64Array) => ({ x: x[0], y: x[1] });
    const f = (x: number, y: number) => s.landscape.energy(Float64Array.of(x, y));
    sections.push({
      title: `${s.landscape.name}`,
      text:
        `${steps} basin-hopping steps, then ${r.res.attempts} connection attempts. ${summary.interiorMinima} interior minima` +
        (summary.onBoundMinima
          ? ` (+${summary.onBoundMinima} on the box boundary, kept apart)`
          : "") +
        `, ${summary.transitionStates} transition states, all verified in float64 (Hessian index 0 and 1). ` +
        `Time: ${fmt(r.total)} s (basin-hopping ${fmt(r.tBh)} s, connection ${fmt(r.tConnect)} s).`,
      figures: [
        {
          svg: contourFigure(f, s.view, {
            minima: db.minima.filter((m) => !m.onBound).map((m) => pos(m.x)),
            transitionStates: db.transitionStates.map((t) => ({
              ...pos(t.x),
              a: pos(db.minima[t.minima[0]].x),
              b: pos(db.minima[t.minima[1]].x),
            })),
          }, { clip: s.clip }),
          caption:
            "Minima (dots), transition states (crosses) and the minima each connects (red lines).",
        },
        {
          svg: disconnectivityFigure(dg, { energyLabel: "energy" }),
          caption: "Disconnectivity graph (minima connected to the global minimum).",
        },
        {
          svg: heatCapacityFigure([{ label: s.key, temperatures: hc.temperatures, cv: hc.cv }]),
          caption: `Harmonic-superposition heat capacity; peaks at T = ${
            hc.peaks.map((p) => fmt(p, 3)).join(", ") || "none"
          }.`,
        },
      ],
      tables: [{
        caption: "Minima (lowest 15)",
        columns: ["id", "energy", "x₁", "x₂", "hits", "index", "on bound"],
        rows: [...db.minima].sort((a, b) => a.energy - b.energy).slice(0, 15).map((
          m,
        ) => [
          m.id,
          Number(m.energy.toFixed(8)),
          m.x[0],
          m.x[1],
          m.hits,
          m.index,
          m.onBound ? "yes" : "no",
        ]),
      }, {
        caption: "Transition states (lowest 15)",
        columns: ["id", "energy", "x₁", "x₂", "connects", "eigenvalue", "index"],
        rows: [...db.transitionStates].sort((a, b) => a.energy - b.energy).slice(0, 15).map((
          t,
        ) => [
          t.id,
          Number(t.energy.toFixed(8)),
          t.x[0],
          t.x[1],
          `${t.minima[0]}–${t.minima[1]}`,
          t.eigenvalue,
          t.index,
        ]),
      }],
    });
    results[s.key] = {
      name: s.landscape.name,
      steps,
      summary,
      connected: r.res.connected,
      attempts: r.res.attempts,
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
      heat_capacity: { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks },
      seconds: { basin_hopping: r.tBh, connect: r.tConnect, total: r.total },
    };
  }
  timings.total = (performance.now() - t0) / 1000;
  const paths = await writeReport(common.out, {
    title: "Energy-landscape toolbox on 2-D test surfaces",
    task: "landscape-demo",
    summary: chosen.map((s) => {
      const r = results[s.key] as {
        summary: { interiorMinima: number; transitionStates: number };
        seconds: { total: number };
      };
      return `${s.landscape.name}: ${r.summary.interiorMinima} minima, ${r.summary.transitionStates} transition states in ${
        fmt(r.seconds.total)
      } s.`;
    }).join(" "),
    params: {
      surface: which,
      seed: common.seed,
      quick: common.quick,
      db: values.db ?? null,
      resume: Boolean(values.resume),
    },
    timings,
    device: "CPU float64 (these surfaces have no GPU path)",
    sections,
  }, { task: "landscape-demo", surfaces: results, timings });
  note(`[landscape-demo] wrote ${paths.html} and ${paths.json}`);
}

if (import.meta.main) runMain(main);
