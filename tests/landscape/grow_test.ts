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
    grow: { seed: 3 },
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
