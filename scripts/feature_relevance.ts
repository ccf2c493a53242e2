/**
 * `deno task feature-relevance`: interpretability from monotonic sequence basins and conserved
 * weights (MISSION.md, study 5). Report and results.json (docs/feature-relevance.md).
 * @module
 */
import { iris, relevanceSynthetic } from "../lib/data/classification.ts";
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import { connectRaiseFlag, countFlag, mlpFlags } from "../lib/task/nn_flags.ts";
import {
  featureRelevanceResults,
  type RelevanceDataSpec,
  runFeatureRelevance,
} from "../lib/studies/feature_relevance.ts";
import { featureRelevanceReport } from "../lib/studies/feature_relevance_report.ts";
import { loadClassificationData } from "../lib/studies/nn_explore.ts";

const DESCRIPTION =
  `Feature relevance from the weights conserved within monotonic sequence basins of an MLP loss
landscape, against permutation importance (global minimum; ensemble of the 5 lowest minima).
Default: the synthetic "relevance" set (label = XOR of x1, x2; x1_copy redundant; 3 irrelevant
noise inputs; n = 300) over 5 seeds, scored by AUROC against the known roles, and the real iris
set. With --data or --dataset, only that set. Writes DIR/report.html and DIR/results.json
(default DIR: reports/feature-relevance).`;

export const task = defineTask({
  name: "feature-relevance",
  description: DESCRIPTION,
  flags: {
    ...mlpFlags({ hidden: 3, lambda: 1e-3, steps: [30, 6], extraDatasets: ["relevance"] }),
    seeds: { ...countFlag("seeds", 5), max: 100 },
    connect: countFlag(
      "connection-attempt budget (until connected or spent; see --connect-per-minimum)",
      300,
      30,
      0,
    ),
    "connect-per-minimum": connectRaiseFlag(),
  },
  async run(f, ctx) {
    const opts = {
      hidden: f.hidden,
      lambda: f.lambda,
      seeds: f.seeds,
      steps: f.steps,
      connect: f.connect,
      connectPerMinimum: f.connectPerMinimum,
      firstSeed: f.seed,
      rescale: f.rescale,
    };
    const n = f.quick ? 200 : 300;
    const synthetic = (seed: number) => Promise.resolve(relevanceSynthetic({ n, seed }));
    let sets: RelevanceDataSpec[];
    if (f.data || f.dataset) {
      const name = f.dataset ?? "csv";
      const make = name === "relevance" && !f.data
        ? synthetic
        : (seed: number) => loadClassificationData(f.data, f.target, name, seed, n);
      sets = [{ key: name, title: name, name, make }];
    } else {
      sets = [
        { key: "synthetic", title: "Synthetic (known roles)", name: "synthetic", make: synthetic },
        {
          key: "iris",
          title: "Iris (real data)",
          name: "iris",
          make: () => Promise.resolve(iris()),
          seeds: f.quick ? 1 : f.seeds,
        },
      ];
    }
    const r = await runFeatureRelevance(sets, opts, ctx);
    const params = {
      ...opts,
      quick: f.quick,
      data: r.studies.map((s) => s.result.source).join("; "),
    };
    return {
      ...featureRelevanceReport(r, params),
      results: featureRelevanceResults(r),
      device: deviceLine(ctx.backend, "small networks: float64 evaluations cost microseconds"),
    };
  },
});

if (import.meta.main) runTask(task);
