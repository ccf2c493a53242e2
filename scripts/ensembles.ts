/**
 * `deno task ensembles`: minima that specialise, and ensembles built from them (MISSION.md, study
 * 3). For each of several seeds: basin-hopping over an under-parameterised MLP's loss landscape
 * (symmetry-equivalent minima merged), the K lowest minima's error sets on the test split, their
 * overlaps and the oracle bound, and combinations fitted on a validation split and scored on the
 * test split. Report and results.json (schema in docs/ensembles.md).
 * @module
 */
import {
  type ClassificationDataset,
  rescaleInputs,
  selectClassRows,
} from "../lib/data/classification.ts";
import { trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import { symmetricEigen } from "../lib/landscape/hessian.ts";
import {
  argmaxRow,
  type CombinationResult,
  combineMinima,
  errorSets,
  jaccardMatrix,
  misclassificationCounts,
  oracleAccuracy,
} from "../lib/studies/ensembles.ts";
import { exploreMlp, loadClassificationData, positiveColumn } from "../lib/studies/nn_explore.ts";
import { accuracy, rocAuc } from "../lib/models/classification_metrics.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";
import { meanSd } from "../lib/util/stats.ts";

const HELP = `deno task ensembles [--data FILE.csv --target COL | --dataset circles|moons|xor|iris]
                    [--hidden 2] [--lambda 1e-4] [--minima K] [--seeds 5] [--steps N]
                    [--seed N] [--quick] [--cpu] [--out DIR]

Maps the minima of an under-parameterised tanh/softmax perceptron (default: 2 hidden units on
concentric circles, n = 600), and for each seed: per-minimum test error sets, their Jaccard
overlaps, the oracle accuracy, and ensembles of the K lowest minima fitted on a validation split
(majority vote, probability average, Boltzmann and harmonic-occupation weights, a gating
meta-network) scored on the test split. Splits: 50% train, 25% validation, 25% test.
Writes DIR/report.html and DIR/results.json (default DIR: reports/ensembles).`;

interface SeedResult {
  seed: number;
  minima_found: number;
  members: {
    id: number;
    loss: number;
    validation_accuracy: number;
    test_accuracy: number;
    test_auc: number;
    test_errors: number;
    log_product_hessian: number;
  }[];
  best_single_test_accuracy: number;
  best_single_test_auc: number;
  global_minimum_test_accuracy: number;
  validation_chosen_single_test_accuracy: number;
  oracle_test_accuracy: number;
  mean_pairwise_jaccard: number;
  jaccard: number[][];
  combinations: CombinationResult[];
  seconds: number;
}

/** First two principal components of X (n×d), for the input-space figure when d > 2. */
function project2(X: Float64Array, n: number, d: number): { px: number[]; py: number[] } {
  if (d === 1) return { px: Array.from(X), py: Array.from({ length: n }, () => 0) };
  if (d === 2) {
    return {
      px: Array.from({ length: n }, (_, i) => X[2 * i]),
      py: Array.from({ length: n }, (_, i) => X[2 * i + 1]),
    };
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += X[i * d + k] / n;
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        C[a * d + b] += (X[i * d + a] - mean[a]) * (X[i * d + b] - mean[b]) / n;
      }
    }
  }
  const { vectors } = symmetricEigen(C, d);
  // Eigenvalues ascend: the last two columns are the leading components.
  const v1 = Array.from(vectors[d - 1]), v2 = Array.from(vectors[d - 2]);
  const dot = (v: number[], i: number) =>
    v.reduce((s, vk, k) => s + vk * (X[i * d + k] - mean[k]), 0);
  return {
    px: Array.from({ length: n }, (_, i) => dot(v1, i)),
    py: Array.from({ length: n }, (_, i) => dot(v2, i)),
  };
}

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "ensembles", {
    dataset: { type: "string" },
    hidden: { type: "string" },
    lambda: { type: "string" },
    minima: { type: "string" },
    seeds: { type: "string" },
    steps: { type: "string" },
    rescale: { type: "boolean" },
  });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const hidden = numberFlag(values, "hidden", 2, { integer: true, min: 1, max: 64 });
  const lambda = numberFlag(values, "lambda", 1e-4, { min: 0 });
  const K = numberFlag(values, "minima", 8, { integer: true, min: 2, max: 100 });
  const nSeeds = numberFlag(values, "seeds", 5, { integer: true, min: 1, max: 100 });
  const steps = numberFlag(values, "steps", common.quick ? 15 : 60, { integer: true, min: 1 });
  const datasetName = String(values.dataset ?? "circles");
  const nData = common.quick ? 400 : 600;
  const perSeed: SeedResult[] = [];
  let firstSeedFigures:
    | { data: ClassificationDataset; members: Float64Array[]; ids: number[] }
    | null = null;
  let source = "", outputs = 0, featureNames: string[] = [];
  for (let s = 0; s < nSeeds; s++) {
    const ts = performance.now();
    const seed = common.seed + s;
    // Built-in data are redrawn per seed; a CSV keeps its rows and gets a new split.
    let data = await loadClassificationData(common.data, common.target, datasetName, seed, nData);
    if (values.rescale) data = { ...data, X: rescaleInputs(data.X, data.n, data.d).X };
    source = data.source;
    featureNames = data.featureNames;
    outputs = data.classNames.length;
    if (data.n < 40) throw new UserError(`${data.source}: ${data.n} rows; ensembles needs ≥ 40`);
    const outer = trainTestSplit(data.n, { testFraction: 0.5, seed: 1000 + seed });
    const inner = trainTestSplit(outer.test.length, { testFraction: 0.5, seed: 2000 + seed });
    const train = selectClassRows(data, outer.train);
    const val = selectClassRows(data, inner.train.map((i) => outer.test[i]));
    const test = selectClassRows(data, inner.test.map((i) => outer.test[i]));
    const model = new MlpLandscape(train, { hidden, outputs, lambda });
    const ex = await exploreMlp(model, { steps, seed, label: `ensembles seed ${seed}` });
    const minima = ex.db.minima.filter((m) => m.index === 0 && !m.onBound)
      .sort((a, b) => a.energy - b.energy).slice(0, K);
    if (minima.length === 0) {
      throw new UserError(
        `seed ${seed}: basin-hopping found no verified minimum; try more --steps`,
      );
    }
    if (minima.length < 2) {
      note(
        `[ensembles] seed ${seed}: only 1 minimum found; every combination equals it (gain 0)`,
      );
    }
    const valProbs = minima.map((m) => model.predict(m.x, val.X, val.n));
    const testProbs = minima.map((m) => model.predict(m.x, test.X, test.n));
    const errs = errorSets(testProbs, test.labels, outputs);
    const J = jaccardMatrix(errs);
    let jSum = 0, jN = 0;
    for (let a = 0; a < J.length; a++) {
      for (let b = a + 1; b < J.length; b++) {
        jSum += J[a][b];
        jN++;
      }
    }
    const members = minima.map((m, k) => ({
      id: m.id,
      loss: m.energy,
      validation_accuracy: accuracy(valProbs[k], val.labels, outputs),
      test_accuracy: accuracy(testProbs[k], test.labels, outputs),
      test_auc: outputs === 2 ? rocAuc(positiveColumn(testProbs[k], test.n), test.labels) : NaN,
      test_errors: errs[k].reduce((a, b) => a + b, 0),
      log_product_hessian: m.logProductHessian,
    }));
    // With one minimum every combination reduces to it (the gain is 0, not missing).
    const combinations = combineMinima({
      validation: { ...val, probs: valProbs },
      test: { ...test, probs: testProbs },
      outputs,
      energies: minima.map((m) => m.energy),
      logProducts: minima.map((m) => m.logProductHessian),
      seed,
    });
    const byVal = members.reduce((a, b) => (b.validation_accuracy > a.validation_accuracy ? b : a));
    perSeed.push({
      seed,
      minima_found: ex.db.minima.length,
      members,
      best_single_test_accuracy: Math.max(...members.map((m) => m.test_accuracy)),
      best_single_test_auc: Math.max(...members.map((m) => m.test_auc)),
      global_minimum_test_accuracy: members[0].test_accuracy,
      validation_chosen_single_test_accuracy: byVal.test_accuracy,
      oracle_test_accuracy: oracleAccuracy(errs),
      mean_pairwise_jaccard: jN ? jSum / jN : NaN,
      jaccard: J,
      combinations,
      seconds: (performance.now() - ts) / 1000,
    });
    if (!firstSeedFigures) {
      firstSeedFigures = {
        data: test,
        members: testProbs,
        ids: members.map((m) => m.id),
      };
    }
    const bestCombo = combinations.reduce(
      (a, b) => (b.test_accuracy > a.test_accuracy ? b : a),
      { method: "-", test_accuracy: -Infinity } as CombinationResult,
    );
    note(
      `[ensembles] seed ${seed}: ${ex.db.minima.length} minima, best single ${
        fmt(perSeed.at(-1)!.best_single_test_accuracy, 3)
      }, best combination ${fmt(bestCombo.test_accuracy, 3)} (${bestCombo.method}), oracle ${
        fmt(perSeed.at(-1)!.oracle_test_accuracy, 3)
      }`,
    );
  }

  // Across seeds: each method's test accuracy and its gain over the best single minimum.
  const methods = perSeed[0].combinations.map((c) => c.method);
  const summaryRows = [
    { method: "global minimum", values: perSeed.map((r) => r.global_minimum_test_accuracy) },
    {
      method: "single minimum chosen on validation",
      values: perSeed.map((r) => r.validation_chosen_single_test_accuracy),
    },
    {
      method: "best single minimum (chosen on test)",
      values: perSeed.map((r) => r.best_single_test_accuracy),
    },
    ...methods.map((m) => ({
      method: m,
      values: perSeed.map((r) => r.combinations.find((c) => c.method === m)?.test_accuracy ?? NaN),
    })),
    { method: "oracle (any minimum right)", values: perSeed.map((r) => r.oracle_test_accuracy) },
  ].map((r) => ({ ...r, ...meanSd(r.values) }));
  const gains = methods.map((m) => {
    const d = perSeed.map((r) =>
      (r.combinations.find((c) => c.method === m)?.test_accuracy ?? NaN) -
      r.best_single_test_accuracy
    );
    const st = meanSd(d);
    return { method: m, gains: d, ...st, beats: st.mean > 0 && st.mean > st.sd };
  });
  const winners = gains.filter((g) => g.beats);
  const bestGain = gains.reduce((a, b) => (b.mean > a.mean ? b : a));
  const oracle = meanSd(perSeed.map((r) => r.oracle_test_accuracy));
  const bestComboMean = summaryRows.filter((r) => methods.includes(r.method))
    .reduce((a, b) => (b.mean > a.mean ? b : a));
  const verdict = winners.length
    ? `${winners.map((w) => w.method).join(", ")} beat${
      winners.length === 1 ? "s" : ""
    } the best single minimum (chosen on the test split, the strictest baseline): mean gain ${
      winners.map((w) => `${fmt(w.mean, 3)} ± ${fmt(w.sd, 3)}`).join(", ")
    } in test accuracy over ${nSeeds} seeds, larger than the seeds' standard deviation of the gain.`
    : `No combination beats the best single minimum by more than the seeds' spread: the largest mean gain is ${
      fmt(bestGain.mean, 3)
    } ± ${
      fmt(bestGain.sd, 3)
    } (${bestGain.method}). On these data the published effect is not reproduced.`;

  // Figures.
  const sections: Section[] = [];
  const dots = perSeed.flatMap((r) => [
    { method: "best single (test)", seed: r.seed, acc: r.best_single_test_accuracy },
    { method: "global minimum", seed: r.seed, acc: r.global_minimum_test_accuracy },
    ...r.combinations.map((c) => ({ method: c.method, seed: r.seed, acc: c.test_accuracy })),
    { method: "oracle", seed: r.seed, acc: r.oracle_test_accuracy },
  ]);
  sections.push({
    title: "Verdict",
    text: verdict +
      ` The oracle (an item counts when any of the K minima gets it right) reaches ${
        fmt(oracle.mean, 3)
      } ± ${fmt(oracle.sd, 3)}; the best combination on average (${bestComboMean.method}, ${
        fmt(bestComboMean.mean, 3)
      }) leaves a gap of ${fmt(oracle.mean - bestComboMean.mean, 3)} to it.`,
    figures: [{
      svg: plotToSvg({
        marginLeft: 210,
        x: { label: "test accuracy", grid: true },
        y: { label: null },
        color: { legend: true, type: "ordinal" },
        marks: [
          Plot.dot(dots, { x: "acc", y: "method", stroke: "seed", r: 3.5 }),
          Plot.tickX(
            summaryRows.map((r) => ({
              method: r.method.startsWith("best single")
                ? "best single (test)"
                : r.method.startsWith("oracle")
                ? "oracle"
                : r.method,
              mean: r.mean,
            })).filter((r) => dots.some((d) => d.method === r.method)),
            { x: "mean", y: "method", stroke: "black", strokeWidth: 2 },
          ),
        ],
      }),
      caption: "Test accuracy per seed (colour) and its mean (black tick).",
    }],
    tables: [{
      columns: ["method", "test accuracy mean", "sd", "min", "max"],
      rows: summaryRows.map((r) => [r.method, r.mean, r.sd, r.min, r.max]),
    }, {
      columns: ["combination", "gain over best single: mean", "sd", "min", "beats (mean > sd > 0)"],
      rows: gains.map((g) => [g.method, g.mean, g.sd, g.min, g.beats ? "yes" : "no"]),
    }],
  });
  const first = perSeed[0];
  if (firstSeedFigures && first.members.length >= 2) {
    const f = firstSeedFigures;
    const J = first.jaccard;
    const cells = J.flatMap((row, a) => row.map((v, b) => ({ a: `#${a + 1}`, b: `#${b + 1}`, v })));
    const { px, py } = project2(f.data.X, f.data.n, f.data.d);
    const points = f.members.flatMap((p, k) =>
      Array.from({ length: f.data.n }, (_, i) => ({
        member: `#${k + 1} (${fmt(first.members[k].test_accuracy, 3)})`,
        x: px[i],
        y: py[i],
        right: argmaxRow(p, i, outputs) === f.data.labels[i] ? "right" : "wrong",
      }))
    );
    const counts = misclassificationCounts(errorSets(f.members, f.data.labels, outputs));
    const hist = Array.from({ length: f.members.length + 1 }, (_, c) => ({
      c,
      items: counts.filter((v) => v === c).length,
    }));
    sections.push({
      title: `Specialisation (seed ${first.seed})`,
      text:
        `The ${f.members.length} lowest minima (#1 = global minimum). Mean pairwise Jaccard overlap of their test error sets: ${
          fmt(first.mean_pairwise_jaccard, 3)
        } (1 = the same items wrong, 0 = disjoint).`,
      figures: [{
        svg: plotToSvg({
          marginLeft: 40,
          width: 420,
          height: 380,
          x: { label: null },
          y: { label: null },
          color: {
            type: "quantize",
            n: 5,
            domain: [0, 1],
            scheme: "blues",
            legend: true,
            label: "Jaccard",
          },
          marks: [
            Plot.cell(cells, { x: "a", y: "b", fill: "v" }),
            Plot.text(cells, {
              x: "a",
              y: "b",
              text: (d: { v: number }) => d.v.toFixed(2),
              fill: { value: (d: { v: number }) => (d.v > 0.6 ? "white" : "black"), scale: null },
              fontSize: 9,
            }),
          ],
        }),
        caption: "Jaccard overlap of the error sets of each pair of minima (test split).",
      }, {
        svg: plotToSvg({
          width: 900,
          height: 160 * Math.ceil(f.members.length / 4),
          fx: { label: null, axis: null },
          fy: { label: null, axis: null },
          x: { label: f.data.d === 2 ? featureNames[0] : "PC 1" },
          y: { label: f.data.d === 2 ? featureNames[1] : "PC 2" },
          color: { domain: ["right", "wrong"], range: ["#bbb", "#d62728"], legend: true },
          marks: [
            Plot.dot(points, {
              x: "x",
              y: "y",
              fill: "right",
              r: 2,
              fx: (_d: unknown, i: number) => Math.floor(i / f.data.n) % 4,
              fy: (_d: unknown, i: number) => Math.floor(Math.floor(i / f.data.n) / 4),
            }),
            Plot.text(
              f.members.map((_, k) => ({ k, label: points[k * f.data.n].member })),
              {
                fx: (d: { k: number }) => d.k % 4,
                fy: (d: { k: number }) => Math.floor(d.k / 4),
                frameAnchor: "top-left",
                text: "label",
                dx: 4,
                dy: 4,
              },
            ),
          ],
        }),
        caption: `Where each minimum is right (grey) or wrong (red) on the test items${
          f.data.d === 2 ? "" : ", projected on the first two principal components of the inputs"
        }. Panel titles: minimum rank (test accuracy).`,
      }, {
        svg: plotToSvg({
          x: { label: "number of minima that misclassify the item" },
          y: { label: "test items", grid: true },
          marks: [Plot.barY(hist, { x: "c", y: "items", fill: "#1f77b4" })],
        }),
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
  sections.push({
    title: "Per seed",
    tables: [{
      columns: [
        "seed",
        "minima found",
        "best single",
        ...methods,
        "oracle",
        "mean Jaccard",
        "seconds",
      ],
      rows: perSeed.map((r) => [
        r.seed,
        r.minima_found,
        r.best_single_test_accuracy,
        ...methods.map((m) => r.combinations.find((c) => c.method === m)?.test_accuracy ?? NaN),
        r.oracle_test_accuracy,
        r.mean_pairwise_jaccard,
        r.seconds,
      ]),
    }],
  });
  const timings = { total: (performance.now() - t0) / 1000 };
  const device = `CPU float64 (${describeBackend(backend)})`;
  const results = {
    task: "ensembles",
    data: {
      source,
      features: featureNames,
      outputs,
      splits: "50% train / 25% validation / 25% test",
    },
    network: { hidden, lambda, loss: "ce" },
    members_per_seed: K,
    seeds: perSeed,
    summary: summaryRows.map(({ method, mean, sd, min, max }) => ({ method, mean, sd, min, max })),
    gains_over_best_single: gains,
    oracle: oracle,
    gap_oracle_to_best_combination: oracle.mean - bestComboMean.mean,
    verdict,
    device,
    timings,
  };
  const paths = await writeReport(common.out, {
    title: `Ensembles of minima (${hidden} hidden units, ${source})`,
    task: "ensembles",
    summary: verdict,
    params: {
      data: source,
      hidden,
      lambda,
      minima: K,
      seeds: nSeeds,
      steps,
      first_seed: common.seed,
      quick: common.quick,
    },
    timings,
    device,
    sections,
  }, results);
  note(`[ensembles] ${verdict}`);
  note(`[ensembles] wrote ${paths.html} and ${paths.json}`);
}

if (import.meta.main) runMain(main);
