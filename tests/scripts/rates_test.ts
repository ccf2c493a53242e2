import assert from "node:assert/strict";
import { openDatabase } from "../../lib/landscape/database.ts";
import { assertOneLineErrors, assertSelfContained, repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/rates.ts");
const fixture = JSON.parse(await Deno.readTextFile(repoPath("tests/fixtures/kinetics.json")))
  .cases[0] as {
    network: {
      energies: number[];
      logProducts: number[];
      orders: number[];
      transitionStates: { energy: number; logProduct: number; a: number; b: number }[];
    };
    A: number[];
    B: number[];
    "A<-B": Record<string, number>;
    "B<-A": Record<string, number>;
    committors: number[];
  };

async function writePathsample(dir: string): Promise<void> {
  const n = fixture.network;
  await Deno.writeTextFile(
    `${dir}/min.data`,
    n.energies.map((e, i) => `${e} ${n.logProducts[i]} ${n.orders[i]} 1.0 1.0 1.0`).join("\n") +
      "\n",
  );
  await Deno.writeTextFile(
    `${dir}/ts.data`,
    n.transitionStates.map((t) => `${t.energy} ${t.logProduct} 1 ${t.a + 1} ${t.b + 1} 1 1 1`).join(
      "\n",
    ) + "\n",
  );
  // min.A on one line, min.B over several: PATHSAMPLE accepts either.
  await Deno.writeTextFile(
    `${dir}/min.A`,
    `${fixture.A.length} ${fixture.A.map((i) => i + 1).join(" ")}\n`,
  );
  await Deno.writeTextFile(
    `${dir}/min.B`,
    `${fixture.B.length}\n${fixture.B.map((i) => i + 1).join("\n")}\n`,
  );
}

Deno.test("rates on PATHSAMPLE files: results.json equals the mpmath reference", async () => {
  const dir = await Deno.makeTempDir();
  await writePathsample(dir);
  const r = await runScript(script, [
    "--min-data",
    `${dir}/min.data`,
    "--ts-data",
    `${dir}/ts.data`,
    "--min-A",
    `${dir}/min.A`,
    "--min-B",
    `${dir}/min.B`,
    "--temperature",
    "1",
    "--cpu",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  assert.equal(res.temperature, 1);
  for (const d of ["A<-B", "B<-A"] as const) {
    for (const k of ["kNSS", "kSS", "kNGT", "mfpt"]) {
      const rel = Math.abs(res[d][k] - fixture[d][k]) / fixture[d][k];
      assert.ok(rel <= 1e-8, `${d} ${k}: ${res[d][k]} vs ${fixture[d][k]}`);
    }
  }
  res.committors.forEach((c: number, i: number) =>
    assert.ok(Math.abs(c - fixture.committors[i]) <= 1e-8 * Math.max(1e-300, fixture.committors[i]))
  );
  assertSelfContained(await Deno.readTextFile(`${dir}/out/report.html`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("rates on an elml database (--database --A --B)", async () => {
  const dir = await Deno.makeTempDir();
  const db = openDatabase(`${dir}/run.db`, 1);
  [0, -1, 0.5].forEach((e, i) => db.addMinimum(Float64Array.of(i), e, { logProductHessian: 0 }));
  db.addTransitionState({
    energy: 2,
    x: Float64Array.of(0.5),
    minima: [0, 1],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
  db.addTransitionState({
    energy: 3,
    x: Float64Array.of(1.5),
    minima: [1, 2],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
  db.close();
  const r = await runScript(script, [
    "--database",
    `${dir}/run.db`,
    "--A",
    "1",
    "--B",
    "3",
    "--temperature",
    "0.5",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`));
  assert.deepEqual([res.A, res.B, res.committors[0], res.committors[2]], [[1], [3], 1, 0]);
  // Closed form for the chain 1 – 2 – 3: from 2, P(reach 1 first) = k_{1←2}/(k_{1←2} + k_{3←2}).
  const k21 = Math.exp(-(2 + 1) / 0.5), k23 = Math.exp(-(3 + 1) / 0.5);
  assert.ok(Math.abs(res.committors[1] - k21 / (k21 + k23)) < 1e-14);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("rates: bad input gives one line and exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await writePathsample(dir);
  await Deno.writeTextFile(`${dir}/bad.ts`, "5 0 1 1 40 1 1 1\n");
  await Deno.writeTextFile(`${dir}/overlap.B`, "1\n1\n");
  await Deno.writeTextFile(`${dir}/empty.B`, "0\n");
  const ps = (ts = `${dir}/ts.data`, B = `${dir}/min.B`) => [
    "--min-data",
    `${dir}/min.data`,
    "--ts-data",
    ts,
    "--min-A",
    `${dir}/min.A`,
    "--min-B",
    B,
  ];
  await assertOneLineErrors(script, [
    [ps(`${dir}/bad.ts`), /bad\.ts line 1: minimum 40 does not exist/],
    [ps(undefined, `${dir}/overlap.B`), /minimum 1 is in both A and B/],
    [ps(undefined, `${dir}/empty.B`), /empty\.B: must start with the number of minima/],
    [[...ps(), "--temperature", "0"], /--temperature must be > 0/],
    [ps(`${dir}/none.ts`), /none\.ts: no such file/],
    [["--min-data", `${dir}/min.data`], /give --min-data and --ts-data with --min-A/],
    [[...ps(), "--A", "1"], /give --A or --min-A, not both/],
    [[...ps(), "--regroup-free=-1"], /--regroup-free must be ≥ 0/],
    [[...ps(), "--format", "topsearch"], /min\.data line 1: expected "index energy"/],
    [["--database", `${dir}/nope.db`, "--A", "1", "--B", "2"], /nope\.db: no such file/],
  ], dir);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("rates --regroup-free: groups and free energies equal the mpmath reference", async () => {
  const dir = await Deno.makeTempDir();
  await writePathsample(dir);
  const ref = JSON.parse(await Deno.readTextFile(repoPath("tests/fixtures/kinetics.json")))
    .regroup.find((c: { network: string; temperature: number; threshold: number }) =>
      c.network === "random" && c.temperature === 1 && c.threshold === 3
    );
  const r = await runScript(script, [
    "--min-data",
    `${dir}/min.data`,
    "--ts-data",
    `${dir}/ts.data`,
    "--A",
    fixture.A.map((i) => i + 1).join(","),
    "--B",
    fixture.B.map((i) => i + 1).join(","),
    "--regroup-free",
    "3",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const fe = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`)).free_energy;
  assert.deepEqual(
    fe.groups.map((g: { members: number[] }) => g.members),
    ref.groups.map((g: number[]) => g.map((i) => i + 1)),
  );
  fe.groups.forEach((g: { free_energy: number }, k: number) =>
    assert.ok(Math.abs(g.free_energy - ref.free_energies[k]) < 1e-9)
  );
  const html = await Deno.readTextFile(`${dir}/out/report.html`);
  assert.ok(html.includes("Free-energy disconnectivity graph of the 7 groups"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("rates on topsearch files equals the same network as PATHSAMPLE files", async () => {
  // topsearch stores no Hessian data: the same network written for PATHSAMPLE with F = 0 and
  // order 1 must give identical numbers.
  const dir = await Deno.makeTempDir();
  const n = fixture.network;
  await Deno.writeTextFile(
    `${dir}/min.data`,
    n.energies.map((e, i) => `${i} ${e}`).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/ts.data`,
    n.transitionStates.map((t) => `${t.a} ${t.b} ${t.energy}`).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/ps.min`,
    n.energies.map((e) => `${e} 0 1 1 1 1`).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/ps.ts`,
    n.transitionStates.map((t) => `${t.energy} 0 1 ${t.a + 1} ${t.b + 1} 1 1 1`).join("\n") + "\n",
  );
  const sets = ["--A", "1,6", "--B", "12,8", "--temperature", "0.8"];
  const a = await runScript(script, [
    "--min-data",
    `${dir}/min.data`,
    "--ts-data",
    `${dir}/ts.data`,
    ...sets,
    "--out",
    `${dir}/ts`,
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /topsearch files hold no Hessian data/);
  const b = await runScript(script, [
    "--min-data",
    `${dir}/ps.min`,
    "--ts-data",
    `${dir}/ps.ts`,
    ...sets,
    "--out",
    `${dir}/ps`,
  ]);
  assert.equal(b.code, 0, b.stderr);
  const ra = JSON.parse(await Deno.readTextFile(`${dir}/ts/results.json`));
  const rb = JSON.parse(await Deno.readTextFile(`${dir}/ps/results.json`));
  assert.equal(ra.format, "topsearch");
  assert.equal(rb.format, "pathsample");
  for (const k of ["A<-B", "B<-A", "committors", "occupation"]) assert.deepEqual(ra[k], rb[k]);
  await Deno.writeTextFile(`${dir}/bad.data`, "0 1.5\n2 3.0\n");
  await assertOneLineErrors(script, [
    [
      ["--min-data", `${dir}/bad.data`, "--ts-data", `${dir}/ts.data`, ...sets],
      /bad\.data line 2: minimum index 2, expected 1/,
    ],
  ], dir);
  await Deno.remove(dir, { recursive: true });
});
