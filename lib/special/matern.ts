/**
 * The Matérn-ν correlation c(u) = 2^{1−ν}/Γ(ν) · u^ν K_ν(u) with u = √(2ν)·r/ℓ, and the two
 * derivatives the GP gradient needs, at fixed ν:
 *   g(u)  = −u·dc/du = 2^{1−ν}/Γ(ν) · u^{ν+1} K_{ν−1}(u)   (so ∂c/∂ln ℓ = g at fixed r, ν)
 *   dν(u) = ∂c/∂ν at fixed u = c·(−ln 2 − ψ(ν) + ln u) + 2^{1−ν}/Γ(ν) · u^ν ∂K_ν/∂ν.
 * At fixed r, dc/dν = dν(u) − g(u)/(2ν) since ∂u/∂ν = u/(2ν).
 *
 * {@link MaternTable} evaluates all three fast for one ν: on each dyadic panel [2^j, 2^{j+1}] the
 * functions (times e^u) are analytic around each quarter-octave panel [a, 2^{1/4}a] (the nearest
 * singularity is the branch point u = 0), so a degree-12 Chebyshev interpolant per panel is
 * accurate to ≈1e-15. Panels are built lazily from exact float64 values.
 * @module
 */
import { besselKParts } from "./besselk.ts";
import { digamma, logGamma } from "./gamma.ts";

/** ν-only constants of the Matérn correlation. */
export interface MaternConstants {
  /** Smoothness ν. */
  nu: number;
  /** ln(2^{1−ν}/Γ(ν)). */
  logA: number;
  /** d logA/dν = −ln 2 − ψ(ν). */
  dlogA: number;
  /** √(2ν). */
  sqrt2nu: number;
}

/** ν-only constants, computed in float64 (also the uniforms of the WGSL kernel). */
export function maternConstants(nu: number): MaternConstants {
  return {
    nu,
    logA: (1 - nu) * Math.LN2 - logGamma(nu),
    dlogA: -Math.LN2 - digamma(nu),
    sqrt2nu: Math.sqrt(2 * nu),
  };
}

/**
 * Exact float64 [c, g, dν] at u ≥ 0, each multiplied by e^{logShift} (computed in log space, so
 * scaled values stay finite where the plain ones underflow). u = 0 is the r = 0 branch.
 */
export function maternExact(k: MaternConstants, u: number, logShift = 0): [number, number, number] {
  if (u === 0) {
    const s = Math.exp(logShift);
    return [s, 0, 0];
  }
  const p = besselKParts(k.nu, u);
  const lu = Math.log(u);
  const pref = Math.exp(k.logA + k.nu * lu + p.logScale + logShift);
  const c = p.k * pref;
  return [c, p.km1 * u * pref, c * (k.dlogA + lu) + p.dnu * pref];
}

// Quarter-octave panels [2^{j/4}, 2^{(j+1)/4}]: the branch point u = 0 lies at (q+1)/(q−1) ≈ 11.6
// half-widths from the centre (q = 2^{1/4}), so ρ ≈ 23 and degree 12 reaches ≈1e-16.
const PER_OCTAVE = 4;
const DEG = 12;
const NODES = DEG + 1;
const JMIN = -34 * PER_OCTAVE; // panels cover [2^-34, 2^10]; below: exact, above: zero (c < e^-1000)
const JMAX = 10 * PER_OCTAVE;
const Q = 2 ** (1 / PER_OCTAVE);
// Panels from u = 16 up interpolate e^u·f(u); below, f itself (one exp per pair saved).
const J_SCALED = 4 * PER_OCTAVE;
// Mantissa thresholds (top 20 bits) of 2^{1/4}, 2^{1/2}, 2^{3/4}: the panel from the float's bits.
const M1 = Math.floor((2 ** 0.25 - 1) * 2 ** 20),
  M2 = Math.floor((2 ** 0.5 - 1) * 2 ** 20),
  M3 = Math.floor((2 ** 0.75 - 1) * 2 ** 20);
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // high word index (endianness)

/**
 * floor(4·log2 x) for positive normal x, from the exponent and the top mantissa bits (a point within
 * ~1e-6 of a panel edge may land in the neighbour, where the interpolant is equally accurate).
 */
function panelIndex(x: number): number {
  F64[0] = x;
  const hi = U32[HI];
  const mant = hi & 0xfffff;
  return PER_OCTAVE * ((hi >>> 20) - 1023) +
    (mant >= M2 ? (mant >= M3 ? 3 : 2) : (mant >= M1 ? 1 : 0));
}
const CHEB_X = Array.from({ length: NODES }, (_, k) => Math.cos(Math.PI * (k + 0.5) / NODES));

/**
 * Fast evaluation of [c, g, dν] for one ν (see module docs). Accuracy: ≈1e-14 relative to the
 * panel's largest value (tested against {@link maternExact}).
 *
 * @example
 * ```ts
 * import { MaternTable } from "./matern.ts";
 * import assert from "node:assert/strict";
 * const t = new MaternTable(1.5);
 * const out = new Float64Array(3);
 * t.eval(0.7, out); // out[0] = (1 + 0.7)·e^{−0.7}, the closed form at ν = 3/2 (r = √3·d/ℓ)
 * assert.ok(Math.abs(out[0] - 1.7 * Math.exp(-0.7)) < 1e-12);
 * ```
 */
export class MaternTable {
  /** The ν-only constants of the table. */
  readonly constants: MaternConstants;
  #coef: (Float64Array | undefined)[] = new Array(JMAX - JMIN).fill(undefined);
  #left: Float64Array = Float64Array.from(
    { length: JMAX - JMIN },
    (_, i) => 2 ** ((i + JMIN) / PER_OCTAVE),
  );

  /** Tables for smoothness ν > 0. */
  constructor(nu: number) {
    this.constants = maternConstants(nu);
  }

  #panel(j: number): Float64Array {
    const idx = j - JMIN;
    let c = this.#coef[idx];
    if (c) return c;
    // Values at Chebyshev nodes of [a, qa] (scaled by e^u on panels from u = 16 up, where the
    // functions span many decades), then the discrete cosine transform.
    const a = 2 ** (j / PER_OCTAVE);
    const vals = new Float64Array(3 * NODES);
    for (let k = 0; k < NODES; k++) {
      const u = a * (0.5 * (Q + 1) + 0.5 * (Q - 1) * CHEB_X[k]);
      const v = maternExact(this.constants, u, j >= J_SCALED ? u : 0);
      vals[3 * k] = v[0];
      vals[3 * k + 1] = v[1];
      vals[3 * k + 2] = v[2];
    }
    c = new Float64Array(3 * NODES);
    for (let m = 0; m < NODES; m++) {
      let s0 = 0, s1 = 0, s2 = 0;
      for (let k = 0; k < NODES; k++) {
        const w = Math.cos(Math.PI * m * (k + 0.5) / NODES);
        s0 += w * vals[3 * k];
        s1 += w * vals[3 * k + 1];
        s2 += w * vals[3 * k + 2];
      }
      const f = (m === 0 ? 1 : 2) / NODES;
      c[3 * m] = f * s0;
      c[3 * m + 1] = f * s1;
      c[3 * m + 2] = f * s2;
    }
    this.#coef[idx] = c;
    return c;
  }

  /**
   * Evaluates c (and g, and dν when `dnu` is given) at every u[p], writing c[p], g[p], dnu[p].
   * One call for a whole batch of pairs: the hot loop of the GP's kernel matrix. The panels the
   * batch needs are built first, and the two variants (with and without dν) are separate
   * monomorphic loops: mixing them in one loop made V8 deoptimise it (measured 3–4× slowdowns).
   */
  evalArray(
    u: Float64Array,
    c: Float64Array,
    g: Float64Array,
    dnu: Float64Array | null = null,
  ): void {
    let lo = Infinity, hi = 0;
    for (let p = 0; p < u.length; p++) {
      const x = u[p];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!(hi >= lo)) return;
    const j0 = Math.max(JMIN, panelIndex(Math.max(lo, 5.820766091346741e-11)) - 1);
    const j1 = Math.min(JMAX - 1, panelIndex(Math.min(hi, 1023)) + 1);
    for (let j = j0; j <= j1; j++) this.#panel(j);
    if (dnu) this.#eval3(u, c, g, dnu);
    else this.#eval2(u, c, g);
  }

  /** The edge cases: below 2^-34 exact, from 2^10 on zero (c < e^-1000). */
  #edge(x: number): number[] {
    return x >= 1024 ? [0, 0, 0] : maternExact(this.constants, x);
  }

  #eval3(u: Float64Array, c: Float64Array, g: Float64Array, dnu: Float64Array): void {
    const coef = this.#coef, left = this.#left;
    const a1 = 0.5 * (Q + 1), inv = 2 / (Q - 1);
    for (let p = 0; p < u.length; p++) {
      const x = u[p];
      if (x < 5.820766091346741e-11 || x >= 1024) {
        const v = this.#edge(x);
        c[p] = v[0];
        g[p] = v[1];
        dnu[p] = v[2];
        continue;
      }
      const j = panelIndex(x);
      const co = coef[j - JMIN]!;
      const sc = j >= J_SCALED ? Math.exp(-x) : 1;
      const t = (x / left[j - JMIN] - a1) * inv; // maps [a, qa] to [−1, 1]
      const t2 = 2 * t;
      let b0 = 0, b1 = 0, d0 = 0, d1 = 0, e0 = 0, e1 = 0;
      for (let m = 3 * DEG; m >= 3; m -= 3) {
        const nb = t2 * b0 - b1 + co[m];
        const nd = t2 * d0 - d1 + co[m + 1];
        const ne = t2 * e0 - e1 + co[m + 2];
        b1 = b0;
        b0 = nb;
        d1 = d0;
        d0 = nd;
        e1 = e0;
        e0 = ne;
      }
      c[p] = (t * b0 - b1 + co[0]) * sc;
      g[p] = (t * d0 - d1 + co[1]) * sc;
      dnu[p] = (t * e0 - e1 + co[2]) * sc;
    }
  }

  #eval2(u: Float64Array, c: Float64Array, g: Float64Array): void {
    const coef = this.#coef, left = this.#left;
    const a1 = 0.5 * (Q + 1), inv = 2 / (Q - 1);
    for (let p = 0; p < u.length; p++) {
      const x = u[p];
      if (x < 5.820766091346741e-11 || x >= 1024) {
        const v = this.#edge(x);
        c[p] = v[0];
        g[p] = v[1];
        continue;
      }
      const j = panelIndex(x);
      const co = coef[j - JMIN]!;
      const sc = j >= J_SCALED ? Math.exp(-x) : 1;
      const t = (x / left[j - JMIN] - a1) * inv;
      const t2 = 2 * t;
      let b0 = 0, b1 = 0, d0 = 0, d1 = 0;
      for (let m = 3 * DEG; m >= 3; m -= 3) {
        const nb = t2 * b0 - b1 + co[m];
        const nd = t2 * d0 - d1 + co[m + 1];
        b1 = b0;
        b0 = nb;
        d1 = d0;
        d0 = nd;
      }
      c[p] = (t * b0 - b1 + co[0]) * sc;
      g[p] = (t * d0 - d1 + co[1]) * sc;
    }
  }

  /** Writes [c, g, dν] at u into out[0..2]. */
  eval(u: number, out: Float64Array): void {
    const c = new Float64Array(1), g = new Float64Array(1), d = new Float64Array(1);
    this.evalArray(Float64Array.of(u), c, g, d);
    out[0] = c[0];
    out[1] = g[0];
    out[2] = d[0];
  }
}
