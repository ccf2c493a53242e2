import assert from "node:assert/strict";
import {
  combineMinima,
  errorSets,
  fitMetaNetwork,
  GatingLandscape,
  jaccardMatrix,
  majorityVote,
  metaPredict,
  misclassificationCounts,
  occupationWeights,
  oracleAccuracy,
} from "../../lib/studies/ensemble_methods.ts";
import { Rng } from "../../lib/util/random.ts";

/** n×2 probabilities predicting the classes in `pred` with confidence c. */
function probsOf(pred: number[], c = 0.9): Float64Array {
  return Float64Array.from(pred.flatMap((p) => (p === 1 ? [1 - c, c] : [c, 1 - c])));
}

Deno.test("error sets, Jaccard overlaps, oracle and per-item counts on a hand-worked example", () => {
  const labels = Int32Array.of(0, 1, 1, 0, 1);
  // Member A wrong on items 1, 2; B wrong on 2, 3; C wrong on 4.
  const A = probsOf([0, 0, 0, 0, 1]), B = probsOf([0, 1, 0, 1, 1]), C = probsOf([0, 1, 1, 0, 0]);
  const e = errorSets([A, B, C], labels, 2);
  assert.deepEqual(Array.from(e[0]), [0, 1, 1, 0, 0]);
  const J = jaccardMatrix(e);
  assert.equal(J[0][1], 1 / 3); // {1,2} ∩ {2,3} = {2}; ∪ = {1,2,3}
  assert.equal(J[0][2], 0);
  assert.equal(J[1][1], 1);
  assert.equal(oracleAccuracy(e), 1); // every item has a member that gets it right
  assert.equal(oracleAccuracy([e[0], e[1]]), 4 / 5); // item 2 is wrong in both
  assert.deepEqual(Array.from(misclassificationCounts(e)), [0, 1, 2, 1, 1]);
  // Majority: item 2 gets votes 0,0,1 → class 0.
  const v = majorityVote([A, B, C], 2);
  assert.ok(v[2 * 2] > v[2 * 2 + 1]);
});

Deno.test("occupation weights follow exp(−E/T − ½ ln Πλ) (ratio of two basins)", () => {
  const w = occupationWeights([0.1, 0.3], [2, -1], 0.05);
  const expected = Math.exp(-(0.3 - 0.1) / 0.05 - 0.5 * (-1 - 2));
  assert.ok(Math.abs(w[1] / w[0] - expected) < 1e-12 * expected);
});

Deno.test("GatingLandscape gradient matches central differences", () => {
  const rng = new Rng(5);
  const n = 20, I = 3, H = 4, K = 3;
  const X = rng.normalArray(n * I);
  const expert = Float64Array.from({ length: n * K }, () => 0.05 + 0.9 * rng.uniform());
  const land = new GatingLandscape(X, n, I, H, K, expert, 1e-2);
  const th = rng.normalArray(land.dim);
  const g = new Float64Array(land.dim);
  land.energy(th, g);
  for (let q = 0; q < land.dim; q++) {
    const h = 1e-6, p = Float64Array.from(th), m = Float64Array.from(th);
    p[q] += h;
    m[q] -= h;
    const fd = (land.energy(p) - land.energy(m)) / (2 * h);
    assert.ok(
      Math.abs(fd - g[q]) < 1e-7 * Math.max(1, Math.abs(fd)),
      `param ${q}: ${g[q]} vs ${fd}`,
    );
  }
});

Deno.test("the meta-network learns which member to trust where: two half-experts combine to ≈ perfect", () => {
  const rng = new Rng(9);
  const make = (n: number) => {
    const X = Float64Array.from({ length: n }, () => rng.range(-1, 1));
    const labels = Int32Array.from({ length: n }, () => rng.int(2));
    // A is right for x < 0 and guesses wrongly for x > 0; B the other way round.
    const A = probsOf(Array.from(labels, (y, i) => (X[i] < 0 ? y : 1 - y)), 0.8);
    const B = probsOf(Array.from(labels, (y, i) => (X[i] >= 0 ? y : 1 - y)), 0.8);
    return { X, labels, probs: [A, B] };
  };
  const tr = make(200), te = make(200);
  const meta = fitMetaNetwork(tr.X, 200, 1, tr.labels, tr.probs, 2, { hidden: 3, seed: 2 });
  const p = metaPredict(meta, te.X, 200, te.probs, 2);
  const acc = errorSets([p], te.labels, 2)[0].reduce((a, b) => a + b, 0);
  assert.ok(acc <= 6, `meta-network misclassifies ${acc} of 200`); // each expert alone: ≈ 50%
});

Deno.test("combineMinima: identical members give every combination the single member's accuracy", () => {
  const rng = new Rng(3);
  const n = 50;
  const labels = Int32Array.from({ length: n }, () => rng.int(2));
  const P = probsOf(Array.from({ length: n }, () => rng.int(2)), 0.7);
  const X = rng.normalArray(n * 2);
  const split = { X, n, d: 2, labels, probs: [P, P, P] };
  const single = 1 - errorSets([P], labels, 2)[0].reduce((a, b) => a + b, 0) / n;
  const res = combineMinima({
    validation: split,
    test: split,
    outputs: 2,
    energies: [0.1, 0.2, 0.3],
    logProducts: [1, 2, 3],
    seed: 1,
  });
  assert.equal(res.length, 5);
  for (const c of res) assert.ok(Math.abs(c.test_accuracy - single) < 1e-12, c.method);
});
