import assert from "node:assert/strict";
import { parseCsv } from "../../lib/data/csv.ts";
import { relevanceSynthetic, toClassification, twoMoons } from "../../lib/data/classification.ts";

Deno.test("text class labels: categoricalTarget maps sorted distinct values to 0..K−1", () => {
  const csv = "a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n";
  const ds = parseCsv(csv, "t.csv", { target: "species", categoricalTarget: true });
  assert.deepEqual(ds.targetClasses, ["setosa", "versicolor", "virginica"]);
  const c = toClassification(ds);
  assert.deepEqual(c.classNames, ["setosa", "versicolor", "virginica"]);
  assert.deepEqual(Array.from(c.labels), [2, 0, 1, 0]);
  assert.deepEqual(Array.from(c.X), [1, 2, 3, 4, 5, 6, 7, 8]);
  // Numeric labels stay numeric (sorted numerically, not as text: 10 after 9).
  const num = toClassification(
    parseCsv("a,y\n1,10\n2,9\n3,10\n", "n.csv", { categoricalTarget: true }),
  );
  assert.deepEqual(num.classNames, ["9", "10"]);
  assert.deepEqual(Array.from(num.labels), [1, 0, 1]);
  // Without the option, text in the target is still an error; an empty label always is.
  assert.throws(
    () => parseCsv(csv, "t.csv", { target: "species" }),
    /non-numeric value "virginica"/,
  );
  assert.throws(
    () => parseCsv("a,y\n1,x\n2,\n", "e.csv", { categoricalTarget: true }),
    /row 3, column "y": empty cell/,
  );
  assert.throws(
    () =>
      toClassification(
        parseCsv("a,y\n1,x\n2,x\n", "one.csv", {
          categoricalTarget: true,
          rejectConstantTarget: false,
        }),
      ),
    /single class \(x\)/,
  );
});

Deno.test("relevanceSynthetic: XOR label of x1, x2; x1_copy tracks x1; roles as documented", () => {
  const d = relevanceSynthetic({ n: 500, seed: 3 });
  assert.deepEqual(d.roles, [
    "relevant",
    "relevant",
    "redundant",
    "irrelevant",
    "irrelevant",
    "irrelevant",
  ]);
  let maxDev = 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.X.subarray(i * d.d, (i + 1) * d.d);
    assert.equal(d.labels[i], (x[0] > 0) !== (x[1] > 0) ? 1 : 0);
    maxDev = Math.max(maxDev, Math.abs(x[2] - x[0]));
  }
  assert.ok(maxDev > 0.1 && maxDev < 0.6, `copy deviates by ${maxDev}`);
  assert.deepEqual(Array.from(twoMoons({ seed: 1 }).labels.slice(0, 4)), [0, 1, 0, 1]);
});
