import assert from "node:assert/strict";
import { CheckpointStore, decodeCheckpoint, encodeCheckpoint } from "../../lib/task/checkpoint.ts";
import { deviceLine } from "../../lib/task/harness.ts";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";

Deno.test("encode/decode round-trips float64 values exactly, typed arrays, Maps and non-finite numbers", () => {
  const value = {
    a: [0.1 + 0.2, Number.MIN_VALUE, -Number.MAX_VALUE, 1 / 3],
    nan: NaN,
    inf: [Infinity, -Infinity],
    negZero: -0,
    f64: Float64Array.of(Math.PI, NaN, -0, 5e-324),
    i32: Int32Array.of(-3, 7),
    map: new Map<number, unknown>([[1.5, { x: Float64Array.of(2) }], [2, "b"]]),
    nested: { s: "text", b: true, n: null, u: undefined },
  };
  const back = decodeCheckpoint(
    JSON.parse(JSON.stringify(encodeCheckpoint(value))),
  ) as typeof value;
  assert.deepEqual(back.a, value.a);
  assert.ok(Number.isNaN(back.nan));
  assert.deepEqual(back.inf, [Infinity, -Infinity]);
  assert.ok(Object.is(back.negZero, -0));
  assert.ok(back.f64 instanceof Float64Array);
  assert.equal(back.f64[0], Math.PI);
  assert.ok(Number.isNaN(back.f64[1]) && Object.is(back.f64[2], -0) && back.f64[3] === 5e-324);
  assert.ok(back.i32 instanceof Int32Array);
  assert.deepEqual(Array.from(back.i32), [-3, 7]);
  assert.ok(back.map instanceof Map);
  assert.deepEqual((back.map.get(1.5) as { x: Float64Array }).x, Float64Array.of(2));
  assert.equal(back.map.get(2), "b");
  assert.deepEqual(back.nested, value.nested);
});

Deno.test("a landscape database survives a checkpoint: minima, transition states, failed pairs", () => {
  const db = new LandscapeDatabase(2, { tolerance: { energy: 1e-5 } });
  const a = db.addMinimum(Float64Array.of(0, 1), -1.25, {
    logProductHessian: 0.5,
    modes: 2,
    index: 0,
  });
  const b = db.addMinimum(Float64Array.of(2, 1), -0.75, {
    logProductHessian: NaN,
    modes: 2,
    index: 0,
  });
  db.addTransitionState({
    energy: 0.5,
    x: Float64Array.of(1, 1),
    minima: [a.minimum.id, b.minimum.id],
    eigenvalue: -2,
    logProductHessian: 0.1,
    index: 1,
    provenance: "test",
  });
  db.addFailedConnection(0, 1, "dneb: no climbing image");
  const back = decodeCheckpoint(
    JSON.parse(JSON.stringify(encodeCheckpoint(db))),
  ) as LandscapeDatabase;
  assert.ok(back instanceof LandscapeDatabase);
  assert.equal(back.dim, 2);
  assert.deepEqual(back.tolerance, { energy: 1e-5 });
  assert.deepEqual(back.minima, db.minima);
  assert.deepEqual(back.transitionStates, db.transitionStates);
  assert.deepEqual(back.failedConnections, db.failedConnections);
});

Deno.test("a restored database takes its landscape's identity back (useIdentity): a mirror image is the same minimum", () => {
  // Symmetric under x → −x: canonical form has x[0] ≥ 0.
  const identity = {
    canonicalize: (x: Float64Array) => (x[0] < 0 ? x.map((v) => -v) : x),
    align: (x: Float64Array, ref: Float64Array) => {
      const m = x.map((v) => -v);
      const d = (y: Float64Array) => Math.hypot(y[0] - ref[0], y[1] - ref[1]);
      return d(m) < d(x) ? m : x;
    },
  };
  const db = new LandscapeDatabase(2, identity);
  db.addMinimum(Float64Array.of(1, 0.5), -1);
  const back = decodeCheckpoint(
    JSON.parse(JSON.stringify(encodeCheckpoint(db))),
  ) as LandscapeDatabase;
  // Without the functions, the mirror image counts as a new minimum...
  assert.equal(back.findMinimum(Float64Array.of(-1, -0.5), -1), undefined);
  // ...with them, it is the stored one.
  assert.equal(back.useIdentity(identity).findMinimum(Float64Array.of(-1, -0.5), -1)?.id, 0);
  assert.ok(!back.addMinimum(Float64Array.of(-1, -0.5), -1).isNew);
});

Deno.test("encodeCheckpoint refuses what it cannot restore (class instances, functions)", () => {
  class Opaque {
    x = 1;
  }
  assert.throws(() => encodeCheckpoint({ o: new Opaque() }), /instance of Opaque/);
  assert.throws(() => encodeCheckpoint({ f: () => 1 }), /cannot encode a function/);
});

Deno.test("CheckpointStore: reused only with --resume, the same settings and the same step inputs", async () => {
  const dir = await Deno.makeTempDir();
  let calls = 0;
  const work = () => ++calls;
  const store = (resume: boolean, fingerprint: unknown) =>
    new CheckpointStore(dir, { resume, fingerprint, label: "[test]" });
  assert.equal(await store(false, { n: 1 }).step("s", work), 1);
  const resumed = store(true, { n: 1 });
  assert.equal(await resumed.step("s", work), 1);
  assert.deepEqual(resumed.reused, ["s"]);
  assert.equal(await store(false, { n: 1 }).step("s", work), 2, "without --resume: recomputed");
  assert.equal(await store(true, { n: 2 }).step("s", work), 3, "other settings: recomputed");
  assert.equal(await store(true, { n: 2 }).step("s", work), 3);
  assert.equal(await store(true, { n: 2 }).step("s", work, { nu: 1 }), 4, "other inputs");
  assert.equal(await store(true, { n: 2 }).step("s", work, { nu: 1 }), 4);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deviceLine names the path that ran and why the other did not", () => {
  assert.equal(
    deviceLine({ kind: "cpu", reason: "no-adapter" }, "small model"),
    "CPU float64 (no adapter; small model)",
  );
});
