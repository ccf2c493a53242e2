import assert from "node:assert/strict";
import { co2Dataset, maternSample } from "../../lib/data/builtin.ts";

Deno.test("co2Dataset: 741 months, decimal years, ppm values in the published range", () => {
  const ds = co2Dataset();
  assert.equal(ds.n, 741);
  assert.ok(Math.abs(ds.X[0] - (1958 + 2 / 12 + 14 / 365)) < 1e-12);
  assert.equal(ds.y[0], 315.7); // first row of the file: 1958-03-01,315.70
  assert.ok(ds.y.every((v) => v > 310 && v < 420));
  for (let i = 1; i < ds.n; i++) assert.ok(ds.X[i] > ds.X[i - 1]);
  const sub = co2Dataset({ every: 6, from: 1990 });
  assert.ok(sub.n > 50 && sub.X[0] >= 1990);
});

Deno.test("maternSample: seeded, finite, and its sample variance near σf² + σn²", () => {
  const a = maternSample({ n: 150, seed: 5 }), b = maternSample({ n: 150, seed: 5 });
  assert.deepEqual(a.data.y, b.data.y);
  assert.ok(a.data.y.every(Number.isFinite));
  // Average over independent seeds of the per-sample variance (each correlated, so average many).
  let acc = 0;
  const reps = 40;
  for (let s = 0; s < reps; s++) {
    const y = maternSample({ n: 150, seed: 100 + s, extent: 200 }).data.y; // long extent: nearly independent
    acc += y.reduce((t, v) => t + v * v, 0) / y.length;
  }
  assert.ok(Math.abs(acc / reps - 1.01) < 0.08, `mean square ${acc / reps}`);
});
