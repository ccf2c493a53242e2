import assert from "node:assert/strict";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { assertClose } from "../helpers.ts";
import { blasKernels } from "../../lib/linalg/blas.ts";

// Fixture: tests/fixtures/gen_mlp.py (an independent numpy implementation, numerical gradients).
const fx = JSON.parse(await Deno.readTextFile(new URL("../fixtures/mlp.json", import.meta.url)));

interface Case {
  loss: "ce" | "auc";
  beta?: number;
  I: number;
  H: number;
  O: number;
  lambda: number;
  X: number[];
  labels: number[];
  w: number[];
  energy: number;
  grad: number[];
}

function build(c: Case): MlpLandscape {
  const n = c.labels.length;
  return new MlpLandscape({
    X: Float64Array.from(c.X),
    n,
    d: c.I,
    labels: Int32Array.from(c.labels),
  }, {
    hidden: c.H,
    outputs: c.O,
    lambda: c.lambda,
    loss: c.loss,
    beta: c.beta,
  });
}

Deno.test("MLP loss and gradient match the numpy reference (cross-entropy and appAUC)", () => {
  for (const c of fx.cases as Case[]) {
    const m = build(c);
    const g = new Float64Array(m.dim);
    const e = m.energy(Float64Array.from(c.w), g);
    assertClose(e, c.energy, { rel: 1e-12, abs: 1e-14 }, `${c.loss} energy`);
    const gn = Math.hypot(...c.grad);
    for (let i = 0; i < m.dim; i++) {
      assertClose(g[i], c.grad[i], { abs: 1e-8 * Math.max(1, gn) }, `${c.loss} grad[${i}]`);
    }
  }
});

Deno.test("MLP exact Hessian-vector product (R-operator) matches central differences of the gradient", () => {
  const c = (fx.cases as Case[]).find((k) => k.loss === "ce")!;
  const m = build(c);
  const rng = new Rng(Date.now() % 1e9);
  const w = Float64Array.from(c.w), v = rng.normalArray(m.dim);
  const hv = new Float64Array(m.dim);
  m.hessianVector(w, v, hv);
  const h = 1e-5, gp = new Float64Array(m.dim), gm = new Float64Array(m.dim);
  m.energy(Float64Array.from(w, (x, i) => x + h * v[i]), gp);
  m.energy(Float64Array.from(w, (x, i) => x - h * v[i]), gm);
  const norm = Math.hypot(...hv);
  for (let i = 0; i < m.dim; i++) {
    assertClose(hv[i], (gp[i] - gm[i]) / (2 * h), { abs: 1e-6 * Math.max(1, norm) }, `Hv[${i}]`);
  }
});

Deno.test("MLP symmetry: permuted and sign-flipped copies have the same loss and the same canonical form", () => {
  const c = (fx.cases as Case[]).find((k) => k.loss === "ce")!;
  const m = build(c);
  const L = m.layout, H = L.hidden, I = L.inputs, O = L.outputs;
  const w = Float64Array.from(c.w);
  const rng = new Rng(11);
  for (let trial = 0; trial < 10; trial++) {
    const perm = rng.shuffle(Array.from({ length: H }, (_, j) => j));
    const flip = Array.from({ length: H }, () => (rng.uniform() < 0.5 ? -1 : 1));
    const u = new Float64Array(w);
    perm.forEach((src, j) => {
      const s = flip[j];
      u[L.b1 + j] = s * w[L.b1 + src];
      for (let k = 0; k < I; k++) u[L.w1 + j * I + k] = s * w[L.w1 + src * I + k];
      for (let o = 0; o < O; o++) u[L.w2 + o * H + j] = s * w[L.w2 + o * H + src];
    });
    assertClose(m.energy(u), m.energy(w), { rel: 1e-13 });
    assert.deepEqual(Array.from(m.canonicalize(u)), Array.from(m.canonicalize(w)));
  }
});

Deno.test("MLP bad input: one class, more classes than outputs, appAUC on 3 classes → one-line errors", () => {
  const X = new Float64Array([0, 1, 2, 3]);
  const mk = (labels: number[], opts = {}) => () =>
    new MlpLandscape({ X, n: 4, d: 1, labels: Int32Array.from(labels) }, { hidden: 2, ...opts });
  assert.throws(
    mk([1, 1, 1, 1]),
    (e: Error) => e instanceof UserError && /single class/.test(e.message),
  );
  assert.throws(
    mk([0, 1, 2, 2], { outputs: 2 }),
    (e: Error) =>
      e instanceof UserError && /labels go up to 2 but the network has 2 outputs/.test(e.message),
  );
  assert.throws(
    mk([0, 1, 2, 2], { loss: "auc" }),
    (e: Error) => e instanceof UserError && /appAUC needs a binary problem/.test(e.message),
  );
});

Deno.test("MLP align: recovers a permuted, sign-flipped copy exactly and never increases the distance", () => {
  const c = (fx.cases as Case[]).find((k) => k.loss === "ce")!;
  const m = build(c);
  const L = m.layout, H = L.hidden, I = L.inputs, O = L.outputs;
  const w = Float64Array.from(c.w);
  const rng = new Rng(12);
  const perm = rng.shuffle(Array.from({ length: H }, (_, j) => j));
  const u = new Float64Array(w);
  perm.forEach((src, j) => {
    const s = j % 2 ? -1 : 1;
    u[L.b1 + j] = s * w[L.b1 + src];
    for (let k = 0; k < I; k++) u[L.w1 + j * I + k] = s * w[L.w1 + src * I + k];
    for (let o = 0; o < O; o++) u[L.w2 + o * H + j] = s * w[L.w2 + o * H + src];
  });
  assert.deepEqual(Array.from(m.align(u, w)), Array.from(w));
  const other = rng.normalArray(m.dim);
  const d = (a: Float64Array, b: Float64Array) => Math.hypot(...a.map((v, i) => v - b[i]));
  assert.ok(d(m.align(other, w), w) <= d(other, w) + 1e-12);
  assertClose(m.energy(m.align(other, w)), m.energy(other), { rel: 1e-13 });
});

Deno.test("MLP blocked kernels: gradient and Hessian-vector product match central differences on random networks (block edges, odd sample counts, unpenalised biases)", () => {
  const rng = new Rng(Date.now() % 1e9);
  // H = 5 and 9 exercise the four-unit blocks and their remainders; n = 301 crosses the 256-sample
  // block with an odd tail.
  for (const [n, I, H, O, exclude] of [[301, 7, 5, 3, false], [37, 4, 9, 2, true]] as const) {
    const X = rng.normalArray(n * I);
    const labels = Int32Array.from({ length: n }, (_, s) => s % O);
    const m = new MlpLandscape({ X, n, d: I, labels }, {
      hidden: H,
      lambda: 1e-3,
      excludeBiasesFromPenalty: exclude,
    });
    const w = Float64Array.from(rng.normalArray(m.dim), (x) => 0.7 * x);
    const v = rng.normalArray(m.dim);
    const g = new Float64Array(m.dim), hv = new Float64Array(m.dim);
    m.energy(w, g);
    m.hessianVector(w, v, hv);
    const h = 1e-5, gp = new Float64Array(m.dim), gm = new Float64Array(m.dim);
    const shifted = (sign: number, i = -1) =>
      Float64Array.from(w, (x, q) => x + sign * h * (i < 0 ? v[q] : q === i ? 1 : 0));
    m.energy(shifted(1), gp);
    m.energy(shifted(-1), gm);
    const hn = Math.hypot(...hv), gn = Math.hypot(...g);
    for (let i = 0; i < m.dim; i++) {
      assertClose(hv[i], (gp[i] - gm[i]) / (2 * h), { abs: 1e-7 * Math.max(1, hn) }, `Hv[${i}]`);
      const fd = (m.energy(shifted(1, i)) - m.energy(shifted(-1, i))) / (2 * h);
      assertClose(g[i], fd, { abs: 1e-8 * Math.max(1, gn) }, `grad[${i}]`);
    }
  }
});

Deno.test({
  name:
    "MLP OpenBLAS kernels: loss, gradient and H·v equal the loops on random networks, and the numpy reference",
  ignore: !blasKernels()?.gemm,
}, () => {
  const rng = new Rng(Date.now() % 1e9);
  for (const [n, I, H, O, exclude] of [[301, 7, 5, 3, false], [37, 4, 9, 2, true]] as const) {
    const X = rng.normalArray(n * I);
    const labels = Int32Array.from({ length: n }, (_, s) => s % O);
    const make = (blas: boolean) =>
      new MlpLandscape({ X, n, d: I, labels }, {
        hidden: H,
        lambda: 1e-3,
        excludeBiasesFromPenalty: exclude,
        blas,
      });
    const loops = make(false), blas = make(true);
    assert.equal(loops.kernels, "loops");
    assert.equal(blas.kernels, "openblas");
    const w = Float64Array.from(rng.normalArray(loops.dim), (x) => 0.7 * x);
    const v = rng.normalArray(loops.dim);
    const g0 = new Float64Array(loops.dim), g1 = new Float64Array(loops.dim);
    assertClose(blas.energy(w, g1), loops.energy(w, g0), { rel: 1e-13 });
    assertClose(blas.energy(w), loops.energy(w), { rel: 1e-13 });
    const h0 = new Float64Array(loops.dim), h1 = new Float64Array(loops.dim);
    const hv2 = new Float64Array(loops.dim), hv3 = new Float64Array(loops.dim);
    loops.hessianVector(w, v, h0);
    blas.hessianVector(w, v, h1);
    const gn = Math.hypot(...g0), hn = Math.hypot(...h0);
    for (let i = 0; i < loops.dim; i++) {
      assertClose(g1[i], g0[i], { abs: 1e-13 * Math.max(1, gn) }, `grad[${i}]`);
      assertClose(h1[i], h0[i], { abs: 1e-12 * Math.max(1, hn) }, `Hv[${i}]`);
    }
    // The kept forward pass follows w: changed in place, and a second H·v at the new point.
    w[0] += 0.05;
    w[w.length - 1] -= 0.05;
    assertClose(blas.energy(w, g1), loops.energy(w, g0), { rel: 1e-13 });
    loops.hessianVector(w, v, h0);
    blas.hessianVector(w, v, h1);
    blas.hessianVector(w, g0, hv2);
    loops.hessianVector(w, g0, hv3);
    for (let i = 0; i < loops.dim; i++) {
      assertClose(g1[i], g0[i], { abs: 1e-13 * Math.max(1, Math.hypot(...g0)) }, `grad'[${i}]`);
      assertClose(h1[i], h0[i], { abs: 1e-12 * Math.max(1, Math.hypot(...h0)) }, `Hv'[${i}]`);
      assertClose(hv2[i], hv3[i], { abs: 1e-12 * Math.max(1, Math.hypot(...hv3)) }, `Hg[${i}]`);
    }
  }
  for (const c of (fx.cases as Case[]).filter((k) => k.loss === "ce")) {
    const m = new MlpLandscape({
      X: Float64Array.from(c.X),
      n: c.labels.length,
      d: c.I,
      labels: Int32Array.from(c.labels),
    }, { hidden: c.H, outputs: c.O, lambda: c.lambda, blas: true });
    const g = new Float64Array(m.dim);
    assertClose(m.energy(Float64Array.from(c.w), g), c.energy, { rel: 1e-12, abs: 1e-14 });
    const gn = Math.hypot(...c.grad);
    for (let i = 0; i < m.dim; i++) {
      assertClose(g[i], c.grad[i], { abs: 1e-8 * Math.max(1, gn) }, `grad[${i}]`);
    }
  }
});
