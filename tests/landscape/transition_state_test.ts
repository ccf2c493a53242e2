import assert from "node:assert/strict";
import { mullerBrown } from "../../lib/landscape/surfaces.ts";
import {
  eigenvectorFollowing,
  hessianIndex,
  hybridEigenvectorFollowing,
  pushOff,
} from "../../lib/landscape/transition_state.ts";
import { Rng } from "../../lib/util/random.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
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

/**
 * Müller–Brown in two of six rotated coordinates, with four more directions of curvature from
 * 1e-4 (flat, like a network's 2λ modes) to 1e3 (stiff, like appAUC's narrow ridges): the
 * saddles are the Müller–Brown ones mapped by the rotation, with the same energies.
 */
function stiffEmbedding(
  seed: number,
): {
  land: Landscape;
  embed: (p: number[]) => Float64Array;
  coords: (u: Float64Array) => number[];
} {
  const n = 6, rng = new Rng(seed);
  const R: Float64Array[] = []; // rows orthonormal (Gram–Schmidt of normal vectors)
  while (R.length < n) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (const r of R) {
      const c = r.reduce((s, a, i) => s + a * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= c * r[i];
    }
    const norm = Math.hypot(...v);
    R.push(v.map((a) => a / norm));
  }
  const kappa = [1e-4, 1e-1, 30, 1e3];
  const land: Landscape = {
    dim: n,
    energy: (u: Float64Array, g?: Float64Array) => {
      const q = R.map((r) => r.reduce((s, a, i) => s + a * u[i], 0)); // q = R u
      const gq = new Float64Array(n);
      const gxy = new Float64Array(2);
      let e = mullerBrown.energy(Float64Array.of(q[0], q[1]), gxy);
      gq[0] = gxy[0];
      gq[1] = gxy[1];
      for (let k = 0; k < 4; k++) {
        e += 0.5 * kappa[k] * q[2 + k] ** 2;
        gq[2 + k] = kappa[k] * q[2 + k];
      }
      if (g) { for (let i = 0; i < n; i++) g[i] = R.reduce((s, r, k) => s + r[i] * gq[k], 0); }
      return e;
    },
  };
  const embed = (p: number[]) =>
    Float64Array.from({ length: n }, (_, i) => R.reduce((s, r, k) => s + r[i] * (p[k] ?? 0), 0));
  const coords = (u: Float64Array) => R.map((r) => r.reduce((s, a, i) => s + a * u[i], 0));
  return { land, embed, coords };
}

Deno.test("eigenvector-following: both Müller–Brown saddles from the band maxima, within 1e-6 of SciPy, index 1", async () => {
  for (const [a, b] of [[0, 2], [2, 1]]) {
    const band = await doublyNudgedElasticBand(
      mullerBrown,
      Float64Array.from(minima[a].x),
      Float64Array.from(minima[b].x),
      { images: 12 },
    );
    const top = band.maxima[0];
    const r = eigenvectorFollowing(mullerBrown, band.path[top], {
      guess: band.tangents[top],
      rmsGradient: 1e-9,
    });
    assert.ok(r.verified, r.message);
    const s = saddles.find((p: { x: number[] }) =>
      Math.hypot(r.x[0] - p.x[0], r.x[1] - p.x[1]) < 1e-6
    );
    assert.ok(s, `no SciPy saddle at ${[...r.x]}`);
    assertClose(r.energy, s.energy, { abs: 1e-6 });
    assert.equal(r.index, 1);
  }
});

Deno.test("eigenvector-following: stiff and flat directions (curvatures 1e-4 to 1e3) in 6 rotated coordinates", () => {
  const { land, embed, coords } = stiffEmbedding(7);
  const rng = new Rng(11);
  for (const s of saddles) {
    for (let trial = 0; trial < 4; trial++) {
      // Start 0.05–0.1 off the saddle in a random direction; the stiff mode puts a narrow
      // valley across the ridge, the flat one a direction the energy barely sees.
      const d = Float64Array.from({ length: 6 }, () => rng.normal());
      const len = (0.05 + 0.05 * rng.uniform()) / Math.hypot(...d);
      const x0 = embed(s.x).map((v, i) => v + len * d[i]);
      const r = eigenvectorFollowing(land, x0, { rmsGradient: 1e-9 });
      assert.ok(r.verified, r.message);
      // Within 1e-6 of the saddle in every direction but the flat one, where an RMS gradient of
      // 1e-9 allows up to √6·1e-9/1e-4 ≈ 2.4e-5.
      const q = coords(r.x);
      const off = [q[0] - s.x[0], q[1] - s.x[1], q[3], q[4], q[5]].map(Math.abs);
      assert.ok(Math.max(...off) < 1e-6, `trial ${trial}: ${off} off the saddle at ${s.x}`);
      assert.ok(Math.abs(q[2]) < 3e-5, `trial ${trial}: ${q[2]} along the flat direction`);
      assertClose(r.energy, s.energy, { abs: 1e-6 });
    }
  }
});

Deno.test("eigenvector-following: a search that climbs above its ceiling fails with that reason", () => {
  const start = [saddles[0].x[0] + 0.05, saddles[0].x[1] + 0.05];
  const e0 = mullerBrown.energy(Float64Array.from(start));
  const r = eigenvectorFollowing(mullerBrown, start, { ceiling: e0 - 100 });
  assert.equal(r.verified, false);
  assert.match(r.message, /climbed above the ceiling/);
});
