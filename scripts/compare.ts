/**
 * `deno task compare`: the cross-model comparison of loss landscapes (MISSION.md, study 7). Maps
 * (or reuses, when a stored run's parameters match) four landscapes on built-in data — the Matérn
 * GP's NLML at the optimum ν and at ν = 3/2, and an MLP's cross-entropy and appAUC losses — and
 * summarises each the same way (lib/studies/compare.ts). Each landscape is written to
 * DIR/landscapes/<key>/results.json as soon as it is done (a killed run loses at most the landscape
 * in progress); the comparison table's numbers are read back from those files and linked.
 * @module
 */
import { maternSample } from "../lib/data/builtin.ts";
import { circles, selectClassRows } from "../lib/data/classification.ts";
import { selectRows, trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import type { LandscapeDatabase } from "../lib/landscape/database.ts";
import { MaternGP } from "../lib/models/gp.ts";
import { fitMaternGP } from "../lib/studies/gp/fit.ts";
import { mapGpLandscape } from "../lib/studies/gp/landscape.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import {
  escapeHtml,
  fmt,
  jsonReplacer,
  type Section,
  sideBySide,
  writeFileAtomic,
  writeReport,
} from "../lib/report/html.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../lib/report/landscape_figures.ts";
import { heatCapacity } from "../lib/landscape/analysis.ts";
import {
  type ComparisonSummary,
  comparisonSummary,
  normalisedGraph,
} from "../lib/studies/comparison_summary.ts";
import { exploreMlp, minimumMetrics } from "../lib/studies/nn_explore.ts";
import { parseFlags, runMain } from "../lib/util/cli.ts";
import { note } from "../lib/util/progress.ts";

const HELP = `deno task compare [--quick] [--seed N] [--fresh] [--cpu] [--out DIR]

Maps four loss landscapes on built-in data and compares them with one summary: the Matérn GP
NLML at the optimum ν and at ν = 3/2 (a 1-D Matérn sample, true ν = 1.2), and a 2-2-2 MLP on
concentric circles under cross-entropy and under appAUC. A landscape already stored in
DIR/landscapes/<key>/results.json with the same parameters is reused (--fresh recomputes).
Writes DIR/report.html and DIR/results.json (default DIR: reports/compare).`;

interface StoredLandscape {
  key: string;
  label: string;
  model_class: "GP" | "NN";
  params: Record<string, unknown>;
  effort: { basin_hopping_steps: number; connection_attempts: number };
  energy_label: string;
  test_metric: { name: string; higher_is_better: boolean };
  summary: ComparisonSummary;
  minima: {
    id: number;
    energy: number;
    on_bound: boolean;
    log_product_hessian: number;
    modes: number;
    test_metric: number;
  }[];
  transition_states: { id: number; energy: number; minima: number[] }[];
  heat_capacity: { temperatures: number[]; cv: number[]; peaks: number[] };
  graph: ReturnType<typeof normalisedGraph>;
  computed_at: string;
  seconds: number;
}

function sameParams(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function readStored(path: string): Promise<StoredLandscape | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as StoredLandscape;
  } catch {
    return null;
  }
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

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "compare", { fresh: { type: "boolean" } });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const q = common.quick, seed = common.seed;
  const dir = `${common.out}/landscapes`;
  const timings: Record<string, number> = {};
  const reused: string[] = [];

  /** Reuses DIR/landscapes/<key>/results.json when its params match, else computes and stores it. */
  const landscape = async (
    key: string,
    params: Record<string, unknown>,
    compute: () => Promise<StoredLandscape>,
  ): Promise<StoredLandscape> => {
    const path = `${dir}/${key}/results.json`;
    const old = values.fresh ? null : await readStored(path);
    if (old && sameParams(old.params, params)) {
      note(`[compare] ${key}: reusing ${path} (same parameters, computed ${old.computed_at})`);
      reused.push(key);
      return old;
    }
    note(`[compare] ${key}: mapping the landscape`);
    const t = performance.now();
    const rec = await compute();
    timings[key] = (performance.now() - t) / 1000;
    await Deno.mkdir(`${dir}/${key}`, { recursive: true });
    await writeFileAtomic(path, JSON.stringify(rec, jsonReplacer, 1) + "\n");
    return rec;
  };

  // GP: a 1-D Matérn sample (true ν = 1.2), 75/25 split; optimum ν by a joint fit over (θ, ν).
  const gpN = q ? 60 : 200; // as sweep-nu's default data
  const { data: raw } = maternSample({ n: gpN, seed });
  const split = trainTestSplit(raw.n, { testFraction: 0.25, seed });
  const gTrain = selectRows(raw, split.train), gTest = selectRows(raw, split.test);
  const gpSteps = q ? 15 : 30, gpAttempts = q ? 15 : 40;
  const fitParams = { data: raw.source, seed, restarts: q ? 2 : 4 };
  const fitPath = `${dir}/gp-fit/results.json`;
  let nuOpt: number;
  const oldFit = values.fresh ? null : await readStored(fitPath) as unknown as
    | { params: unknown; nu: number }
    | null;
  // sweep-nu's report beside this one, when it ran on the same data and split (same source and
  // seed: both use a 25% held-out split from the seed), already has the optimum ν and the folds.
  const parent = common.out.replace(/\/+$/, "").split("/").slice(0, -1).join("/") || ".";
  const sweepPath = `${parent}/sweep-nu/results.json`;
  type SweepResults = {
    data?: { source?: string; validation?: string };
    optimum?: { nu?: number };
    folds?: unknown[];
    nu_grid?: number[];
  };
  let sweep: SweepResults | null = null;
  try {
    const r = JSON.parse(await Deno.readTextFile(sweepPath)) as SweepResults;
    if (
      r.data?.source === raw.source && r.data?.validation === "held-out 25%" &&
      Number.isFinite(r.optimum?.nu)
    ) sweep = r;
  } catch { /* no sweep-nu report to reuse */ }
  if (sweep && !values.fresh) {
    nuOpt = sweep.optimum!.nu!;
    reused.push("gp-fit (from sweep-nu)");
    note(`[compare] optimum ν from ${sweepPath} (same data and split)`);
  } else if (oldFit && sameParams(oldFit.params, fitParams)) {
    nuOpt = oldFit.nu;
    reused.push("gp-fit");
  } else {
    const t = performance.now();
    const gpFree = new MaternGP(gTrain, {});
    const fit = fitMaternGP(gpFree, gTrain.X, { restarts: fitParams.restarts, seed });
    nuOpt = fit.best.theta[gpFree.dim - 1];
    timings["gp-fit"] = (performance.now() - t) / 1000;
    await Deno.mkdir(`${dir}/gp-fit`, { recursive: true });
    await writeFileAtomic(
      fitPath,
      JSON.stringify({ params: fitParams, nu: nuOpt, nlml: fit.best.nlml }, jsonReplacer, 1) +
        "\n",
    );
  }
  note(`[compare] optimum ν = ${fmt(nuOpt, 4)}`);
  const gpRecord = (key: string, label: string, nu: number) =>
    landscape(key, {
      data: raw.source,
      nu: Number(nu.toFixed(6)),
      steps: gpSteps,
      attempts: gpAttempts,
      seed,
    }, async () => {
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
        { data: raw.source, nu: Number(nu.toFixed(6)), steps: gpSteps, attempts: gpAttempts, seed },
        db,
        {
          basin_hopping_steps: gpSteps * 2,
          connection_attempts: gpAttempts,
        },
        "NLML",
        { name: "test RMSE", higher_is_better: false },
        (id) => rmse.get(id) ?? NaN,
        (performance.now() - t) / 1000,
      );
    });
  const gpOpt = await gpRecord("gp-optimum-nu", `GP, optimum ν = ${fmt(nuOpt, 3)}`, nuOpt);
  const gp15 = await gpRecord("gp-nu-1.5", "GP, ν = 3/2", 1.5);

  // NN: concentric circles, 2-2-2 (under-parameterised, as in auc-vs-ce), 70/30 split, the same
  // effort for both losses.
  const circ = circles({ n: q ? 200 : 300, seed });
  const nsplit = trainTestSplit(circ.n, { testFraction: 0.3, seed });
  const nTrain = selectClassRows(circ, nsplit.train), nTest = selectClassRows(circ, nsplit.test);
  const nnSteps = q ? 15 : 40, nnAttempts = q ? 6 : 12;
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
        {
          basin_hopping_steps: nnSteps * 4,
          connection_attempts: ex.attempts,
        },
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

  // The table: every number read from the stored landscape files.
  const link = (r: StoredLandscape) => `landscapes/${r.key}/results.json`;
  const rowsSpec: [string, (s: ComparisonSummary) => string][] = [
    [
      "minima (interior / on a bound)",
      (s) => `${s.minima} (${s.interior_minima} / ${s.on_bound_minima})`,
    ],
    ["transition states", (s) => String(s.transition_states)],
    ["minima per 100 basin-hopping steps", (s) => fmt(s.minima_per_100_steps, 3)],
    ["transition states per connection attempt", (s) => fmt(s.transition_states_per_attempt, 3)],
    ["energy spread of interior minima", (s) => fmt(s.energy_spread, 4)],
    [
      "barriers: min / median / max",
      (s) => `${fmt(s.barriers.min, 3)} / ${fmt(s.barriers.median, 3)} / ${fmt(s.barriers.max, 3)}`,
    ],
    [
      "funnels (MSBs) and share of minima in the largest",
      (s) => `${s.funnels.basins}, ${fmt(s.funnels.largest_share, 3)}`,
    ],
    [
      "curvature, mean ln λ per mode: min / median / max",
      (s) =>
        `${fmt(s.curvature.min, 3)} / ${fmt(s.curvature.median, 3)} / ${fmt(s.curvature.max, 3)}`,
    ],
    [
      "heat-capacity peaks T (÷ energy spread)",
      (s) =>
        s.heat_capacity_peaks.length
          ? s.heat_capacity_peaks.map((t, i) =>
            `${fmt(t, 3)} (${fmt(s.heat_capacity_peaks_normalised[i], 3)})`
          ).join(", ")
          : "none",
    ],
    [
      "Spearman ρ: depth vs test performance",
      (s) => `${fmt(s.depth_correlation, 3)} (${s.correlation_minima} minima)`,
    ],
    ["Spearman ρ: flatness vs test performance", (s) => fmt(s.flatness_correlation, 3)],
  ];
  const tableHtml = `<table><thead><tr><th>figure</th>${
    all.map((r) => `<th><a href="${escapeHtml(link(r))}">${escapeHtml(r.label)}</a></th>`).join("")
  }</tr></thead><tbody>${
    rowsSpec.map(([name, f]) =>
      `<tr><td>${escapeHtml(name)}</td>${
        all.map((r) => `<td>${escapeHtml(f(r.summary))}</td>`).join("")
      }</tr>`
    ).join("")
  }<tr><td>test metric</td>${
    all.map((r) => `<td>${escapeHtml(r.test_metric.name)}</td>`).join("")
  }</tr></tbody></table>`;

  // Open questions, each backed by the numbers above.
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
    const folds = sweep.folds ?? [];
    const grid = sweep.nu_grid ?? [];
    questions.push(
      folds.length
        ? `sweep-nu (${sweepPath}) found ${folds.length} fold(s) in ν on these data: how do the landscape summaries change across them?`
        : `sweep-nu (${sweepPath}) found no fold for ν in [${grid[0]}, ${
          grid[grid.length - 1]
        }] on these data, consistent with the single-minimum GP landscapes here: at what data size or noise level do GP minima and folds appear?`,
    );
  }
  if (!questions.length) {
    questions.push("No figure stands out at this search effort; rerun without --quick.");
  }

  const sections: Section[] = [{
    title: "Summaries side by side",
    text: `Each column links the results.json its numbers come from${
      reused.length ? ` (reused this run: ${reused.join(", ")})` : ""
    }. Effort: GP ${gpSteps} steps × 2 walkers + ${gpAttempts} connection attempts per ν; MLP ${nnSteps} steps × 4 walkers + ${nnAttempts} attempts per loss. Energies are in each model's own units; the normalised rows (per-effort rates, shares, correlations, peak/spread) compare across models.`,
    html: tableHtml,
  }, {
    title: "Disconnectivity graphs on a common normalised energy scale",
    text: "Energy mapped to [0, 1]: 0 at the global minimum, 1 at the top level of each graph.",
    html: sideBySide(all.map((r) => ({
      svg: disconnectivityFigure(r.graph, {
        width: 420,
        height: 320,
        energyLabel: "normalised energy",
        title: r.label,
      }),
      caption:
        `${r.label}: ${r.graph.leaves.length} minima joined to the global minimum (energy range ${
          fmt(r.graph.energyMin, 5)
        } … ${fmt(r.graph.energyMax, 5)} ${r.energy_label}).`,
    }))),
  }, {
    title: "Heat capacity",
    figures: [{
      svg: heatCapacityFigure(
        all.filter((r) => r.heat_capacity.temperatures.length).map((r) => ({
          label: r.label,
          temperatures: r.heat_capacity.temperatures.map((t) => t / (r.summary.energy_spread || 1)),
          cv: r.heat_capacity.cv,
        })),
        { temperatureLabel: "temperature ÷ energy spread of the minima" },
      ),
      caption:
        "Harmonic superposition over each landscape's minima; temperatures rescaled by the energy spread.",
    }],
  }, {
    title: "Open questions",
    html: `<ul>${questions.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>`,
  }];
  timings.total = (performance.now() - t0) / 1000;
  const device = `CPU float64 (${describeBackend(backend)})`;
  const results = {
    task: "compare",
    optimum_nu: nuOpt,
    landscapes: all.map((r) => ({
      key: r.key,
      label: r.label,
      results: link(r),
      params: r.params,
      summary: r.summary,
      reused: reused.includes(r.key),
    })),
    open_questions: questions,
    device,
    timings,
  };
  const summaryLine =
    all.map((r) => `${r.label}: ${r.summary.minima} minima, ${r.summary.transition_states} TS`)
      .join("; ") + ".";
  const paths = await writeReport(common.out, {
    title: "Loss landscapes compared across model classes",
    task: "compare",
    summary: summaryLine,
    params: {
      quick: q,
      seed,
      fresh: Boolean(values.fresh),
      gp_data: raw.source,
      nn_data: circ.source,
    },
    timings,
    device,
    sections,
  }, results);
  note(`[compare] ${summaryLine}`);
  note(`[compare] wrote ${paths.html} and ${paths.json}`);
}

if (import.meta.main) runMain(main);
