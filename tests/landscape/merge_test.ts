/**
 * Merging databases: de-duplication as one run, every distinct transition state kept with its
 * endpoints remapped, hits summed over origins, failed attempts unioned; associative and
 * idempotent; shards merged equal one process running the same seed streams.
 */
import assert from "node:assert/strict";
import { basinHopping } from "../../lib/landscape/basinhopping.ts";
import { LandscapeDatabase, openDatabase } from "../../lib/landscape/database.ts";
import { mergeDatabases } from "../../lib/landscape/merge.ts";
import { shardSeed } from "../../lib/studies/explore.ts";
import bowl from "../../examples/wavy_bowl.ts";

function ts(db: LandscapeDatabase, e: number, x: number, a: number, b: number) {
  db.addTransitionState({
    energy: e,
    x: Float64Array.of(x),
    minima: [a, b],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
}

/** A canonical, id-free view: minima (energy, x, hits) and transition states by their minima's energies. */
function view(db: LandscapeDatabase) {
  const key = (id: number) => db.minima[id].energy.toFixed(9);
  return {
    minima: db.minima.map((m) =>
      `${m.energy.toFixed(9)}@${Array.from(m.x, (v) => v.toFixed(4))}#${m.hits}`
    )
      .sort(),
    ts: db.transitionStates.map((t) =>
      `${t.energy.toFixed(9)}:${[key(t.minima[0]), key(t.minima[1])].sort()}@${t.x[0].toFixed(4)}`
    ).sort(),
    failed: db.failedConnections.map((f) =>
      `${[key(f.minima[0]), key(f.minima[1])].sort()}:${f.reason}`
    )
      .sort(),
  };
}

function sample(): LandscapeDatabase[] {
  const a = new LandscapeDatabase(1), b = new LandscapeDatabase(1), c = new LandscapeDatabase(1);
  a.addMinimum(Float64Array.of(0), -2);
  a.addMinimum(Float64Array.of(1), -1);
  a.addMinimum(Float64Array.of(0), -2); // 2 hits
  ts(a, 0.5, 0.5, 0, 1);
  b.addMinimum(Float64Array.of(1), -1); // a's minimum 1 as b's 0
  b.addMinimum(Float64Array.of(3), -1.5);
  ts(b, 0.2, 2, 0, 1);
  b.addFailedConnection(0, 1, "dneb");
  c.addMinimum(Float64Array.of(0), -2);
  c.addMinimum(Float64Array.of(1), -1);
  ts(c, 0.7, 0.45, 0, 1); // a second, distinct saddle between the same pair as a's
  return [a, b, c];
}

Deno.test("mergeDatabases: dedupe, every distinct saddle kept, endpoints remapped, hits summed", () => {
  const [a, b, c] = sample();
  const m = new LandscapeDatabase(1);
  const r = mergeDatabases(m, [{ db: a, label: "a" }, { db: b, label: "b" }, {
    db: c,
    label: "c",
  }]);
  assert.equal(r.minima, 3);
  assert.equal(r.transitionStates, 3);
  const byE = (e: number) => m.minima.find((x) => x.energy === e)!;
  assert.equal(byE(-2).hits, 3); // 2 in a + 1 in c
  assert.equal(byE(-1).hits, 3);
  const between = m.transitionStates.filter((t) =>
    [byE(-2).id, byE(-1).id].every((id) => t.minima.includes(id))
  );
  assert.equal(between.length, 2, "two saddles between the same pair are both kept");
  const bts = m.transitionStates.find((t) => t.energy === 0.2)!;
  assert.deepEqual([...bts.minima].sort(), [byE(-1).id, byE(-1.5).id].sort());
  assert.equal(m.failedConnections.length, 1);
});

Deno.test("mergeDatabases is idempotent and associative", () => {
  const [a, b, c] = sample();
  const one = (dbs: LandscapeDatabase[], labels: string[]) => {
    const m = new LandscapeDatabase(1);
    mergeDatabases(m, dbs.map((db, k) => ({ db, label: labels[k] })));
    return m;
  };
  const abc = one([a, b, c], ["a", "b", "c"]);
  const again = one([abc, a, abc, c], ["abc", "a", "abc", "c"]);
  assert.deepEqual(view(again), view(abc));
  const left = one([one([a, b], ["a", "b"]), c], ["ab", "c"]);
  const right = one([a, one([b, c], ["b", "c"])], ["a", "bc"]);
  assert.deepEqual(view(left), view(abc));
  assert.deepEqual(view(right), view(abc));
  assert.deepEqual(view(one([a], ["a"])), view(a));
});

Deno.test("shards in SQLite files, merged, equal one process running the same seed streams", async () => {
  const dir = await Deno.makeTempDir();
  const opts = { steps: 15, walkers: 2, lower: bowl.lower, upper: bowl.upper };
  const files: string[] = [];
  for (const i of [1, 2, 3]) {
    const f = `${dir}/s${i}.db`;
    const db = openDatabase(f, 3);
    await basinHopping(bowl, { ...opts, seed: shardSeed(5, i), database: db });
    db.close();
    files.push(f);
  }
  const merged = openDatabase(`${dir}/m.db`, 3);
  const inputs = files.map((f) => ({ db: openDatabase(f, 3), label: f }));
  mergeDatabases(merged, inputs);
  inputs.forEach((i) => i.db.close());
  merged.close();
  const single = new LandscapeDatabase(3);
  for (const i of [1, 2, 3]) {
    await basinHopping(bowl, { ...opts, seed: shardSeed(5, i), database: single });
  }
  const reread = openDatabase(`${dir}/m.db`, 3);
  assert.ok(reread.minima.length > 5);
  assert.deepEqual(view(reread), view(single));
  reread.close();
  await Deno.remove(dir, { recursive: true });
});
