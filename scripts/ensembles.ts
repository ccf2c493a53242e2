/**
 * `deno task ensembles`: minima that specialise, and ensembles built from them (MISSION.md, study
 * 3). Report and results.json (schema in docs/ensembles.md).
 * @module
 */
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { connectRaiseFlag, countFlag, mlpFlags } from "../lib/task/nn_flags.ts";
import { loadClassificationData } from "../lib/studies/nn_explore.ts";
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
    ...mlpFlags({ dataset: "circles", hidden: 2, lambda: 1e-4, steps: [60, 15] }),
    minima: { ...countFlag("members: the K lowest minima", 8, undefined, 2), max: 100 },
    seeds: { ...countFlag("seeds", 5), max: 100 },
    connect: countFlag(
      "connection-attempt budget per seed (until connected or spent; see --connect-per-minimum)",
      300,
      30,
      0,
    ),
    "connect-per-minimum": connectRaiseFlag(),
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
      connect: f.connect,
      connectPerMinimum: f.connectPerMinimum,
    };
    const r = await runEnsembles(
      (seed) => loadClassificationData(f.data, f.target, f.dataset, seed, nData),
      options,
      ctx,
    );
    const { rescale: _r, seed: _s, connectPerMinimum: _p, ...shown } = options;
    return {
      ...ensemblesReport(r, {
        data: r.source,
        ...shown,
        connect_per_minimum: f.connectPerMinimum,
        first_seed: f.seed,
        quick: f.quick,
      }),
      results: ensemblesResults(r),
      device: deviceLine(ctx.backend, "small networks: float64 evaluations cost microseconds"),
    };
  },
});

if (import.meta.main) runTask(task);
