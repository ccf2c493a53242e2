/**
 * The loss-choice study (MISSION.md, study 4): for several seeds, the same network, data and
 * exploration effort under cross-entropy and under −appAUC (+ λ‖w‖²): minima and transition states,
 * Hessian spectra of the minima, barriers, test AUC per minimum, and robustness (test AUC under
 * weight and input noise) of the low minima; a verdict compares each figure with the published
 * direction. Schema: docs/auc-vs-ce.md.
 * @module
 */
import { classificationMap, type LandscapeData, landscapeData } from "../report/interactive.ts";
import {
  type ClassificationDataset,
  rescaleInputs,
  selectClassRows,
} from "../data/classification.ts";
import { duplicateWarning, splitKeepingDuplicates } from "../data/transform.ts";
import { connectivity } from "../landscape/analysis.ts";
import {
  type DisconnectivityGraph,
  disconnectivityGraph,
  zoomedFirstLevel,
} from "../landscape/disconnectivity.ts";
import { MlpLandscape } from "../models/mlp.ts";
import { fmt } from "../report/html.ts";
import { UserError } from "../util/errors.ts";
import { meanSd, median } from "../util/stats.ts";
import type { RunContext } from "./context.ts";
import { exploreMlp, type MinimumMetrics, minimumMetrics } from "./nn_explore.ts";
import { perturbationCurve } from "./robustness.ts";

/** The two losses compared. */
export const LOSSES = ["ce", "auc"] as const;
/** A loss of {@link LOSSES}. */
export type Loss = typeof LOSSES[number];
/** Display names of the losses. */
export const LOSS_LABEL: Record<Loss, string> = { ce: "cross-entropy", auc: "appAUC" };
/** Noise scales σ of the robustness curves. */
export const NOISE_SCALES: readonly number[] = [0, 0.02, 0.05, 0.1, 0.2, 0.5];

/** Options of {@link runAucVsCe}. */
export interface AucVsCeOptions {
  /** Hidden units. */
  hidden: number;
  /** Weight penalty λ. */
  lambda: number;
  /** appAUC steepness β. */
  beta: number;
  /** Number of seeds. */
  seeds: number;
  /** Basin-hopping steps per walker. */
  steps: number;
  /** Connection attempts per landscape. */
  connectAttempts: number;
  /** A spent budget is raised to this many attempts per stored minimum (`exploreMlp`) [2]. */
  connectPerMinimum?: number;
  /** Robustness of the K lowest minima. */
  low: number;
  /** First seed. */
  seed: number;
  /** Rescale inputs to [−1, 1]. */
  rescale: boolean;
  /** Noise draws per scale. */
  repeats: number;
}

/** Per-minimum metrics with eigenvalue summaries. */
export type AucMinimumRow = MinimumMetrics & {
  mean_eigenvalue: number;
  largest_eigenvalue: number;
};

/** One (seed, loss) landscape. */
export interface LandscapeRun {
  /** Seed. */
  seed: number;
  /** Loss. */
  loss: Loss;
  /** Distinct minima. */
  minima: number;
  /** Transition states. */
  transition_states: number;
  /** Share of the minima joined to the global minimum. */
  connected_fraction: number;
  /** Connection attempts. */
  connection_attempts: number;
  /** The attempt budget in the end (`--connect`, raised while the landscape was not connected). */
  connection_budget: number;
  /** Attempts that gave a verified transition state. */
  connection_successes: number;
  /** Per minimum. */
  per_minimum: AucMinimumRow[];
  /** Barriers from both sides of every transition state. */
  barriers: number[];
  /** Test AUC of the global minimum. */
  global_minimum_test_auc: number;
  /** Mean test AUC of the low minima. */
  low_minima_mean_test_auc: number;
  /** Mean over the low minima of test AUC at each scale. */
  robustness: { weights: number[]; inputs: number[] };
  /** Wall-clock seconds. */
  seconds: number;
}

/** Mean and spread over seeds. */
export type Spread = { mean: number; sd: number; min: number; max: number };

/** Aggregates of one loss over seeds. */
export interface LossFigures {
  /** Loss. */
  loss: Loss;
  /** Minima. */
  minima: Spread;
  /** Transition states. */
  transition_states: Spread;
  /** Median largest Hessian eigenvalue. */
  median_largest_eigenvalue: Spread;
  /** Median mean Hessian eigenvalue. */
  median_mean_eigenvalue: Spread;
  /** Median log-product of eigenvalues. */
  median_log_product: Spread;
  /** Median barrier. */
  median_barrier: Spread;
  /** Global minimum's test AUC. */
  global_minimum_test_auc: Spread;
  /** Mean test AUC of the low minima. */
  low_minima_mean_test_auc: Spread;
  /** AUC lost under weight noise at σ = 0.1. */
  auc_drop_weights: Spread;
  /** AUC lost under input noise at σ = 0.1. */
  auc_drop_inputs: Spread;
  /** Robustness curve under weight noise. */
  robustness_weights: Spread[];
  /** Robustness curve under input noise. */
  robustness_inputs: Spread[];
}

/** One published claim and whether the numbers agree. */
export interface Claim {
  /** The claim. */
  claim: string;
  /** Cross-entropy's figure. */
  ce: Spread;
  /** appAUC's figure. */
  auc: Spread;
  /** Whether the direction agrees. */
  agrees: boolean;
}

/** Everything the study computed. */
export interface AucVsCeResult {
  /** Options. */
  options: AucVsCeOptions;
  /** Data source. */
  source: string;
  /** Per (seed, loss). */
  runs: LandscapeRun[];
  /** The first seed's graphs and minima, per loss. */
  firstDbs: Partial<
    Record<Loss, {
      graph: DisconnectivityGraph;
      rows: MinimumMetrics[];
      view: LandscapeData;
      /** The zoomed top level and how many joined minima lie above it (not drawn). */
      zoom?: { top: number; hidden: number };
    }>
  >;
  /** Aggregates per loss. */
  figures: LossFigures[];
  /** Claims. */
  claims: Claim[];
  /** Verdict sentence. */
  verdict: string;
}

async function oneLandscape(
  train: ClassificationDataset,
  test: ClassificationDataset,
  seed: number,
  loss: Loss,
  o: AucVsCeOptions,
  first: boolean,
): Promise<
  {
    run: LandscapeRun;
    first: {
      graph: DisconnectivityGraph;
      rows: MinimumMetrics[];
      view: LandscapeData;
      /** The zoomed top level and how many joined minima lie above it (not drawn). */
      zoom?: { top: number; hidden: number };
    } | null;
  }
> {
  const ts = performance.now();
  const model = new MlpLandscape(train, {
    hidden: o.hidden,
    outputs: 2,
    lambda: o.lambda,
    loss,
    beta: o.beta,
  });
  const ex = await exploreMlp(model, {
    steps: o.steps,
    seed,
    connectAttempts: o.connectAttempts,
    connectPerMinimum: o.connectPerMinimum,
    label: `auc-vs-ce seed ${seed} ${loss}`,
  });
  const db = ex.db;
  const rows = minimumMetrics(model, db, train, test).map((r) => ({
    ...r,
    mean_eigenvalue: r.eigenvalues.reduce((a, b) => a + b, 0) / r.eigenvalues.length,
    largest_eigenvalue: r.eigenvalues[r.eigenvalues.length - 1],
  }));
  const barriers = db.transitionStates.flatMap((t) =>
    t.minima.map((i) => t.energy - db.minima[i].energy)
  );
  const low = rows.slice(0, o.low);
  const curve = (kind: "weights" | "inputs") => {
    const sums = NOISE_SCALES.map(() => 0);
    for (const r of low) {
      const c = perturbationCurve(model, db.minima[r.id].x, test, kind, [...NOISE_SCALES], {
        repeats: o.repeats,
        seed: seed * 7919 + r.id,
      });
      c.forEach((v, k) => (sums[k] += v / low.length));
    }
    return sums;
  };
  const run: LandscapeRun = {
    seed,
    loss,
    minima: db.minima.length,
    transition_states: db.transitionStates.length,
    connected_fraction: connectivity(db).fraction,
    connection_attempts: ex.attempts,
    connection_budget: ex.budget,
    connection_successes: ex.successes,
    per_minimum: rows,
    barriers,
    global_minimum_test_auc: rows[0].test_auc,
    low_minima_mean_test_auc: low.reduce((a, r) => a + r.test_auc, 0) / low.length,
    robustness: { weights: curve("weights"), inputs: curve("inputs") },
    seconds: (performance.now() - ts) / 1000,
  };
  if (!first) return { run, first: null };
  // The report's interactive graph: paths, basins and each drawn minimum's test predictions.
  // Zoomed onto the bulk of the minima when a few high ones would squeeze the rest (stated in
  // the caption with the number left out).
  const top = zoomedFirstLevel(db);
  const gmE = db.globalMinimum()!.energy;
  const graph = disconnectivityGraph(
    db,
    top === undefined ? { levels: 30 } : { levels: 30, firstLevel: top, delta: (top - gmE) / 30 },
  );
  const shown = graph.leaves.map((l) => l.minimum);
  const map = classificationMap({
    predict: (w, X, n) => model.predict(w, X, n),
    minima: shown.map((id) => ({ id, x: db.minima[id].x })),
    X: test.X,
    n: test.n,
    d: test.d,
    labels: test.labels,
    featureNames: test.featureNames,
    classNames: test.classNames,
  });
  const view = landscapeData(db, shown, `${LOSS_LABEL[loss]} loss`, { map });
  const zoom = top === undefined ? undefined : {
    top,
    hidden: connectivity(db).connected - graph.leaves.length,
  };
  return { run, first: { graph, rows, view, ...(zoom ? { zoom } : {}) } };
}

/** Aggregates of one loss's runs. */
function lossFigures(loss: Loss, rs: LandscapeRun[]): LossFigures {
  const mid = NOISE_SCALES.indexOf(0.1);
  return {
    loss,
    minima: meanSd(rs.map((r) => r.minima)),
    transition_states: meanSd(rs.map((r) => r.transition_states)),
    median_largest_eigenvalue: meanSd(
      rs.map((r) => median(r.per_minimum.map((m) => m.largest_eigenvalue))),
    ),
    median_mean_eigenvalue: meanSd(
      rs.map((r) => median(r.per_minimum.map((m) => m.mean_eigenvalue))),
    ),
    median_log_product: meanSd(
      rs.map((r) => median(r.per_minimum.map((m) => m.log_product_hessian))),
    ),
    median_barrier: meanSd(rs.map((r) => median(r.barriers))),
    global_minimum_test_auc: meanSd(rs.map((r) => r.global_minimum_test_auc)),
    low_minima_mean_test_auc: meanSd(rs.map((r) => r.low_minima_mean_test_auc)),
    auc_drop_weights: meanSd(rs.map((r) => r.robustness.weights[0] - r.robustness.weights[mid])),
    auc_drop_inputs: meanSd(rs.map((r) => r.robustness.inputs[0] - r.robustness.inputs[mid])),
    robustness_weights: NOISE_SCALES.map((_, k) => meanSd(rs.map((r) => r.robustness.weights[k]))),
    robustness_inputs: NOISE_SCALES.map((_, k) => meanSd(rs.map((r) => r.robustness.inputs[k]))),
  };
}

/** The claims of the published comparison, each checked against the figures. */
function checkClaims(ce: LossFigures, auc: LossFigures): Claim[] {
  const claim = (text: string, key: keyof LossFigures): Claim => {
    const a = ce[key] as Spread, b = auc[key] as Spread;
    return { claim: text, ce: a, auc: b, agrees: b.mean > a.mean };
  };
  return [
    claim("appAUC gives a higher test AUC (global minimum)", "global_minimum_test_auc"),
    claim("appAUC gives a higher test AUC (mean of the low minima)", "low_minima_mean_test_auc"),
    claim("appAUC's landscape has more minima (equal effort)", "minima"),
    claim(
      "appAUC's minima have larger Hessian eigenvalues (median largest)",
      "median_largest_eigenvalue",
    ),
    claim(
      "appAUC's low minima lose more test AUC under weight noise (σ = 0.1·rms w)",
      "auc_drop_weights",
    ),
    claim(
      "appAUC's low minima lose more test AUC under input noise (σ = 0.1·sd)",
      "auc_drop_inputs",
    ),
  ];
}

/** `mean ± sd` as the report prints it. */
export function plusMinus(v: { mean: number; sd: number }, digits = 3): string {
  return `${fmt(v.mean, digits)} ± ${fmt(v.sd, 2)}`;
}

/**
 * Runs the study. `loadData(seed)` gives each seed's data (built-in data are redrawn per seed; a
 * CSV keeps its rows and gets a new 70/30 split).
 */
export async function runAucVsCe(
  loadData: (seed: number) => Promise<ClassificationDataset>,
  o: AucVsCeOptions,
  ctx: RunContext,
): Promise<AucVsCeResult> {
  const runs: LandscapeRun[] = [];
  const firstDbs: AucVsCeResult["firstDbs"] = {};
  let source = "";
  for (let s = 0; s < o.seeds; s++) {
    const seed = o.seed + s;
    let data = await loadData(seed);
    if (data.classNames.length !== 2) {
      throw new UserError(
        `${data.source}: auc-vs-ce needs a binary problem, the labels have ${data.classNames.length} classes`,
      );
    }
    if (o.rescale) data = { ...data, X: rescaleInputs(data.X, data.n, data.d).X };
    source = data.source;
    const split = splitKeepingDuplicates(data.X, data.n, data.d, {
      testFraction: 0.3,
      seed: 3000 + seed,
    });
    if (split.duplicates && s === 0) ctx.log(duplicateWarning(split.duplicates));
    const train = selectClassRows(data, split.train), test = selectClassRows(data, split.test);
    for (const loss of LOSSES) {
      const r = await ctx.step(
        `seed-${seed}-${loss}`,
        () => oneLandscape(train, test, seed, loss, o, s === 0),
      );
      runs.push(r.run);
      if (r.first) firstDbs[loss] = r.first;
      ctx.log(
        `seed ${seed} ${
          LOSS_LABEL[loss]
        }: ${r.run.minima} minima, ${r.run.transition_states} transition states, global-minimum test AUC ${
          fmt(r.run.global_minimum_test_auc, 4)
        }`,
      );
    }
  }
  const figures = LOSSES.map((loss) => lossFigures(loss, runs.filter((r) => r.loss === loss)));
  const [ce, auc] = figures;
  const claims = checkClaims(ce, auc);
  const disagree = claims.filter((c) => !c.agrees);
  const verdict = disagree.length === 0
    ? `Every figure reproduces the published direction over ${o.seeds} seeds: appAUC reaches a higher test AUC, but its landscape has more minima with larger Hessian eigenvalues, and its low minima lose more AUC under noise — cross-entropy is the more robust choice.`
    : `${
      claims.length - disagree.length
    } of ${claims.length} figures follow the published direction over ${o.seeds} seeds; these do not: ${
      disagree.map((c) =>
        `${c.claim} (cross-entropy ${plusMinus(c.ce)}, appAUC ${plusMinus(c.auc)})`
      ).join("; ")
    }.`;
  return { options: o, source, runs, firstDbs, figures, claims, verdict };
}

/** The results.json object (docs/auc-vs-ce.md), without `device` and `timings`. */
export function aucVsCeResults(r: AucVsCeResult): Record<string, unknown> {
  const o = r.options;
  return {
    task: "auc-vs-ce",
    data: { source: r.source, test_fraction: 0.3 },
    network: { hidden: o.hidden, outputs: 2, lambda: o.lambda, beta: Math.min(o.beta, 500) },
    effort: {
      steps_per_walker: o.steps,
      walkers: 4,
      connection_attempts: o.connectAttempts,
      connection_per_minimum: o.connectPerMinimum ?? 2,
    },
    noise_scales: NOISE_SCALES,
    low_minima: o.low,
    figures: r.figures,
    claims: r.claims,
    verdict: r.verdict,
    runs: r.runs,
  };
}
