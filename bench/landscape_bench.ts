/**
 * The 2-D Schwefel function on [−500, 500]² as in topsearch's example: 1000 basin-hopping steps,
 * then connection. Reports counts of verified minima and transition states and the wall time.
 * Peer figure (measured by the project on our 2-core machines, ../shared/data/topsearch-gp/README
 * conventions; topsearch cannot be installed here, no PyPI): 49 minima and 82–84 transition states
 * in 38.6 s end to end. Run: `deno task bench:landscape`.
 */
import { basinHopping } from "../lib/landscape/basinhopping.ts";
import { connect } from "../lib/landscape/connect.ts";
import { schwefel } from "../lib/landscape/surfaces.ts";
import { hessianIndex } from "../lib/landscape/transition_state.ts";

const sw = schwefel(2);
const rows = [];
for (const seed of [1, 2, 3]) {
  const t0 = performance.now();
  const db = await basinHopping(sw, {
    steps: 1000,
    stepSize: 250,
    temperature: 300,
    seed,
    lower: sw.lower,
    upper: sw.upper,
  });
  const tBh = performance.now() - t0;
  await connect(sw, db, {
    strategy: "closest",
    neighbours: 6,
    maxAttempts: 5000,
    lower: sw.lower,
    upper: sw.upper,
    hef: { maxStep: 5, maxTangentStep: 5 },
    minimize: { maxStep: 20 },
  });
  const total = (performance.now() - t0) / 1000;
  // Verification outside the timed region: every stored point re-checked.
  const interior = db.minima.filter((m) => !m.onBound);
  const badMin = interior.filter((m) => hessianIndex(sw, m.x).index !== 0).length;
  const badTs = db.transitionStates.filter((t) => hessianIndex(sw, t.x).index !== 1).length;
  rows.push({
    seed,
    minima: db.minima.length,
    interior: interior.length,
    onBound: db.minima.length - interior.length,
    ts: db.transitionStates.length,
    badMin,
    badTs,
    bhSeconds: tBh / 1000,
    totalSeconds: total,
  });
}
console.log(
  "| seed | minima (interior + on box) | transition states | bad index | basin-hopping s | total s | vs topsearch 38.6 s |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.seed} | ${r.minima} (${r.interior} + ${r.onBound}) | ${r.ts} | ${r.badMin + r.badTs} | ${
      r.bhSeconds.toFixed(2)
    } | ${r.totalSeconds.toFixed(2)} | ${(38.6 / r.totalSeconds).toFixed(1)}× faster |`,
  );
}
