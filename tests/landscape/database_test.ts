import assert from "node:assert/strict";
import {
  LandscapeDatabase,
  lineScanSameBasin,
  openDatabase,
} from "../../lib/landscape/database.ts";

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

Deno.test("findMinimum: flat-valley finds a little apart in energy are one minimum; a barrier keeps two", () => {
  // A valley flat along x (curvature 2e-6): two stops 1.1 apart, 1.21e-6 apart in energy (beyond
  // the 1e-6 energy tolerance), with no barrier between them.
  const flat = (x: Float64Array) => x[1] ** 2 + 1e-6 * x[0] ** 2;
  const db = new LandscapeDatabase(2, { sameBasin: lineScanSameBasin(flat) });
  db.addMinimum(Float64Array.of(0, 0), 0);
  const b = Float64Array.of(1.1, 0);
  assert.equal(db.findMinimum(b, flat(b))?.id, 0);
  assert.equal(db.addMinimum(b, flat(b)).isNew, false);
  // Two wells 4e-6 apart in energy with a barrier of ~1e-5 between them stay distinct.
  const wells = (x: Float64Array) => x[1] ** 2 + 1e-5 * (x[0] ** 2 - 1) ** 2 + 2e-6 * x[0];
  const dw = new LandscapeDatabase(2, { sameBasin: lineScanSameBasin(wells) });
  const l = Float64Array.of(-1, 0), r = Float64Array.of(1, 0);
  dw.addMinimum(l, wells(l));
  assert.equal(dw.addMinimum(r, wells(r)).isNew, true);
  // A window narrower than their gap never tries the segment.
  const narrow = new LandscapeDatabase(2, {
    sameBasin: lineScanSameBasin(flat),
    tolerance: { basinEnergy: 1e-7 },
  });
  narrow.addMinimum(Float64Array.of(0, 0), 0);
  assert.equal(narrow.findMinimum(b, flat(b)), undefined);
});

Deno.test("findMinimum/findTransitionState: symmetry copies are compared aligned", () => {
  // x ↦ −x is a symmetry; the (deliberately unstable) canonical form is the identity, so only
  // the alignment recognises −x as the same point.
  const align = (x: Float64Array, ref: Float64Array) => {
    const minus = Float64Array.from(x, (v) => -v);
    const d = (a: Float64Array) => a.reduce((s, v, i) => s + (v - ref[i]) ** 2, 0);
    return d(minus) < d(x) ? minus : x;
  };
  const db = new LandscapeDatabase(2, { align });
  db.addMinimum(Float64Array.of(1, 2), -1);
  assert.equal(db.findMinimum(Float64Array.of(-1, -2), -1)?.id, 0);
  assert.equal(new LandscapeDatabase(2).addMinimum(Float64Array.of(1, 2), -1).isNew, true);
  const other = new LandscapeDatabase(2);
  other.addMinimum(Float64Array.of(1, 2), -1);
  assert.equal(other.findMinimum(Float64Array.of(-1, -2), -1), undefined);
  db.addMinimum(Float64Array.of(3, 0), -0.5);
  db.addTransitionState({
    x: Float64Array.of(2, 1),
    energy: 0,
    minima: [0, 1],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
  assert.equal(db.findTransitionState(Float64Array.of(-2, -1), 0)?.id, 0);
});
