/**
 * Catastrophe tracking: follow minima and transition states as a control parameter ν changes
 * (minima by warm-started L-BFGS, transition states by warm-started hybrid eigenvector-following),
 * and locate fold catastrophes, where a minimum and a transition state meet and annihilate. At a
 * fold the Hessian eigenvalue along the path goes to zero and the barrier scales as |ν − ν_c|^{3/2}
 * (D. J. Wales, Science 293, 2067, 2001); the exponent is fitted, not assumed.
 * @module
 */
import type { Landscape } from "./types.ts";
import { EnergyError, minimize } from "./minimize.ts";
import { hessianIndex, hybridEigenvectorFollowing } from "./transition_state.ts";
import { lowestEigenpair } from "./hessian.ts";
import { distance as dist } from "../linalg/vector.ts";

/** A stationary point at one value of the control parameter. */
export interface TrackedPoint {
  /** Control parameter ν. */
  nu: number;
  /** Coordinates. */
  x: Float64Array;
  /** Energy. */
  energy: number;
  /** Lowest Hessian eigenvalue (→ 0 at a fold). */
  lambdaMin: number;
  /** Eigenvector of the lowest Hessian eigenvalue. */
  eigenvector: Float64Array;
  /** On a bound of the box. */
  onBound: boolean;
}

/** A branch: one stationary point followed continuously over a range of ν. */
export interface Branch {
  /** Branch id. */
  id: number;
  /** Minimum or transition state. */
  kind: "minimum" | "ts";
  /** Its points, by ascending ν. */
  points: TrackedPoint[];
  /** Why the branch stops at each end. */
  ends: { low: "grid" | "vanished" | "merged"; high: "grid" | "vanished" | "merged" };
}

/** A located fold catastrophe. */
export interface Fold {
  /** ν_c. */
  nu: number;
  /** Energy at ν_c. */
  energy: number;
  /** Coordinates at ν_c. */
  x: number[];
  /** The minimum branch that ends there. */
  minimumBranch: number;
  /** The transition-state branch that ends there. */
  tsBranch: number;
  /** Fitted exponent p of the barrier ΔE ∝ |ν − ν_c|^p (3/2 for a fold). */
  exponent: number;
  /** Barrier samples near ν_c used for the exponent. */
  samples: { nu: number; barrier: number }[];
  /** Lowest Hessian eigenvalue of the minimum at the sample nearest ν_c. */
  lambdaNearFold: number;
  /** Side of ν_c on which the pair exists. */
  side: "below" | "above";
}

/** A starting point for tracking: a stationary point found (e.g. by basin-hopping) at grid index k. */
export interface TrackingSeed {
  /** Grid index. */
  k: number;
  /** Minimum or transition state. */
  kind: Branch["kind"];
  /** Coordinates. */
  x: Float64Array;
}

/** Options of {@link trackStationaryPoints}. */
export interface TrackOptions {
  /** Lower bounds of the box. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
  /** RMS-gradient tolerance [1e-7]. */
  rmsGradient?: number;
  /** Largest allowed move of a point between neighbouring grid values [0.75 + 0.1√dim]. */
  jump?: number;
  /** Bisection steps when locating a fold [40]. */
  bisections?: number;
  /** Called after each grid point. */
  onProgress?: (done: number, total: number, branches: number) => void;
}

/**
 * Follows every seed along the grid in both directions and locates the folds.
 * `family(ν)` returns the landscape at ν (it may cache).
 */
export function trackStationaryPoints(
  family: (nu: number) => Landscape,
  grid: number[],
  seeds: TrackingSeed[],
  options: TrackOptions = {},
): { branches: Branch[]; folds: Fold[] } {
  const K = grid.length;
  const tol = options.rmsGradient ?? 1e-7;
  // Re-converge a point at a new ν; null when it is gone (or changed character).
  const follow = (
    kind: Branch["kind"],
    p: { x: Float64Array; eigenvector?: Float64Array },
    nu: number,
  ): TrackedPoint | null => {
    const L = family(nu);
    try {
      if (kind === "minimum") {
        const r = minimize(L, p.x, {
          lower: options.lower,
          upper: options.upper,
          maxStep: 0.3,
          rmsGradient: tol,
        });
        if (!r.converged) return null;
        // Same zero-mode tolerance as every stored minimum (hessianIndex).
        if (!r.onBound && hessianIndex(L, r.x).index !== 0) return null;
        const ep = lowestEigenpair(L, r.x);
        return {
          nu,
          x: r.x,
          energy: r.energy,
          lambdaMin: ep.value,
          eigenvector: ep.vector,
          onBound: r.onBound,
        };
      }
      const r = hybridEigenvectorFollowing(L, p.x, {
        guess: p.eigenvector,
        maxIterations: 60,
        maxStep: 0.2,
        maxTangentStep: 0.3,
        rmsGradient: tol,
        lower: options.lower,
        upper: options.upper,
      });
      if (!r.verified) return null;
      return {
        nu,
        x: r.x,
        energy: r.energy,
        lambdaMin: r.eigenvalue,
        eigenvector: r.eigenvector,
        onBound: false,
      };
    } catch (e) {
      if (e instanceof EnergyError) return null;
      throw e;
    }
  };
  const branches: Branch[] = [];
  const at = (b: Branch, k: number) => b.points.find((p) => p.nu === grid[k]);
  const occupied = (kind: Branch["kind"], k: number, p: TrackedPoint, self?: Branch) =>
    branches.find((b) => {
      if (b === self || b.kind !== kind) return false;
      const q = at(b, k);
      return q !== undefined && dist(q.x, p.x) < 1e-3 &&
        Math.abs(q.energy - p.energy) < 1e-6 * Math.max(1, Math.abs(p.energy));
    });
  let done = 0;
  for (const s of seeds) {
    done++;
    const start = follow(s.kind, { x: s.x }, grid[s.k]);
    if (!start || occupied(s.kind, s.k, start)) continue;
    const jump = options.jump ?? 0.75 + 0.1 * Math.sqrt(s.x.length);
    const b: Branch = {
      id: branches.length,
      kind: s.kind,
      points: [start],
      ends: { low: "grid", high: "grid" },
    };
    branches.push(b);
    for (const dir of [1, -1] as const) {
      let prev = start;
      for (let k = s.k + dir; k >= 0 && k < K; k += dir) {
        const next = follow(b.kind, prev, grid[k]);
        const side = dir > 0 ? "high" : "low";
        if (!next || dist(next.x, prev.x) > jump) {
          b.ends[side] = "vanished";
          break;
        }
        if (occupied(b.kind, k, next, b)) {
          b.ends[side] = "merged";
          break;
        }
        if (dir > 0) b.points.push(next);
        else b.points.unshift(next);
        prev = next;
      }
    }
    options.onProgress?.(done, seeds.length, branches.length);
  }
  // Folds: a minimum branch and a transition-state branch that vanish together, nearest pair first.
  const folds: Fold[] = [];
  for (const M of branches.filter((b) => b.kind === "minimum")) {
    for (const side of ["high", "low"] as const) {
      if (M.ends[side] !== "vanished") continue;
      const mEnd = side === "high" ? M.points[M.points.length - 1] : M.points[0];
      const partner = branches
        .filter((S) => S.kind === "ts" && S.ends[side] === "vanished")
        .map((S) => ({ S, p: side === "high" ? S.points[S.points.length - 1] : S.points[0] }))
        .filter(({ p }) => p.nu === mEnd.nu)
        .sort((a, b) => dist(a.p.x, mEnd.x) - dist(b.p.x, mEnd.x))[0];
      if (!partner || folds.some((f) => f.tsBranch === partner.S.id)) continue;
      // A minimum on a bound of the box is not a stationary point: its end is no fold.
      if (mEnd.onBound) continue;
      const kOut = grid.indexOf(mEnd.nu) + (side === "high" ? 1 : -1);
      if (kOut < 0 || kOut >= K) continue;
      const fold = bisectFold(
        follow,
        M.id,
        partner.S.id,
        mEnd,
        partner.p,
        grid[kOut],
        side === "high" ? "below" : "above",
        options.bisections ?? 40,
        options.jump ?? 0.75 + 0.1 * Math.sqrt(mEnd.x.length),
      );
      if (fold) folds.push(fold);
    }
  }
  return { branches, folds };
}

type Follow = (
  kind: Branch["kind"],
  p: { x: Float64Array; eigenvector?: Float64Array },
  nu: number,
) => TrackedPoint | null;

/** Bisection between the last ν where the pair exists and the first where it does not. */
function bisectFold(
  follow: Follow,
  mId: number,
  sId: number,
  m0: TrackedPoint,
  s0: TrackedPoint,
  nuOut: number,
  side: Fold["side"],
  steps: number,
  jump: number,
): Fold | null {
  let lo = m0.nu, hi = nuOut;
  let m = m0, s = s0;
  const samples: { nu: number; barrier: number; lambda: number }[] = [{
    nu: m.nu,
    barrier: s.energy - m.energy,
    lambda: m.lambdaMin,
  }];
  for (let it = 0; it < steps; it++) {
    const mid = 0.5 * (lo + hi);
    const m2 = follow("minimum", m, mid), s2 = follow("ts", s, mid);
    // The pair is alive only if both points were continued (no jump into another basin), stay
    // interior, and the saddle is still above the minimum.
    const continued = m2 && s2 && !m2.onBound && dist(m2.x, m.x) <= jump && dist(s2.x, s.x) <= jump;
    if (continued && s2!.energy > m2!.energy && dist(m2!.x, s2!.x) > 1e-9) {
      lo = mid;
      m = m2!;
      s = s2!;
      samples.push({ nu: mid, barrier: s.energy - m.energy, lambda: m.lambdaMin });
    } else hi = mid;
    if (Math.abs(hi - lo) < 1e-10 * Math.max(1, Math.abs(hi))) break;
  }
  const nuC = 0.5 * (lo + hi);
  // Fit ln ΔE = a + p ln|ν − ν_c| on the samples nearest ν_c (a window of 1.5 decades of distance
  // beyond the bracket, where the normal form holds) whose barrier is resolved in float64.
  const width = Math.abs(hi - lo);
  const pts = samples
    .filter((q) =>
      q.barrier > 1e-11 * Math.max(1, Math.abs(m.energy)) && Math.abs(q.nu - nuC) > 4 * width
    )
    .sort((a, b) => Math.abs(a.nu - nuC) - Math.abs(b.nu - nuC))
    .slice(0, 10);
  if (pts.length < 3) return null;
  const xs = pts.map((q) => Math.log(Math.abs(q.nu - nuC))),
    ys = pts.map((q) => Math.log(q.barrier));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length,
    my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  const exponent = sxy / sxx;
  // A fold's barrier vanishes at ν_c: a fit that does not decrease towards ν_c is no fold.
  if (!(exponent > 0)) return null;
  return {
    nu: nuC,
    energy: m.energy,
    x: Array.from(m.x),
    minimumBranch: mId,
    tsBranch: sId,
    exponent,
    samples: pts.map(({ nu, barrier }) => ({ nu, barrier })),
    lambdaNearFold: samples.find((q) => q.nu === pts[0].nu)!.lambda,
    side,
  };
}
