/**
 * The data behind the interactive reports, checked against independent computations: minimax
 * paths against a threshold search (the lowest transition-state energy at which two minima are
 * joined, by breadth-first search), the principal plane against power iteration on the covariance,
 * and the tagging of a figure's dots.
 */
import assert from "node:assert/strict";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import {
  minimaxPath,
  minimaxPaths,
  monotonicSequenceBasins,
} from "../../lib/landscape/analysis.ts";
import { landscapeData, principalPlane, tagMinima } from "../../lib/report/interactive.ts";
import { Plot, plotToSvg } from "../../lib/report/plot.ts";
import { Rng } from "../../lib/util/random.ts";
import { addSaddle, assertClose } from "../helpers.ts";

/** A random network: n minima, m transition states with random energies above their minima. */
function randomNetwork(rng: Rng, n: number, m: number): LandscapeDatabase {
  const db = new LandscapeDatabase(1);
  for (let i = 0; i < n; i++) db.addMinimum(Float64Array.of(i), rng.range(-1, 0));
  for (let k = 0; k < m; k++) {
    const a = rng.int(n), b = rng.int(n);
    if (a === b) continue;
    addSaddle(db, a, b, rng.range(0, 1));
  }
  return db;
}

/** Lowest level at which a and b are joined: BFS over transition states at or below each level. */
function thresholdBarrier(db: LandscapeDatabase, a: number, b: number): number {
  const levels = [...new Set(db.transitionStates.map((t) => t.energy))].sort((p, q) => p - q);
  for (const level of levels) {
    const seen = new Set([a]), queue = [a];
    while (queue.length) {
      const u = queue.shift()!;
      for (const t of db.transitionStates) {
        if (t.energy > level || !t.minima.includes(u)) continue;
        const v = t.minima[0] === u ? t.minima[1] : t.minima[0];
        if (!seen.has(v)) seen.add(v), queue.push(v);
      }
    }
    if (seen.has(b)) return level;
  }
  return NaN;
}

Deno.test("minimax paths: each path's highest transition state is the threshold-search barrier", () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 20; trial++) {
    const db = randomNetwork(rng, 12, 18);
    const root = rng.int(12);
    const p = minimaxPaths(db, root);
    for (let i = 0; i < 12; i++) {
      const want = i === root ? -Infinity : thresholdBarrier(db, i, root);
      const path = minimaxPath(p, i);
      if (Number.isNaN(want)) {
        assert.deepEqual(path, [], `minimum ${i} is not connected to ${root}`);
        assert.ok(Number.isNaN(p.highest[i]));
        continue;
      }
      assert.equal(p.highest[i], want, `trial ${trial}, minimum ${i}`);
      assert.equal(path[0], i);
      assert.equal(path[path.length - 1], root);
      // Each step crosses the stored transition state `via`, which joins the two minima.
      let top = -Infinity;
      for (let k = 0; k + 1 < path.length; k++) {
        const t = db.transitionStates[p.via[path[k]]];
        assert.deepEqual([...t.minima].sort(), [path[k], path[k + 1]].sort());
        top = Math.max(top, t.energy);
      }
      assert.equal(top, want);
    }
  }
});

Deno.test("landscapeData: the minima shown, every minimum on their paths, and their basins", () => {
  const db = randomNetwork(new Rng(3), 15, 25);
  const data = landscapeData(db, [1, 4], "E");
  const ids = new Set(data.minima.map((m) => m[0]));
  const gm = db.minima.reduce((a, m) => (m.energy < a.energy ? m : a)).id;
  assert.equal(data.gm, gm);
  const paths = minimaxPaths(db, gm);
  for (const id of [1, 4]) for (const v of minimaxPath(paths, id)) assert.ok(ids.has(v));
  const msb = monotonicSequenceBasins(db);
  for (const [id, , next, ts, bottom] of data.minima) {
    assert.equal(bottom, msb.basinOf[id]);
    assert.deepEqual(data.msb[bottom], msb.members.get(bottom));
    assert.equal(next, paths.next[id]);
    if (next >= 0) assert.equal(ts, db.transitionStates[paths.via[id]].energy);
  }
});

Deno.test("principalPlane: PC1 carries the covariance's largest eigenvalue (power iteration) and PC2 is uncorrelated with it", () => {
  const rng = new Rng(11);
  const n = 200, d = 5;
  // Correlated data: x = A z with a random mixing matrix.
  const A = Array.from({ length: d * d }, () => rng.normal());
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, (_, k) => rng.normal() * (k + 1));
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) X[i * d + j] += A[j * d + k] * z[k];
    }
  }
  const [p1, p2] = principalPlane(X, n, d);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const m1 = mean(p1), m2 = mean(p2);
  const var1 = p1.reduce((a, v) => a + (v - m1) ** 2, 0);
  const cov12 = p1.reduce((a, v, i) => a + (v - m1) * (p2[i] - m2), 0);
  // Power iteration on the scatter matrix.
  const mu = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * d + j];
    return s / n;
  });
  const C = Array.from({ length: d * d }, (_, ab) => {
    const a = Math.floor(ab / d), b = ab % d;
    let s = 0;
    for (let i = 0; i < n; i++) s += (X[i * d + a] - mu[a]) * (X[i * d + b] - mu[b]);
    return s;
  });
  let v = Array.from({ length: d }, () => 1), lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const w = v.map((_, a) => v.reduce((s, vb, b) => s + C[a * d + b] * vb, 0));
    lambda = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    v = w.map((x) => x / lambda);
  }
  assertClose(var1, lambda, { rel: 1e-9 }, "variance along PC1");
  assertClose(cov12, 0, { abs: 1e-8 * lambda }, "PC1–PC2 covariance");
});

Deno.test("tagMinima: dots get their minimum ids in order; a count mismatch is an error", () => {
  const svg = plotToSvg({
    marks: [
      Plot.dot([[0, 0], [1, 1], [2, 0]], { x: (d: number[]) => d[0], y: (d: number[]) => d[1] }),
    ],
  });
  const tagged = tagMinima(svg, "k", [[7, 3, 9]]);
  assert.deepEqual([...tagged.matchAll(/data-min="(\d+)"/g)].map((m) => +m[1]), [7, 3, 9]);
  assert.match(tagged, /^<svg data-land="k" /);
  assert.throws(() => tagMinima(svg, "k", [[1, 2]]), /3 circles|more circles/);
  assert.throws(() => tagMinima(svg, "k", [[1, 2, 3, 4]]), /3 circles for 4 minima/);
});
