import assert from "node:assert/strict";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/ensembles.ts");

Deno.test("ensembles --quick: per-seed minima, combinations, oracle, and gains consistent with them", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((performance.now() - t0) / 1000 < 30, "--quick must finish within 30 s");
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.equal(res.seeds.length, 5);
  for (const s of res.seeds) {
    const best = Math.max(...s.members.map((m: { test_accuracy: number }) => m.test_accuracy));
    assert.equal(s.best_single_test_accuracy, best);
    assert.ok(s.oracle_test_accuracy >= best);
    for (const c of s.combinations) assert.ok(c.test_accuracy >= 0 && c.test_accuracy <= 1);
  }
  for (const g of res.gains_over_best_single) {
    const d = res.seeds.map((
      s: {
        best_single_test_accuracy: number;
        combinations: { method: string; test_accuracy: number }[];
      },
    ) =>
      s.combinations.find((c) => c.method === g.method)!.test_accuracy - s.best_single_test_accuracy
    );
    assert.ok(Math.abs(g.mean - d.reduce((a: number, b: number) => a + b, 0) / d.length) < 1e-12);
  }
  assert.ok(res.gap_oracle_to_best_combination >= -1e-12);
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("ensembles: bad input gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/one.csv`,
    "a,b,label\n" + Array.from({ length: 50 }, (_, i) => `${i},${i * 2},1`).join("\n") + "\n",
  );
  const cases: [string[], RegExp][] = [
    [["--data", `${dir}/one.csv`, "--target", "label"], /single class/],
    [["--minima", "1"], /--minima must be ≥ 2/],
    [["--dataset", "spiral"], /--dataset must be one of/],
  ];
  await assertOneLineErrors(script, cases, dir);
  await Deno.remove(dir, { recursive: true });
});
