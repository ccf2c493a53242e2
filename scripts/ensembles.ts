/**
 * `deno task ensembles`: minima that specialise, and ensembles built from them (MISSION.md, study
 * 3). Report and results.json (schema in docs/ensembles.md).
 * @module
 */
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { BUILTIN_CLASSIFICATION, loadClassificationData } from "../lib/studies/nn_explore.ts";
import { ensemblesResults, runEnsembles } from "../lib/studies/ensembles.ts";
import { ensemblesReport } from "../lib/studies/ensembles_report.ts";

const DESCRIPTION =
  `Maps the minima of an under-parameterised tanh/softmax perceptron (default: 2 hidden units on
concentric circles, n = 600), and for each seed: per-minimum test error sets, their Jaccard
overlaps, the oracle accuracy, and ensembles of the K lowest minima fitted on a validation split
(majority vote, probability average, Boltzmann and harmonic-occupation weights, a gating
meta-network) scored on the test split. Splits: 50% train, 25% validation, 25% test.
Writes DIR/report.html and DIR/results.json (default DIR: reports/ensembles).`;

export const task = defineTask({
  name: "ensembles",
  description: DESCRIPTION,
  flags: {
    dataset: {
      type: "string",
      help: "built-in data without --data",
      choices: BUILTIN_CLASSIFICATION,
      default: "circles",
    },
    hidden: { type: "number", help: "hidden units", default: 2, integer: true, min: 1, max: 64 },
    lambda: { type: "number", help: "weight penalty λ", default: 1e-4, min: 0 },
    minima: {
      type: "number",
      help: "members: the K lowest minima",
      default: 8,
      integer: true,
      min: 2,
      max: 100,
    },
    seeds: { type: "number", help: "seeds", default: 5, integer: true, min: 1, max: 100 },
    steps: {
      type: "number",
      help: "basin-hopping steps per walker",
      default: 60,
      quick: 15,
      integer: true,
      min: 1,
    },
    rescale: { type: "boolean", help: "rescale inputs to [−1, 1]" },
  },
  async run(f, ctx) {
    const nData = f.quick ? 400 : 600;
    const options = {
      hidden: f.hidden,
      lambda: f.lambda,
      minima: f.minima,
      seeds: f.seeds,
      steps: f.steps,
      seed: f.seed,
      rescale: f.rescale,
    };
    const r = await runEnsembles(
      (seed) => loadClassificationData(f.data, f.target, f.dataset, seed, nData),
      options,
      ctx,
    );
    const { rescale: _r, seed: _s, ...shown } = options;
    return {
      ...ensemblesReport(r, { data: r.source, ...shown, first_seed: f.seed, quick: f.quick }),
      results: ensemblesResults(r),
      device: deviceLine(ctx.backend, "small networks: float64 evaluations cost microseconds"),
    };
  },
});

if (import.meta.main) runTask(task);
