/**
 * The interpretability study (MISSION.md, study 5): feature relevance from monotonic sequence
 * basins and conserved weights. Per seed: explore an MLP landscape (basin-hopping + connection, so
 * the minima are linked by transition states), group the minima into MSBs, find the weights
 * conserved within basins (msb_relevance.ts states the criterion), score each input from its
 * conserved input-layer weights, and compare with permutation importance of the global minimum and
 * of an ensemble of the lowest minima. On synthetic data with known roles the rankings are scored
 * by AUROC against the truth. Schema: docs/feature-relevance.md.
 * @module
 */
import {
  type ClassificationDataset,
  type FeatureRole,
  rescaleInputs,
  selectClassRows,
} from "../data/classification.ts";
import { duplicateWarning, splitKeepingDuplicates } from "../data/transform.ts";
import { connectivity } from "../landscape/analysis.ts";
import { MlpLandscape } from "../models/mlp.ts";
import { fmt } from "../report/html.ts";
import { UserError } from "../util/errors.ts";
import { meanSd } from "../util/stats.ts";
import type { RunContext } from "./context.ts";
import {
  CONSERVED_RATIO,
  msbFeatureRelevance,
  permutationImportance,
  rankingAuroc,
} from "./msb_relevance.ts";
import { exploreMlp } from "./nn_explore.ts";

/** The three rankings compared. */
export const METHODS = [
  "MSB conserved weights",
  "permutation (global minimum)",
  "permutation (5 lowest minima)",
] as const;

/** One seed of one data set. */
export interface RelevanceRun {
  /** Seed. */
  seed: number;
  /** Minima found. */
  minima: number;
  /** Transition states found. */
  transition_states: number;
  /** Share of the minima joined to the global minimum. */
  connected_fraction: number;
  /** Basins that entered the relevance. */
  basins_used: number;
  /** True when no basin had two minima (magnitudes only). */
  no_spread_information: boolean;
  /** Scores per method, per input. */
  scores: Record<string, number[]>;
  /** Spread of the MSB relevance over basins, per input. */
  msb_uncertainty: number[];
  /** AUROC of each method, relevant vs irrelevant inputs. */
  auroc_relevant_vs_irrelevant: Record<string, number>;
  /** AUROC of each method, informative (relevant or redundant) vs irrelevant. */
  auroc_informative_vs_irrelevant: Record<string, number>;
  /** Per basin: bottom, minima, conserved input weights, relevance. */
  basins: {
    bottom: number;
    minima: number[];
    conserved_input_weights: number;
    relevance: number[];
  }[];
  /** Seconds. */
  seconds: number;
}

/** One data set over its seeds. */
export interface RelevanceStudyResult {
  /** Data source. */
  source: string;
  /** Input names. */
  features: string[];
  /** Known roles (synthetic data) or null. */
  roles: FeatureRole[] | null;
  /** Per seed. */
  runs: RelevanceRun[];
  /** Mean and sd over seeds of each method's scores. */
  mean_scores: Record<string, { mean: number[]; sd: number[] }>;
  /** AUROC over seeds per method (null without known roles). */
  auroc: Record<string, { mean: number; sd: number; min: number; perfect_runs: number }> | null;
  /** First seed's basins: ratio map for the figure. */
  firstRatios: { basin: string; weight: string; ratio: number; conserved: boolean }[];
}

/** Options of {@link runRelevanceStudy}. */
export interface FeatureRelevanceOptions {
  /** Number of seeds. */
  seeds: number;
  /** First seed. */
  firstSeed: number;
  /** Hidden units. */
  hidden: number;
  /** Weight penalty λ. */
  lambda: number;
  /** Basin-hopping steps per walker. */
  steps: number;
  /** Connection attempts. */
  connect: number;
  /** A spent budget is raised to this many attempts per stored minimum (`exploreMlp`) [2]. */
  connectPerMinimum?: number;
  /** Rescale inputs to [−1, 1]. */
  rescale: boolean;
}

/**
 * One data set over its seeds: `make(seed)` gives its rows (redrawn per seed for synthetic data).
 */
export async function runRelevanceStudy(
  name: string,
  make: (seed: number) => Promise<ClassificationDataset & { roles?: FeatureRole[] }>,
  opts: FeatureRelevanceOptions,
  ctx: RunContext,
): Promise<RelevanceStudyResult> {
  const runs: RelevanceRun[] = [];
  let source = "", features: string[] = [], roles: FeatureRole[] | null = null;
  let firstRatios: RelevanceStudyResult["firstRatios"] = [];
  for (let s = 0; s < opts.seeds; s++) {
    const ts = performance.now();
    const seed = opts.firstSeed + s;
    let data = await make(seed);
    if (opts.rescale) data = { ...data, X: rescaleInputs(data.X, data.n, data.d).X };
    source = data.source;
    features = data.featureNames;
    roles = data.roles ?? null;
    if (data.n < 20) {
      throw new UserError(`${data.source}: ${data.n} rows; feature-relevance needs ≥ 20`);
    }
    const step = await ctx.step(`${name}-seed-${seed}`, async () => {
      const split = splitKeepingDuplicates(data.X, data.n, data.d, {
        testFraction: 0.3,
        seed: 4000 + seed,
      });
      if (split.duplicates) ctx.log(duplicateWarning(split.duplicates));
      const train = selectClassRows(data, split.train), test = selectClassRows(data, split.test);
      const model = new MlpLandscape(train, {
        hidden: opts.hidden,
        outputs: data.classNames.length,
        lambda: opts.lambda,
      });
      const ex = await exploreMlp(model, {
        steps: opts.steps,
        seed,
        connectAttempts: opts.connect,
        connectPerMinimum: opts.connectPerMinimum,
        label: `feature-relevance ${name} seed ${seed}`,
      });
      const db = ex.db;
      const msb = msbFeatureRelevance(model, db);
      const sorted = [...db.minima].sort((a, b) => a.energy - b.energy);
      const scores: Record<string, number[]> = {
        [METHODS[0]]: msb.relevance,
        [METHODS[1]]: permutationImportance(model, [sorted[0].x], test, { seed, repeats: 10 }),
        [METHODS[2]]: permutationImportance(model, sorted.slice(0, 5).map((m) => m.x), test, {
          seed,
          repeats: 10,
        }),
      };
      const aurocs = (truth: boolean[] | null) =>
        Object.fromEntries(METHODS.map((m) => [m, truth ? rankingAuroc(scores[m], truth) : NaN]));
      const relevantTruth = roles ? roles.map((r) => r === "relevant") : null;
      // Relevant vs irrelevant leaves the redundant copy out of both groups.
      const relVsIrr = roles
        ? Object.fromEntries(METHODS.map((m) => {
          const idx = roles!.map((r, k) => (r === "redundant" ? -1 : k)).filter((k) => k >= 0);
          return [m, rankingAuroc(idx.map((k) => scores[m][k]), idx.map((k) => relevantTruth![k]))];
        }))
        : aurocs(null);
      const L = model.layout;
      const run: RelevanceRun = {
        seed,
        minima: db.minima.length,
        transition_states: db.transitionStates.length,
        connected_fraction: connectivity(db).fraction,
        basins_used: msb.used,
        no_spread_information: msb.noSpread,
        scores,
        msb_uncertainty: msb.uncertainty,
        auroc_relevant_vs_irrelevant: relVsIrr,
        auroc_informative_vs_irrelevant: aurocs(
          roles ? roles.map((r) => r !== "irrelevant") : null,
        ),
        basins: msb.basins.map((b) => ({
          bottom: b.bottom,
          minima: b.minima,
          conserved_input_weights:
            b.conserved.slice(L.w1, L.w1 + L.hidden * L.inputs).filter(Boolean).length,
          relevance: b.relevance,
        })),
        seconds: (performance.now() - ts) / 1000,
      };
      let ratios: RelevanceStudyResult["firstRatios"] | null = null;
      if (s === 0) {
        ratios = msb.basins.flatMap((b, bi) =>
          b.ratio.map((r, q) => ({
            basin: `MSB ${bi + 1} (${b.minima.length})`,
            weight: weightName(q, L.inputs, L.hidden, L.outputs, features),
            ratio: Math.min(r, 2),
            conserved: b.conserved[q],
          }))
        );
      }
      const line =
        `${name} seed ${seed}: ${db.minima.length} minima, ${db.transitionStates.length} transition states, ${msb.used} basin(s)${
          msb.noSpread ? " (no basin with 2 minima: magnitudes only)" : ""
        }; MSB ranking ${rankOrder(msb.relevance, features)}`;
      return { run, ratios, line };
    });
    runs.push(step.run);
    if (step.ratios) firstRatios = step.ratios;
    ctx.log(step.line);
  }
  const mean_scores = Object.fromEntries(METHODS.map((m) => {
    const cols = features.map((_, k) => meanSd(runs.map((r) => r.scores[m][k])));
    return [m, { mean: cols.map((c) => c.mean), sd: cols.map((c) => c.sd) }];
  }));
  const auroc = roles
    ? Object.fromEntries(METHODS.map((m) => {
      const v = runs.map((r) => r.auroc_relevant_vs_irrelevant[m]);
      return [m, { ...meanSd(v), perfect_runs: v.filter((x) => x === 1).length }];
    }))
    : null;
  return { source, features, roles, runs, mean_scores, auroc, firstRatios };
}

/** A readable name of parameter q of an I-H-O network. */
export function weightName(q: number, I: number, H: number, O: number, features: string[]): string {
  if (q < H * I) return `W1[h${Math.floor(q / I) + 1}, ${features[q % I]}]`;
  if (q < H * I + H) return `b1[h${q - H * I + 1}]`;
  if (q < H * I + H + O * H) {
    const r = q - H * I - H;
    return `W2[o${Math.floor(r / H) + 1}, h${(r % H) + 1}]`;
  }
  return `b2[o${q - H * I - H - O * H + 1}]`;
}

/** Inputs by descending score, "a > b > c". */
export function rankOrder(scores: number[], names: string[]): string {
  return scores.map((s, k) => ({ s, k })).sort((a, b) => b.s - a.s).map((e) => names[e.k]).join(
    " > ",
  );
}

/** One data set to study: its key in results.json, its title and how to make its rows. */
export interface RelevanceDataSpec {
  /** Key in results.json's `studies`. */
  key: string;
  /** Section title. */
  title: string;
  /** Name in progress lines and checkpoint keys. */
  name: string;
  /** Rows for a seed. */
  make: (seed: number) => Promise<ClassificationDataset & { roles?: FeatureRole[] }>;
  /** Seeds for this data set (default: the options' seeds). */
  seeds?: number;
}

/** The whole run: every data set, and the verdict. */
export interface FeatureRelevanceResult {
  /** Options. */
  options: FeatureRelevanceOptions;
  /** Per data set. */
  studies: { key: string; title: string; result: RelevanceStudyResult }[];
  /** Verdict sentence. */
  verdict: string;
}

/** Runs the study on each data set in turn. */
export async function runFeatureRelevance(
  sets: RelevanceDataSpec[],
  options: FeatureRelevanceOptions,
  ctx: RunContext,
): Promise<FeatureRelevanceResult> {
  const studies: FeatureRelevanceResult["studies"] = [];
  for (const s of sets) {
    const opts = s.seeds === undefined ? options : { ...options, seeds: s.seeds };
    studies.push({
      key: s.key,
      title: s.title,
      result: await runRelevanceStudy(s.name, s.make, opts, ctx),
    });
  }
  const syn = studies.find((s) => s.result.auroc);
  const msbAuroc = syn?.result.auroc?.[METHODS[0]];
  const verdict = syn && msbAuroc
    ? `On ${syn.result.source}, the MSB ranking's AUROC (relevant vs irrelevant inputs) is ${
      fmt(msbAuroc.mean, 3)
    } ± ${
      fmt(msbAuroc.sd, 2)
    } over ${options.seeds} seeds (perfect, every relevant input above every irrelevant one, in ${msbAuroc.perfect_runs}); permutation importance of the global minimum ${
      fmt(syn.result.auroc![METHODS[1]].mean, 3)
    }, of the 5 lowest minima ${fmt(syn.result.auroc![METHODS[2]].mean, 3)}.`
    : `Rankings for ${studies.map((s) => s.result.source).join(", ")} (no ground truth).`;
  return { options, studies, verdict };
}

/** The results.json object (docs/feature-relevance.md), without `device` and `timings`. */
export function featureRelevanceResults(r: FeatureRelevanceResult): Record<string, unknown> {
  const o = r.options;
  return {
    task: "feature-relevance",
    criterion: { conserved_ratio: CONSERVED_RATIO },
    network: { hidden: o.hidden, lambda: o.lambda, loss: "ce" },
    effort: { steps_per_walker: o.steps, walkers: 4, connection_attempts: o.connect },
    methods: METHODS,
    studies: Object.fromEntries(r.studies.map((s) => [s.key, {
      source: s.result.source,
      features: s.result.features,
      roles: s.result.roles,
      mean_scores: s.result.mean_scores,
      auroc_relevant_vs_irrelevant: s.result.auroc,
      runs: s.result.runs,
    }])),
    verdict: r.verdict,
  };
}
