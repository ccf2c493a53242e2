import assert from "node:assert/strict";
import { MaternGP } from "../../lib/models/gp.ts";
import { maternConstants, maternExact, MaternTable } from "../../lib/special/matern.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { assertClose } from "../helpers.ts";

// Fixtures: tests/fixtures/gen_gp.py (scikit-learn GaussianProcessRegressor).
const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/gp_sklearn.json", import.meta.url)),
);
const n = fx.X.length, d = fx.X[0].length;
const data = { X: Float64Array.from(fx.X.flat()), n, d, y: Float64Array.from(fx.y) };
const Xs = Float64Array.from(fx.Xs.flat());

interface Case {
  nu: number;
  ard: boolean;
  theta: number[];
  nlml: number;
  mean: number[];
  std: number[];
}

Deno.test("NLML matches scikit-learn to 1e-8 relative (ν = 0.5, 1.5, 2.5 and general ν; isotropic and ARD)", () => {
  for (const c of fx.cases as Case[]) {
    // ν free: θ carries ν as its last component.
    const gp = new MaternGP(data, { ard: c.ard });
    const e = gp.energy(Float64Array.from([...c.theta, c.nu]));
    assertClose(e, c.nlml, { rel: 1e-8 }, `ν=${c.nu} ard=${c.ard}`);
    assert.equal(gp.lastJitter, 0);
    // ν fixed: same number.
    const gpFixed = new MaternGP(data, { ard: c.ard, nu: c.nu });
    assertClose(
      gpFixed.energy(Float64Array.from(c.theta)),
      c.nlml,
      { rel: 1e-8 },
      `fixed ν=${c.nu}`,
    );
  }
});

Deno.test("predictions match scikit-learn (mean and std including noise) to 1e-8", () => {
  for (const c of fx.cases as Case[]) {
    const gp = new MaternGP(data, { ard: c.ard, nu: c.nu });
    const pr = gp.predict(Float64Array.from(c.theta), Xs);
    for (let a = 0; a < c.mean.length; a++) {
      assertClose(pr.mean[a], c.mean[a], { abs: 1e-9, rel: 1e-8 }, `mean ν=${c.nu}`);
      assertClose(Math.sqrt(pr.variance[a]), c.std[a], { abs: 1e-9, rel: 1e-8 }, `std ν=${c.nu}`);
    }
  }
});

Deno.test("gradient matches central finite differences to 1e-6 relative in every component, ν included", () => {
  const rng = new Rng(Date.now() % 1e9);
  for (const ard of [false, true]) {
    const gp = new MaternGP(data, { ard });
    for (let trial = 0; trial < 4; trial++) {
      const th = new Float64Array(gp.dim);
      for (let k = 0; k < gp.dim; k++) {
        const nm = gp.names[k];
        th[k] = nm === "nu"
          ? rng.range(0.3, 4)
          : nm === "log_noise_variance"
          ? rng.range(-5, -1)
          : rng.range(-0.7, 0.7);
      }
      const g = new Float64Array(gp.dim);
      gp.energy(th, g);
      const gnorm = Math.hypot(...g);
      for (let k = 0; k < gp.dim; k++) {
        // Richardson-extrapolated central difference (error O(h⁴)).
        const f = (h: number) => {
          const a = new Float64Array(th), b = new Float64Array(th);
          a[k] += h;
          b[k] -= h;
          return (gp.energy(a) - gp.energy(b)) / (2 * h);
        };
        const h = 1e-3;
        const fd = (4 * f(h / 2) - f(h)) / 3;
        assertClose(
          g[k],
          fd,
          { abs: 1e-7 * Math.max(1, gnorm), rel: 1e-6 },
          `${gp.names[k]} at θ=${[...th]}`,
        );
      }
    }
  }
});

Deno.test("MaternTable agrees with exact float64 evaluation and closed forms", () => {
  const rng = new Rng(11);
  const out = new Float64Array(3);
  for (const nu of [0.05, 0.5, 1.2, 1.5, 2.5, 7.3]) {
    const t = new MaternTable(nu);
    for (let i = 0; i < 400; i++) {
      const u = Math.exp(rng.range(Math.log(1e-9), Math.log(60)));
      t.eval(u, out);
      const ex = maternExact(maternConstants(nu), u);
      // ∂c/∂ν at tiny u is a difference of two terms of size ≈ |ln u| ≈ 20: ~1e-14 absolute noise.
      for (let q = 0; q < 3; q++) {
        assertClose(
          out[q],
          ex[q],
          { abs: q === 2 ? 5e-14 : 1e-14, rel: 1e-12 },
          `ν=${nu} u=${u} [${q}]`,
        );
      }
    }
  }
  const t = new MaternTable(1.5);
  for (const u of [0.01, 0.5, 3, 20]) {
    t.eval(u, out);
    assertClose(out[0], (1 + u) * Math.exp(-u), { abs: 1e-15, rel: 1e-13 });
    assertClose(out[1], u * u * Math.exp(-u), { abs: 1e-15, rel: 1e-13 }); // −u·dc/du
  }
});

Deno.test("bad input: ν ≤ 0, non-finite θ, n < 3, duplicate inputs with zero noise → one-line UserError", () => {
  const oneLine = (fn: () => unknown, re: RegExp) =>
    assert.throws(
      fn,
      (e: Error) => e instanceof UserError && re.test(e.message) && !e.message.includes("\n"),
    );
  const gp = new MaternGP(data);
  oneLine(() => gp.energy(Float64Array.from([0, 0, -2, 0])), /ν must be > 0/);
  oneLine(() => gp.energy(Float64Array.from([0, 0, -2, -1])), /ν must be > 0/);
  oneLine(
    () => gp.energy(Float64Array.from([NaN, 0, -2, 1.5])),
    /θ\[0\] \(log_lengthscale\) is not finite/,
  );
  oneLine(() => new MaternGP(data, { nu: 0 }), /ν must be > 0/);
  oneLine(
    () => new MaternGP({ X: new Float64Array([1, 2]), n: 2, d: 1, y: new Float64Array([1, 2]) }),
    /at least 3 data points/,
  );
  oneLine(
    () =>
      new MaternGP({ X: new Float64Array([1, 2, 1]), n: 3, d: 1, y: new Float64Array([1, 2, 3]) }, {
        noise: 0,
      }),
    /rows 1 and 3 have identical inputs/,
  );
});

Deno.test("near-singular K: jitter escalation is reported, the NLML stays finite", () => {
  // Duplicate inputs and a vanishing noise variance: K is singular without jitter.
  const X = new Float64Array([0, 0.5, 0.5, 1, 2]), y = new Float64Array([1, 2, 2.1, 0, 3]);
  const gp = new MaternGP({ X, n: 5, d: 1, y }, { nu: 2.5 });
  const e = gp.energy(Float64Array.from([0, 0, -60]));
  assert.ok(Number.isFinite(e));
  assert.ok(gp.lastJitter > 0);
});
