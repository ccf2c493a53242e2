import assert from "node:assert/strict";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import {
  comparisonSummary,
  normalisedGraph,
  spearman,
} from "../../lib/studies/comparison_summary.ts";
import { rankingAuroc } from "../../lib/studies/msb_relevance.ts";

const ref = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/stats.json", import.meta.url)),
);

Deno.test("spearman matches scipy.stats.spearmanr, ties included (tests/fixtures/gen_stats.py)", () => {
  for (const c of ref.spearman) {
    assert.ok(Math.abs(spearman(c.a, c.b) - c.rho) < 1e-12, `${spearman(c.a, c.b)} vs ${c.rho}`);
  }
  assert.ok(Number.isNaN(spearman([1, 2], [2, 1])));
});

Deno.test("rankingAuroc matches sklearn.metrics.roc_auc_score, ties included", () => {
  for (const c of ref.auroc) {
    assert.ok(Math.abs(rankingAuroc(c.scores, c.truth) - c.auc) < 1e-12);
  }
});

/** Three minima in one funnel: 0 (E 0), 1 (E 1), 2 (E 2), chain 2–1–0. */
function chainDb(): LandscapeDatabase {
  const db = new LandscapeDatabase(1);
  [0, 1, 2].forEach((e, i) =>
    db.addMinimum(Float64Array.of(10 * i), e, {
      logProductHessian: [3, 1, 2][i],
      modes: 1,
      index: 0,
    })
  );
  for (const [a, b, e] of [[0, 1, 3], [1, 2, 4]]) {
    db.addTransitionState({
      energy: e,
      x: Float64Array.of(5),
      minima: [a, b],
      eigenvalue: -1,
      logProductHessian: 0,
      index: 1,
      provenance: "test",
    });
  }
  return db;
}

Deno.test("comparisonSummary: rates per effort, barriers, funnels, and correlations oriented so + means better", () => {
  const db = chainDb();
  // Accuracy falls with energy: deeper is better (ρ = +1). Flatness = −mean ln λ = −[3, 1, 2]:
  // order (flattest first) 1, 2, 0 → accuracies 0.8, 0.7, 0.9 → ρ = −0.5.
  const acc = [0.9, 0.8, 0.7];
  const s = comparisonSummary(
    db,
    { basinHoppingSteps: 50, connectionAttempts: 4 },
    (id) => acc[id],
    true,
  );
  assert.equal(s.minima, 3);
  assert.equal(s.minima_per_100_steps, 6);
  assert.equal(s.transition_states_per_attempt, 0.5);
  assert.equal(s.energy_spread, 2);
  assert.equal(s.barriers.min, 2); // 4 − 2
  assert.equal(s.barriers.max, 3); // 3 − 0
  assert.equal(s.funnels.basins, 1);
  assert.equal(s.depth_correlation, 1);
  assert.ok(Math.abs(s.flatness_correlation - -0.5) < 1e-12);
  // An error metric (lower is better) flips the orientation.
  const e = comparisonSummary(
    db,
    { basinHoppingSteps: 50, connectionAttempts: 4 },
    (id) => acc[id],
    false,
  );
  assert.equal(e.depth_correlation, -1);
});

Deno.test("normalisedGraph: global minimum at 0, top of the graph at 1", () => {
  const g = normalisedGraph(chainDb(), 8);
  const ys = [...g.segments.flatMap((s) => [s.y1, s.y2]), ...g.leaves.map((l) => l.energy)];
  assert.equal(Math.min(...ys), 0);
  assert.equal(Math.max(...ys), 1);
  assert.equal(g.energyMin, 0);
  assert.equal(g.leaves.length, 3);
});
