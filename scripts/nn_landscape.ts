/**
 * `deno task nn-landscape`: the loss landscape of a single-hidden-layer perceptron — minima by
 * basin-hopping (symmetry-equivalent copies merged by canonicalisation), transition states by DNEB +
 * hybrid eigenvector-following with exact Hessian-vector products — and, per minimum, training loss,
 * train/test accuracy (and AUC for binary problems) and Hessian eigenvalues; report and results.json
 * (schema in docs/nn-landscape.md).
 * @module
 */
import { rescaleInputs, selectClassRows } from "../lib/data/classification.ts";
import { exploreMlp, loadClassificationData, minimumMetrics } from "../lib/studies/nn_explore.ts";
import { trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { heatCapacity, summarizeLandscape } from "../lib/landscape/analysis.ts";
import { disconnectivityGraph } from "../lib/landscape/disconnectivity.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../lib/report/landscape_figures.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";

const HELP =
  `deno task nn-landscape [--data FILE.csv --target COL | --dataset moons|circles|xor|iris]
                       [--hidden 3] [--lambda 1e-4] [--loss ce|auc] [--beta 100] [--steps N]
                       [--rescale] [--seed N] [--quick] [--cpu] [--out DIR]

Maps the loss landscape of an I-H-O tanh/softmax perceptron (cross-entropy or −appAUC, + λ‖w‖²):
basin-hopping with symmetry-equivalent minima merged, connection by DNEB + hybrid
eigenvector-following, per-minimum test accuracy/AUC and Hessian spectra, disconnectivity graph,
heat capacity. Default data: two moons (n = 200). Writes DIR/report.html and DIR/results.json
(default DIR: reports/nn-landscape).`;

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "nn-landscape", {
    dataset: { type: "string" },
    hidden: { type: "string" },
    lambda: { type: "string" },
    loss: { type: "string" },
    beta: { type: "string" },
    steps: { type: "string" },
    rescale: { type: "boolean" },
  });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const backend = await getBackend({ cpu: common.cpu });
  const hidden = numberFlag(values, "hidden", 3, { integer: true, min: 1, max: 64 });
  const lambda = numberFlag(values, "lambda", 1e-4, { min: 0 });
  const beta = numberFlag(values, "beta", 100, { above: 0 });
  const loss = String(values.loss ?? "ce");
  if (loss !== "ce" && loss !== "auc") {
    throw new UserError(`--loss must be ce or auc, got "${loss}"`);
  }
  const steps = numberFlag(values, "steps", common.quick ? 30 : 300, { integer: true, min: 1 });
  let data = await loadClassificationData(
    common.data,
    common.target,
    String(values.dataset ?? "moons"),
    common.seed,
  );
  if (values.rescale) data = { ...data, X: rescaleInputs(data.X, data.n, data.d).X };
  const split = trainTestSplit(data.n, { testFraction: 0.3, seed: common.seed });
  const train = selectClassRows(data, split.train), test = selectClassRows(data, split.test);
  const outputs = data.classNames.length;
  const model = new MlpLandscape(train, {
    hidden,
    outputs,
    lambda,
    loss: loss as "ce" | "auc",
    beta,
  });
  const L = model.layout;
  note(
    `[nn-landscape] ${data.source}: ${train.n} train / ${test.n} test, network ${L.inputs}-${L.hidden}-${L.outputs} (${model.dim} parameters), loss ${loss}; device: CPU float64`,
  );

  // Basin-hopping: 4 walkers, symmetry-merged minima (canonicalize), then connection.
  const ex = await exploreMlp(model, {
    steps,
    seed: common.seed,
    connectAttempts: common.quick ? 10 : 60,
    label: "nn-landscape",
  });
  const { db, attempts, successes } = ex;
  const tBh = ex.seconds.basinHopping, tConnect = ex.seconds.connect;

  // Per minimum: accuracies, AUC, Hessian spectrum.
  const rows = minimumMetrics(model, db, train, test);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const summary = summarizeLandscape(db);
  const hc = heatCapacity(db);
  const dg = disconnectivityGraph(db, { levels: 30 });
  const spectra = rows.slice(0, 5).flatMap((r, rank) =>
    r.eigenvalues.map((v) => ({ minimum: `#${rank + 1} (loss ${fmt(r.loss, 4)})`, value: v }))
  );
  const sections: Section[] = [{
    title: "Disconnectivity graph",
    text:
      `${db.minima.length} distinct minima (hidden-unit permutations and sign flips merged) and ${db.transitionStates.length} transition states; ` +
      `${successes} of ${attempts} connection attempts gave a verified transition state (index 1).`,
    figures: [{
      svg: disconnectivityFigure(dg, {
        energyLabel: "training loss",
        color: (id) => byId.get(id)?.test_accuracy ?? NaN,
        colorLabel: "test accuracy",
      }),
      caption: "Branch ends coloured by the minimum's test accuracy.",
    }],
  }, {
    title: "Test performance against training loss",
    figures: [{
      svg: plotToSvg({
        marginLeft: 60,
        x: { label: "training loss (with penalty)" },
        y: { label: outputs === 2 ? "test accuracy / AUC" : "test accuracy", grid: true },
        color: { legend: true },
        marks: [
          Plot.dot(rows, {
            x: "loss",
            y: "test_accuracy",
            fill: "#1f77b4",
            r: 3,
            title: (d: { id: number }) => `minimum ${d.id}`,
          }),
          ...(outputs === 2
            ? [
              Plot.dot(rows, {
                x: "loss",
                y: "test_auc",
                stroke: "#d62728",
                symbol: "times",
                r: 3,
              }),
            ]
            : []),
        ],
      }),
      caption: outputs === 2
        ? "Dots: test accuracy; crosses: test AUC."
        : "Test accuracy of every minimum.",
    }],
  }, {
    title: "Hessian spectra of the lowest minima",
    figures: [{
      svg: plotToSvg({
        marginLeft: 160,
        x: { type: "symlog", label: "Hessian eigenvalue" },
        y: { label: null },
        marks: [Plot.dot(spectra, { x: "value", y: "minimum", r: 2.5 })],
      }),
    }],
  }, {
    title: "Heat capacity",
    text:
      "Harmonic superposition over the minima (zero modes excluded), the training loss as the energy.",
    figures: [{
      svg: heatCapacityFigure([{ label: "minima", temperatures: hc.temperatures, cv: hc.cv }], {
        temperatureLabel: "temperature (loss units)",
      }),
    }],
  }, {
    title: "Minima",
    tables: [{
      columns: [
        "id",
        "loss",
        "hits",
        "train acc",
        "test acc",
        ...(outputs === 2 ? ["test AUC"] : []),
        "smallest λ",
        "largest λ",
      ],
      rows: rows.slice(0, 30).map((
        r,
      ) => [
        r.id,
        Number(r.loss.toFixed(8)),
        r.hits,
        r.train_accuracy,
        r.test_accuracy,
        ...(outputs === 2 ? [r.test_auc] : []),
        r.eigenvalues[0],
        r.eigenvalues[r.eigenvalues.length - 1],
      ]),
    }],
  }];
  const timings = {
    "basin-hopping": tBh,
    connect: tConnect,
    total: (performance.now() - t0) / 1000,
  };
  const device = `CPU float64 (${describeBackend(backend)}${
    backend.kind === "gpu" ? " present, not used by this task yet" : ""
  })`;
  const results = {
    task: "nn-landscape",
    data: {
      source: data.source,
      n_train: train.n,
      n_test: test.n,
      features: data.featureNames,
      classes: data.classNames,
    },
    network: {
      inputs: L.inputs,
      hidden: L.hidden,
      outputs: L.outputs,
      parameters: model.dim,
      layout: "[W1 (H×I), b1 (H), W2 (O×H), b2 (O)]",
      loss,
      lambda,
      beta: loss === "auc" ? model.beta : null,
    },
    summary,
    connection: {
      attempts,
      with_verified_transition_state: successes,
      success_rate: attempts ? successes / attempts : NaN,
      failure_reasons: ex.failureReasons,
    },
    minima: rows,
    transition_states: db.transitionStates.map((t) => ({
      id: t.id,
      loss: t.energy,
      minima: t.minima,
      eigenvalue: t.eigenvalue,
      index: t.index,
    })),
    heat_capacity: { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks },
    device,
    timings,
  };
  const best = rows[0];
  const paths = await writeReport(common.out, {
    title: `Neural-network loss landscape (${L.inputs}-${L.hidden}-${L.outputs}, ${
      loss === "ce" ? "cross-entropy" : "appAUC"
    })`,
    task: "nn-landscape",
    summary:
      `${db.minima.length} minima, ${db.transitionStates.length} transition states. Global minimum: loss ${
        fmt(best.loss, 6)
      }, test accuracy ${fmt(best.test_accuracy, 3)}` +
      (outputs === 2 ? `, test AUC ${fmt(best.test_auc, 3)}` : "") +
      `; best test accuracy over all minima ${
        fmt(Math.max(...rows.map((r) => r.test_accuracy)), 3)
      }.`,
    params: {
      data: data.source,
      hidden,
      lambda,
      loss,
      beta,
      steps,
      seed: common.seed,
      rescale: Boolean(values.rescale),
      quick: common.quick,
    },
    timings,
    device,
    sections,
  }, results);
  note(
    `[nn-landscape] ${db.minima.length} minima, ${db.transitionStates.length} transition states (${successes}/${attempts} attempts succeeded); wrote ${paths.html} and ${paths.json}`,
  );
}

if (import.meta.main) runMain(main);
