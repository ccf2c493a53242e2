/**
 * `deno task gp-fit`: fits a Matérn-ν Gaussian process with ν optimised like every other
 * hyperparameter (exact gradient), compares it with the half-integer kernels everyone uses
 * (ν = ½, 3/2, 5/2) on a held-out split, and writes report.html + results.json.
 * @module
 */
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { linalgPath } from "../lib/linalg/blas.ts";
import { gpThreadsDescription } from "../lib/models/gp_threads.ts";
import { gpFitResults, loadGpFitData, runGpFit } from "../lib/studies/gp_fit.ts";
import { gpFitReport } from "../lib/studies/gp_fit_report.ts";

const DESCRIPTION =
  `Fits a Matérn-ν GP with ν free (exact gradient in ν) and with ν fixed at 1/2, 3/2, 5/2, by
multi-start L-BFGS on the negative log marginal likelihood; compares them on a held-out split.
Writes DIR/report.html and DIR/results.json (default DIR: reports/gp-fit).`;

export const task = defineTask({
  name: "gp-fit",
  description: DESCRIPTION,
  flags: {
    dataset: {
      type: "string",
      help:
        "built-in data without --data: matern (true ν = 1.2) or co2 (Mauna Loa, every 3rd month)",
      choices: ["matern", "co2"],
      default: "matern",
    },
    ard: { type: "boolean", help: "one lengthscale per input column" },
    restarts: {
      type: "number",
      help: "random starts per fit",
      default: 8,
      quick: 3,
      integer: true,
      min: 1,
      max: 1000,
    },
    "test-fraction": { type: "number", help: "held-out share", default: 0.25, above: 0, max: 0.9 },
    "scale-inputs": { type: "boolean", help: "standardise inputs on the training split" },
    "no-normalize": { type: "boolean", help: "use the targets as given" },
  },
  async run(f, ctx) {
    const { data: raw, truth } = await loadGpFitData({ ...f, dataset: f.dataset });
    const o = {
      restarts: f.restarts,
      testFraction: f.testFraction,
      ard: f.ard,
      normalizeY: !f.noNormalize,
      scaleInputs: f.scaleInputs,
      seed: f.seed,
      quick: f.quick,
    };
    const r = await runGpFit(raw, truth, o, ctx);
    const params = {
      data: raw.source,
      seed: f.seed,
      restarts: f.restarts,
      test_fraction: f.testFraction,
      ard: f.ard,
      normalize_y: o.normalizeY,
      scale_inputs: f.scaleInputs,
      quick: f.quick,
    };
    return {
      ...gpFitReport(r, params),
      results: gpFitResults(r),
      device: deviceLine(
        ctx.backend,
        `every NLML and gradient is float64 on the CPU; dense Cholesky and inverse: ${
          linalgPath(r.train.n).description
        }; pair values and gradient sums: ${gpThreadsDescription(r.train.n)}`,
      ),
    };
  },
});

if (import.meta.main) runTask(task);
