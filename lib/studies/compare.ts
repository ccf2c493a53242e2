/**
 * The cross-model comparison (MISSION.md, study 7): four landscapes on built-in data — the Matérn
 * GP's NLML at the optimum ν and at ν = 3/2, and an MLP's cross-entropy and appAUC losses — each
 * summarised the same way ({@link comparisonSummary}), with open questions generated from the
 * numbers. Each landscape is a checkpointed step (reused on a rerun with the same parameters).
 * Schema: docs/compare.md.
 * @module
 */
import { maternSample } from "../data/builtin.ts";
import { circles, selectClassRows } from "../data/classification.ts";
import { selectRows, trainTestSplit } from "../data/transform.ts";
import { heatCapacity } from "../landscape/analysis.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import { MaternGP } from "../models/gp.ts";
import { MlpLandscape } from "../models/mlp.ts";
import { fmt } from "../report/html.ts";
import {
  type ComparisonSummary,
  comparisonSummary,
  normalisedGraph,
} from "./comparison_summary.ts";
import type { RunContext } from "./context.ts";
import { fitMaternGP } from "./gp/fit.ts";
import { mapGpLandscape } from "./gp/landscape.ts";
import { exploreMlp, minimumMetrics } from "./nn_explore.ts";

/** One mapped landscape, as stored in DIR/landscapes/<key>/results.json. */
export interface StoredLandscape {
  /** Key, e.g. "nn-ce". */
  key: string;
  /** Display label. */
  label: string;
  /** Model class. */
  model_class: "GP" | "NN";
  /** Parameters that decide reuse. */
  params: Record<string, unknown>;
  /** Search effort. */
  effort: { basin_hopping_steps: number; connection_attempts: number };
  /** Energy's name. */
  energy_label: string;
  /** The per-minimum test metric. */
  test_metric: { name: string; higher_is_better: boolean };
  /** The comparison summary. */
  summary: ComparisonSummary;
  /** Minima. */
  minima: {
    id: number;
    energy: number;
    on_bound: boolean;
    log_product_hessian: number;
    modes: number;
    test_metric: number;
  }[];
  /** Transition states. */
  transition_states: { id: number; energy: number; minima: number[] }[];
  /** Heat capacity. */
  heat_capacity: { temperatures: number[]; cv: number[]; peaks: number[] };
  /** Disconnectivity graph on a [0, 1] energy scale. */
  graph: ReturnType<typeof normalisedGraph>;
  /** When it was computed. */
  computed_at: string;
  /** Seconds it took. */
  seconds: number;
}

/** What a sweep-nu results.json beside this report offers (when on the same data and split). */
export interface SweepNuSummary {
  /** Data description. */
  data?: { source?: string; validation?: string };
  /** The joint optimum. */
  optimum?: { nu?: number };
  /** Folds found. */
  folds?: unknown[];
  /** The ν grid. */
  nu_grid?: number[];
}

/** Options of {@link runCompare}. */
export interface CompareOptions {
  /** Smaller data and searches. */
  quick: boolean;
  /** Seed. */
  seed: number;
  /** A sweep-nu results.json found beside the output folder, and its path. */
  sweepNu?: { path: string; results: SweepNuSummary } | null;
  /** Take the optimum ν from `sweepNu` when it matches (default true; false with --fresh). */
  nuFromSweepNu?: boolean;
}

/** Everything the comparison computed. */
export interface CompareResult {
  /** Options. */
  options: CompareOptions;
  /** The GP's optimum ν. */
  nuOpt: number;
  /** The four landscapes. */
  landscapes: StoredLandscape[];
  /** Keys read back from an earlier run. */
  reused: string[];
  /** Open questions. */
  questions: string[];
  /** The sweep-nu report used, when it matched. */
  sweep: { path: string; results: SweepNuSummary } | null;
  /** Effort per model class. */
  effort: { gpSteps: number; gpAttempts: number; nnSteps: number; nnAttempts: number };
  /** Data sources. */
  sources: { gp: string; nn: string };
}

function store(
  key: string,
  label: string,
  modelClass: "GP" | "NN",
  params: Record<string, unknown>,
  db: LandscapeDatabase,
  effort: { basin_hopping_steps: number; connection_attempts: number },
  energyLabel: string,
  metric: { name: string; higher_is_better: boolean },
  perf: (id: number) => number,
  seconds: number,
): StoredLandscape {
  const hc = heatCapacity(db);
  return {
    key,
    label,
    model_class: modelClass,
    params,
    effort,
    energy_label: energyLabel,
    test_metric: metric,
    summary: comparisonSummary(
      db,
      {
        basinHoppingSteps: effort.basin_hopping_steps,
        connectionAttempts: effort.connection_attempts,
      },
      perf,
      metric.higher_is_better,
    ),
    minima: db.minima.map((m) => ({
      id: m.id,
      energy: m.energy,
      on_bound: m.onBound,
      log_product_hessian: m.logProductHessian,
      modes: m.modes,
      test_metric: perf(m.id),
    })),
    transition_states: db.transitionStates.map((t) => ({
      id: t.id,
      energy: t.energy,
      minima: t.minima,
    })),
    heat_capacity: { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks },
    graph: normalisedGraph(db),
    computed_at: new Date().toISOString(),
    seconds,
  };
}

/** Runs the comparison. */
export async function runCompare(o: CompareOptions, ctx: RunContext): Promise<CompareResult> {
  const q = o.quick, seed = o.seed;
  const reused: string[] = [];
  /** A checkpointed landscape; `params` decide reuse. */
  const landscape = async (
    key: string,
    params: Record<string, unknown>,
    compute: () => Promise<StoredLandscape>,
  ): Promise<StoredLandscape> => {
    let computed = false;
    const rec = await ctx.step(key, () => {
      computed = true;
      ctx.log(`${key}: mapping the landscape`);
      return ctx.stage(key, compute);
    }, params);
    if (!computed) {
      reused.push(key);
      ctx.log(`${key}: reused (same parameters, computed ${rec.computed_at})`);
    }
    return rec;
  };

  // GP: a 1-D Matérn sample (true ν = 1.2), 75/25 split; optimum ν by a joint fit over (θ, ν).
  const gpN = q ? 60 : 200; // as sweep-nu's default data
  const { data: raw } = maternSample({ n: gpN, seed });
  const split = trainTestSplit(raw.n, { testFraction: 0.25, seed });
  const gTrain = selectRows(raw, split.train), gTest = selectRows(raw, split.test);
  const gpSteps = q ? 15 : 30, gpAttempts = q ? 15 : 40;
  // sweep-nu's report beside this one, when it ran on the same data and split (same source and
  // seed: both use a 25% held-out split from the seed), already has the optimum ν and the folds.
  const s = o.sweepNu?.results;
  const sweep = s && s.data?.source === raw.source && s.data?.validation === "held-out 25%" &&
      Number.isFinite(s.optimum?.nu)
    ? o.sweepNu!
    : null;
  let nuOpt: number;
  if (sweep && o.nuFromSweepNu !== false) {
    nuOpt = sweep.results.optimum!.nu!;
    reused.push("gp-fit (from sweep-nu)");
    ctx.log(`optimum ν from ${sweep.path} (same data and split)`);
  } else {
    let computed = false;
    const restarts = q ? 2 : 4;
    nuOpt = await ctx.step("gp-fit", () => {
      computed = true;
      return ctx.stage("gp-fit", () => {
        const gpFree = new MaternGP(gTrain, {});
        const fit = fitMaternGP(gpFree, gTrain.X, { restarts, seed });
        return fit.best.theta[gpFree.dim - 1];
      });
    }, { data: raw.source, seed, restarts });
    if (!computed) reused.push("gp-fit");
  }
  ctx.log(`optimum ν = ${fmt(nuOpt, 4)}`);
  const gpRecord = (key: string, label: string, nu: number) => {
    const params = {
      data: raw.source,
      nu: Number(nu.toFixed(6)),
      steps: gpSteps,
      attempts: gpAttempts,
      seed,
    };
    return landscape(key, params, async () => {
      const t = performance.now();
      const db = await mapGpLandscape(gTrain, nu, {
        steps: gpSteps,
        maxAttempts: gpAttempts,
        seed,
      });
      const gp = new MaternGP(gTrain, { nu });
      const rmse = new Map(
        db.minima.map((m) => [m.id, gp.testMetrics(m.x, gTest.X, gTest.y).rmse]),
      );
      return store(
        key,
        label,
        "GP",
        params,
        db,
        { basin_hopping_steps: gpSteps * 2, connection_attempts: gpAttempts },
        "NLML",
        { name: "test RMSE", higher_is_better: false },
        (id) => rmse.get(id) ?? NaN,
        (performance.now() - t) / 1000,
      );
    });
  };
  const gpOpt = await gpRecord("gp-optimum-nu", `GP, optimum ν = ${fmt(nuOpt, 3)}`, nuOpt);
  const gp15 = await gpRecord("gp-nu-1.5", "GP, ν = 3/2", 1.5);

  // NN: concentric circles, 2-2-2 (under-parameterised, as in auc-vs-ce), 70/30 split, the same
  // effort for both losses.
  const circ = circles({ n: q ? 200 : 300, seed });
  const nsplit = trainTestSplit(circ.n, { testFraction: 0.3, seed });
  const nTrain = selectClassRows(circ, nsplit.train), nTest = selectClassRows(circ, nsplit.test);
  // A budget: the connection stops once every minimum is joined to the global one.
  const nnSteps = q ? 15 : 40, nnAttempts = q ? 30 : 300;
  const nnRecord = (loss: "ce" | "auc") => {
    const key = `nn-${loss}`;
    const label = loss === "ce" ? "MLP, cross-entropy" : "MLP, appAUC";
    const params = {
      data: circ.source,
      network: "2-2-2",
      loss,
      lambda: 1e-4,
      beta: 100,
      steps: nnSteps,
      attempts: nnAttempts,
      seed,
    };
    return landscape(key, params, async () => {
      const t = performance.now();
      const model = new MlpLandscape(nTrain, {
        hidden: 2,
        outputs: 2,
        lambda: 1e-4,
        loss,
        beta: 100,
      });
      const ex = await exploreMlp(model, {
        steps: nnSteps,
        seed,
        connectAttempts: nnAttempts,
        label: `compare ${key}`,
      });
      const rows = minimumMetrics(model, ex.db, nTrain, nTest);
      const acc = new Map(rows.map((r) => [r.id, r.test_accuracy]));
      return store(
        key,
        label,
        "NN",
        params,
        ex.db,
        { basin_hopping_steps: nnSteps * 4, connection_attempts: ex.attempts },
        loss === "ce" ? "cross-entropy + λ‖w‖²" : "−appAUC + λ‖w‖²",
        { name: "test accuracy", higher_is_better: true },
        (id) => acc.get(id) ?? NaN,
        (performance.now() - t) / 1000,
      );
    });
  };
  const nnCe = await nnRecord("ce");
  const nnAuc = await nnRecord("auc");
  const all = [gpOpt, gp15, nnCe, nnAuc];
  return {
    options: o,
    nuOpt,
    landscapes: all,
    reused,
    questions: openQuestions(all, nuOpt, sweep),
    sweep,
    effort: { gpSteps, gpAttempts, nnSteps, nnAttempts },
    sources: { gp: raw.source, nn: circ.source },
  };
}

/** Open questions, each backed by the numbers of the landscapes. */
export function openQuestions(
  all: StoredLandscape[],
  nuOpt: number,
  sweep: { path: string; results: SweepNuSummary } | null,
): string[] {
  const [gpOpt, gp15, nnCe, nnAuc] = all;
  const questions: string[] = [];
  const [a, b] = [gpOpt.summary, gp15.summary];
  if (a.minima !== b.minima || a.transition_states !== b.transition_states) {
    questions.push(
      `The GP landscape changes between ν = ${
        fmt(nuOpt, 3)
      } (${a.minima} minima, ${a.transition_states} transition states) and ν = 3/2 (${b.minima}, ${b.transition_states}): which stationary points appear or vanish in between, and is there a fold (sweep-nu tracks this)?`,
    );
  }
  for (const r of all) {
    const s = r.summary;
    if (s.on_bound_minima > 0) {
      questions.push(
        `${r.label}: ${s.on_bound_minima} of ${s.minima} minima sit on a bound of the search box — is the box (e.g. the noise floor) shaping the landscape rather than the data?`,
      );
    }
    if (s.heat_capacity_peaks.length) {
      questions.push(
        `${r.label}: a heat-capacity peak at T = ${fmt(s.heat_capacity_peaks[0], 3)} (${
          fmt(s.heat_capacity_peaks_normalised[0], 3)
        } × the energy spread) marks a change of the dominant minima — which minima dominate on either side, and do they differ in test performance?`,
      );
    }
    if (Number.isFinite(s.depth_correlation) && Math.abs(s.depth_correlation) < 0.3) {
      questions.push(
        `${r.label}: depth barely predicts test performance (ρ = ${
          fmt(s.depth_correlation, 3)
        } over ${s.correlation_minima} minima) — would an ensemble of minima (deno task ensembles) do better than the global minimum here?`,
      );
    }
    if (Number.isFinite(s.flatness_correlation) && s.flatness_correlation < -0.3) {
      questions.push(
        `${r.label}: flatter minima perform worse here (ρ = ${
          fmt(s.flatness_correlation, 3)
        }), against the flat-minima folklore — does it hold with more minima and seeds?`,
      );
    }
  }
  if (nnAuc.summary.minima > 1.5 * nnCe.summary.minima) {
    questions.push(
      `appAUC has ${
        fmt(nnAuc.summary.minima / nnCe.summary.minima, 3)
      }× the minima of cross-entropy for equal effort: how does the count grow with β (the surrogate's steepness)?`,
    );
  }
  if (sweep) {
    const folds = sweep.results.folds ?? [];
    const grid = sweep.results.nu_grid ?? [];
    questions.push(
      folds.length
        ? `sweep-nu (${sweep.path}) found ${folds.length} fold(s) in ν on these data: how do the landscape summaries change across them?`
        : `sweep-nu (${sweep.path}) found no fold for ν in [${grid[0]}, ${
          grid[grid.length - 1]
        }] on these data, consistent with the single-minimum GP landscapes here: at what data size or noise level do GP minima and folds appear?`,
    );
  }
  if (!questions.length) {
    questions.push("No figure stands out at this search effort; rerun without --quick.");
  }
  return questions;
}

/** Where a landscape's file lies, relative to the report. */
export function landscapeLink(r: StoredLandscape): string {
  return `landscapes/${r.key}/results.json`;
}

/** The results.json object (docs/compare.md), without `device` and `timings`. */
export function compareResults(r: CompareResult): Record<string, unknown> {
  return {
    task: "compare",
    optimum_nu: r.nuOpt,
    landscapes: r.landscapes.map((l) => ({
      key: l.key,
      label: l.label,
      results: landscapeLink(l),
      params: l.params,
      summary: l.summary,
      reused: r.reused.includes(l.key),
    })),
    open_questions: r.questions,
  };
}
