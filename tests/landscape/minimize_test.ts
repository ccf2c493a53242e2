import assert from "node:assert/strict";
import { EnergyError, minimize, minimizeBatch } from "../../lib/landscape/minimize.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { assertClose } from "../helpers.ts";

// Rosenbrock: minimum (1, 1) with E = 0 (an independent, closed-form reference).
const rosenbrock: Landscape = {
  dim: 2,
  energy(x, g) {
    const a = 1 - x[0], b = x[1] - x[0] * x[0];
    if (g) {
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
    }
    return a * a + 100 * b * b;
  },
};

Deno.test("minimize: Rosenbrock to RMS gradient 1e-8", () => {
  const r = minimize(rosenbrock, [-1.2, 1], { rmsGradient: 1e-8 });
  assert.ok(r.converged, r.message);
  assertClose(r.x[0], 1, { abs: 1e-7 });
  assertClose(r.x[1], 1, { abs: 1e-7 });
  assert.ok(r.energy < 1e-14);
  assert.equal(r.onBound, false);
});

Deno.test("minimize: a bound blocks the descent → flagged on the bound", () => {
  // Minimum of the Rosenbrock function restricted to x ≤ 0.5: on the bound x = 0.5, y = 0.25.
  const r = minimize(rosenbrock, [-1.2, 1], { upper: [0.5, Infinity], rmsGradient: 1e-9 });
  assert.ok(r.converged, r.message);
  assert.deepEqual(r.activeBounds, [0]);
  assert.ok(r.onBound);
  assertClose(r.x[0], 0.5, { abs: 0 });
  assertClose(r.x[1], 0.25, { abs: 1e-8 });
});

Deno.test("minimize: energy-rise guard never accepts an uphill step", () => {
  const energies: number[] = [];
  const tracked: Landscape = {
    dim: 2,
    energy(x, g) {
      const e = rosenbrock.energy(x, g);
      if (g) energies.push(e);
      return e;
    },
  };
  const r = minimize(tracked, [-1.2, 1], { maxStep: 2 });
  assert.ok(r.converged);
  assert.ok(r.energy <= energies[0]);
});

Deno.test("minimize: NaN at the start point is an EnergyError naming the coordinates", () => {
  const bad: Landscape = { dim: 2, energy: () => NaN };
  assert.throws(
    () => minimize(bad, [1, 2]),
    (e: Error) => e instanceof EnergyError && /x = \[1\.0000000, 2\.0000000\]/.test(e.message),
  );
  const throwing: Landscape = {
    dim: 1,
    energy() {
      throw new Error("boom");
    },
  };
  assert.throws(
    () => minimize(throwing, [0.5]),
    (e: Error) => e instanceof EnergyError && /boom/.test(e.message),
  );
});

Deno.test("minimize: NaN regions are stepped around (treated as an energy rise)", () => {
  // E = (x − 2)² for x < 3, NaN beyond: the minimiser must not stop or return NaN.
  const wall: Landscape = {
    dim: 1,
    energy(x, g) {
      if (x[0] >= 3) return NaN;
      if (g) g[0] = 2 * (x[0] - 2);
      return (x[0] - 2) ** 2;
    },
  };
  const r = minimize(wall, [-5], { maxStep: 10 });
  assert.ok(r.converged);
  assertClose(r.x[0], 2, { abs: 1e-6 });
});

Deno.test("minimizeBatch: lockstep walkers with one energyBatch call per round match minimize", async () => {
  let batchCalls = 0;
  const batched: Landscape = {
    dim: 2,
    energy: rosenbrock.energy,
    energyBatch(xs: Float64Array, grads?: Float64Array) {
      batchCalls++;
      const B = xs.length / 2;
      return Promise.resolve(
        Float64Array.from(
          { length: B },
          (_, b) =>
            rosenbrock.energy(xs.subarray(2 * b, 2 * b + 2), grads?.subarray(2 * b, 2 * b + 2)),
        ),
      );
    },
  };
  const starts = [[-1.2, 1], [2, 2], [0, -1], [1.5, -0.5]];
  const res = await minimizeBatch(batched, starts, { rmsGradient: 1e-8 });
  for (let b = 0; b < starts.length; b++) {
    const single = minimize(rosenbrock, starts[b], { rmsGradient: 1e-8 });
    const r = res[b];
    assert.ok(!("error" in r));
    if ("error" in r) continue;
    assert.ok(r.converged);
    assert.deepEqual(Array.from(r.x), Array.from(single.x)); // same arithmetic, same path
  }
  const maxIter = Math.max(...res.map((r) => ("error" in r ? 0 : r.evaluations)));
  assert.ok(
    batchCalls <= maxIter,
    `${batchCalls} batch calls for at most ${maxIter} evaluations per walker`,
  );
});

Deno.test("minimizeBatch: a start with a NaN energy is reported with its coordinates; the others finish", async () => {
  const holed: Landscape = {
    dim: 2,
    energy(x, g) {
      if (x[0] > 5) return NaN;
      return rosenbrock.energy(x, g);
    },
  };
  const res = await minimizeBatch(holed, [[-1.2, 1], [7, 1]]);
  assert.ok(!("error" in res[0]) && res[0].converged);
  assert.ok("error" in res[1] && /x = \[7\.0000000, 1\.0000000\]/.test(res[1].error.message));
});

Deno.test("snap to bounds: a flat valley down to a bound snaps (flagged); a lower bound behind a barrier does not", () => {
  // Flat valley: E = 1e-9·x + y², so the gradient in x is below the tolerance everywhere.
  const flat: Landscape = {
    dim: 2,
    energy(x, g) {
      if (g) {
        g[0] = 1e-9;
        g[1] = 2 * x[1];
      }
      return 1e-9 * x[0] + x[1] * x[1];
    },
  };
  const r = minimize(flat, [0.3, 0.2], { lower: [-2, -2], upper: [2, 2] });
  assert.ok(r.converged && r.onBound);
  assert.equal(r.x[0], -2);
  // Barrier: E = cos(3x) + 0.1x on [−3, 3]; the bound x = −3 is lower (−1.21) than the local minimum
  // near x = 1.04 (−0.90), but a barrier lies between: the minimum must stay put and interior.
  const wavy: Landscape = {
    dim: 1,
    energy(x, g) {
      if (g) g[0] = -3 * Math.sin(3 * x[0]) + 0.1;
      return Math.cos(3 * x[0]) + 0.1 * x[0];
    },
  };
  const w = minimize(wavy, [1.0], { lower: [-3], upper: [3], rmsGradient: 1e-10 });
  assert.ok(w.converged);
  assert.equal(w.onBound, false);
  assertClose(w.x[0], (Math.PI - Math.asin(0.1 / 3)) / 3, { abs: 1e-8 }); // −3 sin 3x + 0.1 = 0 near 3x = π
});
