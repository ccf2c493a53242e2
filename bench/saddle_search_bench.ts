/**
 * Which saddle search from a band maximum (docs/landscape.md, "Which saddle search"): full-Hessian
 * eigenvector-following against hybrid eigenvector-following on the band maxima of an appAUC
 * landscape (auc-vs-ce's default data and network: circles, 2-2-2, λ = 1e-4, β = 100; 12 weights)
 * and of a cross-entropy one on the same data. Basin-hopping (30 steps × 4 walkers) collects minima;
 * DNEB bands (10 images, 200 iterations) join each minimum to its three nearest; every band maximum
 * is refined by both searches from the same start. Prints verified counts, time per search, and
 * whether both found the same saddle where both converged. Run: `deno task bench:saddle-search`.
 */
import { basinHopping } from "../lib/landscape/basinhopping.ts";
import { doublyNudgedElasticBand } from "../lib/landscape/neb.ts";
import {
  eigenvectorFollowing,
  hybridEigenvectorFollowing,
} from "../lib/landscape/transition_state.ts";
import { loadClassificationData } from "../lib/studies/nn_explore.ts";
import { splitKeepingDuplicates } from "../lib/data/transform.ts";
import { selectClassRows } from "../lib/data/classification.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { distance } from "../lib/linalg/vector.ts";

const seed = 1;
const data = await loadClassificationData(undefined, undefined, "circles", seed, 300);
const split = splitKeepingDuplicates(data.X, data.n, data.d, {
  testFraction: 0.3,
  seed: 3000 + seed,
});
const train = selectClassRows(data, split.train);
const rows: string[] = [];
for (const loss of ["auc", "ce"] as const) {
  const m = new MlpLandscape(train, { hidden: 2, outputs: 2, lambda: 1e-4, loss, beta: 100 });
  const db = await basinHopping(m, {
    steps: 30,
    stepSize: 3,
    temperature: loss === "auc" ? 0.05 : 0.2,
    walkers: 4,
    seed,
    minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
  });
  const seen = new Set<string>();
  const stats = { ef: 0, hef: 0, both: 0, same: 0, maxima: 0, efMs: 0, hefMs: 0 };
  for (const a of db.minima) {
    const near = db.minima.filter((b) => b.id !== a.id).sort((p, q) =>
      distance(p.x, a.x) - distance(q.x, a.x)
    ).slice(0, 3);
    for (const b of near) {
      const key = a.id < b.id ? `${a.id},${b.id}` : `${b.id},${a.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const xb = m.align(b.x, a.x);
      const band = await doublyNudgedElasticBand(m, a.x, xb, { images: 10, iterations: 200 });
      for (const i of band.maxima.slice(0, 3)) {
        stats.maxima++;
        let t = performance.now();
        const ef = eigenvectorFollowing(m, band.path[i], { guess: band.tangents[i] });
        stats.efMs += performance.now() - t;
        t = performance.now();
        const hef = hybridEigenvectorFollowing(m, band.path[i], {
          guess: band.tangents[i],
          maxStep: 0.1,
          maxTangentStep: 0.2,
          maxIterations: 200,
        });
        stats.hefMs += performance.now() - t;
        if (ef.verified) stats.ef++;
        if (hef.verified) stats.hef++;
        if (ef.verified && hef.verified) {
          stats.both++;
          if (Math.abs(ef.energy - hef.energy) <= 1e-6 * Math.max(1, Math.abs(ef.energy))) {
            stats.same++;
          }
        }
      }
    }
  }
  rows.push(
    `| ${
      loss === "auc" ? "appAUC" : "cross-entropy"
    } | ${db.minima.length} | ${stats.maxima} | ${stats.ef} | ${stats.hef} | ${
      (stats.efMs / stats.maxima).toFixed(0)
    } | ${(stats.hefMs / stats.maxima).toFixed(0)} | ${stats.same} of ${stats.both} |`,
  );
}
console.log(
  "| loss | minima | band maxima | EF verified | HEF verified | EF ms/search | HEF ms/search | same saddle |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
