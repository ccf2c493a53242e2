/**
 * `deno task auc-vs-ce`: choosing a loss by its landscape (MISSION.md, study 4). Report and
 * results.json (docs/auc-vs-ce.md).
 * @module
 */
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { connectRaiseFlag, countFlag, mlpFlags } from "../lib/task/nn_flags.ts";
import { aucVsCeResults, runAucVsCe } from "../lib/studies/auc_vs_ce.ts";
import { aucVsCeReport } from "../lib/studies/auc_vs_ce_report.ts";
import { loadClassificationData } from "../lib/studies/nn_explore.ts";

const DESCRIPTION =
  `Maps the loss landscape of the same I-H-2 perceptron under cross-entropy and under −appAUC
(Wilcoxon–Mann–Whitney sigmoid surrogate, steepness β), with equal effort (basin-hopping steps
and connection attempts) per seed: counts of minima and transition states, Hessian eigenvalues,
barriers, test AUC per minimum, and the test AUC of the --low lowest minima under Gaussian weight
and input noise. Default data: concentric circles (n = 300, 30% test) with 2 hidden units. Writes
DIR/report.html and DIR/results.json (default DIR: reports/auc-vs-ce). Each finished landscape is
checkpointed in DIR/checkpoint/; --resume continues a killed run.`;

export const task = defineTask({
  name: "auc-vs-ce",
  description: DESCRIPTION,
  flags: {
    ...mlpFlags({ dataset: "circles", hidden: 2, lambda: 1e-4, steps: [30, 5] }),
    beta: { type: "number", help: "appAUC steepness β (capped at 500)", default: 100, above: 0 },
    seeds: countFlag("seeds", 5, 3),
    connect: countFlag(
      "connection-attempt budget per landscape (until connected or spent; see --connect-per-minimum)",
      120,
      10,
      0,
    ),
    "connect-per-minimum": connectRaiseFlag(),
    low: countFlag("robustness of the K lowest minima", 5),
  },
  async run(f, ctx) {
    if (f.beta > 500) ctx.log(`--beta ${f.beta} is capped at 500 (the sigmoid saturates beyond)`);
    const nData = f.quick ? 140 : 300;
    const options = {
      hidden: f.hidden,
      lambda: f.lambda,
      beta: f.beta,
      seeds: f.seeds,
      steps: f.steps,
      connectAttempts: f.connect,
      connectPerMinimum: f.connectPerMinimum,
      low: f.low,
      seed: f.seed,
      rescale: f.rescale,
      repeats: f.quick ? 8 : 20,
    };
    const r = await runAucVsCe(
      (seed) => loadClassificationData(f.data, f.target, f.dataset, seed, nData),
      options,
      ctx,
    );
    const params = {
      data: r.source,
      hidden: f.hidden,
      lambda: f.lambda,
      beta: Math.min(f.beta, 500),
      seeds: f.seeds,
      steps: f.steps,
      connect: f.connect,
      connect_per_minimum: f.connectPerMinimum,
      low: f.low,
      first_seed: f.seed,
      quick: f.quick,
    };
    return {
      ...aucVsCeReport(r, params),
      results: aucVsCeResults(r),
      device: deviceLine(ctx.backend, "small networks: float64 evaluations cost microseconds"),
    };
  },
});

if (import.meta.main) runTask(task);
