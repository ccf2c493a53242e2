import assert from "node:assert/strict";
import { assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/landscape_demo.ts");

Deno.test("landscape-demo --quick: both surfaces mapped, report and results written", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript(script, ["--quick", "--out", out, "--pathsample", `${out}/ps`]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  const mb = res.surfaces.mb;
  assert.equal(mb.summary.interiorMinima, 3);
  assert.equal(mb.summary.transitionStates, 2);
  assert.ok(mb.connected);
  assert.ok(res.surfaces.schwefel.summary.transitionStates > 20);
  assert.ok(res.surfaces.schwefel.transition_states.every((t: { index: number }) => t.index === 1));
  const html = await Deno.readTextFile(`${out}/report.html`);
  assertSelfContained(html);
  assert.ok((html.match(/<svg/g) ?? []).length >= 6);
  assert.match(await Deno.readTextFile(`${out}/ps/mb/min.data`), /^-1/m);
  await Deno.remove(out, { recursive: true });
});

Deno.test("landscape-demo: bad flags are one-line errors", async () => {
  for (
    const [args, re] of [[["--surface", "xyz"], /--surface must be/], [
      ["--db", "x.sqlite"],
      /--db needs a single --surface/,
    ], [["--steps", "0"], /--steps must be ≥ 1/]] as [string[], RegExp][]
  ) {
    const r = await runScript(script, args);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, re);
  }
});
