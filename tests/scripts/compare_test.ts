import assert from "node:assert/strict";
import { assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/compare.ts");

Deno.test("compare --quick: four landscapes, table numbers equal to the linked results.json, rerun reuses them", async () => {
  const out = await Deno.makeTempDir();
  const t0 = performance.now();
  const r = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((performance.now() - t0) / 1000 < 120, "--quick must finish within 2 minutes");
  const res = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.deepEqual(res.landscapes.map((l: { key: string }) => l.key), [
    "gp-optimum-nu",
    "gp-nu-1.5",
    "nn-ce",
    "nn-auc",
  ]);
  const html = await Deno.readTextFile(`${out}/report.html`);
  for (const l of res.landscapes) {
    const stored = JSON.parse(await Deno.readTextFile(`${out}/${l.results}`));
    assert.deepEqual(l.summary, stored.summary);
    assert.equal(stored.minima.length, stored.summary.minima);
    assert.ok(html.includes(`href="${l.results}"`), `report links ${l.results}`);
  }
  assert.ok(res.open_questions.length >= 1);
  assertSelfContained(html);
  const t1 = performance.now();
  const again = await runScript(script, ["--quick", "--cpu", "--out", out]);
  assert.equal(again.code, 0, again.stderr);
  const res2 = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
  assert.ok(res2.landscapes.every((l: { reused: boolean }) => l.reused));
  assert.ok(
    (performance.now() - t1) / 1000 < 15,
    "a rerun with the same parameters reuses every landscape",
  );
  await Deno.remove(out, { recursive: true });
});

Deno.test("reports: index links every report with its task and headline", async () => {
  const root = await Deno.makeTempDir();
  const { writeReport } = await import("../../lib/report/html.ts");
  await writeReport(`${root}/a`, {
    title: "First <one>",
    task: "sweep-nu",
    summary: "ν̂ = 1.1 & friends",
    params: {},
    timings: {},
    device: "cpu",
    sections: [],
  }, { x: 1 });
  await Deno.mkdir(`${root}/b/c`, { recursive: true });
  await Deno.writeTextFile(`${root}/b/c/report.html`, "<html><title>Old page</title></html>");
  const r = await runScript(repoPath("scripts/reports.ts"), ["--out", root]);
  assert.equal(r.code, 0, r.stderr);
  const html = await Deno.readTextFile(`${root}/index.html`);
  assert.ok(html.includes('href="a/report.html"') && html.includes('href="b/c/report.html"'));
  assert.ok(html.includes("First &lt;one&gt;") && html.includes("ν̂ = 1.1 &amp; friends"));
  assert.ok(html.includes('href="a/results.json"'));
  assert.ok(html.includes("Old page"));
  assertSelfContained(html);
  const missing = await runScript(repoPath("scripts/reports.ts"), ["--out", `${root}/nope`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such folder/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("reports --check-connected fails on a landscape below the fraction and names it", async () => {
  const root = await Deno.makeTempDir();
  const page = (dir: string, results: unknown) =>
    Deno.mkdir(`${root}/${dir}`, { recursive: true }).then(() =>
      Promise.all([
        Deno.writeTextFile(`${root}/${dir}/report.html`, `<html><title>${dir}</title></html>`),
        Deno.writeTextFile(`${root}/${dir}/results.json`, JSON.stringify(results)),
      ])
    );
  await page("good", {
    connection: { connected_fraction: 1 },
    runs: [{ connected_fraction: 0.96 }],
  });
  await page("none", { optimum: { nu: 1.5 } });
  const ok = await runScript(repoPath("scripts/reports.ts"), [
    "--out",
    root,
    "--check-connected",
    "0.95",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /good \(good\): 2 landscapes, least connected 96\.0%/);
  await page("bad", {
    seeds: [{ connection: { connected_fraction: 1 } }, { connection: { connected_fraction: 0.5 } }],
  });
  const bad = await runScript(repoPath("scripts/reports.ts"), [
    "--out",
    root,
    "--check-connected",
    "0.95",
  ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /bad\/results\.json: seeds\[1\]\.connection 50\.0%/);
  assert.match(bad.stderr, /1 landscapes are less than 95% connected/);
  const range = await runScript(repoPath("scripts/reports.ts"), [
    "--out",
    root,
    "--check-connected",
    "2",
  ]);
  assert.equal(range.code, 1);
  await Deno.remove(root, { recursive: true });
});

Deno.test("compare takes the optimum ν from a sweep-nu report beside it when data and split match", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/sweep-nu`);
  const sweep = {
    data: { source: "builtin:matern(nu=1.2, n=60, d=1, seed=1)", validation: "held-out 25%" },
    optimum: { nu: 1.7 },
    folds: [],
    nu_grid: [0.25, 5],
  };
  await Deno.writeTextFile(`${root}/sweep-nu/results.json`, JSON.stringify(sweep));
  const r = await runScript(script, ["--quick", "--cpu", "--out", `${root}/compare`]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${root}/compare/results.json`));
  assert.equal(res.optimum_nu, 1.7);
  assert.equal(res.landscapes[0].params.nu, 1.7);
  assert.ok(
    res.open_questions.some((q: string) => q.includes("sweep-nu") && q.includes("no fold")),
  );
  // Another data source: not reused.
  sweep.data.source = "builtin:matern(nu=1.2, n=61, d=1, seed=1)";
  await Deno.writeTextFile(`${root}/sweep-nu/results.json`, JSON.stringify(sweep));
  const r2 = await runScript(script, ["--quick", "--cpu", "--out", `${root}/compare`]);
  assert.equal(r2.code, 0, r2.stderr);
  const res2 = JSON.parse(await Deno.readTextFile(`${root}/compare/results.json`));
  assert.notEqual(res2.optimum_nu, 1.7);
  await Deno.remove(root, { recursive: true });
});
