/**
 * MLP loss + gradient for a batch of parameter vectors (issue 6's benchmark): B = 4096 vectors,
 * N = 256 points, an 8-32-3 network. WGSL (f32, whatever adapter is present), the float64 CPU path
 * (MlpLandscape.energy per member, timed on 64 members and scaled; its loops and its OpenBLAS dgemm
 * kernels), and numpy's batched einsum
 * (bench/peers/numpy_mlp.py) in the same run. Run: `deno task bench:mlp [--batch B]`.
 */
import { getGpu } from "../lib/gpu/device.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { mlpBatchGpu } from "../lib/models/mlp_gpu.ts";
import { Rng } from "../lib/util/random.ts";
import { blasKernels } from "../lib/linalg/blas.ts";

const B = Number(Deno.args[Deno.args.indexOf("--batch") + 1] || 4096) || 4096;
const N = 256, I = 8, H = 32, O = 3;
const rng = new Rng(1);
const X = rng.normalArray(N * I), labels = Int32Array.from({ length: N }, () => rng.int(O));
const m = new MlpLandscape({ X, n: N, d: I, labels }, { hidden: H, outputs: O, lambda: 1e-4 });
const ws = new Float64Array(B * m.dim);
for (let i = 0; i < ws.length; i++) ws[i] = 0.3 * rng.normal();
const flops = B * N * (4 * I * H + 6 * O * H + 10 * H); // multiply-adds ×2, forward + backward
const rows: string[] = [];
const ctx = await getGpu({ quiet: true });
if (ctx) {
  const t0 = performance.now();
  await mlpBatchGpu(
    ctx,
    { X, n: N, labels, layout: m.layout, lambda: 1e-4 },
    ws.subarray(0, m.dim * 4),
  ); // compile
  const compile = (performance.now() - t0) / 1000;
  const t = performance.now();
  await mlpBatchGpu(ctx, { X, n: N, labels, layout: m.layout, lambda: 1e-4 }, ws);
  const s = (performance.now() - t) / 1000;
  rows.push(
    `| WGSL f32 (${ctx.description}; shader generation + compile once: ${compile.toFixed(2)} s) | ${
      s.toFixed(3)
    } | ${(flops / s / 1e9).toFixed(2)} |`,
  );
}
const g = new Float64Array(m.dim);
const k = Math.min(B, 64);
// The float64 path both ways: the loops, and OpenBLAS dgemm (the default above 200 weights).
for (const blas of blasKernels()?.gemm ? [false, true] : [false]) {
  const mk = new MlpLandscape({ X, n: N, d: I, labels }, {
    hidden: H,
    outputs: O,
    lambda: 1e-4,
    blas,
  });
  const t = performance.now();
  for (let b = 0; b < k; b++) mk.energy(ws.subarray(b * m.dim, (b + 1) * m.dim), g);
  const cpu = (performance.now() - t) / 1000 * (B / k);
  rows.push(
    `| CPU float64, ${mk.kernels} (one thread; ${k} members timed, scaled to ${B}) | ${
      cpu.toFixed(3)
    } | ${(flops / cpu / 1e9).toFixed(2)} |`,
  );
}
const out = await new Deno.Command("/usr/bin/python3", {
  args: [
    new URL("./peers/numpy_mlp.py", import.meta.url).pathname,
    String(B),
    String(N),
    String(I),
    String(H),
    String(O),
  ],
  stdout: "piped",
}).output();
const np = JSON.parse(new TextDecoder().decode(out.stdout));
rows.push(
  `| numpy einsum (python3-numpy) | ${np.seconds_min.toFixed(3)} | ${
    (flops / np.seconds_min / 1e9).toFixed(2)
  } |`,
);
console.log(
  `B = ${B}, N = ${N}, ${I}-${H}-${O} network, loss + gradient of every member (${
    (flops / 1e9).toFixed(2)
  } GFLOP)\n`,
);
console.log("| path | seconds per batch | GFLOP/s |\n| --- | --- | --- |\n" + rows.join("\n"));

// −appAUC (shaders/mlp_auc.wgsl) against its float64 twin: the same B, N and inputs, 8-32-2.
const labels2 = Int32Array.from({ length: N }, (_, i) => (i < 2 ? i : rng.int(2)));
const mAuc = new MlpLandscape({ X, n: N, d: I, labels: labels2 }, {
  hidden: H,
  outputs: 2,
  lambda: 1e-4,
  loss: "auc",
});
const wa = new Float64Array(B * mAuc.dim);
for (let i = 0; i < wa.length; i++) wa[i] = 0.3 * rng.normal();
const aucRows: string[] = [];
if (ctx) {
  const input = {
    X,
    n: N,
    labels: labels2,
    layout: mAuc.layout,
    lambda: 1e-4,
    loss: "auc" as const,
  };
  await mlpBatchGpu(ctx, input, wa.subarray(0, mAuc.dim * 4)); // compile
  const t = performance.now();
  await mlpBatchGpu(ctx, input, wa);
  aucRows.push(
    `| WGSL f32 (${ctx.description}) | ${((performance.now() - t) / 1000).toFixed(3)} |`,
  );
}
{
  const g2 = new Float64Array(mAuc.dim);
  const t = performance.now();
  for (let b = 0; b < k; b++) mAuc.energy(wa.subarray(b * mAuc.dim, (b + 1) * mAuc.dim), g2);
  aucRows.push(
    `| CPU float64 (one thread; ${k} members timed, scaled to ${B}) | ${
      ((performance.now() - t) / 1000 * (B / k)).toFixed(3)
    } |`,
  );
}
console.log(
  `\n−appAUC, B = ${B}, N = ${N} (${N * N / 4} pairs), ${I}-${H}-2 network, loss + gradient\n`,
);
console.log("| path | seconds per batch |\n| --- | --- |\n" + aucRows.join("\n"));

// The float64 kernels of the large-network landscape work (basin-hopping, saddle searches,
// Lanczos checks): one loss + gradient and one exact H·v on a 61-10-10 network with 1,258 rows
// (the digits study's shape, random inputs), loops against OpenBLAS dgemm.
{
  const n = 1258, d = 61;
  const Xd = rng.normalArray(n * d), yd = Int32Array.from({ length: n }, () => rng.int(10));
  const kRows: string[] = [];
  for (const blas of blasKernels()?.gemm ? [false, true] : [false]) {
    const md = new MlpLandscape({ X: Xd, n, d, labels: yd }, { hidden: 10, outputs: 10, blas });
    const w = Float64Array.from(rng.normalArray(md.dim), (x) => 0.3 * x);
    const v = rng.normalArray(md.dim), out = new Float64Array(md.dim);
    const time = (f: () => void) => {
      f();
      const t = performance.now();
      for (let r = 0; r < 100; r++) f();
      return (performance.now() - t) / 100;
    };
    // A new w each call (as in a minimisation), and many products at one w (as in Lanczos).
    let k = 0;
    const moved = () => {
      w[k % w.length] += 1e-9;
      k++;
      return w;
    };
    const tg = time(() => md.energy(moved(), out));
    const th = time(() => md.hessianVector(moved(), v, out));
    const th1 = time(() => md.hessianVector(w, v, out));
    kRows.push(`| ${md.kernels} | ${tg.toFixed(2)} | ${th.toFixed(2)} | ${th1.toFixed(2)} |`);
  }
  console.log(
    `\n61-10-10 network (730 weights), n = ${n}, float64, one thread, mean of 100 calls\n`,
  );
  console.log(
    "| kernels | loss + gradient, ms | H·v, ms | H·v at one point, ms |\n| --- | --- | --- | --- |\n" +
      kRows.join("\n"),
  );
}
