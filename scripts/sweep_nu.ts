/**
 * `deno task sweep-nu`: the Gaussian-process ν study — ν-continuity of the NLML landscape's
 * stationary points, fold catastrophes, optimal ν against the half-integers, GP ensembles from
 * distinct minima, heat capacities — as one command and one report. Schema: docs/sweep-nu.md.
 * @module
 */
import { co2Dataset, maternSample, type MaternTruth } from "../lib/data/builtin.ts";
import { type Dataset, loadCsv } from "../lib/data/csv.ts";
import { kFold, selectRows, trainTestSplit } from "../lib/data/transform.ts";
import { describeBackend, getBackend } from "../lib/gpu/device.ts";
import { heatCapacity } from "../lib/landscape/analysis.ts";
import type { LandscapeDatabase } from "../lib/landscape/database.ts";
import { disconnectivityGraph } from "../lib/landscape/disconnectivity.ts";
import { minimize } from "../lib/landscape/minimize.ts";
import { MaternGP } from "../lib/models/gp.ts";
import { defaultBounds, fitMaternGP } from "../lib/models/gp_fit.ts";
import { type EnsembleMember, ensembleScores } from "../lib/models/gp_ensemble.ts";
import { mapGpLandscape } from "../lib/models/gp_landscape.ts";
import { nuSweep } from "../lib/models/nu_sweep.ts";
import type { TrackedPoint } from "../lib/landscape/catastrophe.ts";
import { fmt, type Section, writeReport } from "../lib/report/html.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../lib/report/landscape_figures.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";
import { numberFlag, parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { formatDuration, note } from "../lib/util/progress.ts";

const HELP = `deno task sweep-nu [--data FILE.csv --target COL | --dataset matern|co2] [--ard]
                   [--nu-min 0.25 --nu-max 5 --nu-step 0.05] [--seed N] [--quick] [--cpu] [--out DIR]

Maps the NLML landscape of a Matérn-ν GP over (ln ℓ, ln σf², ln σn²) for every ν on a grid
(half-integers always included), follows each minimum and transition state continuously in ν,
locates fold catastrophes, optimises ν jointly with θ, compares with ν = 1/2, 3/2, 5/2 on a
held-out split (5-fold when there are fewer than 60 rows), builds ensembles from distinct minima
and computes heat capacities. Writes DIR/report.html and DIR/results.json (default reports/sweep-nu).
  --dataset   built-in data when no --data is given: matern (synthetic, n = 200, true ν = 1.2;
              default) or co2 (Mauna Loa monthly CO2, every 6th month)
  --quick     small data and a coarse grid (ν step 0.25): seconds`;

const HALF = [0.5, 1.5, 2.5];

interface Metrics {
  rmse: number;
  mnlpd: number;
}

async function main(args: string[]): Promise<void> {
  const { common, values } = parseFlags(args, "sweep-nu", {
    dataset: { type: "string" },
    ard: { type: "boolean" },
    "nu-min": { type: "string" },
    "nu-max": { type: "string" },
    "nu-step": { type: "string" },
  });
  if (common.help) return console.log(HELP);
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const stage = (
    name: string,
    since: number,
  ) => (timings[name] = (performance.now() - since) / 1000);
  const backend = await getBackend({ cpu: common.cpu });
  // Every NLML of this study is float64 on the CPU (the n×n Cholesky dominates; the WebGPU batch
  // path is no faster on a software adapter, docs/ARCHITECTURE.md), so the report says so.
  const device = `CPU float64 for every NLML (WebGPU backend present: ${
    describeBackend(backend)
  }; not used by this study)`;
  const nuMin = numberFlag(values, "nu-min", 0.25, { above: 0 });
  const nuMax = numberFlag(values, "nu-max", 5, { above: 0, max: 30 });
  const nuStep = numberFlag(values, "nu-step", common.quick ? 0.25 : 0.05, { above: 0 });
  if (!(nuMax > nuMin)) {
    throw new UserError(`--nu-max (${nuMax}) must be greater than --nu-min (${nuMin})`);
  }
  if ((nuMax - nuMin) / nuStep > 2000) {
    throw new UserError(
      `the ν grid would have ${
        Math.round((nuMax - nuMin) / nuStep)
      } points; use a larger --nu-step`,
    );
  }
  const grid = [
    ...new Set([
      ...Array.from(
        { length: Math.floor((nuMax - nuMin) / nuStep + 1e-9) + 1 },
        (_, k) => Math.round((nuMin + k * nuStep) * 1e9) / 1e9,
      ),
      ...HALF.filter((h) => h >= nuMin && h <= nuMax),
    ]),
  ].sort((a, b) => a - b);
  const ard = Boolean(values.ard);

  // Data.
  let raw: Dataset, truth: MaternTruth | null = null;
  if (common.data) raw = await loadCsv(common.data, { target: common.target, minRows: 6 });
  else {
    const which = String(values.dataset ?? "matern");
    if (which === "matern") {
      ({ data: raw, truth } = maternSample({ n: common.quick ? 60 : 200, seed: common.seed }));
    } else if (which === "co2") raw = co2Dataset({ every: common.quick ? 24 : 6 });
    else throw new UserError(`--dataset must be matern or co2, got "${which}"`);
  }
  const useCv = raw.n < 60;
  const split = trainTestSplit(raw.n, { testFraction: 0.25, seed: common.seed });
  const train = useCv ? raw : selectRows(raw, split.train);
  const test = useCv ? null : selectRows(raw, split.test);
  note(
    `[sweep-nu] ${raw.source}: ${raw.n} rows, ${raw.d} inputs, ${grid.length} ν values in [${nuMin}, ${nuMax}]; ${
      useCv ? "5-fold CV" : `${train.n} train / ${test!.n} test`
    }; device: ${device}`,
  );

  // 1–2. The sweep: anchors, continuation, folds.
  let ts = performance.now();
  const sweepStart = performance.now();
  const sweep = await nuSweep(train, {
    grid,
    ard,
    seed: common.seed,
    anchorEvery: common.quick ? 6 : 24,
    bhSteps: common.quick ? 10 : 20,
    onProgress: (s, done, total, detail) => {
      const el = (performance.now() - sweepStart) / 1000;
      note(
        `[sweep-nu] ${s} ${done}/${total}: ${detail}  (${formatDuration(el)} elapsed${
          s === "anchors" ? `, ETA ${formatDuration(el / done * (total - done))} for anchors` : ""
        })`,
      );
    },
  });
  stage("sweep (anchors, continuation, folds)", ts);
  const names = sweep.names;
  note(
    `[sweep-nu] ${sweep.branches.length} branches, ${sweep.folds.length} folds, ${sweep.evaluations} NLML evaluations`,
  );

  // 3. The joint optimum over (θ, ν), started from the best point of every branch.
  ts = performance.now();
  const gpFree = new MaternGP(train, { ard });
  const bestPerBranch = sweep.branches.filter((b) => b.kind === "minimum").map((b) =>
    b.points.reduce((a, p) => (p.energy < a.energy ? p : a))
  );
  const starts = bestPerBranch.sort((a, b) => a.energy - b.energy).slice(0, 6).map((p) =>
    Float64Array.from([...p.x, p.nu])
  );
  const fit = fitMaternGP(gpFree, train.X, {
    starts,
    restarts: common.quick ? 1 : 3,
    seed: common.seed,
  });
  const opt = fit.best;
  const nuOpt = opt.theta[gpFree.dim - 1];
  stage("joint optimum over (θ, ν)", ts);

  // Best point at each half-integer (from the sweep, polished).
  const bestAt = (nu: number): TrackedPoint | null => {
    const pts = sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
      b.points.filter((p) => p.nu === nu)
    );
    // The lowest NLML at this ν; a minimum on a bound of the box is reported (flagged), not skipped.
    const pool = pts;
    return pool.length ? pool.reduce((a, p) => (p.energy < a.energy ? p : a)) : null;
  };
  const halfRows = HALF.filter((h) => grid.includes(h)).map((h) => ({ nu: h, point: bestAt(h) }));

  // Held-out metrics (or 5-fold CV): refit θ on each training part from the found θ.
  ts = performance.now();
  const metricsFor = (nu: number | null, theta: Float64Array): Metrics => {
    const evalOn = (tr: Dataset, te: Dataset, th: Float64Array) => {
      const gp = new MaternGP(tr, nu === null ? { ard } : { ard, nu });
      const b = defaultBounds(gp, tr.X);
      const r = minimize(gp, th, { lower: b.lower, upper: b.upper, maxStep: 0.5 });
      return gp.testMetrics(r.x, te.X, te.y);
    };
    if (!useCv) {
      const gp = new MaternGP(train, nu === null ? { ard } : { ard, nu });
      return gp.testMetrics(theta, test!.X, test!.y);
    }
    const folds = kFold(raw.n, { k: 5, seed: common.seed }).map((f) =>
      evalOn(selectRows(raw, f.train), selectRows(raw, f.test), theta)
    );
    return {
      rmse: folds.reduce((a, m) => a + m.rmse, 0) / folds.length,
      mnlpd: folds.reduce((a, m) => a + m.mnlpd, 0) / folds.length,
    };
  };
  const optMetrics = metricsFor(null, opt.theta);
  const halfResults = halfRows.map(({ nu, point }) => {
    if (!point) {
      return {
        nu,
        nlml: NaN,
        theta: [] as number[],
        on_bound: false,
        test_rmse: NaN,
        test_mnlpd: NaN,
      };
    }
    const m = metricsFor(nu, point.x);
    return {
      nu,
      nlml: point.energy,
      theta: Array.from(point.x),
      on_bound: point.onBound,
      test_rmse: m.rmse,
      test_mnlpd: m.mnlpd,
    };
  });
  stage("test metrics", ts);
  const bestHalf = halfResults.filter((h) => Number.isFinite(h.nlml)).reduce(
    (a, b) => (b.nlml < a.nlml ? b : a),
    halfResults[0],
  );

  // 4–5. Landscapes at the optimum ν (ensembles, heat capacity) and at the half-integers.
  ts = performance.now();
  const landscapeAt = (nu: number) =>
    mapGpLandscape(train, nu, { ard, steps: common.quick ? 10 : 30, seed: common.seed });
  const dbOpt = await landscapeAt(nuOpt);
  const dbHalf = new Map<number, LandscapeDatabase>();
  for (const h of halfRows) {
    const k = grid.indexOf(h.nu);
    dbHalf.set(h.nu, sweep.anchors.get(k) ?? await landscapeAt(h.nu));
  }
  stage("landscapes at the optimum and half-integers", ts);

  // Ensembles from the distinct minima at the optimum ν.
  ts = performance.now();
  let ensembles: ReturnType<typeof ensembleScores> = [];
  let members: {
    nlml: number;
    theta: number[];
    on_bound: boolean;
    test_rmse: number;
    test_mnlpd: number;
  }[] = [];
  if (test) {
    const gp = new MaternGP(train, { ard, nu: nuOpt });
    const ms: EnsembleMember[] = dbOpt.minima.map((m) => {
      const p = gp.predict(m.x, test.X);
      return {
        nlml: m.energy,
        logProductHessian: m.logProductHessian,
        mean: p.mean,
        variance: p.variance,
      };
    });
    members = dbOpt.minima.map((m) => ({
      nlml: m.energy,
      theta: Array.from(m.x),
      on_bound: m.onBound,
      ...(() => {
        const r = gp.testMetrics(m.x, test.X, test.y);
        return { test_rmse: r.rmse, test_mnlpd: r.mnlpd };
      })(),
    }));
    ensembles = ensembleScores(ms, test.y);
  }
  stage("ensembles", ts);

  // Heat capacities (T in NLML units: T = 1 is the Bayesian posterior).
  const hcs = [
    { label: `ν = ${fmt(nuOpt, 4)} (optimum)`, db: dbOpt },
    ...halfRows.map((h) => ({ label: `ν = ${h.nu}`, db: dbHalf.get(h.nu)! })),
  ].map((x) => ({ label: x.label, ...heatCapacity(x.db) }));

  // Report.
  const branchData = sweep.branches.flatMap((b) =>
    b.points.map((p) => ({
      branch: `${b.kind === "minimum" ? "min" : "ts"} ${b.id}`,
      kind: b.kind,
      nu: p.nu,
      nlml: p.energy,
      onBound: p.onBound,
    }))
  );
  const thetaData = sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
    b.points.flatMap((p) =>
      names.map((nm, i) => ({ branch: `min ${b.id}`, nu: p.nu, param: nm, value: p.x[i] }))
    )
  );
  const marks = [
    ...HALF.filter((h) => grid.includes(h)).map((h) =>
      Plot.ruleX([h], { stroke: "orange", strokeDasharray: "2,3" })
    ),
    Plot.ruleX([nuOpt], { stroke: "red" }),
  ];
  const sections: Section[] = [{
    title: "NLML against ν for every branch",
    text:
      "Each line follows one stationary point continuously in ν: minima solid, transition states dashed; open circles are minima on a bound of the hyperparameter box (artefacts of the box, kept apart). Orange: ν = 1/2, 3/2, 5/2; red: the joint optimum; black diamonds: fold catastrophes.",
    figures: [{
      svg: plotToSvg({
        width: 760,
        height: 420,
        marginLeft: 70,
        x: { label: "ν" },
        y: { label: "NLML (training data)", grid: true },
        color: { legend: false },
        marks: [
          ...marks,
          Plot.line(branchData.filter((d) => d.kind === "minimum"), {
            x: "nu",
            y: "nlml",
            z: "branch",
            stroke: "#1f77b4",
          }),
          Plot.line(branchData.filter((d) => d.kind === "ts"), {
            x: "nu",
            y: "nlml",
            z: "branch",
            stroke: "#d62728",
            strokeDasharray: "4,3",
          }),
          Plot.dot(branchData.filter((d) => d.onBound), {
            x: "nu",
            y: "nlml",
            stroke: "#1f77b4",
            r: 2,
          }),
          Plot.dot(sweep.folds, { x: "nu", y: "energy", symbol: "diamond", fill: "black", r: 5 }),
        ],
      }),
    }, {
      svg: plotToSvg({
        width: 760,
        height: 160 * names.length,
        marginLeft: 70,
        marginRight: 150,
        x: { label: "ν" },
        fy: { label: null },
        y: { label: "value", grid: true },
        marks: [
          Plot.line(thetaData, {
            x: "nu",
            y: "value",
            z: "branch",
            fy: "param",
            stroke: "#1f77b4",
          }),
          ...marks,
        ],
      }),
      caption: "Hyperparameters along every minimum branch (θ in the order of docs/gp.md).",
    }],
  }];
  sections.push({
    title: "Fold catastrophes",
    text: sweep.folds.length
      ? `${sweep.folds.length} fold(s): a minimum branch and a transition-state branch meet and end. ν_c located by bisection; the barrier should scale as |ν − ν_c|^{3/2}.`
      : "No fold was found on this grid: no minimum branch and transition-state branch end together. (Branches that end by a jump or on a bound are listed in results.json with their end reasons.)",
    tables: sweep.folds.length
      ? [{
        columns: [
          "ν_c",
          "NLML at ν_c",
          "side where the pair exists",
          "fitted exponent",
          "λ_min near ν_c",
          "samples",
        ],
        rows: sweep.folds.map((
          f,
        ) => [f.nu, f.energy, f.side, f.exponent, f.lambdaNearFold, f.samples.length]),
      }]
      : [],
  });
  const metricRows = [
    [
      "optimum (ν free)",
      nuOpt,
      opt.nlml,
      opt.onBound ? opt.boundNames.join(", ") : "no",
      optMetrics.rmse,
      optMetrics.mnlpd,
    ],
    ...halfResults.map((
      h,
    ) => [`ν = ${h.nu}`, h.nu, h.nlml, h.on_bound ? "yes" : "no", h.test_rmse, h.test_mnlpd]),
  ] as (string | number)[][];
  sections.push({
    title: "Optimal ν against the half-integers",
    text:
      `ΔNLML (best half-integer − optimum) = ${fmt(bestHalf.nlml - opt.nlml)}. Metrics on ${
        useCv ? "5-fold cross-validation" : `the held-out split (${test!.n} rows)`
      }, in the target's units.` +
      (truth ? ` The synthetic data were drawn with ν = ${truth.nu}.` : ""),
    tables: [{
      columns: ["model", "ν", "NLML", "on bound", "test RMSE", "test MNLPD"],
      rows: metricRows,
    }],
  });
  sections.push({
    title: "GP ensembles from distinct minima (at the optimum ν)",
    text: test
      ? `${members.length} distinct minima at ν = ${
        fmt(nuOpt, 4)
      }. The ambiguity (spread of the members' means on the test inputs, known before the labels) estimates the squared-error reduction over the members' weighted average.` +
        (members.length < 2
          ? " With a single minimum every combination is that minimum: the landscape offers no ensemble here."
          : "")
      : "Not computed: the data are too small for a held-out split (cross-validation is used for the metrics).",
    tables: test
      ? [
        {
          caption: "Members",
          columns: ["NLML", "on bound", "test RMSE", "test MNLPD"],
          rows: members.map((m) => [m.nlml, m.on_bound ? "yes" : "no", m.test_rmse, m.test_mnlpd]),
        },
        {
          caption: "Combinations",
          columns: [
            "scheme",
            "test RMSE",
            "test MNLPD",
            "ambiguity (a priori)",
            "member MSE − ensemble MSE",
          ],
          rows: ensembles.map((
            e,
          ) => [e.scheme, e.rmse, e.mnlpd, e.ambiguity, e.memberMse - e.rmse ** 2]),
        },
      ]
      : [],
  });
  const dgAll = [
    { nu: nuOpt, db: dbOpt },
    ...halfRows.map((h) => ({ nu: h.nu, db: dbHalf.get(h.nu)! })),
  ];
  const describe = (x: { nu: number; db: LandscapeDatabase }) =>
    `ν = ${fmt(x.nu, 4)}: ${x.db.minima.length} minima (${
      x.db.minima.filter((m) => m.onBound).length
    } on a bound), ${x.db.transitionStates.length} transition states.`;
  // A graph needs at least two minima joined by a transition state; single-funnel landscapes are listed.
  const dgFigs = dgAll.filter((x) => x.db.transitionStates.length > 0).map((x) => ({
    svg: disconnectivityFigure(disconnectivityGraph(x.db, { levels: 20, excludeOnBound: false }), {
      energyLabel: "NLML",
      width: 360,
      height: 300,
    }),
    caption: describe(x),
  }));
  const single = dgAll.filter((x) => x.db.transitionStates.length === 0);
  sections.push({
    title: "Disconnectivity graphs",
    text: single.length
      ? `No transition state (a single basin) at: ${single.map(describe).join(" ")}`
      : undefined,
    figures: dgFigs,
  });
  sections.push({
    title: "Heat capacity",
    text:
      "Harmonic superposition over the minima of each landscape, with the NLML as the energy (T = 1 is the Bayesian posterior over hyperparameters).",
    figures: [{
      svg: heatCapacityFigure(
        hcs.filter((h) => h.temperatures.length > 0).map((h) => ({
          label: h.label,
          temperatures: h.temperatures,
          cv: h.cv,
        })),
      ),
    }],
  });
  timings.total = (performance.now() - t0) / 1000;
  const results = {
    task: "sweep-nu",
    data: {
      source: raw.source,
      n: raw.n,
      d: raw.d,
      n_train: train.n,
      n_test: test?.n ?? 0,
      validation: useCv ? "5-fold" : "held-out 25%",
      features: raw.featureNames,
      target: raw.targetName,
    },
    truth,
    theta_order: names,
    nu_grid: grid,
    branches: sweep.branches.map((b) => ({
      id: b.id,
      kind: b.kind,
      ends: b.ends,
      points: b.points.map((p) => ({
        nu: p.nu,
        nlml: p.energy,
        theta: Array.from(p.x),
        lambda_min: p.lambdaMin,
        on_bound: p.onBound,
      })),
    })),
    folds: sweep.folds.map((f) => ({
      nu: f.nu,
      nlml: f.energy,
      theta: f.x,
      exponent: f.exponent,
      side: f.side,
      lambda_near_fold: f.lambdaNearFold,
      minimum_branch: f.minimumBranch,
      ts_branch: f.tsBranch,
      samples: f.samples,
    })),
    optimum: {
      nu: nuOpt,
      nlml: opt.nlml,
      theta: Array.from(opt.theta.subarray(0, gpFree.dim - 1)),
      on_bound: opt.onBound,
      bound_names: opt.boundNames,
      test_rmse: optMetrics.rmse,
      test_mnlpd: optMetrics.mnlpd,
    },
    half_integer: halfResults,
    delta_nlml_best_half_integer: bestHalf.nlml - opt.nlml,
    ensembles: { nu: nuOpt, members, combinations: ensembles },
    heat_capacity: hcs.map((h) => ({
      label: h.label,
      temperatures: h.temperatures,
      cv: h.cv,
      peaks: h.peaks,
    })),
    evaluations: sweep.evaluations,
    device,
    timings,
  };
  const onBoundNote = opt.onBound ? `, on the bound of ${opt.boundNames.join(", ")}` : "";
  const halfBoundNote = bestHalf.on_bound ? ", on a bound" : "";
  const summary = `Optimum ν = ${fmt(nuOpt, 4)} (NLML ${fmt(opt.nlml, 6)}${onBoundNote}); ` +
    `best half-integer ν = ${bestHalf.nu} (NLML ${fmt(bestHalf.nlml, 6)}${halfBoundNote}), ` +
    `ΔNLML = ${fmt(bestHalf.nlml - opt.nlml)}; test MNLPD ${fmt(optMetrics.mnlpd)} vs ${
      fmt(bestHalf.test_mnlpd)
    }. ` +
    `${sweep.branches.length} branches, ${sweep.folds.length} folds over ${grid.length} values of ν.` +
    (truth ? ` True ν = ${truth.nu}.` : "");
  const paths = await writeReport(common.out, {
    title: "Matérn-ν GP: the NLML landscape as ν varies",
    task: "sweep-nu",
    summary,
    params: {
      data: raw.source,
      ard,
      nu_min: nuMin,
      nu_max: nuMax,
      nu_step: nuStep,
      seed: common.seed,
      quick: common.quick,
    },
    timings,
    device,
    sections,
  }, results);
  note(`[sweep-nu] ${summary}`);
  note(`[sweep-nu] wrote ${paths.html} and ${paths.json} in ${formatDuration(timings.total)}`);
}

if (import.meta.main) runMain(main);
