/**
 * The engine at scale (issue 15): screening on a batch path with a float64 polish, float64
 * minimisations on the worker pool, Lanczos Hessian checks above the dense size, and the
 * minimisation-path policy with its calibration cache.
 */
import assert from "node:assert/strict";
import { xor } from "../../lib/data/classification.ts";
import { basinHopping } from "../../lib/landscape/basinhopping.ts";
import {
  type LandscapeDatabase,
  lineScanSameBasin,
  openDatabase,
} from "../../lib/landscape/database.ts";
import { chooseMinimizationPath } from "../../lib/landscape/device_policy.ts";
import { hessian, lanczosSpectrum, symmetricEigen } from "../../lib/landscape/hessian.ts";
import { minimize } from "../../lib/landscape/minimize.ts";
import { LandscapePool } from "../../lib/landscape/pool.ts";
import { stationaryCharacter } from "../../lib/landscape/transition_state.ts";
import type { Landscape } from "../../lib/landscape/types.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { UserError } from "../../lib/util/errors.ts";

const poolTest = { sanitizeResources: false, sanitizeOps: false };
const small = new MlpLandscape(xor({ n: 120, irrelevant: 0, seed: 3 }), {
  hidden: 3,
  outputs: 2,
  lambda: 1e-4,
});

/** The model's energies and gradients rounded to f32, evaluated as one batch: a stand-in screen. */
function f32Screen(model: Landscape): Landscape {
  return {
    dim: model.dim,
    energy: (x, g) => {
      const e = model.energy(x, g);
      if (g) { for (let i = 0; i < g.length; i++) g[i] = Math.fround(g[i]); }
      return Math.fround(e);
    },
    energyBatch: (xs, gs) => {
      const n = model.dim, B = xs.length / n, out = new Float64Array(B);
      const g = new Float64Array(n);
      for (let b = 0; b < B; b++) {
        out[b] = Math.fround(model.energy(xs.subarray(b * n, (b + 1) * n), g));
        if (gs) { for (let i = 0; i < n; i++) gs[b * n + i] = Math.fround(g[i]); }
      }
      return Promise.resolve(out);
    },
  };
}

const BH = {
  steps: 12,
  stepSize: 3,
  temperature: 0.2,
  walkers: 6,
  seed: 5,
  minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
};

/** Every stored minimum is a float64 minimum: RMS gradient ≤ 1e-6 and a positive Hessian. */
function assertVerified(model: Landscape, db: LandscapeDatabase): void {
  const g = new Float64Array(model.dim);
  for (const m of db.minima) {
    model.energy(m.x, g);
    const rms = Math.sqrt(g.reduce((s, v) => s + v * v, 0) / g.length);
    assert.ok(rms <= 1e-6, `minimum ${m.id}: float64 RMS gradient ${rms}`);
    const ev = symmetricEigen(hessian(model, m.x), model.dim).values;
    assert.ok(ev[0] > -1e-8, `minimum ${m.id}: lowest eigenvalue ${ev[0]}`);
    assert.equal(m.index, 0);
  }
}

const energies = (db: LandscapeDatabase) => db.minima.map((m) => m.energy).sort((a, b) => a - b);

Deno.test("basinHopping: f32 screening + float64 polish stores only float64-verified minima, the same ones", async () => {
  const plain = await basinHopping(small, BH);
  const screened = await basinHopping(small, { ...BH, screen: { landscape: f32Screen(small) } });
  assertVerified(small, screened);
  assert.ok(plain.minima.length >= 4, `enough minima (${plain.minima.length})`);
  // Different trajectories (f32 steps, one random stream per walker), the same lowest minima:
  // the polished energies agree with the float64 run's far below the gaps between minima (the
  // last digits differ: a float64 RMS gradient of 1e-6 along directions of curvature 2λ leaves
  // about 1e-8 of the energy undetermined).
  const a = energies(plain), b = energies(screened);
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(a[k] - b[k]) <= 1e-6 * Math.abs(a[k]), `minimum ${k}: ${a[k]} vs ${b[k]}`);
  }
});

Deno.test({
  name: "basinHopping: minimisations on 2 workers give the database of the lockstep run",
  ...poolTest,
}, async () => {
  const here = await basinHopping(small, BH);
  const pool = await LandscapePool.open(small.recipe(), { workers: 2 });
  try {
    const there = await basinHopping(small, { ...BH, pool });
    const snap = (db: LandscapeDatabase) =>
      db.minima.map((m) => [m.energy, Array.from(m.x), m.hits]);
    assert.deepEqual(snap(there), snap(here));
    const r = await pool.minimize(
      [Float64Array.from({ length: small.dim }, (_, i) => Math.sin(i))],
      {
        rmsGradient: 1e-6,
      },
    );
    const mine = minimize(small, Float64Array.from({ length: small.dim }, (_, i) => Math.sin(i)), {
      rmsGradient: 1e-6,
    });
    assert.deepEqual(Array.from(r[0].x), Array.from(mine.x));
    assert.equal(r[0].energy, mine.energy);
  } finally {
    pool.close();
  }
});

Deno.test("stationaryCharacter: Lanczos above the dense size agrees with the full Hessian", () => {
  // 4-40-2 network: 282 weights, above the dense limit of 200.
  const big = new MlpLandscape(xor({ n: 60, irrelevant: 2, seed: 1 }), {
    hidden: 40,
    outputs: 2,
    lambda: 1e-3,
  });
  assert.ok(big.dim > 200);
  const start = Float64Array.from({ length: big.dim }, (_, i) => 0.4 * Math.sin(3 + 2.3 * i));
  const min = minimize(big, start, { rmsGradient: 1e-7, maxIterations: 20000 });
  assert.ok(min.converged, min.message);
  // At a random point: negative curvature. Interlacing: each Ritz value ≥ the eigenvalue of the
  // same rank, so the Lanczos index never exceeds the dense one; the lowest converges to it.
  for (const [x, what] of [[start, "random point"], [min.x, "minimum"]] as const) {
    const dense = stationaryCharacter(big, x, { denseBelow: 1000 });
    const lz = stationaryCharacter(big, x);
    assert.equal(dense.method, "dense");
    assert.equal(lz.method, "lanczos");
    assert.ok(Number.isNaN(lz.logProduct));
    for (let k = 0; k < 3; k++) {
      assert.ok(lz.eigenvalues[k] >= dense.eigenvalues[k] - 1e-9, `${what}: Ritz ${k} below λ`);
    }
    assert.ok(lz.index <= dense.index, `${what}: ${lz.index} vs ${dense.index}`);
    const spread = dense.eigenvalues[dense.eigenvalues.length - 1] - dense.eigenvalues[0];
    assert.ok(
      Math.abs(lz.eigenvalues[0] - dense.eigenvalues[0]) <= 1e-3 * spread,
      `${what}: lowest ${lz.eigenvalues[0]} vs ${dense.eigenvalues[0]}`,
    );
    if (what === "minimum") {
      assert.equal(lz.index, 0);
      assert.ok(lz.settled, "the lowest Ritz value settled");
    } else assert.ok(lz.index >= 1 && dense.index >= 1);
  }
  const s = lanczosSpectrum(big, start, { krylov: 30 });
  assert.equal(s.products, 30);
  assert.equal(s.residuals.length, 30);
});

/** A stand-in batch path whose calls cost `ms` milliseconds each. */
function slowBatch(model: Landscape, ms: number): Landscape {
  return {
    ...f32Screen(model),
    energyBatch: async (xs, gs) => {
      await new Promise((r) => setTimeout(r, ms));
      return f32Screen(model).energyBatch!(xs, gs);
    },
  };
}

Deno.test("chooseMinimizationPath: forced paths, no batch path, and a measured, cached choice", async () => {
  const dir = await Deno.makeTempDir();
  const cacheFile = `${dir}/calibration.json`;
  const base = {
    landscape: small,
    walkers: 8,
    workers: 1,
    rounds: 10,
    key: "xor",
    adapter: "test",
    cacheFile,
  };
  const cpu = await chooseMinimizationPath({ ...base, choice: "cpu", batch: f32Screen(small) });
  assert.equal(cpu.path, "cpu");
  assert.match(cpu.reason, /--device cpu/);
  await assert.rejects(
    chooseMinimizationPath({ ...base, choice: "gpu", batch: null, unavailable: "no adapter" }),
    (e: unknown) => e instanceof UserError && /--device gpu: no adapter/.test(e.message),
  );
  const gpu = await chooseMinimizationPath({ ...base, choice: "gpu", batch: f32Screen(small) });
  assert.equal(gpu.path, "gpu");
  // A cheap model and a short run: the float64 path without calibrating anything.
  const quick = await chooseMinimizationPath({
    ...base,
    choice: "auto",
    batch: slowBatch(small, 1),
  });
  assert.equal(quick.path, "cpu");
  assert.ok(Number.isNaN(quick.calibration.batchMs));
  await assert.rejects(Deno.stat(cacheFile), Deno.errors.NotFound);
  // A long run (calibration pays): a batch call of 30 ms against 8 float64 points of
  // microseconds loses; the measurement is cached and reused.
  const long = { ...base, choice: "auto" as const, rounds: 1e6 };
  const slow = await chooseMinimizationPath({ ...long, batch: slowBatch(small, 30) });
  assert.equal(slow.path, "cpu");
  assert.ok(slow.calibration.batchMs >= 25 && !slow.calibration.cached);
  assert.ok(slow.predicted.gpu > slow.predicted.cpu);
  const again = await chooseMinimizationPath({ ...long, batch: slowBatch(small, 30) });
  assert.ok(again.calibration.cached);
  assert.equal(again.calibration.batchMs, slow.calibration.batchMs);
  // A batch that costs nothing wins against a model made expensive to evaluate in float64.
  const costly: Landscape = {
    dim: small.dim,
    energy: (x, g) => {
      const t = performance.now();
      while (performance.now() - t < 2);
      return small.energy(x, g);
    },
  };
  const fast = await chooseMinimizationPath({
    ...long,
    key: "costly",
    landscape: costly,
    batch: f32Screen(small),
  });
  assert.equal(fast.path, "gpu");
  assert.match(fast.reason, /WebGPU f32 screening/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name:
    "basinHopping (screened): the same minima with or without the pool, and a killed run resumed gives them too",
  ...poolTest,
}, async () => {
  const screen = { landscape: f32Screen(small) };
  const digest = (db: LandscapeDatabase) => ({
    energies: energies(db),
    hits: db.minima.reduce((s, m) => s + m.hits, 0),
  });
  const whole = await basinHopping(small, { ...BH, screen });
  const pool = await LandscapePool.open(small.recipe(), { workers: 2 });
  try {
    assert.deepEqual(digest(await basinHopping(small, { ...BH, screen, pool })), digest(whole));
  } finally {
    pool.close();
  }
  const dir = await Deno.makeTempDir();
  const file = `${dir}/bh.sqlite`;
  // The identity tests of basin-hopping's own default database.
  const identity = {
    canonicalize: small.canonicalize.bind(small),
    sameBasin: lineScanSameBasin((x) => small.energy(x)),
  };
  const killed = openDatabase(file, small.dim, identity);
  await assert.rejects(
    basinHopping(small, {
      ...BH,
      screen,
      database: killed,
      onStep: (p) => {
        if (p.step === 5) throw new Error("killed");
      },
    }),
    /killed/,
  );
  killed.close();
  const reopened = openDatabase(file, small.dim, identity);
  const resumed = await basinHopping(small, { ...BH, screen, database: reopened, resume: true });
  assert.deepEqual(digest(resumed), digest(whole));
  reopened.close();
  await Deno.remove(dir, { recursive: true });
});
