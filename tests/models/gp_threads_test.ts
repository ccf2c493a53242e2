import assert from "node:assert/strict";
import { MaternGP } from "../../lib/models/gp.ts";
import { PAIR_BLOCK, pairOfRow, rowBlocks } from "../../lib/models/gp_kernels.ts";
import { closeGpHelpers } from "../../lib/models/gp_threads.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";

function randomData(n: number, d: number, rng: Rng) {
  const X = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * X[i * d]) + 0.2 * rng.normal());
  return { X, n, d, y };
}

Deno.test("rowBlocks covers rows 1..n once, in blocks of about PAIR_BLOCK pairs", () => {
  for (const n of [3, 100, 724, 725, 1000, 2000, 5000]) {
    const rows = rowBlocks(n);
    assert.equal(rows[0], 1);
    assert.equal(rows[rows.length - 1], n);
    const P = n * (n - 1) / 2;
    assert.equal(rows.length - 1, Math.max(1, Math.ceil(P / PAIR_BLOCK)), `n=${n}`);
    for (let b = 0; b + 1 < rows.length; b++) {
      assert.ok(rows[b + 1] > rows[b], `n=${n}: rows must increase`);
      const pairs = pairOfRow(rows[b + 1]) - pairOfRow(rows[b]);
      assert.ok(pairs <= PAIR_BLOCK + n, `n=${n} block ${b}: ${pairs} pairs`);
    }
  }
});

Deno.test("helper threads give bitwise the same NLML and gradient as one thread (iso, ARD, ν fixed)", () => {
  const rng = new Rng(7);
  const cases: { d: number; ard: boolean; nu?: number }[] = [
    { d: 2, ard: false },
    { d: 3, ard: true },
    { d: 2, ard: false, nu: 1.5 },
  ];
  try {
    for (const c of cases) {
      const data = randomData(900, c.d, rng); // 404,550 pairs: two blocks
      const models = [1, 2, 3].map((threads) =>
        new MaternGP(data, { ard: c.ard, nu: c.nu, threads })
      );
      const dim = models[0].dim;
      for (let trial = 0; trial < 3; trial++) {
        const th = Float64Array.from({ length: dim }, () => rng.range(-2, 0.5));
        if (c.nu === undefined) th[dim - 1] = rng.range(0.4, 4);
        const out = models.map((gp) => {
          const g = new Float64Array(dim);
          return { e: gp.energy(th, g), g, used: gp.threadsUsed };
        });
        assert.equal(out[0].used, 1);
        assert.equal(out[1].used, 2, "two threads must run at n = 900");
        for (const o of out.slice(1)) {
          assert.equal(o.e, out[0].e, `NLML, case ${JSON.stringify(c)}`);
          assert.deepEqual(Array.from(o.g), Array.from(out[0].g));
        }
      }
    }
  } finally {
    closeGpHelpers();
  }
});

Deno.test("the blocked, threaded gradient matches central differences at n = 900", () => {
  const rng = new Rng(11);
  try {
    for (const ard of [false, true]) {
      const gp = new MaternGP(randomData(900, 2, rng), { ard, threads: 2 });
      const th = Float64Array.from({ length: gp.dim }, () => rng.range(-1.5, 0));
      th[gp.dim - 1] = 1.3;
      const g = new Float64Array(gp.dim);
      gp.energy(th, g);
      assert.equal(gp.threadsUsed, 2);
      const norm = Math.hypot(...g);
      for (let k = 0; k < gp.dim; k++) {
        const h = 1e-5, a = Float64Array.from(th), b = Float64Array.from(th);
        a[k] += h;
        b[k] -= h;
        const fd = (gp.energy(a) - gp.energy(b)) / (2 * h);
        assert.ok(Math.abs(fd - g[k]) <= 1e-6 * norm, `ard=${ard} k=${k}: ${g[k]} vs ${fd}`);
      }
    }
  } finally {
    closeGpHelpers();
  }
});

Deno.test("threads must be a whole number ≥ 1", () => {
  const data = randomData(5, 1, new Rng(1));
  assert.throws(() => new MaternGP(data, { threads: 0 }), UserError);
  assert.throws(() => new MaternGP(data, { threads: 1.5 }), /whole number/);
});
