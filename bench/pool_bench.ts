/**
 * The float64 worker pool on a connection-heavy run: a 2-4-2 perceptron on XOR (n = 200), 40
 * basin-hopping steps × 4 walkers, then 24 connection attempts (closest pairs, waves of 4) —
 * in this thread, and on 1 and 2 workers. The databases must be identical; the table gives the
 * wall-clock time of the connection phase and the speed-up over the in-thread run.
 * Run: `deno task bench:pool`.
 */
import { basinHopping } from "../lib/landscape/basinhopping.ts";
import { connect } from "../lib/landscape/connect.ts";
import type { LandscapeDatabase } from "../lib/landscape/database.ts";
import { LandscapePool } from "../lib/landscape/pool.ts";
import { xor } from "../lib/data/classification.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";

const model = new MlpLandscape(xor({ n: 200, irrelevant: 0, seed: 1 }), {
  hidden: 4,
  outputs: 2,
  lambda: 1e-4,
});
const explore = () =>
  basinHopping(model, {
    steps: 40,
    stepSize: 3,
    temperature: 0.2,
    walkers: 4,
    seed: 1,
    minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
  });
const options = {
  strategy: "closest" as const,
  neighbours: 3,
  maxAttempts: 24,
  wave: 4,
  dneb: { images: 10, iterations: 200 },
  hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 300 },
};
const digest = (db: LandscapeDatabase) =>
  JSON.stringify([db.minima.map((m) => m.energy), db.transitionStates.map((t) => t.minima)]);

const rows: { run: string; seconds: number; ts: number; same: boolean }[] = [];
const base = await explore();
let t = performance.now();
await connect(model, base, options);
const seq = (performance.now() - t) / 1000;
rows.push({ run: "in this thread", seconds: seq, ts: base.transitionStates.length, same: true });
for (const workers of [1, 2]) {
  const pool = await LandscapePool.open(model.recipe(), { workers });
  const db = await explore();
  t = performance.now();
  await connect(model, db, { ...options, pool });
  rows.push({
    run: `${workers} worker(s)`,
    seconds: (performance.now() - t) / 1000,
    ts: db.transitionStates.length,
    same: digest(db) === digest(base),
  });
  pool.close();
}
console.log(`| run | connection phase (s) | speed-up | transition states | identical |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const r of rows) {
  console.log(
    `| ${r.run} | ${r.seconds.toFixed(2)} | ${(seq / r.seconds).toFixed(2)}× | ${r.ts} | ${
      r.same ? "yes" : "NO"
    } |`,
  );
}
