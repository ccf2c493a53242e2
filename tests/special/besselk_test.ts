import assert from "node:assert/strict";
import {
  besselKDerivNu,
  besselKDerivX,
  besselKe,
  besselKIntegral,
  besselKParts,
  logBesselK,
} from "../../lib/special/besselk.ts";
import { digamma, logGamma } from "../../lib/special/gamma.ts";
import { assertClose } from "../helpers.ts";

// Fixtures: tests/fixtures/gen_special.py (SciPy kve for values, mpmath for derivatives).
const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/special.json", import.meta.url)),
);

interface Row {
  nu: number;
  x: number;
  kve: number;
  log_k: number;
  dnu_e: number;
  dx_e: number;
}

Deno.test("besselKe: relative error ≤ 1e-12 against SciPy kve over ν ∈ [0.05, 30], x ∈ [1e-8, 700]", () => {
  let worst = 0;
  for (const r of fx.besselk as Row[]) {
    const got = besselKe(r.nu, r.x);
    const rel = Math.abs(got - r.kve) / Math.abs(r.kve);
    worst = Math.max(worst, rel);
    assert.ok(rel <= 1e-12, `ν=${r.nu} x=${r.x}: ${got} vs ${r.kve} (rel ${rel.toExponential(2)})`);
  }
  console.log(`  worst relative error of e^x K_ν: ${worst.toExponential(2)}`);
});

Deno.test("logBesselK: absolute error ≤ 1e-12·max(1, |ln K|) against mpmath", () => {
  for (const r of fx.besselk as Row[]) {
    assertClose(logBesselK(r.nu, r.x), r.log_k, { abs: 1e-12, rel: 1e-12 }, `ν=${r.nu} x=${r.x}`);
  }
});

Deno.test("∂K_ν/∂ν: relative error ≤ 1e-9 against mpmath", () => {
  let worst = 0;
  for (const r of fx.besselk as Row[]) {
    const p = besselKParts(r.nu, r.x);
    const got = p.dnu * Math.exp(p.logScale + r.x);
    const rel = Math.abs(got - r.dnu_e) / Math.abs(r.dnu_e);
    worst = Math.max(worst, rel);
    assert.ok(
      rel <= 1e-9,
      `ν=${r.nu} x=${r.x}: ${got} vs ${r.dnu_e} (rel ${rel.toExponential(2)})`,
    );
  }
  console.log(`  worst relative error of ∂K/∂ν: ${worst.toExponential(2)}`);
});

Deno.test("∂K_ν/∂x: relative error ≤ 1e-12 against mpmath", () => {
  for (const r of fx.besselk as Row[]) {
    const p = besselKParts(r.nu, r.x);
    const got = -(p.km1 + (r.nu / r.x) * p.k) * Math.exp(p.logScale + r.x);
    assertClose(got, r.dx_e, { rel: 1e-12 }, `ν=${r.nu} x=${r.x}`);
  }
});

Deno.test("besselK: the two methods agree across x = 2, and K_{−ν} = K_ν", () => {
  for (const nu of [0.3, 1.2, 2.5, 7.7]) {
    const a = besselKParts(nu, 2), b = besselKIntegral(nu, 2); // series branch vs integral branch
    assertClose(a.k * Math.exp(a.logScale), b.k * Math.exp(b.logScale), { rel: 5e-13 });
    assertClose(a.dnu * Math.exp(a.logScale), b.dnu * Math.exp(b.logScale), { rel: 5e-13 });
    assertClose(a.km1 * Math.exp(a.logScale), b.km1 * Math.exp(b.logScale), { rel: 5e-13 });
    assertClose(besselKDerivX(-nu, 1.3), besselKDerivX(nu, 1.3), { rel: 1e-13 });
    assertClose(besselKDerivNu(-nu, 1.3), -besselKDerivNu(nu, 1.3), { rel: 1e-14 });
  }
});

Deno.test("logGamma and digamma against SciPy", () => {
  for (const r of fx.gamma as { x: number; lgamma: number; digamma: number }[]) {
    assertClose(logGamma(r.x), r.lgamma, { abs: 2e-15, rel: 1e-14 }, `lgamma(${r.x})`);
    assertClose(digamma(r.x), r.digamma, { abs: 2e-15, rel: 1e-14 }, `digamma(${r.x})`);
  }
});
