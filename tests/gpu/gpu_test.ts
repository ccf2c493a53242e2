import assert from "node:assert/strict";
import { getBackend } from "../../lib/gpu/device.ts";
import { runSelfTests } from "../../lib/gpu/selftest.ts";
import { pairwiseSqDistCpu, pairwiseSqDistGpu } from "../../lib/gpu/sqdist.ts";
import { compareOutputs } from "../../lib/gpu/parity.ts";
import { getKernel } from "../../lib/gpu/pipeline.ts";
import { dispatch } from "../../lib/gpu/dispatch.ts";
import { outputBuffer, storageBuffer, toF32, uniformBuffer } from "../../lib/gpu/buffers.ts";
import { GpuError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { gpuTestOptions, testGpu } from "../helpers.ts";
import sqdistCode from "../../shaders/sqdist.wgsl" with { type: "text" };

const gpu = await testGpu();
const ignore = gpu === null;

Deno.test("backend: --cpu never requests an adapter", async () => {
  const b = await getBackend({ cpu: true, quiet: true });
  assert.equal(b.kind, "cpu");
});

Deno.test(
  { name: "self-tests: loop probe and arithmetic parity", ignore, ...gpuTestOptions },
  async () => {
    const r = await runSelfTests(gpu!);
    assert.ok(r.arithmeticPass, JSON.stringify(r.arithmetic.filter((a) => !a.pass)));
    // Either the loop ran to completion or it was cut at llvmpipe's documented cap.
    assert.ok(
      r.loopCompleted === r.loopProbe || r.loopCompleted === 65535,
      `loop completed ${r.loopCompleted}`,
    );
    assert.equal(gpu!.maxLoopIterations, r.loopTruncated ? r.loopCompleted : Infinity);
  },
);

Deno.test({
  name: "sqdist.wgsl: parity with float64 twin on fresh random inputs",
  ignore,
  ...gpuTestOptions,
}, async () => {
  const rng = new Rng(Date.now() % 1e9);
  for (const [n, d, batch] of [[37, 3, 2], [100, 7, 3]]) {
    const input = {
      x: rng.normalArray(n * d),
      n,
      d,
      invLengthscale: rng.uniformArray(batch * d, 0.1, 3),
      batch,
    };
    const g = await pairwiseSqDistGpu(gpu!, input);
    const r = compareOutputs("sqdist", g, pairwiseSqDistCpu(input), { abs: 1e-5, rel: 2e-6 });
    assert.ok(r.pass, JSON.stringify(r));
    assert.equal(r.nonFinite, 0);
  }
});

Deno.test({
  name: "poisoned outputs: an unwritten element fails parity",
  ignore,
  ...gpuTestOptions,
}, async () => {
  // Dispatch only one 16×16 tile of a 40×40 problem: the rest must stay poisoned and be caught.
  const ctx = gpu!;
  const rng = new Rng(5);
  const n = 40, d = 2;
  const x = rng.normalArray(n * d), s = new Float64Array([1, 1]);
  const kernel = await getKernel(ctx, {
    name: "sqdist.wgsl",
    code: sqdistCode,
    entryPoint: "main",
  });
  const out = outputBuffer(ctx, n * n);
  const [res] = await dispatch(ctx, [{
    kernel,
    bindings: [
      uniformBuffer(ctx, new Uint32Array([n, d, 1, 0])),
      storageBuffer(ctx, toF32(x)),
      storageBuffer(ctx, toF32(s)),
      out,
    ],
    workgroups: [1, 1, 1],
  }], [{ buffer: out, bytes: n * n * 4 }]);
  const r = compareOutputs(
    "partial",
    new Float32Array(res),
    pairwiseSqDistCpu({ x, n, d, invLengthscale: s, batch: 1 }),
    {
      abs: 1e-5,
      rel: 1e-5,
    },
  );
  assert.equal(r.pass, false);
  assert.equal(r.nonFinite, n * n - 16 * 16);
});

Deno.test({
  name: "validation errors become GpuError naming the shader",
  ignore,
  ...gpuTestOptions,
}, async () => {
  await assert.rejects(
    getKernel(gpu!, {
      name: "broken.wgsl",
      code: "@compute @workgroup_size(1) fn main() { let x: f32 = oops; }",
      entryPoint: "main",
    }),
    (e: Error) => e instanceof GpuError && e.message.includes("broken.wgsl"),
  );
});

Deno.test("compareOutputs: tolerance arithmetic", () => {
  const r = compareOutputs("t", [1.0, 2.001, NaN], [1, 2, 3], { abs: 0, rel: 1e-3 });
  assert.equal(r.failures, 1);
  assert.equal(r.nonFinite, 1);
  const ok = compareOutputs("t", [1.0, 2.001], [1, 2], { abs: 0, rel: 1e-3 });
  assert.ok(ok.pass);
});
