import assert from "node:assert/strict";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { mlpBatchGpu } from "../../lib/models/mlp_gpu.ts";
import { Rng } from "../../lib/util/random.ts";
import { gpuTestOptions, testGpu } from "../helpers.ts";

const gpu = await testGpu();

Deno.test({
  name:
    "mlp.wgsl: loss (rel ≤ 1e-5) and gradient (≤ 1e-4 of its norm) match the float64 twin on fresh random parameters",
  ignore: gpu === null,
  ...gpuTestOptions,
}, async () => {
  const seed = Date.now() % 1e9;
  const rng = new Rng(seed);
  // n not a multiple of the 64-sample chunk; the benchmark's 8-32-3 shape and a binary net too.
  for (const [n, I, H, O] of [[70, 3, 5, 3], [150, 8, 32, 3], [9, 2, 3, 2]]) {
    await checkShape(rng, seed, n, I, H, O);
  }
});

async function checkShape(rng: Rng, seed: number, n: number, I: number, H: number, O: number) {
  const X = rng.normalArray(n * I);
  // Every class present (a small random draw could have one class, which MlpLandscape rejects).
  const labels = Int32Array.from({ length: n }, (_, i) => (i < O ? i : rng.int(O)));
  const m = new MlpLandscape({ X, n, d: I, labels }, { hidden: H, outputs: O, lambda: 1e-3 });
  const B = 9, P = m.dim;
  const ws = new Float64Array(B * P);
  for (let i = 0; i < ws.length; i++) ws[i] = rng.normal();
  const out = await mlpBatchGpu(gpu!, { X, n, labels, layout: m.layout, lambda: 1e-3 }, ws);
  for (let b = 0; b < B; b++) {
    const g = new Float64Array(P);
    const e = m.energy(ws.subarray(b * P, (b + 1) * P), g);
    const el = out[b * (P + 1) + P];
    assert.ok(
      Number.isFinite(el) && Math.abs(el - e) <= 1e-5 * Math.abs(e),
      `seed ${seed} ${I}-${H}-${O} member ${b}: loss ${el} vs ${e}`,
    );
    let d2 = 0, g2 = 0;
    for (let q = 0; q < P; q++) {
      assert.ok(Number.isFinite(out[b * (P + 1) + q]));
      d2 += (out[b * (P + 1) + q] - g[q]) ** 2;
      g2 += g[q] ** 2;
    }
    assert.ok(
      Math.sqrt(d2 / g2) <= 1e-4,
      `seed ${seed} ${I}-${H}-${O} member ${b}: gradient error ${Math.sqrt(d2 / g2)}`,
    );
  }
}

Deno.test({
  name: "MlpLandscape.energyBatch: GPU and float64 paths agree",
  ignore: gpu === null,
  ...gpuTestOptions,
}, async () => {
  const rng = new Rng(Date.now() % 1e9);
  const n = 40, I = 2, H = 3;
  const X = rng.normalArray(n * I), labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const onGpu = new MlpLandscape({ X, n, d: I, labels }, { hidden: H, lambda: 1e-3, gpu });
  const onCpu = new MlpLandscape({ X, n, d: I, labels }, { hidden: H, lambda: 1e-3 });
  const B = 5, P = onCpu.dim, ws = rng.normalArray(B * P);
  const g1 = new Float64Array(B * P), g2 = new Float64Array(B * P);
  const e1 = await onGpu.energyBatch(ws, g1), e2 = await onCpu.energyBatch(ws, g2);
  for (let b = 0; b < B; b++) {
    assert.ok(Math.abs(e1[b] - e2[b]) <= 1e-5 * Math.abs(e2[b]));
    for (let q = 0; q < P; q++) {
      assert.ok(Math.abs(g1[b * P + q] - g2[b * P + q]) <= 1e-4 * (1 + Math.abs(g2[b * P + q])));
    }
  }
});

Deno.test({
  name:
    "mlp_auc.wgsl: −appAUC loss (rel ≤ 1e-5) and gradient (≤ 1e-4 of its norm) match the float64 twin",
  ignore: gpu === null,
  ...gpuTestOptions,
}, async () => {
  const seed = Date.now() % 1e9;
  const rng = new Rng(seed);
  for (const [n, I, H, beta] of [[70, 3, 4, 100], [37, 2, 3, 20]]) {
    const X = rng.normalArray(n * I);
    const labels = Int32Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(2)));
    const m = new MlpLandscape({ X, n, d: I, labels }, {
      hidden: H,
      outputs: 2,
      lambda: 1e-3,
      loss: "auc",
      beta,
    });
    const B = 6, P = m.dim;
    // Moderate weights: with large ones the sigmoid pairs saturate and f32 differences dominate.
    const ws = Float64Array.from({ length: B * P }, () => 0.4 * rng.normal());
    const out = await mlpBatchGpu(gpu!, {
      X,
      n,
      labels,
      layout: m.layout,
      lambda: 1e-3,
      loss: "auc",
      beta,
    }, ws);
    for (let b = 0; b < B; b++) {
      const g = new Float64Array(P);
      const e = m.energy(ws.subarray(b * P, (b + 1) * P), g);
      const el = out[b * (P + 1) + P];
      assert.ok(
        Math.abs(el - e) <= 1e-5 * Math.abs(e),
        `seed ${seed} ${I}-${H}-2 member ${b}: loss ${el} vs ${e}`,
      );
      let d2 = 0, g2 = 0;
      for (let q = 0; q < P; q++) {
        d2 += (out[b * (P + 1) + q] - g[q]) ** 2;
        g2 += g[q] ** 2;
      }
      assert.ok(
        Math.sqrt(d2 / g2) <= 1e-4,
        `seed ${seed} ${I}-${H}-2 member ${b}: gradient error ${Math.sqrt(d2 / g2)}`,
      );
    }
  }
});

Deno.test({
  name: "MlpLandscape.energyBatch with appAUC: GPU and float64 paths agree",
  ignore: gpu === null,
  ...gpuTestOptions,
}, async () => {
  const rng = new Rng(Date.now() % 1e9);
  const n = 50, I = 2, H = 3;
  const X = rng.normalArray(n * I), labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const opts = { hidden: H, lambda: 1e-3, loss: "auc" as const, beta: 50 };
  const onGpu = new MlpLandscape({ X, n, d: I, labels }, { ...opts, gpu });
  const onCpu = new MlpLandscape({ X, n, d: I, labels }, opts);
  const B = 4, P = onCpu.dim, ws = Float64Array.from({ length: B * P }, () => 0.4 * rng.normal());
  const g1 = new Float64Array(B * P), g2 = new Float64Array(B * P);
  const e1 = await onGpu.energyBatch(ws, g1), e2 = await onCpu.energyBatch(ws, g2);
  for (let b = 0; b < B; b++) assert.ok(Math.abs(e1[b] - e2[b]) <= 1e-5 * Math.abs(e2[b]));
  let d2 = 0, n2 = 0;
  for (let q = 0; q < B * P; q++) {
    d2 += (g1[q] - g2[q]) ** 2;
    n2 += g2[q] ** 2;
  }
  assert.ok(Math.sqrt(d2 / n2) <= 1e-4);
});

Deno.test({
  name:
    "basinHopping screened on mlp.wgsl (f32) stores only float64-verified minima (RMS gradient ≤ 1e-6, positive Hessian)",
  ignore: gpu === null,
  ...gpuTestOptions,
}, async () => {
  const { xor } = await import("../../lib/data/classification.ts");
  const { basinHopping } = await import("../../lib/landscape/basinhopping.ts");
  const { hessian, symmetricEigen } = await import("../../lib/landscape/hessian.ts");
  const model = new MlpLandscape(xor({ n: 120, irrelevant: 0, seed: 3 }), {
    hidden: 3,
    outputs: 2,
    lambda: 1e-4,
  });
  const db = await basinHopping(model, {
    steps: 2,
    stepSize: 3,
    temperature: 0.2,
    walkers: 6,
    seed: 5,
    minimize: { rmsGradient: 1e-6, maxStep: 0.5 },
    screen: { landscape: model.withGpu(gpu!) },
  });
  assert.ok(db.minima.length >= 2, `${db.minima.length} minima`);
  const g = new Float64Array(model.dim);
  for (const m of db.minima) {
    model.energy(m.x, g);
    const rms = Math.sqrt(g.reduce((s, v) => s + v * v, 0) / g.length);
    assert.ok(rms <= 1e-6, `minimum ${m.id}: float64 RMS gradient ${rms}`);
    assert.ok(symmetricEigen(hessian(model, m.x), model.dim).values[0] > -1e-8);
    assert.equal(m.index, 0);
  }
});
