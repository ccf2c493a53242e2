import assert from "node:assert/strict";
import { basinHopping } from "../../lib/landscape/basinhopping.ts";
import { connect } from "../../lib/landscape/connect.ts";
import { LandscapeDatabase, openDatabase } from "../../lib/landscape/database.ts";
import { EnergyError } from "../../lib/landscape/minimize.ts";
import { mullerBrown, schwefel } from "../../lib/landscape/surfaces.ts";
import { hessianIndex } from "../../lib/landscape/transition_state.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { assertClose } from "../helpers.ts";

const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/muller_brown.json", import.meta.url)),
);

Deno.test("Müller–Brown end to end: 3 minima and 2 transition states found, connected, within 1e-6 of SciPy", async () => {
  const db = await basinHopping(mullerBrown, { steps: 60, stepSize: 1, temperature: 30, seed: 3 });
  const r = await connect(mullerBrown, db, {
    dneb: { images: 12 },
    hef: { maxStep: 0.05, maxTangentStep: 0.05, rmsGradient: 1e-8 },
  });
  assert.ok(r.connected);
  assert.equal(db.minima.length, 3);
  assert.equal(db.transitionStates.length, 2);
  for (const p of fx.points) {
    const pool = p.index === 0 ? db.minima : db.transitionStates;
    const hit = pool.find((q) => Math.hypot(q.x[0] - p.x[0], q.x[1] - p.x[1]) < 1e-6);
    assert.ok(hit, `no stored point within 1e-6 of ${p.x} (index ${p.index})`);
    assertClose(hit!.energy, p.energy, { abs: 1e-6 });
  }
});

Deno.test("every stored minimum has index 0 and every transition state index 1 (Schwefel, with a box)", async () => {
  const sw = schwefel(2);
  const db = await basinHopping(sw, {
    steps: 150,
    stepSize: 250,
    temperature: 300,
    seed: 2,
    lower: sw.lower,
    upper: sw.upper,
  });
  await connect(sw, db, {
    strategy: "closest",
    neighbours: 3,
    maxAttempts: 60,
    lower: sw.lower,
    upper: sw.upper,
    hef: { maxStep: 5, maxTangentStep: 5 },
    minimize: { maxStep: 20 },
  });
  assert.ok(db.transitionStates.length >= 10, `${db.transitionStates.length} transition states`);
  for (const m of db.minima.filter((m) => !m.onBound)) {
    assert.equal(m.index, 0);
    assert.equal(hessianIndex(sw, m.x).index, 0); // re-verified independently of the stored value
  }
  for (const t of db.transitionStates) {
    assert.equal(t.index, 1);
    assert.equal(hessianIndex(sw, t.x).index, 1);
    const g = new Float64Array(2);
    sw.energy(t.x, g);
    assert.ok(Math.hypot(g[0], g[1]) / Math.SQRT2 <= 1e-6);
  }
  // Minima on the box are flagged, never mixed in: each has a coordinate on ±500.
  for (const m of db.minima.filter((m) => m.onBound)) {
    assert.ok(m.x.some((v) => Math.abs(v) === 500));
  }
});

Deno.test("an energy that is NaN or throws: reported with coordinates; 'skip' continues, 'stop' stops; the database stays valid", async () => {
  const dir = await Deno.makeTempDir();
  // Müller–Brown with a hole: NaN for x > 0.3 and an exception for y < −0.3.
  const holed: Landscape = {
    dim: 2,
    energy(x, g) {
      if (x[1] < -0.3) throw new Error("model blew up");
      if (x[0] > 0.3) return NaN;
      return mullerBrown.energy(x, g);
    },
  };
  const db = openDatabase(`${dir}/skip.sqlite`, 2);
  await basinHopping(holed, {
    steps: 40,
    stepSize: 1.5,
    temperature: 30,
    seed: 1,
    database: db,
    starts: [[-0.5, 1.4]],
  });
  const st = db.getMeta<{ errors: { x: number[]; message: string }[]; stepsDone: number }>("bh")!;
  assert.equal(st.stepsDone, 40);
  db.close();
  const reopened = openDatabase(`${dir}/skip.sqlite`, 2);
  assert.ok(reopened.minima.length >= 1);
  assert.ok(reopened.minima.every((m) => m.x[0] <= 0.3 && Number.isFinite(m.energy)));
  reopened.close();
  // 'stop': the first failing start throws an EnergyError naming its coordinates.
  const db2 = openDatabase(`${dir}/stop.sqlite`, 2);
  await assert.rejects(
    basinHopping(holed, {
      steps: 5,
      seed: 1,
      database: db2,
      starts: [[0.5, 0.5]],
      onError: "stop",
    }),
    (e: Error) => e instanceof EnergyError && /x = \[0\.50000000, 0\.50000000\]/.test(e.message),
  );
  db2.close();
  const again = openDatabase(`${dir}/stop.sqlite`, 2); // still a valid SQLite database
  assert.equal(again.minima.length, 0);
  again.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("database: identity by energy and canonicalised distance; hits counted; SQLite round trip", async () => {
  const dir = await Deno.makeTempDir();
  const flipSign = (x: Float64Array) => Float64Array.from(x, Math.abs); // a toy symmetry: x ≡ −x
  const db = openDatabase(`${dir}/db.sqlite`, 2, { canonicalize: flipSign });
  assert.equal(db.addMinimum(Float64Array.of(1, 2), -3).isNew, true);
  assert.equal(db.addMinimum(Float64Array.of(-1, -2), -3).isNew, false); // same after canonicalize
  assert.equal(db.addMinimum(Float64Array.of(1, 2.5), -3).isNew, true); // too far
  assert.equal(db.minima[0].hits, 2);
  db.addTransitionState({
    energy: 1,
    x: Float64Array.of(1, 2.2),
    minima: [0, 1],
    eigenvalue: -2,
    logProductHessian: 0.5,
    index: 1,
    provenance: "t",
  });
  db.addFailedConnection(0, 1, "why");
  db.close();
  const re = new LandscapeDatabase(2).attach(`${dir}/db.sqlite`);
  assert.equal(re.minima.length, 2);
  assert.equal(re.minima[0].hits, 2);
  assert.deepEqual(Array.from(re.transitionStates[0].x), [1, 2.2]);
  assert.ok(re.hasFailed(1, 0));
  re.close();
  assert.throws(() => new LandscapeDatabase(3).attach(`${dir}/db.sqlite`), /dimension 2/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("connect reports why an attempt failed (a transition-state search given 1 iteration)", async () => {
  const db = await basinHopping(mullerBrown, { steps: 60, stepSize: 1, temperature: 30, seed: 3 });
  const infos: { verified: number; reason?: string }[] = [];
  await connect(mullerBrown, db, {
    strategy: "closest",
    maxAttempts: 2,
    hef: { maxIterations: 1 },
    efBelow: 0, // HEF only (full-Hessian eigenvector-following is the first search up to 40 coordinates)
    onAttempt: (a) => infos.push(a),
  });
  assert.ok(infos.length > 0);
  for (const a of infos) {
    assert.equal(a.verified, 0);
    assert.match(a.reason ?? "", /not converged|no verified|index/);
  }
});
