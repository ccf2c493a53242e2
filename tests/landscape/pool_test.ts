/**
 * The float64 worker pool: connection waves give the same database whether the searches run in
 * this thread or on 1 or 2 workers, and a wave of one pair equals the sequential algorithm.
 */
import assert from "node:assert/strict";
import { xor } from "../../lib/data/classification.ts";
import { basinHopping } from "../../lib/landscape/basinhopping.ts";
import { connect } from "../../lib/landscape/connect.ts";
import type { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { LandscapePool } from "../../lib/landscape/pool.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";

const model = new MlpLandscape(xor({ n: 120, irrelevant: 0, seed: 3 }), {
  hidden: 3,
  outputs: 2,
  lambda: 1e-4,
});
const explore = () =>
  basinHopping(model, {
    steps: 15,
    stepSize: 3,
    temperature: 0.2,
    walkers: 4,
    seed: 3,
    minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
  });
const OPTS = {
  strategy: "closest" as const,
  neighbours: 3,
  maxAttempts: 8,
  dneb: { images: 10, iterations: 200 },
  hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 300 },
};
const snapshot = (db: LandscapeDatabase) => ({
  minima: db.minima.map((m) => [m.energy, Array.from(m.x), m.index, m.logProductHessian]),
  ts: db.transitionStates.map((t) => [t.energy, t.minima, t.eigenvalue]),
  failed: db.failedConnections,
});

Deno.test({
  name: "connect: waves on 1 or 2 workers equal the same waves in this thread",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const here = await explore();
  await connect(model, here, { ...OPTS, wave: 4 });
  assert.ok(here.minima.length >= 2, "enough minima to connect");
  for (const workers of [1, 2]) {
    const pool = await LandscapePool.open(model.recipe(), { workers });
    try {
      const db = await explore();
      await connect(model, db, { ...OPTS, wave: 4, pool });
      assert.deepEqual(snapshot(db), snapshot(here), `${workers} worker(s)`);
    } finally {
      pool.close();
    }
  }
});

Deno.test({
  name: "connect: a wave of one pair through the merge path equals the sequential algorithm",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const seq = await explore();
  await connect(model, seq, OPTS);
  const pool = await LandscapePool.open(model.recipe(), { workers: 2 });
  try {
    const db = await explore();
    await connect(model, db, { ...OPTS, wave: 1, pool });
    assert.deepEqual(snapshot(db), snapshot(seq));
    const chars = await pool.characterize(db.minima.slice(0, 2).map((m) => m.x));
    chars.forEach((c, k) => {
      assert.equal(c.index, db.minima[k].index);
      assert.ok(Math.abs(c.logProduct - db.minima[k].logProductHessian) < 1e-9);
    });
  } finally {
    pool.close();
  }
});

Deno.test({
  name: "LandscapePool.open: a recipe that cannot be loaded is one clear error",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  await assert.rejects(
    LandscapePool.open({
      module: new URL("../../lib/util/stats.ts", import.meta.url).href,
      factory: "nope",
      args: null,
    }, { workers: 1 }),
    /exports no function nope/,
  );
});

Deno.test({
  name: "connect grow: single-ended waves on 2 workers equal the same waves in this thread",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const GROW = {
    strategy: "grow" as const,
    maxAttempts: 8,
    wave: 4,
    grow: { seed: 5 },
    hef: { maxStep: 0.1, maxTangentStep: 0.2, maxIterations: 300 },
  };
  const here = await explore();
  const before = here.transitionStates.length;
  await connect(model, here, GROW);
  assert.ok(here.transitionStates.length > before, "the growth found saddles");
  // Each saddle found joins two distinct stored minima.
  for (const t of here.transitionStates) assert.notEqual(t.minima[0], t.minima[1]);
  const pool = await LandscapePool.open(model.recipe(), { workers: 2 });
  try {
    const db = await explore();
    await connect(model, db, { ...GROW, pool });
    assert.deepEqual(snapshot(db), snapshot(here));
  } finally {
    pool.close();
  }
});
