/**
 * The ensembles report page from an {@link EnsemblesResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import {
  jaccardFigure,
  methodAccuracyFigure,
  misclassificationHistogramFigure,
  rightWrongFigure,
} from "../report/figures/ensembles.ts";
import type { StudyReport } from "./context.ts";
import { argmaxRow, errorSets, misclassificationCounts } from "./ensemble_methods.ts";
import type { EnsemblesResult } from "./ensembles.ts";

/** The report of an ensembles run. */
export function ensemblesReport(r: EnsemblesResult, params: Record<string, unknown>): StudyReport {
  const { perSeed, summaryRows, gains, oracle, bestComboMean, methods, outputs } = r;
  const sections: Section[] = [];
  const dots = perSeed.flatMap((s) => [
    { method: "best single (test)", seed: s.seed, acc: s.best_single_test_accuracy },
    { method: "global minimum", seed: s.seed, acc: s.global_minimum_test_accuracy },
    ...s.combinations.map((c) => ({ method: c.method, seed: s.seed, acc: c.test_accuracy })),
    { method: "oracle", seed: s.seed, acc: s.oracle_test_accuracy },
  ]);
  const means = summaryRows.map((m) => ({
    method: m.method.startsWith("best single")
      ? "best single (test)"
      : m.method.startsWith("oracle")
      ? "oracle"
      : m.method,
    mean: m.mean,
  })).filter((m) => dots.some((d) => d.method === m.method));
  sections.push({
    title: "Verdict",
    text: r.verdict +
      ` The oracle (an item counts when any of the K minima gets it right) reaches ${
        fmt(oracle.mean, 3)
      } ± ${fmt(oracle.sd, 3)}; the best combination on average (${bestComboMean.method}, ${
        fmt(bestComboMean.mean, 3)
      }) leaves a gap of ${fmt(oracle.mean - bestComboMean.mean, 3)} to it.`,
    figures: [{
      svg: methodAccuracyFigure(dots, means),
      caption: "Test accuracy per seed (colour) and its mean (black tick).",
    }],
    tables: [
      {
        columns: ["method", "test accuracy mean", "sd", "min", "max"],
        rows: summaryRows.map((m) => [m.method, m.mean, m.sd, m.min, m.max]),
      },
      {
        columns: [
          "combination",
          "gain over best single: mean",
          "sd",
          "min",
          "beats (mean > sd > 0)",
        ],
        rows: gains.map((g) => [g.method, g.mean, g.sd, g.min, g.beats ? "yes" : "no"]),
      },
      ...(r.relativeAucGains.length
        ? [{
          caption:
            "Relative test-AUC gain over the best single minimum's AUC (the published headline is about 20% on an under-parameterised network)",
          columns: ["combination", "mean", "sd", "min", "max"],
          rows: r.relativeAucGains.map((g) => [
            g.method,
            `${fmt(100 * g.mean, 3)}%`,
            `${fmt(100 * g.sd, 3)}%`,
            `${fmt(100 * g.min, 3)}%`,
            `${fmt(100 * g.max, 3)}%`,
          ]),
        }]
        : []),
    ],
  });
  const first = perSeed[0];
  const f = r.specialisation;
  if (f && first.members.length >= 2) {
    const n = f.data.n;
    const points = f.members.flatMap((p, k) =>
      Array.from({ length: n }, (_, i) => ({
        member: `#${k + 1} (${fmt(first.members[k].test_accuracy, 3)})`,
        x: f.px[i],
        y: f.py[i],
        right: (argmaxRow(p, i, outputs) === f.data.labels[i] ? "right" : "wrong") as
          | "right"
          | "wrong",
      }))
    );
    const counts = misclassificationCounts(errorSets(f.members, f.data.labels, outputs));
    const hist = Array.from({ length: f.members.length + 1 }, (_, c) => ({
      c,
      items: counts.filter((v) => v === c).length,
    }));
    const planar = f.data.d === 2;
    sections.push({
      title: `Specialisation (seed ${first.seed})`,
      text:
        `The ${f.members.length} lowest minima (#1 = global minimum). Mean pairwise Jaccard overlap of their test error sets: ${
          fmt(first.mean_pairwise_jaccard, 3)
        } (1 = the same items wrong, 0 = disjoint).`,
      figures: [{
        svg: jaccardFigure(first.jaccard),
        caption: "Jaccard overlap of the error sets of each pair of minima (test split).",
      }, {
        svg: rightWrongFigure(points, {
          members: f.members.length,
          itemsPerMember: n,
          xLabel: planar ? r.featureNames[0] : "PC 1",
          yLabel: planar ? r.featureNames[1] : "PC 2",
        }),
        caption: `Where each minimum is right (grey) or wrong (red) on the test items${
          planar ? "" : ", projected on the first two principal components of the inputs"
        }. Panel titles: minimum rank (test accuracy).`,
      }, {
        svg: misclassificationHistogramFigure(hist),
        caption:
          "Per test item, how many of the minima get it wrong: 0 and K are shared; the middle is specialisation.",
      }],
      tables: [{
        columns: [
          "rank",
          "id",
          "loss",
          "val acc",
          "test acc",
          ...(outputs === 2 ? ["test AUC"] : []),
          "test errors",
        ],
        rows: first.members.map((m, k) => [
          k + 1,
          m.id,
          Number(m.loss.toFixed(8)),
          m.validation_accuracy,
          m.test_accuracy,
          ...(outputs === 2 ? [m.test_auc] : []),
          m.test_errors,
        ]),
      }],
    });
  }
  const fr = perSeed.map((s) => s.connection.connected_fraction);
  sections.push({
    title: "Per seed",
    text: `Each seed's landscape is connected (DNEB + hybrid eigenvector-following, up to ${
      r.options.connect ?? 0
    } attempts, stopping once every minimum is joined to the global one): ${
      fr.filter((f) => f >= 0.95).length
    } of ${fr.length} seeds have at least 95% of their minima connected (lowest ${
      Math.min(...fr).toFixed(3)
    }).`,
    tables: [{
      columns: [
        "seed",
        "minima found",
        "transition states",
        "connected",
        "best single",
        ...methods,
        "oracle",
        "mean Jaccard",
        "seconds",
      ],
      rows: perSeed.map((s) => [
        s.seed,
        s.minima_found,
        s.connection.transition_states,
        s.connection.connected_fraction,
        s.best_single_test_accuracy,
        ...methods.map((m) => s.combinations.find((c) => c.method === m)?.test_accuracy ?? NaN),
        s.oracle_test_accuracy,
        s.mean_pairwise_jaccard,
        s.seconds,
      ]),
    }],
  });
  return {
    title: `Ensembles of minima (${r.options.hidden} hidden units, ${r.source})`,
    summary: r.verdict,
    params,
    sections,
  };
}
