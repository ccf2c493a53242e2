import assert from "node:assert/strict";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/nn_landscape.ts");

Deno.test("nn-landscape --quick on XOR: minima with accuracies and spectra, verified transition states", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, [
    "--quick",
    "--dataset",
    "xor",
    "--hidden",
    "3",
    "--cpu",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((performance.now() - t0) / 1000 < 20);
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.equal(res.network.parameters, 4 * 3 + 3 + 2 * 3 + 2);
  assert.ok(res.minima.length >= 2);
  for (const m of res.minima) {
    assert.ok(m.test_accuracy >= 0 && m.test_accuracy <= 1);
    assert.equal(m.eigenvalues.length, res.network.parameters);
    assert.ok(
      m.eigenvalues[0] > -1e-6,
      `minimum ${m.id} has a negative eigenvalue ${m.eigenvalues[0]}`,
    );
  }
  for (const t of res.transition_states) assert.equal(t.index, 1);
  // The connected fraction agrees with the listed unconnected minima.
  const c = res.connection;
  assert.equal(c.connected_minima + c.unconnected.length, res.minima.length);
  assert.equal(c.connected_fraction, c.connected_minima / res.minima.length);
  assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  await Deno.remove(out, { recursive: true });
});

Deno.test("nn-landscape: bad input gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/one.csv`,
    "a,b,label\n" + Array.from({ length: 12 }, (_, i) => `${i},${i * 2},1`).join("\n") + "\n",
  );
  await Deno.writeTextFile(`${dir}/text.csv`, "a,b,label\n1,x,0\n2,3,1\n");
  const cases: [string[], RegExp][] = [
    [["--data", `${dir}/one.csv`, "--target", "label"], /single class/],
    [
      ["--data", `${dir}/text.csv`, "--target", "label"],
      /row 2, column "b": non-numeric value "x"/,
    ],
    [["--dataset", "iris", "--loss", "auc"], /appAUC needs a binary problem/],
    [["--loss", "mse"], /--loss must be ce or auc/],
    [["--hidden", "0"], /--hidden must be ≥ 1/],
    [["--device", "gpu"], /--cpu and --device gpu contradict each other/],
    [["--device", "tpu"], /--device must be one of auto, gpu, cpu, got "tpu"/],
    [["--walkers", "0"], /--walkers must be ≥ 1/],
    [["--connect-per-minimum=-1"], /--connect-per-minimum must be ≥ 0, got -1/],
  ];
  await assertOneLineErrors(script, cases, dir);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("nn-landscape: rows with identical inputs stay on one side of the split, with a warning", async () => {
  const dir = await Deno.makeTempDir();
  // 20 distinct inputs, each three times (same label), so a plain split would leak.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const k = i % 20;
    return `${Math.cos(k)},${Math.sin(3 * k)},${k % 2}`;
  });
  await Deno.writeTextFile(`${dir}/dup.csv`, "a,b,label\n" + rows.join("\n") + "\n");
  const r = await runScript(script, [
    "--data",
    `${dir}/dup.csv`,
    "--target",
    "label",
    "--quick",
    "--hidden",
    "2",
    "--steps",
    "2",
    "--connect",
    "0",
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: 40 rows repeat the inputs of another row/);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  const testKeys = new Set(res.data.test_rows.map((i: number) => i % 20));
  const train = Array.from({ length: 60 }, (_, i) => i).filter((i) =>
    !res.data.test_rows.includes(i)
  );
  assert.ok(res.data.test_rows.length > 0 && train.length > 0);
  assert.ok(train.every((i) => !testKeys.has(i % 20)), "an input on both sides");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("nn-landscape --connect-per-minimum: a spent budget is raised only when asked", async () => {
  const budgets: number[] = [];
  for (const perMinimum of ["0", "2"]) {
    const out = await Deno.makeTempDir();
    const r = await runScript(script, [
      "--quick",
      "--connect",
      "1",
      "--connect-per-minimum",
      perMinimum,
      "--cpu",
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(await Deno.readTextFile(`${out}/results.json`)).connection;
    assert.ok(c.attempts <= c.budget, JSON.stringify(c));
    if (perMinimum === "0") assert.equal(c.budget, 1);
    else {
      // One attempt leaves the quick landscape unconnected: raised, at most 4 × 1.
      assert.ok(c.budget > 1 && c.budget <= 4, JSON.stringify(c));
      assert.match(r.stderr, /budget raised to \d+ \(2 per stored minimum, at most 4\)/);
    }
    budgets.push(c.budget);
    await Deno.remove(out, { recursive: true });
  }
  assert.ok(budgets[1] > budgets[0]);
});
