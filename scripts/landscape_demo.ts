/**
 * `deno task landscape-demo`: the energy-landscape toolbox on built-in 2-D test surfaces
 * (Müller–Brown; 2-D Schwefel on [−500, 500]² as in topsearch's example): basin-hopping,
 * connection by DNEB + hybrid eigenvector-following, then contour map, disconnectivity graph and
 * heat capacity in one report.
 * @module
 */
import { defineTask, runTask } from "../lib/task/harness.ts";
import { UserError } from "../lib/util/errors.ts";
import { landscapeDemoResults, runLandscapeDemo } from "../lib/studies/landscape_demo.ts";
import { landscapeDemoReport } from "../lib/studies/landscape_demo_report.ts";

const DESCRIPTION =
  `Maps built-in 2-D surfaces: basin-hopping, then transition states by DNEB + hybrid
eigenvector-following, every stationary point verified (index 0 or 1) in float64. With --db the
database lives in SQLite (WAL) and --resume continues a killed basin-hopping run from it.
Writes DIR/report.html and DIR/results.json (default DIR: reports/landscape-demo).`;

export const task = defineTask({
  name: "landscape-demo",
  description: DESCRIPTION,
  flags: {
    surface: {
      type: "string",
      help: "mb (Müller–Brown), schwefel (2-D, box [−500, 500]²) or both",
      choices: ["mb", "schwefel", "both"],
      default: "both",
    },
    steps: {
      type: "number",
      help: "basin-hopping steps [mb 200, schwefel 1000; --quick 50 / 200]",
      integer: true,
      min: 1,
    },
    db: { type: "string", help: "keep the database in this SQLite file", placeholder: "FILE" },
    pathsample: {
      type: "string",
      help: "also write min.data, ts.data, points.min, points.ts into DIR/<surface>/",
      placeholder: "DIR",
    },
  },
  async run(f, ctx) {
    if (f.data) throw new UserError("landscape-demo runs on built-in surfaces; --data is not used");
    const { surfaces, results } = await runLandscapeDemo({ ...f, surface: f.surface }, ctx);
    const params = {
      surface: f.surface,
      seed: f.seed,
      quick: f.quick,
      db: f.db ?? null,
      resume: f.resume,
    };
    return {
      ...landscapeDemoReport(surfaces, results, params),
      results: landscapeDemoResults(results),
      device: "CPU float64 (these surfaces have no GPU path)",
    };
  },
});

if (import.meta.main) runTask(task);
