import assert from "node:assert/strict";
import { compareOutputs, formatParity } from "../../lib/gpu/parity.ts";
import { MaternGP } from "../../lib/models/gp.ts";
import { maternPairsCpu, maternPairsGpu, pairCount } from "../../lib/models/matern_batch.ts";
import { Rng } from "../../lib/util/random.ts";
import { assertClose, gpuTestOptions, testGpu } from "../helpers.ts";

const gpu = await testGpu();
const ignore = gpu === null;

Deno.test({
  name:
    "matern.wgsl: parity with the float64 twin on fresh random inputs (c ≤ 2e-6; g, dc/dν ≤ 1e-5·max(1,|v|))",
  ignore,
  ...gpuTestOptions,
}, async () => {
  const seed = Date.now() % 1e9;
  const rng = new Rng(seed);
  const n = 90, d = 3;
  const x = rng.normalArray(n * d);
  const members = Array.from({ length: 12 }, () => ({
    nu: Math.exp(rng.range(Math.log(0.05), Math.log(30))),
    lengthscale: Array.from({ length: d }, () => Math.exp(rng.range(-3, 3))),
  }));
  // Duplicate one row so the r = 0 branch is exercised.
  x.set(x.subarray(0, d), d);
  const cpu = maternPairsCpu({ x, n, d, members });
  const gpuOut = await maternPairsGpu(gpu!, { x, n, d, members });
  const P = pairCount(n);
  const tol = [{ abs: 2e-6, rel: 0 }, { abs: 1e-5, rel: 1e-5 }, { abs: 1e-5, rel: 1e-5 }];
  ["c", "g", "dc/dν"].forEach((name, q) => {
    const a: number[] = [], b: number[] = [];
    for (let m = 0; m < members.length; m++) {
      for (let p = 0; p < P; p++) {
        a.push(gpuOut[(m * 3 + q) * P + p]);
        b.push(cpu[(m * 3 + q) * P + p]);
      }
    }
    const r = compareOutputs(name, a, b, tol[q]);
    assert.ok(r.pass, `seed ${seed}: ${formatParity(r)}`);
  });
});

Deno.test({
  name: "MaternGP.energyBatch on the GPU agrees with float64 energy",
  ignore,
  ...gpuTestOptions,
}, async () => {
  const rng = new Rng(Date.now() % 1e9);
  const n = 60, d = 2;
  const X = rng.uniformArray(n * d, -2, 2);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * X[2 * i]) + 0.1 * rng.normal());
  for (const ard of [false, true]) {
    const cpu = new MaternGP({ X, n, d, y }, { ard });
    const gp = new MaternGP({ X, n, d, y }, { ard, gpu });
    const B = 6;
    const xs = new Float64Array(B * gp.dim);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < gp.dim; k++) {
        const nm = gp.names[k];
        xs[b * gp.dim + k] = nm === "nu"
          ? rng.range(0.3, 5)
          : nm === "log_noise_variance"
          ? rng.range(-4, -1)
          : rng.range(-1, 0.5);
      }
    }
    const grads = new Float64Array(B * gp.dim);
    const e = await gp.energyBatch(xs, grads);
    for (let b = 0; b < B; b++) {
      const gref = new Float64Array(gp.dim);
      const eref = cpu.energy(xs.subarray(b * gp.dim, (b + 1) * gp.dim), gref);
      // f32 kernel matrices: NLML to ~1e-4 absolute at this size and conditioning.
      assertClose(e[b], eref, { abs: 2e-3, rel: 1e-4 }, `NLML member ${b}`);
      const gnorm = Math.hypot(...gref);
      for (let k = 0; k < gp.dim; k++) {
        assertClose(
          grads[b * gp.dim + k],
          gref[k],
          { abs: 2e-3 * Math.max(1, gnorm) },
          `∂/∂${gp.names[k]}`,
        );
      }
    }
  }
});
