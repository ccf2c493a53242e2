import assert from "node:assert/strict";
import { LandscapeDatabase, openDatabase } from "../../lib/landscape/database.ts";

// Two polishes of one basin, within the identity tolerances: the lower represents it whatever the
// order of the finds (a resumed run restarts its lost minimisations together, so the order of
// finds differs from the uninterrupted run's).
const hi = { x: Float64Array.of(1e-4, 0), energy: -1 + 2e-10 };
const lo = { x: Float64Array.of(0, 1e-4), energy: -1 };
const checked = (logProductHessian: number) => ({ index: 0, logProductHessian, modes: 2 });

Deno.test("addMinimum: the lowest checked find represents a minimum, in either order, in memory and in SQLite", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const snaps = [[hi, lo], [lo, hi]].map((order, k) => {
      const db = openDatabase(`${dir}/db${k}.sqlite`, 2);
      order.forEach((f) => db.addMinimum(f.x, f.energy, checked(f === lo ? 1.5 : 1.25)));
      db.close();
      const again = openDatabase(`${dir}/db${k}.sqlite`, 2);
      const m = again.minima;
      again.close();
      return m.map((q) => [q.energy, Array.from(q.x), q.hits, q.logProductHessian]);
    });
    assert.deepEqual(snaps[0], snaps[1]);
    assert.deepEqual(snaps[0], [[lo.energy, Array.from(lo.x), 2, 1.5]]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("addMinimum: a lower find without its own Hessian check does not replace the stored facts", () => {
  const db = new LandscapeDatabase(2);
  db.addMinimum(hi.x, hi.energy, checked(1.25));
  db.addMinimum(lo.x, lo.energy, { index: -1 });
  assert.equal(db.minima.length, 1);
  assert.equal(db.minima[0].energy, hi.energy);
  assert.deepEqual(Array.from(db.minima[0].x), Array.from(hi.x));
  assert.equal(db.minima[0].logProductHessian, 1.25);
  assert.equal(db.minima[0].hits, 2);
});

Deno.test("addTransitionState: one saddle found twice along a soft direction is stored once; distinct saddles and other pairs stay apart", () => {
  const db = new LandscapeDatabase(2);
  for (const x of [0, 1, 2]) db.addMinimum(Float64Array.of(x, 0), -1);
  const ts = (x: number, y: number, energy: number, minima: [number, number]) =>
    db.addTransitionState({
      energy,
      x: Float64Array.of(x, y),
      minima,
      eigenvalue: -1,
      logProductHessian: 0,
      index: 1,
      provenance: "test",
    }).isNew;
  assert.equal(ts(0.5, 0, 0.3, [0, 1]), true);
  // Figures from the default nn-landscape run: 1e-3–3.4e-2 apart, energies equal to 1e-8.
  assert.equal(ts(0.5, 0.02, 0.3 + 5e-9, [1, 0]), false, "the same saddle, 0.02 away");
  assert.equal(ts(0.5, 1.5, 0.3, [0, 1]), true, "a second channel between the same minima");
  assert.equal(ts(0.5, 0.03, 0.3, [1, 2]), true, "another pair of minima");
  assert.equal(ts(0.5, 0.02, 0.31, [0, 1]), true, "another energy");
  assert.equal(db.transitionStates.length, 4);
});
