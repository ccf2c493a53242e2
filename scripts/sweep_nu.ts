/**
 * `deno task sweep-nu`: the Gaussian-process ν study — ν-continuity of the NLML landscape's
 * stationary points, fold catastrophes, optimal ν against the half-integers, GP ensembles from
 * distinct minima, heat capacities — as one command and one report. Schema: docs/sweep-nu.md.
 * @module
 */
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { linalgPath } from "../lib/linalg/blas.ts";
import { gpThreadsDescription } from "../lib/models/gp_threads.ts";
import {
  loadSweepNuData,
  runSweepNu,
  subsampleRows,
  sweepNuGrid,
  sweepNuResults,
} from "../lib/studies/sweep_nu.ts";
import { sweepNuReport } from "../lib/studies/sweep_nu_report.ts";

const DESCRIPTION =
  `Maps the NLML landscape of a Matérn-ν GP over (ln ℓ, ln σf², ln σn²) for every ν on a grid
(half-integers always included), follows each minimum and transition state continuously in ν,
locates fold catastrophes, optimises ν jointly with θ, compares with ν = 1/2, 3/2, 5/2 on a
held-out split (5-fold when there are fewer than 60 rows), builds ensembles from distinct minima
and computes heat capacities. Writes DIR/report.html and DIR/results.json (default reports/sweep-nu).`;

export const task = defineTask({
  name: "sweep-nu",
  description: DESCRIPTION,
  flags: {
    dataset: {
      type: "string",
      help:
        "built-in data without --data: fold (y = sin x + 0.3 sin 8x + noise, n = 80; a fold in ν), matern (n = 200, true ν = 1.2) or co2 (Mauna Loa)",
      choices: ["fold", "matern", "co2"],
      default: "fold",
    },
    ard: { type: "boolean", help: "one lengthscale per input" },
    "nu-min": { type: "number", help: "smallest ν", default: 0.25, above: 0 },
    "nu-max": { type: "number", help: "largest ν", default: 5, above: 0, max: 30 },
    "nu-step": { type: "number", help: "ν grid step", default: 0.05, quick: 0.25, above: 0 },
    subsample: {
      type: "number",
      help: "fit a seeded subsample of this many rows (recorded in results.json); for large files",
      integer: true,
      min: 6,
    },
    holdout: {
      type: "number",
      help: "share of rows held out for test metrics; 0 fits on every row (5-fold CV metrics)",
      default: 0.25,
      min: 0,
      max: 0.9,
    },
  },
  async run(f, ctx) {
    const grid = sweepNuGrid(f.nuMin, f.nuMax, f.nuStep);
    const loaded = await loadSweepNuData({ ...f, dataset: f.dataset });
    const data = f.subsample === undefined ? loaded : subsampleRows(loaded, f.subsample, f.seed);
    const r = await runSweepNu(data, {
      grid,
      ard: f.ard,
      seed: f.seed,
      quick: f.quick,
      holdout: f.holdout,
    }, ctx);
    const params = {
      data: data.raw.source,
      ard: f.ard,
      nu_min: f.nuMin,
      nu_max: f.nuMax,
      nu_step: f.nuStep,
      holdout: f.holdout,
      seed: f.seed,
      quick: f.quick,
    };
    return {
      ...sweepNuReport(r, params),
      results: sweepNuResults(r),
      device: deviceLine(
        ctx.backend,
        `every NLML is float64 on the CPU; the n×n Cholesky dominates and the WebGPU batch path is no faster on a software adapter (docs/ARCHITECTURE.md); dense Cholesky and inverse: ${
          linalgPath(r.nTrain).description
        }; pair values and gradient sums: ${gpThreadsDescription(r.nTrain)}`,
      ),
    };
  },
});

if (import.meta.main) runTask(task);
