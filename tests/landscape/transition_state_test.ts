import assert from "node:assert/strict";
import { mullerBrown } from "../../lib/landscape/surfaces.ts";
import {
  hessianIndex,
  hybridEigenvectorFollowing,
  pushOff,
} from "../../lib/landscape/transition_state.ts";
import { doublyNudgedElasticBand } from "../../lib/landscape/neb.ts";
import { minimize } from "../../lib/landscape/minimize.ts";
import { assertClose } from "../helpers.ts";

// Fixture: tests/fixtures/gen_surfaces.py (SciPy root finding on the analytic gradient).
const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/muller_brown.json", import.meta.url)),
);
const minima = fx.points.filter((p: { index: number }) => p.index === 0);
const saddles = fx.points.filter((p: { index: number }) => p.index === 1);

Deno.test("Müller–Brown: minimize reaches each SciPy minimum to 1e-6", () => {
  for (const m of minima) {
    const r = minimize(mullerBrown, [m.x[0] + 0.05, m.x[1] - 0.05], {
      rmsGradient: 1e-9,
      maxStep: 0.05,
    });
    assert.ok(r.converged);
    assertClose(r.x[0], m.x[0], { abs: 1e-6 });
    assertClose(r.x[1], m.x[1], { abs: 1e-6 });
    assertClose(r.energy, m.energy, { abs: 1e-6 });
    assert.equal(hessianIndex(mullerBrown, r.x).index, 0);
  }
});

Deno.test("Müller–Brown: DNEB + hybrid eigenvector-following find both saddles, index 1, within 1e-6", async () => {
  const found: Float64Array[] = [];
  const pairs = [[0, 2], [2, 1]]; // global minimum → intermediate → second minimum
  for (const [a, b] of pairs) {
    const band = await doublyNudgedElasticBand(
      mullerBrown,
      Float64Array.from(minima[a].x),
      Float64Array.from(minima[b].x),
      { images: 12 },
    );
    assert.ok(band.maxima.length >= 1);
    const top = band.maxima[0];
    const r = hybridEigenvectorFollowing(mullerBrown, band.path[top], {
      guess: band.tangents[top],
      rmsGradient: 1e-8,
      maxStep: 0.05,
      maxTangentStep: 0.05,
    });
    assert.ok(r.verified, r.message);
    assert.equal(r.index, 1);
    found.push(r.x);
    // Pushed off both ways it connects the two minima it was searched between.
    const p = pushOff(mullerBrown, r.x, r.eigenvector, { rmsGradient: 1e-9, maxStep: 0.05 });
    const ends = [p.plus.x, p.minus.x].map((x) =>
      minima.findIndex((m: { x: number[] }) => Math.hypot(x[0] - m.x[0], x[1] - m.x[1]) < 1e-5)
    );
    assert.deepEqual(ends.sort(), [a, b].sort());
  }
  for (const s of saddles) {
    const hit = found.find((x) => Math.hypot(x[0] - s.x[0], x[1] - s.x[1]) < 1e-6);
    assert.ok(hit, `saddle at ${s.x} not found`);
    assertClose(mullerBrown.energy(hit!), s.energy, { abs: 1e-6 });
  }
});
