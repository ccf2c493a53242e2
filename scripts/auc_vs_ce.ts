/**
 * `deno task auc-vs-ce`: choosing a loss by its landscape (MISSION.md, study 4). For several seeds,
 * the same network, data and exploration effort under cross-entropy and under −appAUC (+ λ‖w‖²):
 * minima and transition states found, Hessian spectra of the minima, barriers, test AUC per
 * minimum, and robustness (test AUC under weight and input noise) of the low minima. The verdict
 * compares each figure with the published direction. Report and results.json (docs/auc-vs-ce.md).
 * @module
 */
import { rescaleInputs, selectClassRows } from "../lib/data/classification.ts";
import { trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { disconnectivityGraph } from "../lib/landscape/disconnectivity.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import {
  fmt,
  jsonReplacer,
  type Section,
  sideBySide,
  writeFileAtomic,
  writeReport,
} from "../lib/report/html.ts";
import { disconnectivityFigure } from "../lib/report/landscape_figures.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import {
  exploreMlp,
  loadClassificationData,
  type MinimumMetrics,
  minimumMetrics,
} from "../lib/studies/nn_explore.ts";
import { perturbationCurve } from "../lib/studies/robustness.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";
import { meanSd, median } from "../lib/util/stats.ts";

const HELP = `deno task auc-vs-ce [--data FILE.csv --target COL | --dataset moons|circles|xor]
                    [--hidden 2] [--lambda 1e-4] [--beta 100] [--seeds 5] [--steps N]
                    [--connect N] [--low 5] [--seed N] [--resume] [--quick] [--cpu] [--out DIR]

Maps the loss landscape of the same I-H-2 perceptron under cross-entropy and under −appAUC
(Wilcoxon–Mann–Whitney sigmoid surrogate, steepness β), with equal effort (basin-hopping steps
and connection attempts) per seed: counts of minima and transition states, Hessian eigenvalues,
barriers, test AUC per minimum, and the test AUC of the --low lowest minima under Gaussian weight
and input noise. Default data: concentric circles (n = 300, 30% test) with 2 hidden units. Writes DIR/report.html and
DIR/results.json (default DIR: reports/auc-vs-ce). Each finished landscape is kept in
DIR/results.partial.json until the end; --resume continues a killed run from it.`;

const LOSSES = ["ce", "auc"] as const;
type Loss = typeof LOSSES[number];
const LABEL: Record<Loss, string> = { ce: "cross-entropy", auc: "appAUC" };
const SCALES = [0, 0.02, 0.05, 0.1, 0.2, 0.5];

interface LandscapeRun {
  seed: number;
  loss: Loss;
  minima: number;
  transition_states: number;
  connection_attempts: number;
  connection_successes: number;
  per_minimum: (MinimumMetrics & { mean_eigenvalue: number; largest_eigenvalue: number })[];
  barriers: number[];
  global_minimum_test_auc: number;
  low_minima_mean_test_auc: number;
  /** Mean over the low minima of test AUC at each scale. */
  robustness: { weights: number[]; inputs: number[] };
  seconds: number;
}

/** Counts of `log10` per loss in 30 common bins. */
function histogram(v: { loss: string; log10: number }[]) {
  const lo = Math.min(...v.map((d) => d.log10)), hi = Math.max(...v.map((d) => d.log10));
  const w = (hi - lo || 1) / 30;
  const bins = new Map<string, { loss: string; x1: number; x2: number; count: number }>();
  for (const d of v) {
    const k = Math.min(29, Math.floor((d.log10 - lo) / w));
    const key = `${d.loss}|${k}`;
    const b = bins.get(key) ?? { loss: d.loss, x1: lo + k * w, x2: lo + (k + 1) * w, count: 0 };
    b.count++;
    bins.set(key, b);
  }
  return [...bins.values()];
}

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "auc-vs-ce", {
    dataset: { type: "string" },
    hidden: { type: "string" },
    lambda: { type: "string" },
    beta: { type: "string" },
    seeds: { type: "string" },
    steps: { type: "string" },
    connect: { type: "string" },
    low: { type: "string" },
    rescale: { type: "boolean" },
    resume: { type: "boolean" },
  });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const hidden = numberFlag(values, "hidden", 2, { integer: true, min: 1, max: 64 });
  const lambda = numberFlag(values, "lambda", 1e-4, { min: 0 });
  const beta = numberFlag(values, "beta", 100, { above: 0 });
  const nSeeds = numberFlag(values, "seeds", common.quick ? 3 : 5, { integer: true, min: 1 });
  const steps = numberFlag(values, "steps", common.quick ? 5 : 30, { integer: true, min: 1 });
  const connectAttempts = numberFlag(values, "connect", common.quick ? 3 : 8, {
    integer: true,
    min: 0,
  });
  const lowK = numberFlag(values, "low", 5, { integer: true, min: 1 });
  const datasetName = String(values.dataset ?? "circles");
  const nData = common.quick ? 140 : 300;
  const runs: LandscapeRun[] = [];
  const firstDbs: Partial<
    Record<Loss, { graph: ReturnType<typeof disconnectivityGraph>; rows: MinimumMetrics[] }>
  > = {};
  let source = "";
  // Every finished (seed, loss) landscape goes to results.partial.json at once, so a killed run
  // loses at most the landscape in progress; --resume continues from it when the settings match.
  const partialPath = `${common.out}/results.partial.json`;
  const settings = {
    data: common.data ?? datasetName,
    target: common.target ?? null,
    hidden,
    lambda,
    beta,
    steps,
    connectAttempts,
    lowK,
    nData,
    firstSeed: common.seed,
    rescale: Boolean(values.rescale),
    quick: common.quick,
  };
  if (values.resume) {
    try {
      const old = JSON.parse(await Deno.readTextFile(partialPath));
      if (JSON.stringify(old.settings) === JSON.stringify(settings)) {
        runs.push(...(old.runs as LandscapeRun[]));
        Object.assign(firstDbs, old.firstDbs);
        note(`[auc-vs-ce] resuming: ${runs.length} landscape(s) read from ${partialPath}`);
      } else note(`[auc-vs-ce] ${partialPath} has other settings; starting afresh`);
    } catch {
      note(`[auc-vs-ce] nothing to resume in ${partialPath}; starting afresh`);
    }
  }
  await Deno.mkdir(common.out, { recursive: true });
  for (let s = 0; s < nSeeds; s++) {
    const seed = common.seed + s;
    let data = await loadClassificationData(common.data, common.target, datasetName, seed, nData);
    if (data.classNames.length !== 2) {
      throw new UserError(
        `${data.source}: auc-vs-ce needs a binary problem, the labels have ${data.classNames.length} classes`,
      );
    }
    if (values.rescale) data = { ...data, X: rescaleInputs(data.X, data.n, data.d).X };
    source = data.source;
    const split = trainTestSplit(data.n, { testFraction: 0.3, seed: 3000 + seed });
    const train = selectClassRows(data, split.train), test = selectClassRows(data, split.test);
    for (const loss of LOSSES) {
      if (runs.some((r) => r.seed === seed && r.loss === loss)) continue;
      const ts = performance.now();
      const model = new MlpLandscape(train, { hidden, outputs: 2, lambda, loss, beta });
      const ex = await exploreMlp(model, {
        steps,
        seed,
        connectAttempts,
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
      const low = rows.slice(0, lowK);
      const curve = (kind: "weights" | "inputs") => {
        const sums = SCALES.map(() => 0);
        for (const r of low) {
          const c = perturbationCurve(model, db.minima[r.id].x, test, kind, SCALES, {
            repeats: common.quick ? 8 : 20,
            seed: seed * 7919 + r.id,
          });
          c.forEach((v, k) => (sums[k] += v / low.length));
        }
        return sums;
      };
      runs.push({
        seed,
        loss,
        minima: db.minima.length,
        transition_states: db.transitionStates.length,
        connection_attempts: ex.attempts,
        connection_successes: ex.successes,
        per_minimum: rows,
        barriers,
        global_minimum_test_auc: rows[0].test_auc,
        low_minima_mean_test_auc: low.reduce((a, r) => a + r.test_auc, 0) / low.length,
        robustness: { weights: curve("weights"), inputs: curve("inputs") },
        seconds: (performance.now() - ts) / 1000,
      });
      if (s === 0) firstDbs[loss] = { graph: disconnectivityGraph(db, { levels: 30 }), rows };
      await writeFileAtomic(
        partialPath,
        JSON.stringify({ settings, runs, firstDbs }, jsonReplacer) + "\n",
      );
      note(
        `[auc-vs-ce] seed ${seed} ${
          LABEL[loss]
        }: ${db.minima.length} minima, ${db.transitionStates.length} transition states, global-minimum test AUC ${
          fmt(rows[0].test_auc, 4)
        }`,
      );
    }
  }

  // Aggregates per loss (mean ± sd over seeds of per-seed figures).
  const per = (loss: Loss) => runs.filter((r) => r.loss === loss);
  const mid = SCALES.indexOf(0.1);
  const figures = LOSSES.map((loss) => {
    const rs = per(loss);
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
      robustness_weights: SCALES.map((_, k) => meanSd(rs.map((r) => r.robustness.weights[k]))),
      robustness_inputs: SCALES.map((_, k) => meanSd(rs.map((r) => r.robustness.inputs[k]))),
    };
  });
  const [ce, auc] = figures;
  const pm = (v: { mean: number; sd: number }, d = 3) => `${fmt(v.mean, d)} ± ${fmt(v.sd, 2)}`;
  const claims = [
    {
      claim: "appAUC gives a higher test AUC (global minimum)",
      ce: ce.global_minimum_test_auc,
      auc: auc.global_minimum_test_auc,
      agrees: auc.global_minimum_test_auc.mean > ce.global_minimum_test_auc.mean,
    },
    {
      claim: "appAUC gives a higher test AUC (mean of the low minima)",
      ce: ce.low_minima_mean_test_auc,
      auc: auc.low_minima_mean_test_auc,
      agrees: auc.low_minima_mean_test_auc.mean > ce.low_minima_mean_test_auc.mean,
    },
    {
      claim: "appAUC's landscape has more minima (equal effort)",
      ce: ce.minima,
      auc: auc.minima,
      agrees: auc.minima.mean > ce.minima.mean,
    },
    {
      claim: "appAUC's minima have larger Hessian eigenvalues (median largest)",
      ce: ce.median_largest_eigenvalue,
      auc: auc.median_largest_eigenvalue,
      agrees: auc.median_largest_eigenvalue.mean > ce.median_largest_eigenvalue.mean,
    },
    {
      claim: "appAUC's low minima lose more test AUC under weight noise (σ = 0.1·rms w)",
      ce: ce.auc_drop_weights,
      auc: auc.auc_drop_weights,
      agrees: auc.auc_drop_weights.mean > ce.auc_drop_weights.mean,
    },
    {
      claim: "appAUC's low minima lose more test AUC under input noise (σ = 0.1·sd)",
      ce: ce.auc_drop_inputs,
      auc: auc.auc_drop_inputs,
      agrees: auc.auc_drop_inputs.mean > ce.auc_drop_inputs.mean,
    },
  ];
  const disagree = claims.filter((c) => !c.agrees);
  const verdict = disagree.length === 0
    ? `Every figure reproduces the published direction over ${nSeeds} seeds: appAUC reaches a higher test AUC, but its landscape has more minima with larger Hessian eigenvalues, and its low minima lose more AUC under noise — cross-entropy is the more robust choice.`
    : `${
      claims.length - disagree.length
    } of ${claims.length} figures follow the published direction over ${nSeeds} seeds; these do not: ${
      disagree.map((c) => `${c.claim} (cross-entropy ${pm(c.ce)}, appAUC ${pm(c.auc)})`).join("; ")
    }.`;

  const sections: Section[] = [{
    title: "Verdict",
    text: verdict +
      " Differences are means over seeds; compare them with the ± (standard deviation over seeds) before reading much into a small one. Eigenvalues and barriers are in each loss's own units (cross-entropy in nats, appAUC in AUC units), so those rows compare shapes, not like-for-like magnitudes; the robustness rows are in test-AUC units for both.",
    tables: [{
      columns: ["published claim", "cross-entropy", "appAUC", "agrees"],
      rows: claims.map((c) => [c.claim, pm(c.ce, 4), pm(c.auc, 4), c.agrees ? "yes" : "no"]),
    }, {
      columns: ["figure (mean ± sd over seeds)", "cross-entropy", "appAUC"],
      rows: [
        ["minima", pm(ce.minima, 3), pm(auc.minima, 3)],
        ["transition states", pm(ce.transition_states, 3), pm(auc.transition_states, 3)],
        [
          "median largest Hessian eigenvalue",
          pm(ce.median_largest_eigenvalue),
          pm(auc.median_largest_eigenvalue),
        ],
        [
          "median mean Hessian eigenvalue",
          pm(ce.median_mean_eigenvalue),
          pm(auc.median_mean_eigenvalue),
        ],
        [
          "median log-product of eigenvalues",
          pm(ce.median_log_product),
          pm(auc.median_log_product),
        ],
        ["median barrier", pm(ce.median_barrier), pm(auc.median_barrier)],
        [
          "global minimum's test AUC",
          pm(ce.global_minimum_test_auc),
          pm(auc.global_minimum_test_auc),
        ],
        [
          `mean test AUC of the ${lowK} lowest minima`,
          pm(ce.low_minima_mean_test_auc),
          pm(auc.low_minima_mean_test_auc),
        ],
      ],
    }],
  }];
  if (firstDbs.ce && firstDbs.auc) {
    sections.push({
      title: `Disconnectivity graphs (seed ${common.seed})`,
      html: sideBySide(LOSSES.map((loss) => {
        const f = firstDbs[loss]!;
        const byId = new Map(f.rows.map((r) => [r.id, r]));
        return {
          svg: disconnectivityFigure(f.graph, {
            width: 460,
            energyLabel: LABEL[loss] + " loss",
            color: (id) => byId.get(id)?.test_auc ?? NaN,
            colorLabel: "test AUC",
            title: LABEL[loss],
          }),
          caption: `${
            LABEL[loss]
          }: ${f.rows.length} minima; branch ends coloured by test AUC; only minima joined to the global minimum by verified transition states are drawn.`,
        };
      })),
    });
  }
  const eig = runs.flatMap((r) =>
    r.per_minimum.flatMap((m) =>
      m.eigenvalues.filter((v) => v > 0).map((v) => ({ loss: LABEL[r.loss], log10: Math.log10(v) }))
    )
  );
  const aucs = runs.flatMap((r) =>
    r.per_minimum.map((m) => ({ loss: LABEL[r.loss], auc: m.test_auc, seed: r.seed }))
  );
  const curves = runs.length
    ? figures.flatMap((f) =>
      (["weights", "inputs"] as const).flatMap((kind) =>
        SCALES.map((s, k) => ({
          loss: LABEL[f.loss],
          kind: `${kind} perturbed`,
          scale: s,
          auc: (kind === "weights" ? f.robustness_weights : f.robustness_inputs)[k].mean,
          sd: (kind === "weights" ? f.robustness_weights : f.robustness_inputs)[k].sd,
        }))
      )
    )
    : [];
  sections.push({
    title: "Hessian eigenvalues of the minima",
    figures: [{
      svg: plotToSvg({
        height: 320,
        marginRight: 100,
        x: { label: "log10 Hessian eigenvalue (positive ones)" },
        y: { label: "count", grid: true },
        fy: { label: null },
        marks: [
          Plot.rectY(histogram(eig), {
            x1: "x1",
            x2: "x2",
            y: "count",
            fill: "loss",
            fy: "loss",
            insetLeft: 0.5,
          }),
          Plot.ruleY([0]),
        ],
      }),
      caption: "All minima of all seeds, each loss in its own units.",
    }],
  }, {
    title: "Test AUC of every minimum",
    figures: [{
      svg: plotToSvg({
        height: 200,
        marginLeft: 100,
        x: { label: "test AUC", grid: true },
        y: { label: null },
        color: { legend: true, type: "ordinal" },
        marks: [Plot.dot(aucs, { x: "auc", y: "loss", stroke: "seed", r: 3 })],
      }),
      caption: "One dot per minimum, coloured by seed.",
    }],
  }, {
    title: "Robustness",
    text:
      `Test AUC of the ${lowK} lowest minima of each landscape (mean over minima, then over seeds) when every weight gets Gaussian noise of standard deviation σ·rms(w), or every input σ·(its standard deviation); ${
        common.quick ? 8 : 20
      } draws per scale.`,
    figures: [{
      svg: plotToSvg({
        height: 300,
        width: 760,
        x: { label: "noise scale σ", type: "symlog", constant: 0.05 },
        y: { label: "test AUC", grid: true },
        fx: { label: null },
        color: { legend: true },
        marks: [
          Plot.line(curves, { x: "scale", y: "auc", stroke: "loss", fx: "kind", marker: "circle" }),
          Plot.ruleX(curves, {
            x: "scale",
            y1: (d: { auc: number; sd: number }) => d.auc - d.sd,
            y2: (d: { auc: number; sd: number }) => d.auc + d.sd,
            stroke: "loss",
            fx: "kind",
            strokeOpacity: 0.5,
          }),
        ],
      }),
      caption: "Bars: ± one standard deviation over seeds.",
    }],
  }, {
    title: "Per seed",
    tables: [{
      columns: [
        "seed",
        "loss",
        "minima",
        "transition states",
        "verified / attempts",
        "global-min test AUC",
        "median largest λ",
        "AUC drop (weights, σ=0.1)",
        "AUC drop (inputs, σ=0.1)",
        "seconds",
      ],
      rows: runs.map((r) => [
        r.seed,
        LABEL[r.loss],
        r.minima,
        r.transition_states,
        `${r.connection_successes} / ${r.connection_attempts}`,
        r.global_minimum_test_auc,
        median(r.per_minimum.map((m) => m.largest_eigenvalue)),
        r.robustness.weights[0] - r.robustness.weights[mid],
        r.robustness.inputs[0] - r.robustness.inputs[mid],
        r.seconds,
      ]),
    }],
  });
  const timings = { total: (performance.now() - t0) / 1000 };
  const device = `CPU float64 (${describeBackend(backend)})`;
  const results = {
    task: "auc-vs-ce",
    data: { source, test_fraction: 0.3 },
    network: { hidden, outputs: 2, lambda, beta: Math.min(beta, 500) },
    effort: { steps_per_walker: steps, walkers: 4, connection_attempts: connectAttempts },
    noise_scales: SCALES,
    low_minima: lowK,
    figures,
    claims: claims.map((c) => ({ claim: c.claim, ce: c.ce, auc: c.auc, agrees: c.agrees })),
    verdict,
    runs,
    device,
    timings,
  };
  const paths = await writeReport(common.out, {
    title: `appAUC against cross-entropy (${source})`,
    task: "auc-vs-ce",
    summary: verdict,
    params: {
      data: source,
      hidden,
      lambda,
      beta: Math.min(beta, 500),
      seeds: nSeeds,
      steps,
      connect: connectAttempts,
      low: lowK,
      first_seed: common.seed,
      quick: common.quick,
    },
    timings,
    device,
    sections,
  }, results);
  note(`[auc-vs-ce] ${verdict}`);
  await Deno.remove(partialPath).catch(() => {});
  note(`[auc-vs-ce] wrote ${paths.html} and ${paths.json}`);
}

if (import.meta.main) runMain(main);
