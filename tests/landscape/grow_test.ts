/**
 * Growing a connected landscape by single-ended searches (connect's "grow" strategy): on
 * Müller–Brown, from the global minimum alone, the growth must reach SciPy's other two minima
 * (tests/fixtures/gen_surfaces.py) through both saddles, each verified as index 1.
 */
import assert from "node:assert/strict";
import { mullerBrown } from "../../lib/landscape/surfaces.ts";
import { components, connect } from "../../lib/landscape/connect.ts";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { minimize } from "../../lib/landscape/minimize.ts";
import { searchFromMinimum } from "../../lib/landscape/pair_search.ts";
import { assertClose } from "../helpers.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { addCaseMinima, APPAUC_CIRCLES_5, caseModel, CE_MOONS_3 } from "./mlp_cases.ts";
import { hessian, symmetricEigen } from "../../lib/landscape/hessian.ts";

const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/muller_brown.json", import.meta.url)),
);
type Point = { x: number[]; energy: number; index: number };
const minima: Point[] = fx.points.filter((p: Point) => p.index === 0);
const saddles: Point[] = fx.points.filter((p: Point) => p.index === 1);
const near = (x: ArrayLike<number>, p: Point, tol: number) =>
  Math.hypot(x[0] - p.x[0], x[1] - p.x[1]) < tol;

Deno.test("grow: from Müller–Brown's global minimum alone, both saddles and all three minima, joined", async () => {
  const gm = minima.reduce((a, b) => (b.energy < a.energy ? b : a));
  const db = new LandscapeDatabase(2);
  const start = minimize(mullerBrown, Float64Array.from(gm.x), { rmsGradient: 1e-9 });
  db.addMinimum(start.x, start.energy, { index: 0 });
  const r = await connect(mullerBrown, db, {
    strategy: "grow",
    maxAttempts: 24,
    grow: { seed: 3, reserve: 0 },
    hef: { rmsGradient: 1e-8, maxStep: 0.05, maxTangentStep: 0.05 },
    minimize: { rmsGradient: 1e-9, maxStep: 0.05 },
  });
  assert.equal(r.attempts, 24);
  for (const m of minima) {
    const hit = db.minima.find((s) => near(s.x, m, 1e-5));
    assert.ok(hit, `minimum at ${m.x} not reached`);
    assertClose(hit!.energy, m.energy, { abs: 1e-6 });
  }
  for (const s of saddles) {
    const hit = db.transitionStates.find((t) => near(t.x, s, 1e-5));
    assert.ok(hit, `saddle at ${s.x} not found`);
    assertClose(hit!.energy, s.energy, { abs: 1e-6 });
    assert.equal(hit!.index, 1);
  }
  const comp = components(db);
  assert.ok(db.minima.every((m) => comp[m.id] === comp[0]), "every minimum joined");
  assert.ok(r.connected);
});

Deno.test("grow: a component outside the global minimum's is repaired by a pair search; the reserve only repairs", async () => {
  const db = new LandscapeDatabase(2);
  for (const m of [minima[0], minima[1]]) {
    const r = minimize(mullerBrown, Float64Array.from(m.x), { rmsGradient: 1e-9 });
    db.addMinimum(r.x, r.energy, { index: 0 });
  }
  const pairs: [number, number][] = [];
  const r = await connect(mullerBrown, db, {
    strategy: "grow",
    maxAttempts: 6,
    grow: { reserve: 6 },
    hef: { rmsGradient: 1e-8, maxStep: 0.05, maxTangentStep: 0.05 },
    minimize: { rmsGradient: 1e-9, maxStep: 0.05 },
    onAttempt: (a) => pairs.push(a.pair),
  });
  // Only pair searches (no single-ended search from one minimum), each pair once.
  assert.ok(pairs.length >= 1 && pairs.every(([a, b]) => a !== b), JSON.stringify(pairs));
  assert.equal(
    new Set(pairs.map(([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}`)).size,
    pairs.length,
  );
  assert.ok(r.connected, `not joined after ${JSON.stringify(pairs)}`);
  for (const s of saddles) {
    assert.ok(db.transitionStates.some((t) => near(t.x, s, 1e-5)), `saddle at ${s.x} not found`);
  }
});

Deno.test("searchFromMinimum: a zero direction is an error; a search that fails says why", () => {
  const x = Float64Array.from(minima[0].x);
  assert.throws(
    () => searchFromMinimum(mullerBrown, x, { direction: [0, 0] }),
    /direction is zero/,
  );
  const s = searchFromMinimum(mullerBrown, x, {
    direction: [1, 0],
    hef: { maxIterations: 1 },
  });
  assert.equal(s.candidates.length, 1);
  assert.equal(s.candidates[0].kind, "unverified");
});

// A row of wells, E = cos 2πx: minima at half-integers, saddles (1-D maxima) at integers. From
// x = 0.5, a first step of 1.2 lands beyond the neighbouring saddle, so the saddle found borders
// two other minima (1.5 and 2.5, or −1.5 and −0.5); a step of 0.3 stays inside and finds a
// saddle of the start.
const row: Landscape = {
  dim: 1,
  energy(x, grad) {
    if (grad) grad[0] = -2 * Math.PI * Math.sin(2 * Math.PI * x[0]);
    return Math.cos(2 * Math.PI * x[0]);
  },
};

Deno.test("grow: a saddle that borders no grown minimum waits until a repair joins it; keepDetached stores it", async () => {
  const run = async (
    displacement: number,
    more: { keepDetached?: boolean; repairShare?: number },
  ) => {
    const db = new LandscapeDatabase(1);
    db.addMinimum(Float64Array.of(0.5), -1, { index: 0 });
    const r = await connect(row, db, {
      strategy: "grow",
      maxAttempts: 4,
      grow: { seed: 2, displacement, reserve: 0, ...more },
      hef: { rmsGradient: 1e-10 },
      minimize: { rmsGradient: 1e-10 },
    });
    return { db, r };
  };
  // No repairs: nothing detached is stored, and all four are counted.
  const far = await run(1.2, { repairShare: 0 });
  assert.equal(far.db.minima.length, 1);
  assert.equal(far.db.transitionStates.length, 0);
  assert.equal(far.r.detached?.saddles, 4);
  assertClose(far.r.detached!.lowestMinimum, -1, { abs: 1e-9 });
  // Stored at once, a detached saddle leaves two minima outside the start's component.
  const kept = await run(1.2, { keepDetached: true, repairShare: 0 });
  assert.ok(kept.db.transitionStates.length >= 1);
  assert.ok(kept.db.transitionStates.every((t) => !t.minima.includes(0)));
  assert.ok(!kept.r.connected);
  assert.equal(kept.r.detached?.saddles, 0);
  // With repairs (the default), a pair search from the start to the fragment joins it: every
  // stored minimum joined, each a half-integer.
  const repaired = await run(1.2, {});
  assert.ok(repaired.db.minima.length >= 3, `${repaired.db.minima.length} minima`);
  assert.ok(repaired.r.connected);
  for (const m of repaired.db.minima) assertClose(m.x[0] - Math.floor(m.x[0]), 0.5, { abs: 1e-6 });
  const near = await run(0.3, { repairShare: 0 });
  assert.equal(near.r.detached?.saddles, 0);
  assert.ok(near.db.transitionStates.length >= 1);
  assert.ok(near.r.connected);
});

Deno.test("grow: a repair share outside [0, 1] or fewer than one round of repairs is a one-line error", async () => {
  const db = new LandscapeDatabase(1);
  db.addMinimum(Float64Array.of(0.5), -1, { index: 0 });
  await assert.rejects(
    () => connect(row, db, { strategy: "grow", maxAttempts: 1, grow: { repairShare: NaN } }),
    /grow\.repairShare must lie in \[0, 1\] \(got NaN\)/,
  );
  for (const repairRounds of [0, NaN]) {
    await assert.rejects(
      () => connect(row, db, { strategy: "grow", maxAttempts: 1, grow: { repairRounds } }),
      /grow\.repairRounds must be at least 1/,
    );
  }
});

Deno.test("grow: mode repairs join an appAUC minimum whose saddle lies right beside it", async () => {
  // auc-vs-ce's seed-5 appAUC landscape: the global minimum and a basin-hopping minimum (loss
  // −0.8600) that its directed and pair repairs never joined (their bands and segment tops lie
  // past the low ridge beside it).
  const model = await caseModel(APPAUC_CIRCLES_5);
  const db = addCaseMinima(model, APPAUC_CIRCLES_5);
  assert.equal(db.minima.length, 2);
  const [gm, outside] = db.minima;
  assert.ok(gm.energy < -0.886 && Math.abs(outside.energy + 0.86) < 1e-3);
  const r = await connect(model, db, {
    strategy: "grow",
    maxAttempts: 8,
    grow: { reserve: 8, repairs: 8 },
    hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 200, rmsGradient: 1e-7 },
    minimize: { rmsGradient: 1e-7 },
  });
  assert.ok(r.connected, "the outside minimum joins the global minimum's component");
  const comp = components(db);
  assert.equal(comp[outside.id], comp[gm.id]);
  // The saddle on the outside minimum: a stationary point of index 1 just above it.
  const ts = db.transitionStates.find((t) => t.minima.includes(outside.id));
  assert.ok(ts, "a transition state of the outside minimum");
  const g = new Float64Array(model.dim);
  model.energy(ts!.x, g);
  assert.ok(Math.hypot(...g) / Math.sqrt(model.dim) < 1e-6);
  const { values } = symmetricEigen(hessian(model, ts!.x), model.dim);
  assert.equal(values.filter((v) => v < -1e-8).length, 1);
  assert.ok(ts!.energy > outside.energy && ts!.energy - outside.energy < 0.01);
});

Deno.test("grow: repair rounds go on until the outside minimum joins; one round stops at its repairs", async () => {
  // Moons, seed 3, cross-entropy: the global minimum and a basin-hopping minimum (loss 0.2767)
  // that its saddles join only along its stiffest Hessian modes, which one round of 8 repairs
  // (directed, 6 modes, pair) does not reach.
  const model = await caseModel(CE_MOONS_3);
  const run = async (repairRounds: number) => {
    const db = addCaseMinima(model, CE_MOONS_3);
    assert.equal(db.minima.length, 2);
    const r = await connect(model, db, {
      strategy: "grow",
      maxAttempts: 40,
      grow: { reserve: 40, repairs: 8, repairRounds },
      hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 200, rmsGradient: 1e-7 },
      minimize: { rmsGradient: 1e-7 },
    });
    return { db, r };
  };
  const one = await run(1);
  assert.ok(one.r.attempts <= 8, `${one.r.attempts} attempts in one round of 8`);
  const all = await run(Infinity);
  assert.ok(all.r.connected, "joined within 40 attempts");
  const comp = components(all.db);
  assert.equal(comp[0], comp[1]);
  for (const t of all.db.transitionStates) {
    const g = new Float64Array(model.dim);
    model.energy(t.x, g);
    assert.ok(Math.hypot(...g) / Math.sqrt(model.dim) < 1e-6);
    const { values } = symmetricEigen(hessian(model, t.x), model.dim);
    assert.equal(values.filter((v) => v < -1e-8).length, 1);
  }
});
