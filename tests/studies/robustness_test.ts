import assert from "node:assert/strict";
import { twoMoons } from "../../lib/data/classification.ts";
import { minimize } from "../../lib/landscape/minimize.ts";
import { rocAuc } from "../../lib/models/classification_metrics.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { perturbationCurve } from "../../lib/studies/robustness.ts";
import { Rng } from "../../lib/util/random.ts";

Deno.test("perturbationCurve: σ = 0 is the plain test AUC, huge weight noise drives AUC towards 0.5, small noise barely moves it", () => {
  const data = twoMoons({ n: 200, seed: 4 });
  const model = new MlpLandscape(data, { hidden: 3, lambda: 1e-3 });
  const w = minimize(model, new Rng(2).normalArray(model.dim)).x;
  const p = model.predict(w);
  const auc0 = rocAuc(Array.from({ length: data.n }, (_, i) => p[2 * i + 1]), data.labels);
  const c = perturbationCurve(model, w, data, "weights", [0, 1e-4, 50], { repeats: 30, seed: 1 });
  assert.equal(c[0], auc0);
  assert.ok(Math.abs(c[1] - auc0) < 1e-3, `tiny noise moved AUC from ${auc0} to ${c[1]}`);
  assert.ok(Math.abs(c[2] - 0.5) < 0.15, `huge noise left AUC at ${c[2]}`);
  const ci = perturbationCurve(model, w, data, "inputs", [0, 1e-4, 0.5], { repeats: 10, seed: 1 });
  assert.equal(ci[0], auc0);
  assert.ok(ci[2] < ci[0], "input noise of half a standard deviation must cost AUC on the moons");
});
