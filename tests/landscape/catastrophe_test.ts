import assert from "node:assert/strict";
import { trackStationaryPoints } from "../../lib/landscape/catastrophe.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { assertClose } from "../helpers.ts";

// The fold normal form E(x, y; ν) = x³/3 − (ν − ν_c)x + y²: for ν > ν_c a minimum at
// x = +√(ν − ν_c) and a saddle at x = −√(ν − ν_c), barrier (4/3)(ν − ν_c)^{3/2}; none for ν < ν_c.
const NU_C = 0.7317;
const family = (nu: number): Landscape => ({
  dim: 2,
  energy(p, g) {
    const [x, y] = p;
    if (g) {
      g[0] = x * x - (nu - NU_C);
      g[1] = 2 * y;
    }
    return x ** 3 / 3 - (nu - NU_C) * x + y * y;
  },
});

Deno.test("fold catastrophe: ν_c located by bisection, barrier exponent 3/2, λ_min → 0", () => {
  const grid = Array.from({ length: 21 }, (_, k) => 0.5 + 0.05 * k);
  const k = grid.length - 1; // seeds at ν = 1.5: the minimum and the saddle
  const d = Math.sqrt(grid[k] - NU_C);
  const { branches, folds } = trackStationaryPoints(family, grid, [
    { k, kind: "minimum", x: Float64Array.of(d + 0.01, 0.02) },
    { k, kind: "ts", x: Float64Array.of(-d + 0.01, 0.02) },
  ], { rmsGradient: 1e-10, jump: 1 });
  assert.equal(branches.length, 2);
  for (const b of branches) {
    assert.equal(b.ends.low, "vanished");
    assert.equal(b.ends.high, "grid");
    for (const p of b.points) {
      assertClose(p.x[0], (b.kind === "minimum" ? 1 : -1) * Math.sqrt(p.nu - NU_C), { abs: 1e-8 });
    }
  }
  assert.equal(folds.length, 1);
  const f = folds[0];
  assertClose(f.nu, NU_C, { abs: 1e-6 });
  assert.equal(f.side, "above");
  assertClose(f.exponent, 1.5, { abs: 0.02 });
  assert.ok(Math.abs(f.lambdaNearFold) < 1e-2, `λ near the fold ${f.lambdaNearFold}`);
});

Deno.test("no fold where branches run to the end of the grid", () => {
  const grid = [1, 1.1, 1.2];
  const { folds, branches } = trackStationaryPoints(family, grid, [{
    k: 0,
    kind: "minimum",
    x: Float64Array.of(0.5, 0),
  }]);
  assert.equal(branches.length, 1);
  assert.deepEqual(branches[0].ends, { low: "grid", high: "grid" });
  assert.equal(folds.length, 0);
});

// Tilted double well E = x⁴/4 − x²/2 + νx + y²: the right minimum and the saddle between the wells
// annihilate at ν_c = 2/(3√3). Past ν_c, minimising from the old right minimum falls into the left
// well — a jump that must not be mistaken for the branch continuing (barrier ∝ (ν_c − ν)^{3/2}).
Deno.test("fold with a neighbouring basin: the jump into the other well is not a continuation", () => {
  const nuC = 2 / (3 * Math.sqrt(3));
  const tilted = (nu: number): Landscape => ({
    dim: 2,
    energy(p, g) {
      const [x, y] = p;
      if (g) {
        g[0] = x ** 3 - x + nu;
        g[1] = 2 * y;
      }
      return x ** 4 / 4 - x * x / 2 + nu * x + y * y;
    },
  });
  const grid = Array.from({ length: 13 }, (_, k) => 0.05 * k);
  const { branches, folds } = trackStationaryPoints(tilted, grid, [
    { k: 0, kind: "minimum", x: Float64Array.of(1.01, 0.01) },
    { k: 0, kind: "minimum", x: Float64Array.of(-1.01, 0.01) },
    { k: 0, kind: "ts", x: Float64Array.of(0.01, 0.01) },
  ], { rmsGradient: 1e-10 });
  const right = branches.find((b) => b.kind === "minimum" && b.points[0].x[0] > 0)!;
  const left = branches.find((b) => b.kind === "minimum" && b.points[0].x[0] < 0)!;
  assert.equal(right.ends.high, "vanished");
  assert.equal(left.ends.high, "grid");
  assert.ok(
    right.points.every((p) => p.x[0] > 0),
    "the right branch never jumped to the left well",
  );
  assert.equal(folds.length, 1);
  assertClose(folds[0].nu, nuC, { abs: 1e-6 });
  assert.equal(folds[0].side, "below");
  assertClose(folds[0].exponent, 1.5, { abs: 0.05 });
});
