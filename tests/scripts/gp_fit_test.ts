import assert from "node:assert/strict";
import { assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/gp_fit.ts");

Deno.test("gp-fit --quick: report and results with the optimum and the half-integer fits", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.deepEqual(res.theta_order, [
    "log_lengthscale",
    "log_signal_variance",
    "log_noise_variance",
    "nu",
  ]);
  assert.equal(res.fits.length, 4);
  assert.deepEqual(res.fits.slice(1).map((f: { nu: number }) => f.nu), [0.5, 1.5, 2.5]);
  // ν free contains every half-integer model, so its NLML cannot be worse (up to the tolerance).
  for (const f of res.fits.slice(1)) {
    assert.ok(res.optimum.nlml <= f.nlml + 1e-6, `${res.optimum.nlml} vs ${f.nlml}`);
  }
  assert.ok(res.optimum.nu > 0.05 && res.optimum.nu < 30);
  assert.equal(res.truth.nu, 1.2);
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("gp-fit: bad data give one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  const cases: [string, string, RegExp][] = [
    ["ragged.csv", "a,y\n1,2\n3\n4,5\n", /row 3 has 1 fields/],
    ["text.csv", "a,y\n1,2\n3,abc\n4,5\n", /row 3, column "y": non-numeric value "abc"/],
    ["const.csv", "a,y\n1,2\n3,2\n4,2\n5,2\n6,2\n7,2\n", /target column "y" is constant/],
    ["few.csv", "a,y\n1,2\n3,4\n", /2 data rows; this needs at least 6/],
  ];
  for (const [name, text, re] of cases) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
    const r = await runScript(script, ["--data", `${dir}/${name}`, "--cpu", "--out", `${dir}/out`]);
    assert.equal(r.code, 1, name);
    const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("elml:"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], re);
  }
  const r = await runScript(script, ["--data", `${dir}/missing.csv`, "--cpu"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing\.csv: no such file/);
  await Deno.remove(dir, { recursive: true });
});
