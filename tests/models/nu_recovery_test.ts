import assert from "node:assert/strict";
import { maternSample } from "../../lib/data/builtin.ts";
import { selectRows, trainTestSplit } from "../../lib/data/transform.ts";
import { minimize } from "../../lib/landscape/minimize.ts";
import { MaternGP } from "../../lib/models/gp.ts";
import { defaultBounds } from "../../lib/models/gp_bounds.ts";
import { fitMaternGP } from "../../lib/studies/gp/fit.ts";

// The built-in synthetic default (n = 200, ν_true = 1.2, seed 1), split as sweep-nu splits it.
Deno.test("ν recovery on the synthetic default: |ν̂ − ν_true| ≤ 0.35 and held-out NLPD no worse than the best half-integer", () => {
  const { data, truth } = maternSample({ n: 200, seed: 1 });
  const sp = trainTestSplit(200, { seed: 1, testFraction: 0.25 });
  const tr = selectRows(data, sp.train), te = selectRows(data, sp.test);
  const gp = new MaternGP(tr);
  const fit = fitMaternGP(gp, tr.X, { restarts: 4, seed: 1 });
  const nu = fit.best.theta[3];
  assert.ok(Math.abs(nu - truth.nu) <= 0.35, `ν̂ = ${nu}`);
  const mine = gp.testMetrics(fit.best.theta, te.X, te.y);
  const halves = [0.5, 1.5, 2.5].map((h) => {
    const g = new MaternGP(tr, { nu: h });
    const b = defaultBounds(g, tr.X);
    const r = minimize(g, fit.best.theta.subarray(0, 3), { lower: b.lower, upper: b.upper });
    return { nlml: r.energy, metrics: g.testMetrics(r.x, te.X, te.y) };
  });
  const best = halves.reduce((a, b) => (b.nlml < a.nlml ? b : a));
  assert.ok(fit.best.nlml <= best.nlml + 1e-8);
  assert.ok(mine.mnlpd <= best.metrics.mnlpd, `MNLPD ${mine.mnlpd} vs ${best.metrics.mnlpd}`);
});
