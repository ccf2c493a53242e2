/**
 * GPU benchmarks: dispatch+readback latency, and each kernel (sqdist, matern, mlp, mlp_auc)
 * against its float64 CPU twin in the same group. Run with `deno task bench`; on a machine without
 * an adapter (or with ELML_DEVICE=cpu) only the CPU rows run.
 */
import { getGpu } from "../lib/gpu/device.ts";
import { getKernel } from "../lib/gpu/pipeline.ts";
import { dispatch } from "../lib/gpu/dispatch.ts";
import { outputBuffer, uniformBuffer } from "../lib/gpu/buffers.ts";
import { pairwiseSqDistCpu, pairwiseSqDistGpu } from "../lib/gpu/sqdist.ts";
import { Rng } from "../lib/util/random.ts";
import { maternPairsCpu, maternPairsGpu } from "../lib/models/matern_batch.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { mlpBatchGpu } from "../lib/models/mlp_gpu.ts";
import selftestCode from "../shaders/selftest.wgsl" with { type: "text" };

const ctx = await getGpu({ quiet: true });
const rng = new Rng(1);
const n = 256, d = 4, batch = 8;
const input = {
  x: rng.normalArray(n * d),
  n,
  d,
  invLengthscale: rng.uniformArray(batch * d, 0.2, 3),
  batch,
};

if (ctx) {
  const kernel = await getKernel(ctx, {
    name: "selftest.wgsl",
    code: selftestCode,
    entryPoint: "arith",
  });
  const params = uniformBuffer(ctx, new Uint32Array([0, 0, 0, 0]));
  const a = outputBuffer(ctx, 4), b = outputBuffer(ctx, 4), out = outputBuffer(ctx, 16);
  Deno.bench(
    { name: "dispatch + one readback (1 workgroup, 64 B)", group: "latency" },
    async () => {
      await dispatch(ctx, [{ kernel, bindings: [params, a, b, out], workgroups: [1] }], [{
        buffer: out,
        bytes: 64,
      }]);
    },
  );
}

Deno.bench({
  name: `sqdist CPU float64 (n=${n}, d=${d}, batch=${batch})`,
  group: "sqdist",
  baseline: true,
}, () => {
  pairwiseSqDistCpu(input);
});

if (ctx) {
  Deno.bench(
    { name: `sqdist WebGPU f32 (n=${n}, d=${d}, batch=${batch})`, group: "sqdist" },
    async () => {
      await pairwiseSqDistGpu(ctx, input);
    },
  );
}

// matern.wgsl against its float64 twin: 16 hyperparameter points, n = 128 points in 2-D.
const members = Array.from(
  { length: 16 },
  (_, b) => ({ nu: 0.3 + 0.25 * b, lengthscale: [0.7, 1.3] }),
);
const maternInput = { x: rng.normalArray(128 * 2), n: 128, d: 2, members };
Deno.bench({
  name: "matern CPU float64 twin (n=128, d=2, batch=16)",
  group: "matern",
  baseline: true,
}, () => {
  maternPairsCpu(maternInput);
});
if (ctx) {
  Deno.bench(
    { name: "matern.wgsl WebGPU f32 (n=128, d=2, batch=16)", group: "matern" },
    async () => {
      await maternPairsGpu(ctx, maternInput);
    },
  );
}

// mlp.wgsl and mlp_auc.wgsl against their float64 twin (MlpLandscape.energy per member): 256
// parameter vectors of a 4-16-2 network over 128 points (bench/mlp_compare.ts has the large case).
const mlpN = 128, mlpB = 256;
const mlpX = rng.normalArray(mlpN * 4);
const mlpLabels = Int32Array.from({ length: mlpN }, (_, i) => i % 2);
for (const loss of ["ce", "auc"] as const) {
  const m = new MlpLandscape({ X: mlpX, n: mlpN, d: 4, labels: mlpLabels }, {
    hidden: 16,
    lambda: 1e-4,
    loss,
  });
  const ws = Float64Array.from({ length: mlpB * m.dim }, () => 0.3 * rng.normal());
  const grad = new Float64Array(m.dim);
  const label = loss === "ce" ? "mlp.wgsl (cross-entropy)" : "mlp_auc.wgsl (appAUC)";
  Deno.bench({
    name: `${label} CPU float64 twin (4-16-2, n=${mlpN}, batch=${mlpB})`,
    group: `mlp-${loss}`,
    baseline: true,
  }, () => {
    for (let b = 0; b < mlpB; b++) m.energy(ws.subarray(b * m.dim, (b + 1) * m.dim), grad);
  });
  if (ctx) {
    const input = { X: mlpX, n: mlpN, labels: mlpLabels, layout: m.layout, lambda: 1e-4, loss };
    Deno.bench(
      { name: `${label} WebGPU f32 (4-16-2, n=${mlpN}, batch=${mlpB})`, group: `mlp-${loss}` },
      async () => {
        await mlpBatchGpu(ctx, input, ws);
      },
    );
  }
}
