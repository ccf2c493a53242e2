/**
 * The ensembles study (MISSION.md, study 3): minima that specialise, and ensembles built from
 * them. For each of several seeds: basin-hopping over an under-parameterised MLP's loss landscape
 * (symmetry-equivalent minima merged), the K lowest minima's error sets on the test split, their
 * overlaps and the oracle bound, and combinations fitted on a validation split and scored on the
 * test split. Schema: docs/ensembles.md.
 * @module
 */
import { connectivity } from "../landscape/analysis.ts";
import {
  type ClassificationDataset,
  rescaleInputs,
  selectClassRows,
} from "../data/classification.ts";
import { duplicateGroups, duplicateWarning, trainTestSplit } from "../data/transform.ts";
import { symmetricEigen } from "../landscape/hessian.ts";
import { accuracy, rocAuc } from "../models/classification_metrics.ts";
import { MlpLandscape } from "../models/mlp.ts";
import { fmt } from "../report/html.ts";
import { UserError } from "../util/errors.ts";
import { meanSd } from "../util/stats.ts";
import type { RunContext } from "./context.ts";
import {
  type CombinationResult,
  combineMinima,
  errorSets,
  jaccardMatrix,
  oracleAccuracy,
} from "./ensemble_methods.ts";
import { exploreMlp, positiveColumn } from "./nn_explore.ts";

/** Options of {@link runEnsembles}. */
export interface EnsemblesOptions {
  /** Hidden units. */
  hidden: number;
  /** Weight penalty λ. */
  lambda: number;
  /** Members per ensemble: the K lowest minima. */
  minima: number;
  /** Number of seeds. */
  seeds: number;
  /** Basin-hopping steps per walker. */
  steps: number;
  /** First seed. */
  seed: number;
  /** Rescale inputs to [−1, 1]. */
  rescale: boolean;
  /** Connection-attempt budget per seed (connect until connected or spent) [0]. */
  connect?: number;
  /** A spent budget is raised to this many attempts per stored minimum (`exploreMlp`) [2]. */
  connectPerMinimum?: number;
}

/** One member of one seed's ensemble. */
export interface EnsembleMemberRow {
  /** Minimum id. */
  id: number;
  /** Training loss. */
  loss: number;
  /** Validation accuracy. */
  validation_accuracy: number;
  /** Test accuracy. */
  test_accuracy: number;
  /** Test AUC (binary; NaN otherwise). */
  test_auc: number;
  /** Misclassified test items. */
  test_errors: number;
  /** Σ ln λ of its Hessian. */
  log_product_hessian: number;
}

/** One seed's results. */
export interface EnsembleSeedResult {
  /** The seed. */
  seed: number;
  /** Distinct minima found. */
  minima_found: number;
  /** The seed's landscape: transition states, and how much of it is joined to the global minimum. */
  connection: {
    attempts: number;
    transition_states: number;
    connected_minima: number;
    connected_fraction: number;
  };
  /** The K lowest minima. */
  members: EnsembleMemberRow[];
  /** Best member's test accuracy (chosen on test: the strictest baseline). */
  best_single_test_accuracy: number;
  /** Best member's test AUC. */
  best_single_test_auc: number;
  /** The global minimum's test accuracy. */
  global_minimum_test_accuracy: number;
  /** Test accuracy of the member with the best validation accuracy. */
  validation_chosen_single_test_accuracy: number;
  /** Share of test items some member gets right. */
  oracle_test_accuracy: number;
  /** Mean Jaccard overlap of the members' error sets. */
  mean_pairwise_jaccard: number;
  /** Jaccard overlaps. */
  jaccard: number[][];
  /** Combinations and their scores. */
  combinations: CombinationResult[];
  /** Wall-clock seconds. */
  seconds: number;
}

/** The first seed's test split and member predictions, for the specialisation figures. */
export interface SpecialisationData {
  /** Test rows. */
  data: ClassificationDataset;
  /** Member probabilities on the test rows (n×O each). */
  members: Float64Array[];
  /** Member ids. */
  ids: number[];
  /** Inputs projected to 2-D (the inputs themselves when d ≤ 2, else the first two PCs). */
  px: number[];
  /** Second coordinate. */
  py: number[];
}

/** A method's test accuracy over seeds. */
export interface MethodSummary {
  /** Method name. */
  method: string;
  /** Per-seed values. */
  values: number[];
  /** Mean. */
  mean: number;
  /** Standard deviation. */
  sd: number;
  /** Smallest. */
  min: number;
  /** Largest. */
  max: number;
}

/** A combination's gain over the best single minimum, over seeds. */
export interface MethodGain {
  /** Method name. */
  method: string;
  /** Per-seed gains. */
  gains: number[];
  /** Mean gain. */
  mean: number;
  /** Standard deviation. */
  sd: number;
  /** Smallest. */
  min: number;
  /** Largest. */
  max: number;
  /** Mean > sd > 0. */
  beats: boolean;
}

/** Everything the study computed. */
export interface EnsemblesResult {
  /** The options. */
  options: EnsemblesOptions;
  /** Data source. */
  source: string;
  /** Feature names. */
  featureNames: string[];
  /** Classes. */
  outputs: number;
  /** Per seed. */
  perSeed: EnsembleSeedResult[];
  /** The first seed's figures' data. */
  specialisation: SpecialisationData | null;
  /** Combination methods, in order. */
  methods: string[];
  /** Test accuracy per method over seeds. */
  summaryRows: MethodSummary[];
  /** Gains over the best single minimum. */
  gains: MethodGain[];
  /** Oracle accuracy over seeds. */
  oracle: { mean: number; sd: number; min: number; max: number };
  /** The combination with the best mean. */
  bestComboMean: MethodSummary;
  /** The verdict sentence. */
  verdict: string;
  /**
   * Relative test-AUC gain of each combination over the best single minimum's test AUC
   * ((AUC − best)/best), over seeds; empty unless the problem is binary.
   */
  relativeAucGains: { method: string; mean: number; sd: number; min: number; max: number }[];
}

/** First two principal components of X (n×d), for the input-space figure when d > 2. */
export function project2(X: Float64Array, n: number, d: number): { px: number[]; py: number[] } {
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

/** One seed: data, splits, exploration, members, combinations. */
async function oneSeed(
  data0: ClassificationDataset,
  seed: number,
  o: EnsemblesOptions,
  ctx: RunContext,
): Promise<{ result: EnsembleSeedResult; figures: SpecialisationData }> {
  const ts = performance.now();
  const data = o.rescale ? { ...data0, X: rescaleInputs(data0.X, data0.n, data0.d).X } : data0;
  const outputs = data.classNames.length;
  if (data.n < 40) throw new UserError(`${data.source}: ${data.n} rows; ensembles needs ≥ 40`);
  // Rows with identical inputs stay on one side of both splits.
  const dup = duplicateGroups(data.X, data.n, data.d);
  if (dup.duplicates) ctx.log(duplicateWarning(dup.duplicates));
  const outer = trainTestSplit(data.n, {
    testFraction: 0.5,
    seed: 1000 + seed,
    groups: dup.groups,
  });
  const inner = trainTestSplit(outer.test.length, {
    testFraction: 0.5,
    seed: 2000 + seed,
    groups: outer.test.map((i) => dup.groups[i]),
  });
  const train = selectClassRows(data, outer.train);
  const val = selectClassRows(data, inner.train.map((i) => outer.test[i]));
  const test = selectClassRows(data, inner.test.map((i) => outer.test[i]));
  const model = new MlpLandscape(train, { hidden: o.hidden, outputs, lambda: o.lambda });
  const ex = await exploreMlp(model, {
    steps: o.steps,
    seed,
    label: `ensembles seed ${seed}`,
    connectAttempts: o.connect ?? 0,
    connectPerMinimum: o.connectPerMinimum,
  });
  const conn = connectivity(ex.db);
  const minima = ex.db.minima.filter((m) => m.index === 0 && !m.onBound)
    .sort((a, b) => a.energy - b.energy).slice(0, o.minima);
  if (minima.length === 0) {
    throw new UserError(`seed ${seed}: basin-hopping found no verified minimum; try more --steps`);
  }
  if (minima.length < 2) {
    ctx.log(`seed ${seed}: only 1 minimum found; every combination equals it (gain 0)`);
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
  const members = minima.map((m, k): EnsembleMemberRow => ({
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
  const result: EnsembleSeedResult = {
    seed,
    minima_found: ex.db.minima.length,
    connection: {
      attempts: ex.attempts,
      transition_states: ex.db.transitionStates.length,
      connected_minima: conn.connected,
      connected_fraction: conn.fraction,
    },
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
  };
  const bestCombo = combinations.reduce(
    (a, b) => (b.test_accuracy > a.test_accuracy ? b : a),
    { method: "-", test_accuracy: -Infinity } as CombinationResult,
  );
  ctx.log(
    `seed ${seed}: ${ex.db.minima.length} minima, best single ${
      fmt(result.best_single_test_accuracy, 3)
    }, best combination ${fmt(bestCombo.test_accuracy, 3)} (${bestCombo.method}), oracle ${
      fmt(result.oracle_test_accuracy, 3)
    }`,
  );
  const { px, py } = project2(test.X, test.n, test.d);
  return {
    result,
    figures: { data: test, members: testProbs, ids: members.map((m) => m.id), px, py },
  };
}

/**
 * Runs the study. `loadData(seed)` gives the data of one seed (built-in data are redrawn per
 * seed; a CSV keeps its rows and gets a new split).
 */
export async function runEnsembles(
  loadData: (seed: number) => Promise<ClassificationDataset>,
  o: EnsemblesOptions,
  ctx: RunContext,
): Promise<EnsemblesResult> {
  const perSeed: EnsembleSeedResult[] = [];
  let specialisation: SpecialisationData | null = null;
  let source = "", outputs = 0, featureNames: string[] = [];
  for (let s = 0; s < o.seeds; s++) {
    const seed = o.seed + s;
    const data = await loadData(seed);
    source = data.source;
    featureNames = data.featureNames;
    outputs = data.classNames.length;
    const r = await ctx.step(`seed-${seed}`, () => oneSeed(data, seed, o, ctx));
    perSeed.push(r.result);
    specialisation ??= r.figures;
  }

  // Across seeds: each method's test accuracy and its gain over the best single minimum.
  const methods = perSeed[0].combinations.map((c) => c.method);
  const accOf = (r: EnsembleSeedResult, m: string) =>
    r.combinations.find((c) => c.method === m)?.test_accuracy ?? NaN;
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
    ...methods.map((m) => ({ method: m, values: perSeed.map((r) => accOf(r, m)) })),
    { method: "oracle (any minimum right)", values: perSeed.map((r) => r.oracle_test_accuracy) },
  ].map((r) => ({ ...r, ...meanSd(r.values) }));
  const gains = methods.map((m): MethodGain => {
    const d = perSeed.map((r) => accOf(r, m) - r.best_single_test_accuracy);
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
    } in test accuracy over ${o.seeds} seeds, larger than the seeds' standard deviation of the gain.`
    : `No combination beats the best single minimum by more than the seeds' spread: the largest mean gain is ${
      fmt(bestGain.mean, 3)
    } ± ${
      fmt(bestGain.sd, 3)
    } (${bestGain.method}). On these data the published effect is not reproduced.`;
  const relativeAucGains = outputs === 2
    ? methods.map((m) => ({
      method: m,
      ...meanSd(perSeed.map((r) =>
        ((r.combinations.find((c) => c.method === m)?.test_auc ?? NaN) - r.best_single_test_auc) /
        r.best_single_test_auc
      )),
    }))
    : [];
  return {
    relativeAucGains,
    options: o,
    source,
    featureNames,
    outputs,
    perSeed,
    specialisation,
    methods,
    summaryRows,
    gains,
    oracle,
    bestComboMean,
    verdict,
  };
}

/** The results.json object (docs/ensembles.md), without `device` and `timings`. */
export function ensemblesResults(r: EnsemblesResult): Record<string, unknown> {
  return {
    task: "ensembles",
    data: {
      source: r.source,
      features: r.featureNames,
      outputs: r.outputs,
      splits: "50% train / 25% validation / 25% test",
    },
    network: { hidden: r.options.hidden, lambda: r.options.lambda, loss: "ce" },
    members_per_seed: r.options.minima,
    seeds: r.perSeed,
    summary: r.summaryRows.map(({ method, mean, sd, min, max }) => ({
      method,
      mean,
      sd,
      min,
      max,
    })),
    gains_over_best_single: r.gains,
    oracle: r.oracle,
    gap_oracle_to_best_combination: r.oracle.mean - r.bestComboMean.mean,
    relative_test_auc_gain_over_best_single: r.relativeAucGains,
    verdict: r.verdict,
  };
}
