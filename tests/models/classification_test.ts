import assert from "node:assert/strict";
import { accuracy, rocAuc } from "../../lib/models/classification_metrics.ts";
import { circles, iris, toClassification, twoMoons, xor } from "../../lib/data/classification.ts";
import { parseCsv } from "../../lib/data/csv.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";

Deno.test("rocAuc equals the brute-force pair count (ties half) on random scores", () => {
  const rng = new Rng(Date.now() % 1e9);
  const n = 60;
  const s = Float64Array.from({ length: n }, () => Math.round(rng.uniform() * 10) / 10); // many ties
  const y = Int32Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0));
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (y[i] === 1 && y[j] === 0) {
        den++;
        num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  assert.ok(Math.abs(rocAuc(s, y) - num / den) < 1e-15);
  assert.equal(accuracy(Float64Array.of(0.9, 0.1, 0.2, 0.8), Int32Array.of(0, 0), 2), 0.5);
});

Deno.test("built-in classification sets: shapes, labels, seeds", () => {
  const ir = iris();
  assert.equal(ir.n, 150);
  assert.deepEqual(ir.classNames, ["setosa", "versicolor", "virginica"]);
  assert.deepEqual([0, 1, 2].map((c) => ir.labels.filter((l) => l === c).length), [50, 50, 50]);
  for (const ds of [twoMoons({ seed: 2 }), circles({ seed: 2 }), xor({ seed: 2, irrelevant: 3 })]) {
    assert.ok(ds.X.every(Number.isFinite));
    assert.equal(ds.X.length, ds.n * ds.d);
    assert.deepEqual([...new Set(ds.labels)].sort(), [0, 1]);
  }
  assert.deepEqual(twoMoons({ seed: 5 }).X, twoMoons({ seed: 5 }).X);
  const x = xor({ n: 50, irrelevant: 2, seed: 1 });
  for (let i = 0; i < x.n; i++) {
    assert.equal(x.labels[i], (x.X[i * 4] > 0) !== (x.X[i * 4 + 1] > 0) ? 1 : 0);
  }
});

Deno.test("toClassification: labels from a CSV column; one class is a one-line error", () => {
  const ds = toClassification(parseCsv("a,b,c\n1,2,5\n3,4,7\n5,6,5\n", "f.csv"));
  assert.deepEqual(Array.from(ds.labels), [0, 1, 0]);
  assert.deepEqual(ds.classNames, ["5", "7"]);
  assert.throws(
    () => toClassification(parseCsv("a,c\n1,5\n3,5\n", "f.csv", { rejectConstantTarget: false })),
    (e: Error) => e instanceof UserError && /single class/.test(e.message),
  );
});
