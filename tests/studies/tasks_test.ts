/**
 * Each task's study module on tiny inputs, through the library (no subprocess): the numbers it
 * reports are recomputed here independently — NLMLs and metrics from a fresh model at the
 * reported θ, losses and accuracies from the reported weights, aggregates from the per-seed
 * rows — and on Müller–Brown the minima are checked against the literature values.
 */
import assert from "node:assert/strict";
import { assertClose } from "../helpers.ts";
import { maternSample } from "../../lib/data/builtin.ts";
import { circles, xor } from "../../lib/data/classification.ts";
import { selectRows, trainTestSplit } from "../../lib/data/transform.ts";
import { MaternGP } from "../../lib/models/gp.ts";
import { quietContext } from "../../lib/studies/context.ts";
import { runSweepNu, sweepNuGrid, sweepNuResults } from "../../lib/studies/sweep_nu.ts";
import { runGpFit } from "../../lib/studies/gp_fit.ts";
import { runNnLandscape } from "../../lib/studies/nn_landscape.ts";
import { runEnsembles } from "../../lib/studies/ensembles.ts";
import { runAucVsCe } from "../../lib/studies/auc_vs_ce.ts";
import { runLandscapeDemo } from "../../lib/studies/landscape_demo.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { relevanceSynthetic } from "../../lib/data/classification.ts";
import { METHODS, runFeatureRelevance } from "../../lib/studies/feature_relevance.ts";

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

Deno.test("runSweepNu: reported NLMLs and test metrics equal a fresh GP's at the reported θ", async () => {
  const { data, truth } = maternSample({ n: 64, seed: 3 });
  const grid = sweepNuGrid(0.5, 2.5, 0.5);
  const r = await runSweepNu(
    { raw: data, truth },
    { grid, ard: false, seed: 3, quick: true },
    quietContext(),
  );
  const split = trainTestSplit(data.n, { testFraction: 0.25, seed: 3 });
  const train = selectRows(data, split.train), test = selectRows(data, split.test);
  assert.equal(r.nTrain, train.n);
  for (const h of r.halfInteger) {
    const gp = new MaternGP(train, { nu: h.nu });
    const th = Float64Array.from(h.theta);
    assertClose(gp.energy(th), h.nlml, { rel: 1e-10 });
    const m = gp.testMetrics(th, test.X, test.y);
    assertClose(m.rmse, h.testRmse, { rel: 1e-12 });
    assert.ok(r.optimum.nlml <= h.nlml + 1e-8, `optimum ${r.optimum.nlml} vs ν = ${h.nu}`);
  }
  const free = new MaternGP(train, {});
  assertClose(free.energy(r.optimum.theta), r.optimum.nlml, { rel: 1e-10 });
  const json = sweepNuResults(r) as { delta_nlml_best_half_integer: number };
  assert.ok(r.bestHalf, "the grid holds half-integers with finite fits");
  assertClose(json.delta_nlml_best_half_integer, r.bestHalf.nlml - r.optimum.nlml, { rel: 1e-15 });
});

Deno.test("runGpFit: every row's NLML and held-out RMSE recomputed from its θ", async () => {
  const { data, truth } = maternSample({ n: 40, seed: 5 });
  const o = {
    restarts: 2,
    testFraction: 0.25,
    ard: false,
    normalizeY: true,
    scaleInputs: false,
    seed: 5,
    quick: true,
  };
  const r = await runGpFit(data, truth, o, quietContext());
  assert.deepEqual(r.rows.map((x) => x.label), ["ν free", "ν = 0.5", "ν = 1.5", "ν = 2.5"]);
  for (const row of r.rows) {
    const gp = new MaternGP(r.train, row.label === "ν free" ? {} : { nu: row.nu });
    const th = Float64Array.from(row.theta);
    assertClose(gp.energy(th), row.nlml, { rel: 1e-10 });
    assertClose(gp.testMetrics(th, r.test.X, r.test.y).rmse, row.test_rmse, { rel: 1e-12 });
  }
  assert.equal(r.bestHalf.nlml, Math.min(...r.rows.slice(1).map((x) => x.nlml)));
  assert.ok(r.profile.every((p, k) => k === 0 || p.nu > r.profile[k - 1].nu));
});

Deno.test("runNnLandscape: each minimum's loss and accuracies recomputed from its weights", async () => {
  const data = xor({ n: 120, seed: 2 });
  const o = {
    hidden: 2,
    lambda: 1e-3,
    loss: "ce" as const,
    beta: 100,
    steps: 8,
    connectAttempts: 3,
    rescale: false,
    seed: 2,
  };
  const r = await runNnLandscape(data, o, quietContext());
  const model = new MlpLandscape(r.train, { hidden: 2, outputs: 2, lambda: 1e-3 });
  const acc = (w: Float64Array, d: typeof r.test) => {
    const p = model.predict(w, d.X, d.n);
    let right = 0;
    for (let i = 0; i < d.n; i++) {
      right += Number((p[2 * i + 1] > p[2 * i] ? 1 : 0) === d.labels[i]);
    }
    return right / d.n;
  };
  assert.ok(r.rows.length >= 1);
  for (const row of r.rows) {
    const w = r.exploration.db.minima[row.id].x;
    assertClose(model.energy(w), row.loss, { rel: 1e-12 });
    assertClose(acc(w, r.test), row.test_accuracy, { abs: 1e-15 });
    assertClose(acc(w, r.train), row.train_accuracy, { abs: 1e-15 });
  }
  assert.deepEqual(r.rows.map((x) => x.loss), [...r.rows.map((x) => x.loss)].sort((a, b) => a - b));
  for (const t of r.exploration.db.transitionStates) assert.equal(t.index, 1);
});

Deno.test("runEnsembles: aggregates over seeds equal the per-seed rows", async () => {
  const o = { hidden: 2, lambda: 1e-4, minima: 4, seeds: 2, steps: 5, seed: 1, rescale: false };
  const r = await runEnsembles(
    (seed) => Promise.resolve(circles({ n: 120, seed })),
    o,
    quietContext(),
  );
  assert.equal(r.perSeed.length, 2);
  for (const s of r.perSeed) {
    assert.equal(s.best_single_test_accuracy, Math.max(...s.members.map((m) => m.test_accuracy)));
    assert.ok(s.oracle_test_accuracy >= s.best_single_test_accuracy - 1e-15);
  }
  for (const g of r.gains) {
    const d = r.perSeed.map((s) =>
      s.combinations.find((c) => c.method === g.method)!.test_accuracy - s.best_single_test_accuracy
    );
    assertClose(g.mean, mean(d), { abs: 1e-15 });
  }
  assertClose(r.oracle.mean, mean(r.perSeed.map((s) => s.oracle_test_accuracy)), { abs: 1e-15 });
});

Deno.test("runAucVsCe: every claim's means are the means of the per-seed figures", async () => {
  const o = {
    hidden: 2,
    lambda: 1e-4,
    beta: 100,
    seeds: 2,
    steps: 3,
    connectAttempts: 1,
    low: 2,
    seed: 1,
    rescale: false,
    repeats: 2,
  };
  const r = await runAucVsCe(
    (seed) => Promise.resolve(circles({ n: 100, seed })),
    o,
    quietContext(),
  );
  assert.equal(r.runs.length, 4);
  const runs = (loss: string) => r.runs.filter((x) => x.loss === loss);
  const minima = r.claims.find((c) => c.claim.includes("more minima"))!;
  assertClose(minima.ce.mean, mean(runs("ce").map((x) => x.minima)), { abs: 1e-15 });
  assertClose(minima.auc.mean, mean(runs("auc").map((x) => x.minima)), { abs: 1e-15 });
  const g = r.claims.find((c) => c.claim.includes("global minimum"))!;
  assertClose(g.auc.mean, mean(runs("auc").map((x) => x.global_minimum_test_auc)), { abs: 1e-15 });
  for (const c of r.claims) assert.equal(c.agrees, c.auc.mean > c.ce.mean);
  for (const run of r.runs) {
    assert.equal(run.global_minimum_test_auc, run.per_minimum[0].test_auc);
    assert.equal(run.robustness.weights[0], run.robustness.inputs[0]); // σ = 0: no noise at all
  }
});

Deno.test("runLandscapeDemo on Müller–Brown finds the three known minima (Müller & Brown 1979)", async () => {
  const { results } = await runLandscapeDemo(
    { surface: "mb", seed: 1, quick: true, resume: false },
    quietContext(),
  );
  const e = results[0].db.minima.map((m) => m.energy).sort((a, b) => a - b);
  // Literature minima of the Müller–Brown surface: −146.700, −108.167, −80.768.
  for (const ref of [-146.69951, -108.16672, -80.76782]) {
    assert.ok(e.some((v) => Math.abs(v - ref) < 1e-3), `minimum ${ref} not found in ${e}`);
  }
  assert.ok(results[0].db.transitionStates.length >= 2);
});

Deno.test("runFeatureRelevance: each run's AUROC recomputed by counting pairs of its scores", async () => {
  const o = {
    seeds: 2,
    firstSeed: 1,
    hidden: 2,
    lambda: 1e-3,
    steps: 3,
    connect: 2,
    rescale: false,
  };
  const make = (seed: number) => Promise.resolve(relevanceSynthetic({ n: 120, seed }));
  const r = await runFeatureRelevance(
    [{ key: "synthetic", title: "s", name: "synthetic", make }],
    o,
    quietContext(),
  );
  const st = r.studies[0].result;
  const roles = st.roles!;
  for (const run of st.runs) {
    for (const m of METHODS) {
      const sc = run.scores[m];
      let wins = 0, pairs = 0;
      roles.forEach((ra, a) => {
        if (ra !== "relevant") return;
        roles.forEach((rb, b) => {
          if (rb !== "irrelevant") return;
          pairs++;
          wins += sc[a] > sc[b] ? 1 : sc[a] === sc[b] ? 0.5 : 0;
        });
      });
      assertClose(run.auroc_relevant_vs_irrelevant[m], wins / pairs, { abs: 1e-15 });
    }
  }
  const msb = st.auroc![METHODS[0]];
  assertClose(msb.mean, mean(st.runs.map((x) => x.auroc_relevant_vs_irrelevant[METHODS[0]])), {
    abs: 1e-15,
  });
});

Deno.test("firstPassageToGlobal: one saddle between two minima gives the TST closed form", async () => {
  const { firstPassageToGlobal } = await import("../../lib/studies/nn_landscape.ts");
  const { LandscapeDatabase } = await import("../../lib/landscape/database.ts");
  const db = new LandscapeDatabase(1);
  db.addMinimum(Float64Array.of(0), 0, { logProductHessian: 0, modes: 1, index: 0 });
  db.addMinimum(Float64Array.of(1), 0.5, { logProductHessian: 0, modes: 1, index: 0 });
  db.addTransitionState({
    energy: 1,
    x: Float64Array.of(0.5),
    minima: [0, 1],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "",
  });
  const k = firstPassageToGlobal(db, 10, 0.25)!;
  // k_{0←1} = exp((F_1 − F†)/2)/(2π)·exp(−(E† − E_1)/T) = e^{−2}/(2π): MFPT = 2π e².
  assert.equal(k.rows.length, 1);
  assertClose(k.rows[0].mfpt, 2 * Math.PI * Math.exp(2), { rel: 1e-13 });
  // Without a given temperature: a third of the median barrier (barriers 1 and 0.5).
  assertClose(firstPassageToGlobal(db)!.temperature, 0.75 / 3, { rel: 1e-15 });
});
