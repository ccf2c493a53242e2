/**
 * The two O(n²) loops of a Matérn GP evaluation, as functions of a range so that the main thread
 * and the helper threads of gp_threads.ts run the same code on their share:
 * per-pair values (u, c, g, dc/dν) over a range of pairs, and the gradient's trace sums over a
 * block of rows. Pairs are stored row by row (i > j), pair p of row i starting at i(i − 1)/2.
 * @module
 */
import type { MaternTable } from "../special/matern.ts";

/** Pairs per gradient block. Fixed, so the block sums (and so the gradient) never depend on the
 * number of threads that computed them. */
export const PAIR_BLOCK = 1 << 18;

/** Row boundaries [r0 = 1, r1, …, r_nb = n] of blocks of ≈ PAIR_BLOCK pairs each. */
export function rowBlocks(n: number): number[] {
  const P = n * (n - 1) / 2;
  const nb = Math.max(1, Math.ceil(P / PAIR_BLOCK));
  const rows = [1];
  for (let k = 1; k < nb; k++) {
    // the row i with i(i − 1)/2 ≈ k·P/nb
    const i = Math.round(0.5 + Math.sqrt(0.25 + 2 * k * P / nb));
    if (i > rows[rows.length - 1] && i < n) rows.push(i);
  }
  rows.push(n);
  return rows;
}

/** First pair index of row i. */
export function pairOfRow(i: number): number {
  return i * (i - 1) / 2;
}

/** What the per-pair values depend on besides the table. */
export interface PairParams {
  /** Inputs per row. */
  d: number;
  /** One lengthscale per input. */
  ard: boolean;
  /** √(2ν)/ℓ (isotropic). */
  scale: number;
  /** exp(−2 ln ℓ_k) per input (ARD). */
  inv2: number[];
  /** √(2ν). */
  sqrt2nu: number;
  /** 2ν. */
  twoNu: number;
}

/**
 * Fills u[p] = √(2ν)·r_p/ℓ, c[p], g[p] and (with `dn`) dc/dν at fixed r for p in [p0, p1).
 * dc/dν at fixed r = ∂c/∂ν|_u − g/(2ν), since ∂u/∂ν = u/(2ν) (same layout as matern.wgsl).
 */
export function pairValuesRange(
  table: MaternTable,
  q: PairParams,
  dist2: Float64Array,
  u: Float64Array,
  c: Float64Array,
  g: Float64Array,
  dn: Float64Array | null,
  p0: number,
  p1: number,
): void {
  const d = q.d;
  if (!q.ard) {
    const scale = q.scale;
    for (let p = p0; p < p1; p++) u[p] = scale * Math.sqrt(dist2[p]);
  } else {
    const inv2 = q.inv2, s2n = q.sqrt2nu;
    for (let p = p0; p < p1; p++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += dist2[p * d + k] * inv2[k];
      u[p] = s2n * Math.sqrt(r2);
    }
  }
  table.evalArray(
    u.subarray(p0, p1),
    c.subarray(p0, p1),
    g.subarray(p0, p1),
    dn ? dn.subarray(p0, p1) : null,
  );
  if (dn) {
    const twoNu = q.twoNu;
    for (let p = p0; p < p1; p++) dn[p] -= g[p] / twoNu;
  }
}

/**
 * The gradient's sums over rows [i0, i1) with W = K⁻¹ − ααᵀ: out[0] = Σ W·c, out[1] = Σ W·g
 * (isotropic), out[2] = Σ W·dc/dν, out[3 + k] = Σ W·g·(Δx_k²/ℓ_k²)/(r²/ℓ²) (ARD).
 */
export function gradientRows(
  Kinv: Float64Array,
  alpha: Float64Array,
  n: number,
  c: ArrayLike<number>,
  g: ArrayLike<number>,
  dn: ArrayLike<number> | null,
  dist2: Float64Array,
  d: number,
  ard: boolean,
  inv2: number[],
  i0: number,
  i1: number,
  out: Float64Array,
): void {
  let sC = 0, sG = 0, sN = 0;
  const sGk = new Float64Array(ard ? d : 0);
  let p = pairOfRow(i0);
  for (let i = i0; i < i1; i++) {
    const ri = i * n, ai = alpha[i];
    for (let j = 0; j < i; j++, p++) {
      const w = Kinv[ri + j] - ai * alpha[j];
      sC += w * c[p];
      if (dn) sN += w * dn[p];
      const gp = g[p];
      if (gp === 0) continue;
      if (!ard) sG += w * gp;
      else {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += dist2[p * d + k] * inv2[k];
        if (r2 === 0) continue;
        const f = w * gp / r2;
        for (let k = 0; k < d; k++) sGk[k] += f * dist2[p * d + k] * inv2[k];
      }
    }
  }
  out[0] = sC;
  out[1] = sG;
  out[2] = sN;
  for (let k = 0; k < sGk.length; k++) out[3 + k] = sGk[k];
}
