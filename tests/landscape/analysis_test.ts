import assert from "node:assert/strict";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { disconnectivityGraph, zoomedFirstLevel } from "../../lib/landscape/disconnectivity.ts";
import {
  heatCapacity,
  monotonicSequenceBasins,
  summarizeLandscape,
} from "../../lib/landscape/analysis.ts";
import { exportPathsample, importPathsample } from "../../lib/landscape/pathsample.ts";
import { addSaddle, assertClose } from "../helpers.ts";

/** Minima 0..4 at energies [0, 2, 1, 3, 0.5]; TSs 0–1 at 4, 1–2 at 5, 2–3 at 6, 0–4 at 3.5. */
function toy(): LandscapeDatabase {
  const db = new LandscapeDatabase(1);
  [0, 2, 1, 3, 0.5].forEach((e, i) =>
    db.addMinimum(Float64Array.of(i), e, { logProductHessian: Math.log(1 + i), modes: 1, index: 0 })
  );
  const ts = (a: number, b: number, e: number) =>
    db.addTransitionState({
      energy: e,
      x: Float64Array.of((a + b) / 2 + 0.01 * e),
      minima: [a, b],
      eigenvalue: -1,
      logProductHessian: 0,
      index: 1,
      provenance: "",
    });
  ts(0, 1, 4);
  ts(1, 2, 5);
  ts(2, 3, 6);
  ts(0, 4, 3.5);
  return db;
}

Deno.test("disconnectivityGraph: components at each level and every minimum ends at its energy", () => {
  const db = toy();
  const g = disconnectivityGraph(db, { levels: 7, firstLevel: 6.5, delta: 1 }); // 6.5, 5.5, 4.5, 3.5(excluded: ties), …
  assert.equal(g.leaves.length, 5);
  for (const l of g.leaves) assert.equal(l.energy, db.minima[l.minimum].energy);
  // At 6.5 all five are joined (TS 2–3 at 6 < 6.5): one root.
  assert.equal(g.roots.length, 1);
  assert.deepEqual([...g.roots[0].minima].sort(), [0, 1, 2, 3, 4]);
  // At 5.5 minimum 3 is cut off (its only TS is at 6) and it has dropped below nothing: {0,1,2,4} and {3}.
  const at55 = g.roots[0].children.map((c) => [...c.minima].sort().join(",")).sort();
  assert.deepEqual(at55, ["0,1,2,4", "3"]);
  // The global minimum's branch is in the middle of the layout.
  const xs = g.leaves.map((l) => l.x).sort((a, b) => a - b);
  const gx = g.leaves.find((l) => l.minimum === 0)!.x;
  assert.ok(gx > xs[0] && gx < xs[xs.length - 1], `global minimum at x=${gx} of ${xs}`);
});

Deno.test("monotonicSequenceBasins: bottoms, steepest-descent partition, overlapping members", () => {
  const msb = monotonicSequenceBasins(toy());
  assert.deepEqual(msb.bottoms, [0, 2]); // 2 (E=1) has neighbours 1 (E=2), 3 (E=3): a bottom
  assert.deepEqual(Array.from(msb.basinOf), [0, 0, 2, 2, 0]); // 1 → lowest lower neighbour 0
  assert.deepEqual(msb.members.get(0), [0, 1, 4]);
  assert.deepEqual(msb.members.get(2), [1, 2, 3]); // 1 also drains into 2: basins overlap
});

Deno.test("heatCapacity: matches the two-state closed form", () => {
  const db = new LandscapeDatabase(1);
  db.addMinimum(Float64Array.of(0), 0, { logProductHessian: Math.log(4), modes: 1 });
  db.addMinimum(Float64Array.of(1), 1, { logProductHessian: Math.log(1), modes: 1 });
  const T = [0.1, 0.5, 1, 3];
  const hc = heatCapacity(db, { temperatures: T });
  T.forEach((t, k) => {
    // p1/p0 = exp(−1/T)·sqrt(4/1): C = 1/2 + p0 p1 (ΔE)²/T².
    const r = Math.exp(-1 / t) * 2, p1 = r / (1 + r), p0 = 1 - p1;
    assertClose(hc.cv[k], 0.5 + p0 * p1 / (t * t), { rel: 1e-12 });
  });
});

Deno.test("summarizeLandscape: counts, barriers from both sides, funnels", () => {
  const s = summarizeLandscape(toy());
  assert.equal(s.minima, 5);
  assert.equal(s.transitionStates, 4);
  // Sides: 4−0, 4−2, 5−2, 5−1, 6−1, 6−3, 3.5−0, 3.5−0.5 → min 2, max 5.
  assert.equal(s.barriers.count, 8);
  assert.equal(s.barriers.min, 2);
  assert.equal(s.barriers.max, 5);
  assert.equal(s.funnels.basins, 2);
  assert.equal(s.funnels.largestShare, 3 / 5);
  assert.equal(s.components, 1);
});

Deno.test("PATHSAMPLE export → import keeps energies, connectivity and coordinates", async () => {
  const db = toy();
  const dir = await Deno.makeTempDir();
  await exportPathsample(db, dir);
  const text = await Deno.readTextFile(`${dir}/ts.data`);
  assert.match(text.split("\n")[0], /^4\.0+\d* 0\.0+ 1 1 2 1\.0 1\.0 1\.0$/);
  const back = await importPathsample(dir, 1);
  assert.deepEqual(back.minima.map((m) => m.energy), db.minima.map((m) => m.energy));
  assert.deepEqual(
    back.transitionStates.map((t) => t.minima),
    db.transitionStates.map((t) => t.minima),
  );
  assert.deepEqual(back.minima.map((m) => m.x[0]), db.minima.map((m) => m.x[0]));
  assertClose(back.minima[3].logProductHessian, Math.log(4), { rel: 1e-15 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("disconnectivityGraph: the layout of a three-minimum network, drawn by hand", () => {
  // Minima 0 (E = −2), 1 (−1.5), 2 (−1); saddles 0–1 at 1 and 1–2 at 2. Levels 2.5, 1.5, 0.5,
  // −0.5, −1.5. At 2.5 all are joined; at 1.5 minimum 2 splits off; at 0.5 minima 0 and 1 split.
  // Siblings are ordered lowest in the middle: {2} left of {0, 1}, and 1 left of 0. So x: 2 → 0,
  // 1 → 1, 0 → 2; {0, 1} merges at 1.5 over x = 1…2 and hangs at x = 1.5; the root merges at 2.5
  // over x = 0…1.5 and hangs at x = 0.75, with a stub up to 3 (half a level above the top).
  const db = new LandscapeDatabase(1);
  [-2, -1.5, -1].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
  const ts = (a: number, b: number, e: number) =>
    db.addTransitionState({
      energy: e,
      x: Float64Array.of((a + b) / 2),
      minima: [a, b],
      eigenvalue: -1,
      logProductHessian: 0,
      index: 1,
      provenance: "",
    });
  ts(0, 1, 1);
  ts(1, 2, 2);
  const g = disconnectivityGraph(db, { levels: 5, firstLevel: 2.5, delta: 1 });
  const key = (s: { x1: number; y1: number; x2: number; y2: number }) =>
    [s.x1, s.y1, s.x2, s.y2].join(" ");
  assert.deepEqual(
    g.segments.map(key).sort(),
    [
      "0 -1 0 2.5", // minimum 2: one vertical line from its energy to where it joins
      "0 2.5 1.5 2.5", // the root's bar
      "0.75 2.5 0.75 3", // the root's stub
      "1 -1.5 1 1.5", // minimum 1
      "1 1.5 2 1.5", // the bar joining 0 and 1
      "1.5 1.5 1.5 2.5", // {0, 1} up to the root
      "2 -2 2 1.5", // minimum 0
    ].sort(),
  );
  assert.deepEqual(g.leaves.map((l) => [l.minimum, l.x, l.energy]), [[2, 0, -1], [1, 1, -1.5], [
    0,
    2,
    -2,
  ]]);
});

Deno.test("disconnectivityGraph: no two segments cross (a network with several basins)", () => {
  const g = disconnectivityGraph(toy(), { levels: 12 });
  const v = g.segments.filter((s) => s.x1 === s.x2), h = g.segments.filter((s) => s.y1 === s.y2);
  assert.equal(v.length + h.length, g.segments.length, "only vertical and horizontal lines");
  for (const a of v) {
    for (const b of h) {
      const lo = Math.min(a.y1, a.y2), hi = Math.max(a.y1, a.y2);
      const inside = a.x1 > Math.min(b.x1, b.x2) && a.x1 < Math.max(b.x1, b.x2);
      // A vertical line may meet a bar only at its own ends.
      assert.ok(!(inside && b.y1 > lo && b.y1 < hi), `crossing at x = ${a.x1}, E = ${b.y1}`);
    }
  }
});

Deno.test("zoomedFirstLevel: a high pair joined through a high saddle is cut off; a compact graph is not zoomed", () => {
  const build = (outlier: boolean) => {
    const db = new LandscapeDatabase(1);
    // Ten minima at 0, 0.1, …, 0.9 in a chain, each saddle 0.2 above the higher of its two minima.
    for (let i = 0; i < 10; i++) db.addMinimum(Float64Array.of(i), 0.1 * i);
    const ts = (a: number, b: number, e: number) => addSaddle(db, a, b, e);
    for (let i = 0; i < 9; i++) ts(i, i + 1, 0.1 * (i + 1) + 0.2);
    if (outlier) {
      db.addMinimum(Float64Array.of(20), 10);
      ts(9, 10, 11);
    }
    return db;
  };
  assert.equal(zoomedFirstLevel(build(false)), undefined);
  const db = build(true);
  const top = zoomedFirstLevel(db)!;
  // The lowest 90% (10 of 11) of the joined minima need the saddles up to 1.1 (0.9 + 0.2): the
  // top is 1.1 plus 5% of the range 1.1.
  assertClose(top, 1.1 * 1.05, { abs: 1e-12 });
  const g = disconnectivityGraph(db, { levels: 20, firstLevel: top, delta: top / 20 });
  assert.deepEqual(g.leaves.map((l) => l.minimum).sort((a, b) => a - b), [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
  ]);
});
