import assert from "node:assert/strict";
import { EnergyError, minimize } from "../../lib/landscape/minimize.ts";
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
