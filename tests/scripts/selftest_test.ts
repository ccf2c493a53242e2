import assert from "node:assert/strict";
import { assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/selftest.ts");

Deno.test("selftest --cpu --quick writes a self-contained report and results.json", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript(script, ["--cpu", "--quick", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /device: CPU float64 \(--cpu\)/); // the run says which path it took
  const results = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.equal(results.backend, "cpu");
  assert.equal(results.ok, true);
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("selftest: bad flags give one line and a non-zero exit", async () => {
  for (const args of [["--bogus"], ["--seed", "abc"], ["--target", "y"]]) {
    const r = await runScript(script, args);
    assert.equal(r.code, 1, args.join(" "));
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^error: /);
  }
});
