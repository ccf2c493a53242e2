import assert from "node:assert/strict";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/auc_vs_ce.ts");

Deno.test("auc-vs-ce --quick: both landscapes per seed, claims computed from the per-seed figures", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((performance.now() - t0) / 1000 < 30, "--quick must finish within 30 s");
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.equal(res.runs.length, 6); // 3 seeds × 2 losses
  for (const run of res.runs) {
    assert.ok(run.minima >= 1 && run.per_minimum.length === run.minima);
    for (const m of run.per_minimum) assert.ok(m.test_auc >= 0 && m.test_auc <= 1);
    assert.equal(run.robustness.weights.length, res.noise_scales.length);
  }
  const mean = (loss: string) => {
    const v = res.runs.filter((x: { loss: string }) => x.loss === loss).map((
      x: { minima: number },
    ) => x.minima);
    return v.reduce((a: number, b: number) => a + b, 0) / v.length;
  };
  const claim = res.claims.find((c: { claim: string }) => c.claim.includes("more minima"));
  assert.equal(claim.ce.mean, mean("ce"));
  assert.equal(claim.auc.mean, mean("auc"));
  assert.equal(claim.agrees, mean("auc") > mean("ce"));
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("auc-vs-ce: a multi-class problem or bad flag gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  const cases: [string[], RegExp][] = [
    [["--dataset", "iris"], /needs a binary problem/],
    [["--beta", "0"], /--beta must be > 0/],
  ];
  await assertOneLineErrors(script, cases, dir);
  await Deno.remove(dir, { recursive: true });
});
