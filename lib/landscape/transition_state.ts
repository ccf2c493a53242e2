/**
 * Transition states by hybrid eigenvector-following (L. J. Munro & D. J. Wales, Phys. Rev. B 59,
 * 3969, 1999): an eigenvector-following step uphill along the lowest Hessian eigenvector, then a
 * few L-BFGS steps downhill in the space orthogonal to it, repeated to an RMS-gradient tolerance.
 * Every result is verified in float64: the Hessian index (negative eigenvalues beyond a zero-mode
 * tolerance) must be exactly 1.
 * @module
 */
import type { Landscape } from "./types.ts";
import { hessian, lanczosSpectrum, lowestEigenpair, symmetricEigen } from "./hessian.ts";
import { EnergyError, minimize, type MinimizeResult, safeEnergy } from "./minimize.ts";
import { dot } from "../linalg/vector.ts";

/** Options of {@link hybridEigenvectorFollowing}; defaults in brackets. */
export interface HefOptions {
  /** Converged when the RMS gradient is ≤ this [1e-6] (OPTIM `CONVERGE`). */
  rmsGradient?: number;
  /** Outer iterations [300]. */
  maxIterations?: number;
  /** Largest step along the eigenvector [0.1] (OPTIM `MAXSTEP`). */
  maxStep?: number;
  /** Largest step in the tangent space [0.1]. */
  maxTangentStep?: number;
  /**
   * L-BFGS steps in the tangent space per outer iteration [8; 20 above `denseBelow` coordinates,
   * where the curvature pairs are also kept from one iteration to the next].
   */
  tangentSteps?: number;
  /** Starting guess for the uphill direction (e.g. a DNEB tangent). */
  guess?: Float64Array;
  /** |eigenvalue| below this counts as a zero mode [1e-8·max(1, |λ|max)]. */
  zeroTolerance?: number;
  /** Verify with the full Hessian up to this dimension, by Lanczos above [200]. */
  denseBelow?: number;
  /**
   * The uphill eigenpair at each iteration: Lanczos size and runs [40 and up to 8 restarts to a
   * residual of 1e-6; above `denseBelow` coordinates 20 and 1, warm-started from the previous
   * iteration's vector: on a 730-weight network the full refinement took 130 Hessian-vector
   * products per iteration, 93% of an attempt]. The final check is a fresh Lanczos run either way.
   */
  eigen?: { krylov?: number; restarts?: number };
  /** Optional box bounds: a search that leaves the box fails. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
}

/** A verified (or failed) transition-state search. */
export interface HefResult {
  /** The transition state. */
  x: Float64Array;
  /** Energy there. */
  energy: number;
  /** RMS gradient there. */
  rmsGradient: number;
  /** Lowest Hessian eigenvalue and its eigenvector at x. */
  eigenvalue: number;
  /** Eigenvector of the negative Hessian eigenvalue. */
  eigenvector: Float64Array;
  /** Number of negative Hessian eigenvalues at x (beyond the zero-mode tolerance). */
  index: number;
  /** Σ ln λ over the positive eigenvalues (the negative one and zero modes excluded). */
  logProductHessian: number;
  /** Iterations. */
  iterations: number;
  /** True when converged to the tolerance with exactly one negative eigenvalue. */
  converged: boolean;
  /** converged && index === 1. */
  verified: boolean;
  /** Why it stopped. */
  message: string;
}

/**
 * Hessian index at x: the number of eigenvalues below −tolerance, with all eigenvalues (ascending).
 * The zero-mode tolerance defaults to 1e-8·max(1, max|λ|).
 */
export function hessianIndex(
  landscape: Landscape,
  x: Float64Array,
  zeroTolerance?: number,
): HessianCharacter {
  const { values, vectors } = symmetricEigen(hessian(landscape, x), landscape.dim);
  const tol = zeroTolerance ?? 1e-8 * Math.max(1, ...Array.from(values, Math.abs));
  let index = 0, logProduct = 0, modes = 0;
  for (const v of values) {
    if (v < -tol) index++;
    else if (v > tol) {
      logProduct += Math.log(v);
      modes++;
    }
  }
  return { index, logProduct, modes, eigenvalues: values, lowestVector: vectors[0] };
}

/** Everything one float64 Hessian decomposition tells about a stationary point. */
export interface HessianCharacter {
  /** Eigenvalues below −tolerance. */
  index: number;
  /** Σ ln λ over the eigenvalues above +tolerance (zero modes and negative ones excluded). */
  logProduct: number;
  /** How many eigenvalues enter logProduct. */
  modes: number;
  /** All eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** Eigenvector of the lowest eigenvalue. */
  lowestVector: Float64Array;
  /**
   * How it was computed: "dense" (full Hessian; `eigenvalues` are all of them) or "lanczos"
   * (Hessian-vector products only; `eigenvalues` are Ritz values, `index` counts the Ritz values
   * below −tolerance, a lower bound on the true index that is exact for well-separated negative
   * modes, and `logProduct` is NaN) [dense].
   */
  method?: "dense" | "lanczos";
  /** Lanczos: whether the lowest Ritz value's sign is certain (residual < half its size). */
  settled?: boolean;
  /** Lanczos: Hessian-vector products used. */
  products?: number;
}

/** Dimension above which {@link stationaryCharacter} uses Lanczos instead of the full Hessian. */
export const DENSE_HESSIAN_BELOW = 200;

/**
 * Hessian character of a stationary point: {@link hessianIndex} (full Hessian) up to `denseBelow`
 * coordinates [200], above that a Lanczos run of 60 Hessian-vector products
 * ({@link lanczosSpectrum}): memory O(60·dim) instead of O(dim²) and about 60 products instead of
 * dim, with no log-product (NaN).
 */
export function stationaryCharacter(
  landscape: Landscape,
  x: Float64Array,
  options: { zeroTolerance?: number; denseBelow?: number } = {},
): HessianCharacter {
  if (landscape.dim <= (options.denseBelow ?? DENSE_HESSIAN_BELOW)) {
    return { ...hessianIndex(landscape, x, options.zeroTolerance), method: "dense" };
  }
  // The top of the spectrum converges within a few steps; the bottom (clusters of eigenvalues near
  // 2λ on a network) can need hundreds: grow the space until the lowest Ritz value's sign is
  // certain (residual below half its size) or it is a zero mode, up to 400 products.
  let tol = options.zeroTolerance ?? NaN;
  const s = lanczosSpectrum(landscape, x, {
    maxKrylov: 400,
    settled: (t, r) => {
      if (!Number.isFinite(tol)) tol = 1e-8 * Math.max(1, Math.abs(t));
      return r <= 0.5 * Math.abs(t) || Math.abs(t) + r <= tol;
    },
  });
  const top = s.ritz[s.ritz.length - 1];
  if (options.zeroTolerance === undefined) {
    tol = 1e-8 * Math.max(1, Math.abs(top), Math.abs(s.ritz[0]));
  }
  const r0 = s.residuals[0], t0 = s.ritz[0];
  let index = 0;
  for (const v of s.ritz) if (v < -tol) index++;
  return {
    index,
    logProduct: NaN,
    modes: 0,
    eigenvalues: s.ritz,
    lowestVector: s.lowestVector,
    method: "lanczos",
    settled: r0 <= 0.5 * Math.abs(t0) || Math.abs(t0) + r0 <= tol,
    products: s.products,
  };
}

/** Hybrid eigenvector-following from x0 to a first-order saddle. */
export function hybridEigenvectorFollowing(
  landscape: Landscape,
  x0: ArrayLike<number>,
  options: HefOptions = {},
): HefResult {
  const n = landscape.dim;
  const tol = options.rmsGradient ?? 1e-6;
  const maxStep = options.maxStep ?? 0.1;
  const maxT = options.maxTangentStep ?? 0.1;
  const large = n > (options.denseBelow ?? DENSE_HESSIAN_BELOW);
  const tSteps = options.tangentSteps ?? (large ? 20 : 8);
  const lo = options.lower, hi = options.upper;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let v: Float64Array | undefined = options.guess ? Float64Array.from(options.guess) : undefined;
  let lambda = NaN;
  let e = safeEnergy(landscape, x, g);
  let iterations = 0;
  let message = "";
  const outside = () => {
    for (let i = 0; i < n; i++) {
      if ((lo && x[i] < lo[i]) || (hi && x[i] > hi[i])) return true;
    }
    return false;
  };
  const rmsOf = (a: Float64Array) => Math.sqrt(dot(a, a) / n);
  const eigen = options.eigen ?? (large ? { krylov: 20, restarts: 1 } : {});
  // Above `denseBelow` coordinates the tangent-space L-BFGS keeps its curvature pairs from one
  // outer iteration to the next (the step is projected on the new tangent space): restarting each
  // time from a short steepest-descent step cost most of the iterations on large networks. With 20
  // tangent steps per eigenvector update this cut the cost of a search (gradients + 1.8 ×
  // Hessian-vector products) from 15,229 to 5,080 over four digits 61-10-10 pairs, every one
  // verified (measured, docs/scale.md).
  const memory: TangentMemory | undefined = large ? { S: [], Y: [] } : undefined;
  for (; iterations < (options.maxIterations ?? 300); iterations++) {
    const ep = lowestEigenpair(landscape, x, { guess: v, ...eigen });
    // Keep the eigenvector's sign continuous between iterations.
    if (v && dot(ep.vector, v) < 0) { for (let i = 0; i < n; i++) ep.vector[i] = -ep.vector[i]; }
    const vec: Float64Array = ep.vector;
    v = vec;
    lambda = ep.value;
    e = safeEnergy(landscape, x, g);
    const gv = dot(g, vec);
    if (lambda < 0 && rmsOf(g) <= tol) break;
    // Eigenvector-following step uphill along v (Newton-like when λ < 0, bounded by maxStep).
    let s: number;
    if (lambda < 0) {
      s = 2 * gv / (Math.abs(lambda) * (1 + Math.sqrt(1 + 4 * gv * gv / (lambda * lambda))));
    } else s = (gv >= 0 ? 1 : -1) * maxStep;
    if (Math.abs(s) > maxStep) s = Math.sign(s) * maxStep;
    for (let i = 0; i < n; i++) x[i] += s * vec[i];
    if (outside()) {
      message = "left the bounds";
      break;
    }
    // Downhill in the space orthogonal to v: projected L-BFGS with an energy guard.
    e = tangentMinimize(landscape, x, vec, g, tSteps, maxT, tol, memory);
  }
  e = safeEnergy(landscape, x, g);
  const rms = rmsOf(g);
  const converged = rms <= tol && lambda < 0;
  // One decomposition gives the index, the log-product and the eigenvector for the push-off.
  const hc = stationaryCharacter(landscape, x, options);
  const { index, eigenvalues } = hc;
  if (!message) {
    message = converged
      ? (index === 1
        ? "converged to a first-order saddle"
        : `converged, but the Hessian index is ${index}`)
      : `not converged after ${iterations} iterations (RMS gradient ${rms.toExponential(2)})`;
  }
  return {
    x,
    energy: e,
    rmsGradient: rms,
    // Lanczos verification: the iteration's own eigenpair (refined to a small residual) is the
    // better push-off direction than one 60-step Ritz vector.
    eigenvalue: hc.method === "lanczos" && v ? lambda : eigenvalues[0],
    eigenvector: hc.method === "lanczos" && v ? v : hc.lowestVector,
    logProductHessian: hc.logProduct,
    index,
    iterations,
    converged,
    verified: converged && index === 1,
    message,
  };
}

/** Options of {@link eigenvectorFollowing}; defaults in brackets. */
export interface EfOptions {
  /** Converged when the RMS gradient is ≤ this [1e-6]. */
  rmsGradient?: number;
  /** Steps [300]. */
  maxIterations?: number;
  /** Initial trust radius (Euclidean step length) [0.05]. */
  trustRadius?: number;
  /** Largest trust radius [0.3]. */
  maxTrustRadius?: number;
  /** Initial direction to maximise along (e.g. a DNEB tangent); the lowest mode without it. */
  guess?: Float64Array;
  /** |eigenvalue| below this counts as a zero mode [1e-8·max(1, |λ|max)]. */
  zeroTolerance?: number;
  /** Optional box bounds: a search that leaves the box fails. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
  /**
   * The search fails once its energy exceeds this [∞]: from a band maximum, a search that climbs
   * far above the band has left the ridge the band crossed (it then climbs flat directions of
   * the penalty, curvature 2λ, without end).
   */
  ceiling?: number;
}

/**
 * Eigenvector-following to a first-order saddle with the full Hessian at every step: the
 * partitioned rational-function step (J. Baker, J. Comput. Chem. 7, 385, 1986; D. J. Wales,
 * Energy Landscapes, 2003, §6.2.2) maximises along one Hessian eigenvector, followed from step to
 * step by its overlap with the previous one, and minimises along all the others, inside a trust
 * radius that grows when the quadratic model predicts the energy change well and shrinks (the
 * step rejected) when it does not. Costs one full Hessian (dim Hessian-vector products) per step,
 * so it is meant for small landscapes, where it follows narrow curved ridges — the appAUC loss at
 * β = 100 — on which {@link hybridEigenvectorFollowing}'s fixed steps lose the saddle. The result
 * is verified as HEF's is (exactly one negative eigenvalue).
 *
 * @example
 * ```ts
 * import { eigenvectorFollowing } from "./transition_state.ts";
 * import assert from "node:assert/strict";
 * // (x² − 1)² + 10y²: minima at (±1, 0), the saddle between them at the origin (E = 1).
 * const land = {
 *   dim: 2,
 *   energy: (p: Float64Array, g?: Float64Array) => {
 *     if (g) {
 *       g[0] = 4 * p[0] * (p[0] * p[0] - 1);
 *       g[1] = 20 * p[1];
 *     }
 *     return (p[0] * p[0] - 1) ** 2 + 10 * p[1] * p[1];
 *   },
 * };
 * const r = eigenvectorFollowing(land, [0.4, 0.3], { rmsGradient: 1e-10 });
 * assert.ok(r.verified && r.index === 1);
 * assert.ok(Math.hypot(r.x[0], r.x[1]) < 1e-9 && Math.abs(r.energy - 1) < 1e-12);
 * ```
 */
export function eigenvectorFollowing(
  landscape: Landscape,
  x0: ArrayLike<number>,
  options: EfOptions = {},
): HefResult {
  const n = landscape.dim;
  const tol = options.rmsGradient ?? 1e-6;
  const rMax = options.maxTrustRadius ?? 0.3;
  const rMin = 1e-7;
  let radius = Math.min(options.trustRadius ?? 0.05, rMax);
  const lo = options.lower, hi = options.upper;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n), gt = new Float64Array(n), xt = new Float64Array(n);
  let e = safeEnergy(landscape, x, g);
  let follow: Float64Array | undefined = options.guess
    ? Float64Array.from(options.guess)
    : undefined;
  let message = "";
  let iterations = 0;
  const rmsOf = (a: Float64Array) => Math.sqrt(dot(a, a) / n);
  let eig = symmetricEigen(hessian(landscape, x), n);
  for (; iterations < (options.maxIterations ?? 300); iterations++) {
    const { values: b, vectors: V } = eig;
    // The mode to maximise along: the one closest to the followed direction, so the search stays
    // on one ridge when eigenvalues cross. At the start only the negative modes compete (when
    // there are any): a band tangent that overlaps a flat positive mode more would send the
    // search up a hill with no saddle on it.
    let k = 0;
    if (follow) {
      let best = -1;
      const first = iterations === 0 && b[0] < 0;
      for (let i = 0; i < n; i++) {
        if (first && b[i] >= 0) break;
        const o = Math.abs(dot(V[i], follow));
        if (o > best) {
          best = o;
          k = i;
        }
      }
    }
    const vk = Float64Array.from(V[k]);
    if (follow && dot(vk, follow) < 0) { for (let i = 0; i < n; i++) vk[i] = -vk[i]; }
    follow = vk;
    const F = V.map((v) => dot(v, g));
    // Converged: small gradient and one negative eigenvalue (zero modes, e.g. symmetries, within
    // the zero-mode tolerance do not count).
    const zero = options.zeroTolerance ?? 1e-8 * Math.max(1, Math.abs(b[0]), Math.abs(b[n - 1]));
    if (rmsOf(g) <= tol && b[0] < -zero && (n < 2 || b[1] >= -zero)) break;
    // Maximised mode: λp = b_k/2 + √(b_k²/4 + F_k²) > b_k.
    const lp = 0.5 * b[k] + 0.5 * Math.sqrt(b[k] * b[k] + 4 * F[k] * F[k]);
    // Minimised modes: the root λn of λ = Σ F_i²/(λ − b_i) below every other b_i (and ≤ 0);
    // λ − Σ F_i²/(λ − b_i) increases monotonically there, so bisection finds it.
    let bMin = Infinity;
    for (let i = 0; i < n; i++) if (i !== k) bMin = Math.min(bMin, b[i]);
    const f = (l: number) => {
      let s = l;
      for (let i = 0; i < n; i++) if (i !== k) s -= (F[i] * F[i]) / (l - b[i]);
      return s;
    };
    let ln = 0;
    if (n > 1) {
      let top = Math.min(bMin, 0) - 1e-14 * Math.max(1, Math.abs(bMin));
      if (f(top) > 0 || bMin <= 0) {
        let low = Math.min(bMin, 0) - 1;
        for (let t = 0; t < 200 && f(low) > 0; t++) low = 2 * low - top;
        for (let t = 0; t < 200; t++) {
          const mid = 0.5 * (low + top);
          if (f(mid) > 0) top = mid;
          else low = mid;
        }
        ln = 0.5 * (low + top);
      } else ln = top;
    }
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const denom = b[i] - (i === k ? lp : ln);
      const c = denom === 0 ? 0 : -F[i] / denom;
      for (let j = 0; j < n; j++) h[j] += c * V[i][j];
    }
    let norm = Math.sqrt(dot(h, h));
    if (norm > radius) {
      for (let j = 0; j < n; j++) h[j] *= radius / norm;
      norm = radius;
    }
    // Quadratic model of the energy change along h.
    let pred = dot(g, h);
    for (let i = 0; i < n; i++) {
      const c = dot(V[i], h);
      pred += 0.5 * b[i] * c * c;
    }
    for (let i = 0; i < n; i++) xt[i] = x[i] + h[i];
    let et: number;
    try {
      et = safeEnergy(landscape, xt, gt);
    } catch (err) {
      if (!(err instanceof EnergyError)) throw err;
      et = NaN;
    }
    const scale = 1e-12 * Math.max(1, Math.abs(e));
    const rho = !Number.isFinite(et) ? -1 : Math.abs(pred) < scale ? 1 : (et - e) / pred;
    if ((rho < 0.25 || rho > 4) && norm > rMin) {
      // The model was poor: reject the step and shrink the trust radius.
      radius = Math.max(rMin, 0.25 * norm);
      continue;
    }
    if (rho > 0.75 && rho < 1.33 && norm >= 0.99 * radius) radius = Math.min(rMax, 2 * radius);
    else if (rho < 0.5 || rho > 2) radius = Math.max(rMin, 0.5 * radius);
    x.set(xt);
    g.set(gt);
    e = et;
    if (e > (options.ceiling ?? Infinity)) {
      message = `climbed above the ceiling (${e.toPrecision(6)} > ${
        options.ceiling!.toPrecision(6)
      })`;
      break;
    }
    if (
      (lo || hi) &&
      Array.prototype.some.call(x, (v: number, i: number) => (lo && v < lo[i]) || (hi && v > hi[i]))
    ) {
      message = "left the bounds";
      break;
    }
    eig = symmetricEigen(hessian(landscape, x), n);
  }
  e = safeEnergy(landscape, x, g);
  const rms = rmsOf(g);
  const hc = stationaryCharacter(landscape, x, { zeroTolerance: options.zeroTolerance });
  const converged = rms <= tol && hc.eigenvalues[0] < 0;
  if (!message) {
    message = converged
      ? (hc.index === 1
        ? "converged to a first-order saddle"
        : `converged, but the Hessian index is ${hc.index}`)
      : `not converged after ${iterations} eigenvector-following steps (RMS gradient ${
        rms.toExponential(2)
      })`;
  }
  return {
    x,
    energy: e,
    rmsGradient: rms,
    eigenvalue: hc.eigenvalues[0],
    eigenvector: hc.lowestVector,
    logProductHessian: hc.logProduct,
    index: hc.index,
    iterations,
    converged,
    verified: converged && hc.index === 1,
    message,
  };
}

/** Curvature pairs of the tangent-space L-BFGS, kept between outer iterations. */
interface TangentMemory {
  S: Float64Array[];
  Y: Float64Array[];
}

/** A few L-BFGS steps minimising E in the hyperplane orthogonal to v; returns the energy. */
function tangentMinimize(
  landscape: Landscape,
  x: Float64Array,
  v: Float64Array,
  g: Float64Array,
  steps: number,
  maxStep: number,
  tol: number,
  memory?: TangentMemory,
): number {
  const n = x.length;
  const project = (a: Float64Array) => {
    const c = dot(a, v);
    for (let i = 0; i < n; i++) a[i] -= c * v[i];
    return a;
  };
  let e = safeEnergy(landscape, x, g);
  const { S, Y } = memory ?? { S: [], Y: [] };
  const pg = project(Float64Array.from(g));
  const xt = new Float64Array(n), gt = new Float64Array(n);
  for (let k = 0; k < steps; k++) {
    if (Math.sqrt(dot(pg, pg) / n) <= tol * 0.1) break;
    // Two-loop recursion.
    const d = Float64Array.from(pg);
    const al: number[] = [];
    for (let j = S.length - 1; j >= 0; j--) {
      const a = dot(S[j], d) / dot(S[j], Y[j]);
      al[j] = a;
      for (let i = 0; i < n; i++) d[i] -= a * Y[j][i];
    }
    const gamma = S.length
      ? dot(S[S.length - 1], Y[S.length - 1]) / dot(Y[S.length - 1], Y[S.length - 1])
      : 1e-2 / Math.max(1e-12, Math.sqrt(dot(pg, pg)));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let j = 0; j < S.length; j++) {
      const b = dot(Y[j], d) / dot(S[j], Y[j]);
      for (let i = 0; i < n; i++) d[i] += S[j][i] * (al[j] - b);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    project(d);
    if (dot(d, pg) >= 0) {
      for (let i = 0; i < n; i++) d[i] = -pg[i];
      S.length = Y.length = 0;
    }
    let norm = Math.sqrt(dot(d, d));
    if (norm > maxStep) {
      for (let i = 0; i < n; i++) d[i] *= maxStep / norm;
      norm = maxStep;
    }
    let accepted = false;
    let et = NaN;
    for (let tries = 0; tries < 8; tries++) {
      for (let i = 0; i < n; i++) xt[i] = x[i] + d[i];
      try {
        et = safeEnergy(landscape, xt, gt);
      } catch (err) {
        if (!(err instanceof EnergyError)) throw err;
        et = NaN;
      }
      if (Number.isFinite(et) && et <= e + 1e-10 * Math.max(1, Math.abs(e))) {
        accepted = true;
        break;
      }
      for (let i = 0; i < n; i++) d[i] *= 0.25;
      S.length = Y.length = 0;
    }
    if (!accepted) break;
    const s = new Float64Array(n), yv = new Float64Array(n);
    const pgt = project(Float64Array.from(gt));
    for (let i = 0; i < n; i++) {
      s[i] = xt[i] - x[i];
      yv[i] = pgt[i] - pg[i];
    }
    if (dot(s, yv) > 1e-14) {
      S.push(s);
      Y.push(yv);
      if (S.length > 6) {
        S.shift();
        Y.shift();
      }
    }
    x.set(xt);
    g.set(gt);
    pg.set(pgt);
    e = et;
  }
  return e;
}

/** The two minima a transition state connects: push off along ±eigenvector, then minimise. */
export interface PushOffResult {
  /** The minimisation from the + side. */
  plus: MinimizeResult;
  /** The minimisation from the − side. */
  minus: MinimizeResult;
}

/** Options of {@link pushOff}. */
export interface PushOffOptions {
  /**
   * Displacement along ±v [0.01·max(1, |x|/√dim), doubled (up to 64×) while the RMS gradient
   * at the displaced point is below 10× the minimiser's tolerance and the doubled point stays
   * below the saddle's energy: on a flat saddle of a large network a fixed push-off leaves the
   * minimiser "converged" next to the saddle] (OPTIM `PUSHOFF`).
   */
  step?: number;
  /** RMS-gradient tolerance of the minimisations. */
  rmsGradient?: number;
  /** Lower bounds of the box. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
  /** Largest step of the minimisations. */
  maxStep?: number;
}

/** Steps off a saddle along ±v and minimises both ways. */
export function pushOff(
  landscape: Landscape,
  ts: Float64Array,
  v: Float64Array,
  options: PushOffOptions = {},
): PushOffResult {
  const n = ts.length;
  const scale = Math.max(1, Math.sqrt(dot(ts, ts) / n));
  const tol = options.rmsGradient ?? 1e-6;
  const g = new Float64Array(n);
  const e0 = landscape.energy(Float64Array.from(ts));
  const go = (sign: number) => {
    let step = options.step ?? 0.01 * scale;
    let x = Float64Array.from(ts, (t, i) => t + sign * step * v[i]);
    for (let k = 0; options.step === undefined && k < 6; k++) {
      const ex = landscape.energy(x, g);
      if (Math.sqrt(dot(g, g) / n) > 10 * tol) break;
      const next = Float64Array.from(ts, (t, i) => t + sign * 2 * step * v[i]);
      // A longer push must not climb back above the saddle: on a flat, anharmonic saddle of a
      // large network the doubled step can leave the valley, and the minimisation then ends in a
      // minimum above the saddle that no descent from it reaches. A push that is still above the
      // saddle (the residual gradient outweighs the curvature so close to it) keeps growing.
      if (!(landscape.energy(next) < e0) && ex < e0) break;
      step *= 2;
      x = next;
    }
    return minimize(landscape, x, {
      rmsGradient: tol,
      lower: options.lower,
      upper: options.upper,
      maxStep: options.maxStep,
    });
  };
  return { plus: go(1), minus: go(-1) };
}
