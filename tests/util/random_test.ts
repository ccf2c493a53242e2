import assert from "node:assert/strict";
import { Rng } from "../../lib/util/random.ts";

Deno.test("Rng: same seed, same stream; different seeds differ", () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const xa = Array.from({ length: 20 }, () => a.uniform());
  const xb = Array.from({ length: 20 }, () => b.uniform());
  const xc = Array.from({ length: 20 }, () => c.uniform());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

Deno.test("Rng: uniform and normal moments within 5 standard errors", () => {
  const rng = new Rng(2026);
  const n = 200_000;
  let s = 0, s2 = 0, z1 = 0, z2 = 0, z4 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
    const z = rng.normal();
    z1 += z;
    z2 += z * z;
    z4 += z ** 4;
  }
  // Uniform: mean 1/2 (sd 1/sqrt(12 n)), second moment 1/3.
  assert.ok(Math.abs(s / n - 0.5) < 5 / Math.sqrt(12 * n));
  assert.ok(Math.abs(s2 / n - 1 / 3) < 5 * Math.sqrt(4 / 45 / n));
  // Normal: mean 0 (sd 1/sqrt n), variance 1 (sd sqrt(2/n)), fourth moment 3 (sd sqrt(96/n)).
  assert.ok(Math.abs(z1 / n) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(z2 / n - 1) < 5 * Math.sqrt(2 / n));
  assert.ok(Math.abs(z4 / n - 3) < 5 * Math.sqrt(96 / n));
});

Deno.test("Rng: int covers [0, n) evenly and shuffle is a permutation", () => {
  const rng = new Rng(1);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[rng.int(10)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 5 * Math.sqrt(9000));
  const p = rng.shuffle(Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
});

Deno.test("Rng: rejects a non-finite seed", () => {
  assert.throws(() => new Rng(NaN), /seed/);
});

Deno.test("Rng: getState/setState resumes the exact stream (including a pending normal deviate)", () => {
  const a = new Rng(99);
  a.normal(); // leaves a spare deviate
  const saved = a.getState();
  const expected = [a.normal(), a.uniform(), a.normal()];
  const b = new Rng(1).setState(
    JSON.parse(JSON.stringify(saved.map((v) => (Number.isNaN(v) ? null : v)))).map((
      v: number | null,
    ) => v ?? NaN),
  );
  assert.deepEqual([b.normal(), b.uniform(), b.normal()], expected);
});
