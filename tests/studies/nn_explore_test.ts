import assert from "node:assert/strict";
import { loadClassificationData } from "../../lib/studies/nn_explore.ts";

Deno.test("loadClassificationData: a CSV with text labels and features in large units comes back standardised", async () => {
  const dir = await Deno.makeTempDir();
  const rows = Array.from(
    { length: 12 },
    (_, i) => `${2000 + i},${50000 + 1000 * (i % 5)},7,${i % 3 === 0 ? "spam" : "ham"}`,
  );
  await Deno.writeTextFile(`${dir}/d.csv`, "year,price,const,kind\n" + rows.join("\n") + "\n");
  const ds = await loadClassificationData(`${dir}/d.csv`, "kind", "ignored", 1);
  assert.deepEqual(ds.classNames, ["ham", "spam"]);
  assert.equal(ds.labels[0], 1);
  assert.equal(ds.labels[1], 0);
  for (let k = 0; k < 2; k++) {
    let m = 0, v = 0;
    for (let i = 0; i < ds.n; i++) m += ds.X[i * 3 + k] / ds.n;
    for (let i = 0; i < ds.n; i++) v += (ds.X[i * 3 + k] - m) ** 2 / ds.n;
    assert.ok(Math.abs(m) < 1e-12 && Math.abs(v - 1) < 1e-12, `column ${k}: mean ${m}, var ${v}`);
  }
  for (let i = 0; i < ds.n; i++) assert.equal(ds.X[i * 3 + 2], 0); // a constant column becomes 0
  await Deno.remove(dir, { recursive: true });
});

Deno.test("exploreMlp: a spent budget is raised to 2 attempts per stored minimum (at most 4×) while the landscape is not connected", async () => {
  const { exploreMlp } = await import("../../lib/studies/nn_explore.ts");
  const { MlpLandscape } = await import("../../lib/models/mlp.ts");
  const { connectivity } = await import("../../lib/landscape/analysis.ts");
  const data = await loadClassificationData(undefined, undefined, "xor", 2, 80);
  const run = async (connectPerMinimum?: number) => {
    const model = new MlpLandscape(data, { hidden: 3, outputs: 2, lambda: 1e-4, loss: "ce" });
    return await exploreMlp(model, {
      steps: 10,
      seed: 2,
      connectAttempts: 3,
      workers: 1,
      connectPerMinimum,
    });
  };
  const fixed = await run(0);
  assert.equal(fixed.budget, 3);
  assert.ok(fixed.attempts <= 3);
  assert.ok(connectivity(fixed.db).fraction < 1, "3 attempts leave this landscape unconnected");
  const raised = await run();
  assert.ok(raised.budget > 3 && raised.budget <= 12, `budget ${raised.budget}`);
  assert.ok(raised.attempts > 3 && raised.attempts <= raised.budget);
  // Raised only as far as the minima stored when it was raised ask for (2 each).
  assert.ok(raised.budget <= 2 * raised.db.minima.length);
  await assert.rejects(() => run(-1), /connectPerMinimum must be ≥ 0/);
});
