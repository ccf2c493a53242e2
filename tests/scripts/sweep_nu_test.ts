import assert from "node:assert/strict";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/sweep_nu.ts");

Deno.test("sweep-nu --quick: results.json has the documented schema; half-integers exact; optimum no worse than any half-integer", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(seconds < 20, `--quick took ${seconds} s`);
  assert.match(r.stderr, /\[sweep-nu\] anchors \d+\/\d+/); // progress per stage
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  for (const h of [0.5, 1.5, 2.5]) assert.ok(res.nu_grid.includes(h), `grid lacks ${h}`);
  assert.deepEqual(res.theta_order, [
    "log_lengthscale",
    "log_signal_variance",
    "log_noise_variance",
  ]);
  assert.ok(res.branches.length >= 1);
  for (const b of res.branches) {
    assert.ok(b.kind === "minimum" || b.kind === "ts");
    for (const p of b.points) {
      assert.ok(res.nu_grid.includes(p.nu));
      assert.equal(p.theta.length, 3);
      assert.ok(Number.isFinite(p.nlml));
    }
  }
  assert.ok(Array.isArray(res.folds));
  assert.deepEqual(res.half_integer.map((h: { nu: number }) => h.nu), [0.5, 1.5, 2.5]);
  for (const h of res.half_integer) {
    assert.ok(
      res.optimum.nlml <= h.nlml + 1e-6,
      `optimum ${res.optimum.nlml} vs ν=${h.nu}: ${h.nlml}`,
    );
  }
  assert.ok(
    res.optimum.nu > 0 && Number.isFinite(res.optimum.test_mnlpd) &&
      Number.isFinite(res.optimum.test_rmse),
  );
  assert.ok(Array.isArray(res.ensembles.combinations));
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("sweep-nu: bad input gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/nan.csv`, "x,y\n1,2\n2,NaN\n3,4\n4,5\n5,6\n6,7\n");
  const cases: [string[], RegExp][] = [
    [["--nu-min", "0"], /--nu-min must be > 0/],
    [["--nu-min=-1"], /--nu-min must be > 0/],
    [["--nu-min", "3", "--nu-max", "2"], /--nu-max \(2\) must be greater than --nu-min \(3\)/],
    [["--nu-step", "abc"], /--nu-step must be a finite number/],
    [["--data", `${dir}/nan.csv`], /row 3, column "y": value NaN is not finite/],
    [["--data", `${dir}/none.csv`], /none\.csv: no such file/],
    [["--dataset", "iris"], /--dataset must be one of fold, matern, co2/],
  ];
  for (const [args, re] of cases) {
    const r = await runScript(script, [...args, "--cpu", "--out", `${dir}/out`]);
    assert.equal(r.code, 1, args.join(" "));
    const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("elml:"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], re);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("sweep-nu records its held-out rows, seed and software; --holdout 0 fits on every row", async () => {
  const out = await Deno.makeTempDir();
  const r = await runScript(script, [
    "--quick",
    "--cpu",
    "--dataset",
    "matern",
    "--out",
    `${out}/a`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(await Deno.readTextFile(`${out}/a/results.json`));
  assert.equal(a.data.test_rows.length, a.data.n_test);
  assert.equal(new Set(a.data.test_rows).size, a.data.n_test);
  assert.ok(a.data.test_rows.every((i: number) => Number.isInteger(i) && i >= 0 && i < a.data.n));
  assert.equal(a.seed, 1);
  assert.match(a.software.deno, /^\d+\.\d+\.\d+/);
  assert.equal(a.software.dependencies["@observablehq/plot"], "0.6.17");
  const all = await runScript(script, [
    "--quick",
    "--cpu",
    "--dataset",
    "matern",
    "--holdout",
    "0",
    "--out",
    `${out}/b`,
  ]);
  assert.equal(all.code, 0, all.stderr);
  const b = JSON.parse(await Deno.readTextFile(`${out}/b/results.json`));
  assert.deepEqual([b.data.n_train, b.data.n_test, b.data.validation], [b.data.n, 0, "5-fold"]);
  assert.deepEqual(b.data.test_rows, []);
  await Deno.remove(out, { recursive: true });
});

Deno.test("sweep-nu: above 5,000 training rows a one-line error names --subsample, which works and is recorded", async () => {
  const dir = await Deno.makeTempDir();
  const rows = Array.from({ length: 20000 }, (_, i) => {
    const x = (i * 0.61803398875) % 10;
    return `${x.toFixed(6)},${(Math.sin(x) + 0.1 * Math.cos(37 * i)).toFixed(6)}`;
  });
  await Deno.writeTextFile(`${dir}/big.csv`, "x,y\n" + rows.join("\n") + "\n");
  const t = performance.now();
  await assertOneLineErrors(script, [
    [
      ["--data", `${dir}/big.csv`, "--target", "y"],
      /15000 training rows; sweep-nu takes at most 5000 .* use --subsample 6666 /,
    ],
  ], dir);
  assert.ok((performance.now() - t) / 1000 < 30, "refused before any work");
  const r = await runScript(script, [
    "--data",
    `${dir}/big.csv`,
    "--target",
    "y",
    "--subsample",
    "60",
    "--quick",
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const data = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`)).data;
  assert.equal(data.n, 60);
  assert.deepEqual([data.subsample.rows, data.subsample.of], [60, 20000]);
  assert.equal(new Set(data.subsample.kept_rows).size, 60);
  assert.ok(data.subsample.kept_rows.every((i: number) => i >= 0 && i < 20000));
  await Deno.remove(dir, { recursive: true });
});
