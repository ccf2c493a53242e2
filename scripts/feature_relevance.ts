/**
 * `deno task feature-relevance`: interpretability from monotonic sequence basins and conserved
 * weights (MISSION.md, study 5). Per seed: explore an MLP landscape (basin-hopping + connection, so
 * the minima are linked by transition states), group the minima into MSBs, find the weights
 * conserved within basins (lib/studies/feature_relevance.ts states the criterion), score each input
 * from its conserved input-layer weights, and compare with permutation importance of the global
 * minimum and of an ensemble of the lowest minima. On synthetic data with known roles the rankings
 * are scored by AUROC against the truth. Report and results.json (docs/feature-relevance.md).
 * @module
 */
import {
  type ClassificationDataset,
  type FeatureRole,
  iris,
  relevanceSynthetic,
  rescaleInputs,
  selectClassRows,
} from "../lib/data/classification.ts";
import { trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import {
  CONSERVED_RATIO,
  msbFeatureRelevance,
  permutationImportance,
  rankingAuroc,
} from "../lib/studies/msb_relevance.ts";
import { exploreMlp, loadClassificationData } from "../lib/studies/nn_explore.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";
import { meanSd } from "../lib/util/stats.ts";

const HELP =
  `deno task feature-relevance [--data FILE.csv --target COL | --dataset relevance|xor|moons|circles|iris]
                            [--hidden 3] [--lambda 1e-3] [--seeds 5] [--steps N] [--connect N]
                            [--seed N] [--quick] [--cpu] [--out DIR]

Feature relevance from the weights conserved within monotonic sequence basins of an MLP loss
landscape, against permutation importance (global minimum; ensemble of the 5 lowest minima).
Default: the synthetic "relevance" set (label = XOR of x1, x2; x1_copy redundant; 3 irrelevant
noise inputs; n = 300) over 5 seeds, scored by AUROC against the known roles, and the real iris
set. With --data or --dataset, only that set. Writes DIR/report.html and DIR/results.json
(default DIR: reports/feature-relevance).`;

const METHODS = [
  "MSB conserved weights",
  "permutation (global minimum)",
  "permutation (5 lowest minima)",
] as const;

interface Run {
  seed: number;
  minima: number;
  transition_states: number;
  basins_used: number;
  no_spread_information: boolean;
  scores: Record<string, number[]>;
  msb_uncertainty: number[];
  auroc_relevant_vs_irrelevant: Record<string, number>;
  auroc_informative_vs_irrelevant: Record<string, number>;
  basins: {
    bottom: number;
    minima: number[];
    conserved_input_weights: number;
    relevance: number[];
  }[];
  seconds: number;
}

interface StudyResult {
  source: string;
  features: string[];
  roles: FeatureRole[] | null;
  runs: Run[];
  mean_scores: Record<string, { mean: number[]; sd: number[] }>;
  auroc: Record<string, { mean: number; sd: number; min: number; perfect_runs: number }> | null;
  /** First seed's basins: ratio map for the figure. */
  firstRatios: { basin: string; weight: string; ratio: number; conserved: boolean }[];
}

async function study(
  name: string,
  make: (seed: number) => Promise<ClassificationDataset & { roles?: FeatureRole[] }>,
  opts: {
    seeds: number;
    firstSeed: number;
    hidden: number;
    lambda: number;
    steps: number;
    connect: number;
    rescale: boolean;
  },
): Promise<StudyResult> {
  const runs: Run[] = [];
  let source = "", features: string[] = [], roles: FeatureRole[] | null = null;
  let firstRatios: StudyResult["firstRatios"] = [];
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
    const split = trainTestSplit(data.n, { testFraction: 0.3, seed: 4000 + seed });
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
    runs.push({
      seed,
      minima: db.minima.length,
      transition_states: db.transitionStates.length,
      basins_used: msb.used,
      no_spread_information: msb.noSpread,
      scores,
      msb_uncertainty: msb.uncertainty,
      auroc_relevant_vs_irrelevant: relVsIrr,
      auroc_informative_vs_irrelevant: aurocs(roles ? roles.map((r) => r !== "irrelevant") : null),
      basins: msb.basins.map((b) => ({
        bottom: b.bottom,
        minima: b.minima,
        conserved_input_weights:
          b.conserved.slice(L.w1, L.w1 + L.hidden * L.inputs).filter(Boolean).length,
        relevance: b.relevance,
      })),
      seconds: (performance.now() - ts) / 1000,
    });
    if (s === 0) {
      firstRatios = msb.basins.flatMap((b, bi) =>
        b.ratio.map((r, q) => ({
          basin: `MSB ${bi + 1} (${b.minima.length})`,
          weight: weightName(q, L.inputs, L.hidden, L.outputs, features),
          ratio: Math.min(r, 2),
          conserved: b.conserved[q],
        }))
      );
    }
    note(
      `[feature-relevance] ${name} seed ${seed}: ${db.minima.length} minima, ${db.transitionStates.length} transition states, ${msb.used} basin(s)${
        msb.noSpread ? " (no basin with 2 minima: magnitudes only)" : ""
      }; MSB ranking ${rankOrder(msb.relevance, features)}`,
    );
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

function weightName(q: number, I: number, H: number, O: number, features: string[]): string {
  if (q < H * I) return `W1[h${Math.floor(q / I) + 1}, ${features[q % I]}]`;
  if (q < H * I + H) return `b1[h${q - H * I + 1}]`;
  if (q < H * I + H + O * H) {
    const r = q - H * I - H;
    return `W2[o${Math.floor(r / H) + 1}, h${(r % H) + 1}]`;
  }
  return `b2[o${q - H * I - H - O * H + 1}]`;
}

function rankOrder(scores: number[], names: string[]): string {
  return scores.map((s, k) => ({ s, k })).sort((a, b) => b.s - a.s).map((e) => names[e.k]).join(
    " > ",
  );
}

function sectionsFor(r: StudyResult, title: string, seeds: number): Section[] {
  const rows = r.features.flatMap((f, k) =>
    METHODS.map((m) => {
      const ms = r.mean_scores[m];
      const total = ms.mean.reduce((a, b) => a + Math.max(b, 0), 0) || 1;
      return {
        feature: f,
        method: m,
        share: ms.mean[k] / total,
        lo: (ms.mean[k] - ms.sd[k]) / total,
        hi: (ms.mean[k] + ms.sd[k]) / total,
        role: r.roles ? r.roles[k] : "unknown",
      };
    })
  );
  const out: Section[] = [{
    title: `${title}: relevance ranking`,
    text: (r.auroc
      ? `AUROC of each ranking against the known roles (relevant vs irrelevant inputs; 1 = every relevant input ranks above every irrelevant one), over ${seeds} seeds: ` +
        METHODS.map((m) =>
          `${m} ${fmt(r.auroc![m].mean, 3)} ± ${fmt(r.auroc![m].sd, 2)} (perfect in ${
            r.auroc![m].perfect_runs
          } of ${seeds})`
        ).join("; ") + "."
      : `No ground truth for ${r.source}; the rankings are shown side by side.`) +
      ` MSB ranking (mean over seeds): ${rankOrder(r.mean_scores[METHODS[0]].mean, r.features)}.`,
    figures: [{
      svg: plotToSvg({
        height: 60 + 26 * r.features.length * 1.2,
        marginLeft: 90,
        x: { label: "share of the method's total relevance (mean ± sd over seeds)", grid: true },
        fy: { label: null },
        y: { label: null, axis: null },
        color: { legend: true },
        marks: [
          Plot.barX(rows, { x: "share", y: "method", fy: "feature", fill: "method" }),
          Plot.ruleY(rows, { x1: "lo", x2: "hi", y: "method", fy: "feature" }),
        ],
      }),
      caption: r.roles
        ? `Roles: ${
          r.features.map((f, k) => `${f} ${r.roles![k]}`).join(", ")
        }.`
        : "Each method's scores normalised to sum 1 over the inputs.",
    }],
    tables: [{
      columns: ["input", ...(r.roles ? ["role"] : []), ...METHODS.map((m) => `${m} (mean ± sd)`)],
      rows: r.features.map((f, k) => [
        f,
        ...(r.roles ? [r.roles[k]] : []),
        ...METHODS.map((m) =>
          `${fmt(r.mean_scores[m].mean[k], 3)} ± ${fmt(r.mean_scores[m].sd[k], 2)}`
        ),
      ]),
    }],
  }];
  if (r.firstRatios.length) {
    out.push({
      title: `${title}: conserved-weight map (seed ${r.runs[0].seed})`,
      text:
        `Per basin and weight: standard deviation over the basin's aligned minima divided by the absolute value of the weight's mean over them (capped at 2). Conserved (ring): ratio ≤ ${CONSERVED_RATIO}. Columns: MSB number (its minima).`,
      figures: [{
        svg: plotToSvg({
          marginLeft: 150,
          height: 80 + 14 * new Set(r.firstRatios.map((d) => d.weight)).size,
          width: 180 + 90 * new Set(r.firstRatios.map((d) => d.basin)).size,
          x: { label: null, tickRotate: -20 },
          y: { label: null },
          color: {
            type: "quantize",
            n: 6,
            domain: [0, 2],
            scheme: "viridis",
            legend: true,
            label: "sd ratio",
          },
          marks: [
            Plot.cell(r.firstRatios, { x: "basin", y: "weight", fill: "ratio" }),
            Plot.dot(r.firstRatios.filter((d) => d.conserved), {
              x: "basin",
              y: "weight",
              stroke: "white",
              r: 3,
            }),
          ],
        }),
      }],
    });
  }
  out.push({
    title: `${title}: per seed`,
    tables: [{
      columns: [
        "seed",
        "minima",
        "transition states",
        "basins used",
        ...(r.roles ? METHODS.map((m) => `AUROC ${m}`) : []),
        "seconds",
      ],
      rows: r.runs.map((x) => [
        x.seed,
        x.minima,
        x.transition_states,
        x.basins_used + (x.no_spread_information ? " (single minima: magnitudes only)" : ""),
        ...(r.roles ? METHODS.map((m) => x.auroc_relevant_vs_irrelevant[m]) : []),
        x.seconds,
      ]),
    }],
  });
  return out;
}

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "feature-relevance", {
    dataset: { type: "string" },
    hidden: { type: "string" },
    lambda: { type: "string" },
    seeds: { type: "string" },
    steps: { type: "string" },
    connect: { type: "string" },
    rescale: { type: "boolean" },
  });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const opts = {
    hidden: numberFlag(values, "hidden", 3, { integer: true, min: 1, max: 64 }),
    lambda: numberFlag(values, "lambda", 1e-3, { min: 0 }),
    seeds: numberFlag(values, "seeds", 5, { integer: true, min: 1, max: 100 }),
    steps: numberFlag(values, "steps", common.quick ? 6 : 30, { integer: true, min: 1 }),
    connect: numberFlag(values, "connect", common.quick ? 6 : 20, { integer: true, min: 0 }),
    firstSeed: common.seed,
    rescale: Boolean(values.rescale),
  };
  const studies: { key: string; title: string; result: StudyResult }[] = [];
  const n = common.quick ? 200 : 300;
  if (common.data || values.dataset) {
    const name = String(values.dataset ?? "csv");
    const make = name === "relevance" && !common.data
      ? (seed: number) => Promise.resolve(relevanceSynthetic({ n, seed }))
      : (seed: number) => loadClassificationData(common.data, common.target, name, seed, n);
    studies.push({ key: name, title: name, result: await study(name, make, opts) });
  } else {
    studies.push({
      key: "synthetic",
      title: "Synthetic (known roles)",
      result: await study(
        "synthetic",
        (seed) => Promise.resolve(relevanceSynthetic({ n, seed })),
        opts,
      ),
    });
    studies.push({
      key: "iris",
      title: "Iris (real data)",
      result: await study("iris", () => Promise.resolve(iris()), {
        ...opts,
        seeds: common.quick ? 1 : opts.seeds,
      }),
    });
  }
  const syn = studies.find((s) => s.result.auroc);
  const msbAuroc = syn?.result.auroc?.[METHODS[0]];
  const verdict = syn && msbAuroc
    ? `On ${syn.result.source}, the MSB ranking's AUROC (relevant vs irrelevant inputs) is ${
      fmt(msbAuroc.mean, 3)
    } ± ${
      fmt(msbAuroc.sd, 2)
    } over ${opts.seeds} seeds (perfect, every relevant input above every irrelevant one, in ${msbAuroc.perfect_runs}); permutation importance of the global minimum ${
      fmt(syn.result.auroc![METHODS[1]].mean, 3)
    }, of the 5 lowest minima ${fmt(syn.result.auroc![METHODS[2]].mean, 3)}.`
    : `Rankings for ${studies.map((s) => s.result.source).join(", ")} (no ground truth).`;
  const sections: Section[] = [{
    title: "Method",
    text:
      `Minima from basin-hopping (${opts.steps} steps × 4 walkers) and ${opts.connect} connection attempts (DNEB + hybrid eigenvector-following) on a ${opts.hidden}-hidden-unit tanh/softmax network, cross-entropy + ${opts.lambda}‖w‖². Monotonic sequence basins from the transition-state network; within each basin of ≥ 2 minima every minimum is aligned (hidden-unit permutation and sign) to the basin's bottom. A weight is conserved when its standard deviation across the basin is ≤ ${CONSERVED_RATIO} × the absolute value of its mean there (it keeps its sign and stays near its basin value); basins of one minimum are used only when no basin has two (then only magnitudes count). Relevance of input k: Σ_j [W1_jk conserved]·|mean W1_jk|·‖mean W2_·j‖, normalised per basin, averaged over basins weighted by size. Baselines: permutation importance (test AUC or accuracy drop, 10 shuffles) of the global minimum and of the probability average of the 5 lowest minima.`,
  }];
  for (const s of studies) sections.push(...sectionsFor(s.result, s.title, s.result.runs.length));
  const timings = { total: (performance.now() - t0) / 1000 };
  const device = `CPU float64 (${describeBackend(backend)})`;
  const results = {
    task: "feature-relevance",
    criterion: { conserved_ratio: CONSERVED_RATIO },
    network: { hidden: opts.hidden, lambda: opts.lambda, loss: "ce" },
    effort: { steps_per_walker: opts.steps, walkers: 4, connection_attempts: opts.connect },
    methods: METHODS,
    studies: Object.fromEntries(studies.map((s) => [s.key, {
      source: s.result.source,
      features: s.result.features,
      roles: s.result.roles,
      mean_scores: s.result.mean_scores,
      auroc_relevant_vs_irrelevant: s.result.auroc,
      runs: s.result.runs,
    }])),
    verdict,
    device,
    timings,
  };
  const paths = await writeReport(common.out, {
    title: "Feature relevance from monotonic sequence basins",
    task: "feature-relevance",
    summary: verdict,
    params: { ...opts, quick: common.quick, data: studies.map((s) => s.result.source).join("; ") },
    timings,
    device,
    sections,
  }, results);
  note(`[feature-relevance] ${verdict}`);
  note(`[feature-relevance] wrote ${paths.html} and ${paths.json}`);
}

if (import.meta.main) runMain(main);
