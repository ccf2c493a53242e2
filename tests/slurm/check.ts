/**
 * Checks a finished tools/slurm/pipeline.sh run (tests/slurm/run.sh): the merge of the 4 shard
 * databases equals one process running the same 4 seed streams (same minima within tolerance, same
 * hits); the final database holds every wave's transition states with the same endpoints; the
 * report describes the final database. Usage: deno run -A tests/slurm/check.ts WORK_DIR
 */
import assert from "node:assert/strict";
import { basinHopping } from "../../lib/landscape/basinhopping.ts";
import {
  LandscapeDatabase,
  lineScanSameBasin,
  openDatabase,
} from "../../lib/landscape/database.ts";
import { shardSeed } from "../../lib/studies/explore.ts";
import bowl from "../../examples/wavy_bowl.ts";

const work = Deno.args[0];
const sameE = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const near = (a: Float64Array, b: Float64Array) => Math.hypot(...a.map((v, k) => v - b[k])) <= 1e-3;

const merged = openDatabase(`${work}/merged.db`, 3);
const single = new LandscapeDatabase(3, { sameBasin: lineScanSameBasin((x) => bowl.energy(x)) });
for (const i of [1, 2, 3, 4]) {
  await basinHopping(bowl, {
    steps: 15,
    walkers: 2,
    seed: shardSeed(3, i),
    lower: bowl.lower,
    upper: bowl.upper,
    database: single,
  });
}
assert.equal(merged.minima.length, single.minima.length, "the same number of minima");
for (const m of single.minima) {
  const twin = merged.minima.find((u) => sameE(u.energy, m.energy) && near(u.x, m.x));
  assert.ok(twin, `minimum at E = ${m.energy} is in the merge`);
  assert.equal(twin.hits, m.hits, `hits of the minimum at E = ${m.energy}`);
}
const fin = openDatabase(`${work}/final.db`, 3);
for (const w of [1, 2]) {
  const db = openDatabase(`${work}/wave-${w}.db`, 3);
  for (const t of db.transitionStates) {
    const ends = t.minima.map((k) => db.minima[k]);
    assert.ok(
      fin.transitionStates.some((u) =>
        sameE(u.energy, t.energy) && near(u.x, t.x) &&
        ends.every((e) => u.minima.some((k) => sameE(fin.minima[k].energy, e.energy)))
      ),
      `wave ${w}'s transition state at E = ${t.energy}`,
    );
  }
  db.close();
}
const report = JSON.parse(await Deno.readTextFile(`${work}/report/results.json`));
assert.equal(report.minima.length, fin.minima.length);
assert.equal(report.transition_states.length, fin.transitionStates.length);
console.log(
  `check: merge of 4 shards = one process (${merged.minima.length} minima, equal hits); final: ${fin.minima.length} minima, ${fin.transitionStates.length} transition states`,
);
merged.close();
fin.close();
