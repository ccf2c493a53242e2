import assert from "node:assert/strict";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/feature_relevance.ts");

Deno.test("feature-relevance --quick: synthetic (5 seeds, AUROC recounted from the scores) and iris", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((performance.now() - t0) / 1000 < 30, "--quick must finish within 30 s");
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  const syn = res.studies.synthetic;
  assert.equal(syn.runs.length, 5);
  assert.deepEqual(syn.roles.slice(0, 3), ["relevant", "relevant", "redundant"]);
  for (const run of syn.runs) {
    for (const m of res.methods) {
      // Recount: pairs (relevant, irrelevant) in order, ties ½; the redundant copy is left out.
      const sc: number[] = run.scores[m];
      let num = 0, den = 0;
      syn.roles.forEach((ra: string, a: number) => {
        if (ra !== "relevant") return;
        syn.roles.forEach((rb: string, b: number) => {
          if (rb !== "irrelevant") return;
          den++;
          num += sc[a] > sc[b] ? 1 : sc[a] === sc[b] ? 0.5 : 0;
        });
      });
      assert.equal(run.auroc_relevant_vs_irrelevant[m], num / den);
    }
  }
  assert.equal(res.studies.iris.features.length, 4);
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("feature-relevance: bad input gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/text.csv`, "a,b,label\n1,x,0\n2,3,1\n");
  const cases: [string[], RegExp][] = [
    [["--data", `${dir}/text.csv`, "--target", "label"], /non-numeric value "x"/],
    [["--dataset", "spiral"], /--dataset must be one of/],
    [["--seeds", "0"], /--seeds must be ≥ 1/],
  ];
  await assertOneLineErrors(script, cases, dir);
  await Deno.remove(dir, { recursive: true });
});
