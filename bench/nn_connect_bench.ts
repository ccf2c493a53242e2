/**
 * Connection success on a small network (issue 6): a 2-3-2 tanh/softmax perceptron (the 2-3-1
 * network of topsearch's study, with a two-class softmax output) on XOR data. Basin-hopping collects
 * minima (symmetry-equivalent copies merged), then 32 connection attempts between pairs of distinct
 * minima (closest pairs first); reports how many end in a verified transition state (index 1).
 * topsearch, without symmetry handling, found 2 transition states from 32 attempts.
 * Run: `deno task bench:nn-connect`.
 */
import { basinHopping } from "../lib/landscape/basinhopping.ts";
import { connectPair } from "../lib/landscape/pair_search.ts";
import { xor } from "../lib/data/classification.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { distance } from "../lib/linalg/vector.ts";

for (const seed of [1, 2]) {
  const data = xor({ n: 100, irrelevant: 0, seed });
  const m = new MlpLandscape(data, { hidden: 3, outputs: 2, lambda: 1e-4 });
  const t0 = performance.now();
  const db = await basinHopping(m, {
    steps: 100,
    stepSize: 3,
    temperature: 0.2,
    walkers: 4,
    seed,
    minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
  });
  const pairs: [number, number][] = [];
  for (let i = 0; i < db.minima.length; i++) {
    for (let j = i + 1; j < db.minima.length; j++) pairs.push([i, j]);
  }
  pairs.sort((a, b) =>
    distance(db.minima[a[0]].x, db.minima[a[1]].x) - distance(db.minima[b[0]].x, db.minima[b[1]].x)
  );
  let attempts = 0, success = 0;
  for (const [a, b] of pairs.slice(0, 32)) {
    attempts++;
    const r = await connectPair(m, db, a, b, {
      dneb: { images: 10, iterations: 200 },
      hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 200 },
    });
    // An attempt succeeds when it yields a verified transition state (new, or one already stored).
    if (r.verified > 0) success++;
  }
  console.log(
    `seed ${seed}: ${db.minima.length} minima, ${attempts} attempts, ${success} ended in a verified transition state ` +
      `(${
        (100 * success / Math.max(1, attempts)).toFixed(0)
      }%), ${db.transitionStates.length} distinct transition states, ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s`,
  );
}
