import assert from "node:assert/strict";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import {
  msbFeatureRelevance,
  permutationImportance,
  rankingAuroc,
} from "../../lib/studies/msb_relevance.ts";
import { Rng } from "../../lib/util/random.ts";

Deno.test("rankingAuroc: pairs counted by hand, ties count one half", () => {
  assert.equal(rankingAuroc([3, 2, 1, 0], [true, true, false, false]), 1);
  // 0 < 1, 0 < 3, 2 > 1, 2 < 3: one pair of four in order.
  assert.equal(rankingAuroc([0, 2, 1, 3], [true, true, false, false]), 0.25);
  assert.equal(rankingAuroc([1, 1], [true, false]), 0.5);
  assert.ok(Number.isNaN(rankingAuroc([1, 2], [true, true])));
});

function smallModel() {
  const rng = new Rng(1);
  const n = 40, X = rng.normalArray(n * 3);
  const labels = Int32Array.from({ length: n }, (_, i) => (X[i * 3] > 0 ? 1 : 0));
  return {
    model: new MlpLandscape({ X, n, d: 3, labels }, { hidden: 2, lambda: 1e-3 }),
    X,
    n,
    labels,
  };
}

Deno.test("msbFeatureRelevance: a weight that keeps its value across a basin's minima counts, one that flips sign does not; hidden-unit order and signs are undone first", () => {
  const { model } = smallModel();
  const L = model.layout; // I=3, H=2, O=2: W1 (2×3), b1 (2), W2 (2×2), b2 (2)
  const a = new Float64Array(model.dim);
  // Unit 0 reads input 0 (conserved), unit 1 reads input 1 (sign flips between minima); input 2 unused.
  a.set([2, 0, 0, 0, 1, 0], L.w1);
  a.set([0.3, 0.6], L.b1);
  a.set([1, 1, -1, -1], L.w2);
  const b = Float64Array.from(a);
  b[L.w1 + 4] = -1; // unit 1's weight on input 1 flips sign, the bias keeps its sign
  b[L.w1 + 0] = 2.2; // unit 0's weight on input 0 moves by 10%
  // Store b with its hidden units swapped and unit 0 sign-flipped: alignment must undo both.
  const bStored = Float64Array.from(b);
  for (let k = 0; k < 3; k++) {
    bStored[L.w1 + k] = b[L.w1 + 3 + k];
    bStored[L.w1 + 3 + k] = -b[L.w1 + k];
  }
  bStored[L.b1] = b[L.b1 + 1];
  bStored[L.b1 + 1] = -b[L.b1];
  for (let o = 0; o < 2; o++) {
    bStored[L.w2 + o * 2] = b[L.w2 + o * 2 + 1];
    bStored[L.w2 + o * 2 + 1] = -b[L.w2 + o * 2];
  }
  assert.ok(Math.abs(model.energy(bStored) - model.energy(b)) < 1e-12);
  const db = new LandscapeDatabase(model.dim);
  db.addMinimum(a, 0.1);
  db.addMinimum(bStored, 0.2);
  db.addTransitionState({
    energy: 0.5,
    x: a,
    minima: [0, 1],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
  const r = msbFeatureRelevance(model, db);
  assert.equal(r.used, 1);
  assert.equal(r.noSpread, false);
  assert.deepEqual(r.basins[0].minima, [0, 1]);
  assert.ok(r.basins[0].conserved[L.w1 + 0], "input 0's weight is conserved");
  assert.ok(!r.basins[0].conserved[L.w1 + 4], "input 1's weight flips sign: not conserved");
  assert.ok(Math.abs(r.relevance[0] - 1) < 1e-12, `relevance ${r.relevance}`);
  assert.equal(r.relevance[1], 0);
  assert.equal(r.relevance[2], 0);
});

Deno.test("permutationImportance: an input the network ignores scores exactly 0, the one it uses scores > 0", () => {
  const { model, X, n, labels } = smallModel();
  const L = model.layout;
  const w = new Float64Array(model.dim);
  w[L.w1 + 0] = 3; // unit 0 reads input 0 only
  w[L.w2 + 0] = -4; // class 0's logit falls with input 0 …
  w[L.w2 + 2] = 4; // … class 1's rises (labels: 1 where input 0 > 0)
  const data = {
    source: "t",
    featureNames: ["a", "b", "c"],
    classNames: ["0", "1"],
    n,
    d: 3,
    X,
    labels,
  };
  const imp = permutationImportance(model, [w], data, { repeats: 5, seed: 3 });
  assert.equal(imp[1], 0);
  assert.equal(imp[2], 0);
  assert.ok(imp[0] > 0.2, `importance ${imp}`);
});
