/**
 * deno task explore and deno task merge from the command line: a user module, bad modules, shards
 * merged, a database reported with --steps 0, connection waves.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../../lib/landscape/database.ts";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const explore = repoPath("scripts/explore.ts"), merge = repoPath("scripts/merge.ts");
const bowl = repoPath("examples/wavy_bowl.ts");

Deno.test("explore: a user module gives a report, results.json and a database", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runScript(explore, [
    "--landscape",
    bowl,
    "--steps",
    "20",
    "--database",
    `${dir}/run.db`,
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  assert.equal(res.landscape.dim, 3);
  assert.ok(res.minima.length >= 3);
  assert.ok(res.transition_states.length >= 1);
  for (const m of res.minima) assert.equal(m.index, 0);
  for (const t of res.transition_states) assert.equal(t.index, 1);
  assertSelfContained(await Deno.readTextFile(`${dir}/out/report.html`));
  // --steps 0 on the database reports what it holds, adding no search.
  const again = await runScript(explore, [
    "--landscape",
    bowl,
    "--steps",
    "0",
    "--connect",
    "0",
    "--database",
    `${dir}/run.db`,
    "--cpu",
    "--out",
    `${dir}/out2`,
  ]);
  assert.equal(again.code, 0, again.stderr);
  const res2 = JSON.parse(await Deno.readTextFile(`${dir}/out2/results.json`));
  assert.deepEqual(res2.minima, res.minima);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("explore: bad modules and flags give one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  const w = (name: string, text: string) => Deno.writeTextFile(`${dir}/${name}`, text);
  await w("nodefault.ts", "export const x = 1;\n");
  await w("nodim.ts", "export default { energy: () => 0 };\n");
  await w("noenergy.ts", "export default { dim: 2, energy: 3 };\n");
  await w("nan.ts", "export default { dim: 2, energy: () => NaN };\n");
  await w("factory.ts", "export default async () => { throw new Error('no weights file'); };\n");
  await w("syntax.ts", "export default {{;\n");
  await assertOneLineErrors(explore, [
    [["--landscape", `${dir}/nodefault.ts`], /has no default export/],
    [["--landscape", `${dir}/nodim.ts`], /dim must be a whole number ≥ 1, got undefined/],
    [["--landscape", `${dir}/noenergy.ts`], /energy is not a function/],
    [["--landscape", `${dir}/nan.ts`], /not finite at the start point \[0, 0\]/],
    [["--landscape", `${dir}/factory.ts`], /the default export threw: no weights file/],
    [["--landscape", `${dir}/syntax.ts`], /cannot load the module/],
    [["--landscape", `${dir}/missing.ts`], /cannot load the module/],
    [[], /give --landscape FILE\.ts/],
    [["--landscape", bowl, "--shard", "3/2"], /--shard must be i\/N with 1 ≤ i ≤ N, got "3\/2"/],
    [["--landscape", bowl, "--pairs", "p.json"], /need --database/],
  ], dir);
  for (
    const [args, re] of [
      [["--out", `${dir}/m.db`], /give the databases to merge/],
      [["--out", `${dir}/m.db`, `${dir}/none.db`], /none\.db: no such file/],
      [["--out", `${dir}/nan.ts`, `${dir}/nan.ts`], /exists: merge writes a new database/],
      [["--out", `${dir}/m.db`, `${dir}/nan.ts`], /cannot open as SQLite|not an elml database/],
    ] as [string[], RegExp][]
  ) {
    const r = await runScript(merge, args);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split("\n").filter((l) => !/Download/.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], re);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("explore shards → merge → connection waves → merge: every shard's minima and every wave's saddles", async () => {
  const dir = await Deno.makeTempDir();
  const common = ["--landscape", bowl, "--cpu", "--seed", "4"];
  const shardDbs: string[] = [];
  for (const i of [1, 2]) {
    const db = `${dir}/shard-${i}.db`;
    const r = await runScript(explore, [
      ...common,
      "--steps",
      "12",
      "--connect",
      "0",
      "--shard",
      `${i}/2`,
      "--database",
      db,
      "--out",
      `${dir}/o${i}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    shardDbs.push(db);
  }
  const m = await runScript(merge, ["--out", `${dir}/merged.db`, ...shardDbs]);
  assert.equal(m.code, 0, m.stderr);
  const energies = (f: string) => {
    const db = openDatabase(f, 3);
    const e = db.minima.map((x) => x.energy);
    db.close();
    return e;
  };
  const merged = energies(`${dir}/merged.db`);
  for (const f of shardDbs) {
    for (const e of energies(f)) {
      assert.ok(merged.some((v) => Math.abs(v - e) <= 1e-6 * Math.max(1, Math.abs(e))));
    }
  }
  // Coordinator: the pairs; two waves on their slices; merge again.
  const w = await runScript(explore, [
    ...common,
    "--steps",
    "0",
    "--connect",
    "6",
    "--database",
    `${dir}/merged.db`,
    "--write-pairs",
    `${dir}/pairs.json`,
    "--out",
    `${dir}/ow`,
  ]);
  assert.equal(w.code, 0, w.stderr);
  const pairs = JSON.parse(await Deno.readTextFile(`${dir}/pairs.json`)).pairs;
  assert.ok(pairs.length >= 1);
  const waves: string[] = [];
  for (const i of [1, 2]) {
    const wave = `${dir}/wave-${i}.db`;
    await Deno.copyFile(`${dir}/merged.db`, wave);
    const r = await runScript(explore, [
      ...common,
      "--steps",
      "0",
      "--database",
      wave,
      "--pairs",
      `${dir}/pairs.json`,
      "--pairs-shard",
      `${i}/2`,
      "--out",
      `${dir}/w${i}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    waves.push(wave);
  }
  const f = await runScript(merge, ["--out", `${dir}/final.db`, `${dir}/merged.db`, ...waves]);
  assert.equal(f.code, 0, f.stderr);
  const fin = openDatabase(`${dir}/final.db`, 3);
  for (const wave of waves) {
    const db = openDatabase(wave, 3);
    for (const t of db.transitionStates) {
      const e = t.minima.map((k) => db.minima[k].energy.toFixed(9)).sort();
      assert.ok(
        fin.transitionStates.some((u) =>
          Math.abs(u.energy - t.energy) < 1e-9 &&
          JSON.stringify(u.minima.map((k) => fin.minima[k].energy.toFixed(9)).sort()) ===
            JSON.stringify(e)
        ),
        "every wave's saddle, with the same endpoints",
      );
    }
    db.close();
  }
  // Hits: the shards' searches counted once even though each wave copied the merged database.
  const m0 = openDatabase(`${dir}/merged.db`, 3);
  const hits = (db: typeof m0) => db.minima.slice(0, m0.minima.length).map((x) => x.hits);
  assert.deepEqual(hits(fin), hits(m0));
  m0.close();
  fin.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("explore: the landscape module may be a URL", async () => {
  const dir = await Deno.makeTempDir();
  const url = new URL("../../examples/wavy_bowl.ts", import.meta.url).href; // file://…
  const r = await runScript(explore, [
    "--landscape",
    url,
    "--steps",
    "3",
    "--connect",
    "0",
    "--cpu",
    "--out",
    `${dir}/o`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/o/results.json`));
  assert.equal(res.landscape.module, url);
  assert.ok(res.minima.length >= 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("explore --connection grow: from one basin-hopping step, saddles joined to the global minimum", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runScript(explore, [
    "--landscape",
    bowl,
    "--steps",
    "1",
    "--walkers",
    "1",
    "--connect",
    "12",
    "--connection",
    "grow",
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  assert.ok(res.transition_states.length >= 2, `${res.transition_states.length} saddles`);
  for (const t of res.transition_states) assert.equal(t.index, 1);
  // The growth starts from the joined minima: the global minimum's component holds more minima
  // than the basin-hopping step found (at most 2).
  assert.ok(res.connection.connected_minima >= 3, JSON.stringify(res.connection));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("explore --steps 0 --connect: repairs join a minimum that band searches do not (a user's appAUC network)", async () => {
  // The module: auc-vs-ce's seed-5 appAUC network (circles, 2-2-2, β = 100), as a user would
  // write it with the public pieces. The database: its global minimum and a minimum whose saddle
  // lies right beside it (tests/landscape/grow_test.ts), which pair searches do not find.
  const dir = await Deno.makeTempDir();
  const lib = (p: string) => JSON.stringify(repoPath(p));
  const module = `${dir}/auc.ts`;
  await Deno.writeTextFile(
    module,
    `import { loadClassificationData } from ${lib("lib/studies/nn_explore.ts")};
import { splitKeepingDuplicates } from ${lib("lib/data/transform.ts")};
import { selectClassRows } from ${lib("lib/data/classification.ts")};
import { MlpLandscape } from ${lib("lib/models/mlp.ts")};
export default async () => {
  const data = await loadClassificationData(undefined, undefined, "circles", 5, 300);
  const split = splitKeepingDuplicates(data.X, data.n, data.d, { testFraction: 0.3, seed: 3005 });
  return new MlpLandscape(selectClassRows(data, split.train), {
    hidden: 2, outputs: 2, lambda: 1e-4, loss: "auc", beta: 100,
  });
};
`,
  );
  const model = await (await import(module)).default();
  const { identityOptions } = await import("../../lib/landscape/database.ts");
  const { addCaseMinima, APPAUC_CIRCLES_5 } = await import("../landscape/mlp_cases.ts");
  addCaseMinima(
    model,
    APPAUC_CIRCLES_5,
    openDatabase(`${dir}/run.db`, model.dim, identityOptions(model)),
  ).close();
  const r = await runScript(explore, [
    "--landscape",
    module,
    "--database",
    `${dir}/run.db`,
    "--steps",
    "0",
    "--connect",
    "12",
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  assert.equal(res.connection.connected_fraction, 1, JSON.stringify(res.connection));
  assert.ok(res.transition_states.length >= 1);
  for (const t of res.transition_states) assert.equal(t.index, 1);
  await Deno.remove(dir, { recursive: true });
});
