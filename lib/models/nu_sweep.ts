/**
 * The ν sweep of a Matérn-ν GP's NLML landscape over (ln ℓ, ln σf², ln σn²): stationary points at
 * anchor values of ν from the landscape engine, continued along the ν grid in both directions
 * (minima by warm-started L-BFGS, transition states by warm-started hybrid eigenvector-following),
 * so that the sweep costs far less than independent searches; branches that end together are fold
 * catastrophes, located by bisection, with the barrier's scaling exponent fitted (3/2 expected for
 * a fold: D. J. Wales, Science 293, 2067, 2001).
 * @module
 */
import type { GPData, MaternGPOptions } from "./gp.ts";
import { MaternGP } from "./gp.ts";
import { defaultBounds, type ThetaBounds } from "./gp_fit.ts";
import { basinHopping } from "../landscape/basinhopping.ts";
import { connect } from "../landscape/connect.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import type { Landscape } from "../landscape/types.ts";
import { lowestEigenpair } from "../landscape/hessian.ts";
import { EnergyError, minimize } from "../landscape/minimize.ts";
import { hybridEigenvectorFollowing } from "../landscape/ts.ts";
import { NumericalError } from "../util/errors.ts";

/** A stationary point at one ν. */
export interface SweepPoint {
  nu: number;
  /** θ without ν (names: MaternGP.names of the fixed-ν model). */
  theta: Float64Array;
  nlml: number;
  /** Lowest Hessian eigenvalue (→ 0 at a fold). */
  lambdaMin: number;
  /** Lowest eigenvector (kept for transition states, to warm-start the next ν). */
  eigenvector: Float64Array;
  onBound: boolean;
}

/** A branch: one stationary point followed continuously over a range of ν. */
export interface Branch {
  id: number;
  kind: "minimum" | "ts";
  points: SweepPoint[];
  /** Why the branch stops at each end: the grid's end, vanished (fold or jump), or merged into another branch. */
  ends: { low: "grid" | "vanished" | "merged"; high: "grid" | "vanished" | "merged" };
}

/** A located fold catastrophe. */
export interface Fold {
  nu: number;
  nlml: number;
  theta: number[];
  minimumBranch: number;
  tsBranch: number;
  /** Fitted exponent of the barrier ΔE ∝ |ν − ν_c|^p (3/2 for a fold). */
  exponent: number;
  /** Barrier samples used for the fit. */
  samples: { nu: number; barrier: number }[];
  /** Lowest Hessian eigenvalue of the minimum at the sample nearest ν_c (→ 0). */
  lambdaNearFold: number;
  /** Which side of ν_c the pair exists on. */
  side: "below" | "above";
}

/** Options of {@link nuSweep}. */
export interface NuSweepOptions {
  grid: number[];
  ard?: boolean;
  normalizeY?: boolean;
  /** Every k-th grid point (plus the ends and half-integers) gets a full landscape search [10]. */
  anchorEvery?: number;
  /** Basin-hopping steps per anchor [30]. */
  bhSteps?: number;
  seed?: number;
  bounds?: ThetaBounds;
  /** Called with a message and the fraction done. */
  onProgress?: (stage: string, done: number, total: number, detail: string) => void;
}

/** Result of {@link nuSweep}. */
export interface NuSweepResult {
  grid: number[];
  branches: Branch[];
  folds: Fold[];
  /** Landscape databases of the anchor searches, by grid index. */
  anchors: Map<number, LandscapeDatabase>;
  names: string[];
  evaluations: number;
}

function dist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** Maps a GP landscape over the ν grid. */
export async function nuSweep(data: GPData, options: NuSweepOptions): Promise<NuSweepResult> {
  const grid = options.grid;
  const K = grid.length;
  const gpOpts: MaternGPOptions = { ard: options.ard, normalizeY: options.normalizeY };
  const models = new Map<number, Landscape>();
  let evaluations = 0;
  // The fixed-ν landscape, counting evaluations; a hopeless Cholesky becomes NaN (a rise to the
  // minimiser, a lost point to the continuation) instead of an exception.
  const model = (nu: number): Landscape => {
    let m = models.get(nu);
    if (!m) {
      const gp = new MaternGP(data, { ...gpOpts, nu });
      m = {
        dim: gp.dim,
        energy: (x: Float64Array, g?: Float64Array) => {
          evaluations++;
          try {
            return gp.energy(x, g);
          } catch (e) {
            if (e instanceof NumericalError) return NaN;
            throw e;
          }
        },
      };
      if (models.size > 64) models.clear();
      models.set(nu, m);
    }
    return m;
  };
  const probe = new MaternGP(data, { ...gpOpts, nu: 1.5 });
  const bounds = options.bounds ?? defaultBounds(probe, data.X);
  const names = probe.names;
  const progress = options.onProgress ?? (() => {});

  // Re-converge a point at a new ν: a minimum by L-BFGS, a transition state by HEF.
  const follow = (kind: Branch["kind"], p: SweepPoint, nu: number): SweepPoint | null => {
    const gp = model(nu);
    try {
      if (kind === "minimum") {
        const r = minimize(gp, p.theta, {
          lower: bounds.lower,
          upper: bounds.upper,
          maxStep: 0.3,
          rmsGradient: 1e-7,
        });
        if (!r.converged) return null;
        const ep = lowestEigenpair(gp, r.x);
        if (!r.onBound && ep.value < 0) return null;
        return {
          nu,
          theta: r.x,
          nlml: r.energy,
          lambdaMin: ep.value,
          eigenvector: ep.vector,
          onBound: r.onBound,
        };
      }
      const r = hybridEigenvectorFollowing(gp, p.theta, {
        guess: p.eigenvector,
        maxIterations: 60,
        maxStep: 0.2,
        maxTangentStep: 0.3,
        rmsGradient: 1e-7,
        lower: bounds.lower,
        upper: bounds.upper,
      });
      if (!r.verified) return null;
      return {
        nu,
        theta: r.x,
        nlml: r.energy,
        lambdaMin: r.eigenvalue,
        eigenvector: r.eigenvector,
        onBound: false,
      };
    } catch (e) {
      if (e instanceof EnergyError) return null;
      throw e;
    }
  };

  // 1. Anchors: full landscape searches at fixed ν.
  const half = [0.5, 1.5, 2.5];
  const every = options.anchorEvery ?? 10;
  const anchorIdx = [
    ...new Set(
      grid.map((nu, k) => (k === 0 || k === K - 1 || k % every === 0 || half.includes(nu) ? k : -1))
        .filter((k) => k >= 0),
    ),
  ];
  const anchors = new Map<number, LandscapeDatabase>();
  const seeds: { k: number; kind: Branch["kind"]; point: SweepPoint }[] = [];
  for (const [a, k] of anchorIdx.entries()) {
    const gp = model(grid[k]);
    const db = await basinHopping(gp, {
      steps: options.bhSteps ?? 30,
      stepSize: 1.5,
      temperature: 2,
      seed: (options.seed ?? 1) + k,
      lower: bounds.lower,
      upper: bounds.upper,
      walkers: 2,
      minimize: { maxStep: 0.5, rmsGradient: 1e-7 },
    });
    await connect(gp, db, {
      strategy: "closest",
      neighbours: 3,
      maxAttempts: 30,
      lower: bounds.lower,
      upper: bounds.upper,
      dneb: { images: 8, iterations: 150 },
      hef: { maxStep: 0.2, maxTangentStep: 0.3, rmsGradient: 1e-7, maxIterations: 100 },
      minimize: { maxStep: 0.5, rmsGradient: 1e-7 },
    });
    anchors.set(k, db);
    for (const m of db.minima) {
      const ep = lowestEigenpair(gp, m.x);
      seeds.push({
        k,
        kind: "minimum",
        point: {
          nu: grid[k],
          theta: m.x,
          nlml: m.energy,
          lambdaMin: ep.value,
          eigenvector: ep.vector,
          onBound: m.onBound,
        },
      });
    }
    for (const t of db.transitionStates) {
      const ep = lowestEigenpair(gp, t.x);
      seeds.push({
        k,
        kind: "ts",
        point: {
          nu: grid[k],
          theta: t.x,
          nlml: t.energy,
          lambdaMin: ep.value,
          eigenvector: ep.vector,
          onBound: false,
        },
      });
    }
    progress(
      "anchors",
      a + 1,
      anchorIdx.length,
      `ν = ${grid[k]}: ${db.minima.length} minima, ${db.transitionStates.length} transition states`,
    );
  }

  // 2. Continuation: every seed not already on a branch starts one, followed both ways.
  const branches: Branch[] = [];
  const at = (b: Branch, k: number) => b.points.find((p) => p.nu === grid[k]);
  const occupied = (kind: Branch["kind"], k: number, p: SweepPoint, self?: Branch) =>
    branches.find((b) =>
      b !== self && b.kind === kind && (() => {
        const q = at(b, k);
        return q !== undefined && dist(q.theta, p.theta) < 1e-3 &&
          Math.abs(q.nlml - p.nlml) < 1e-6 * Math.max(1, Math.abs(p.nlml));
      })()
    );
  const jumpTol = (p: SweepPoint) => 0.75 + 0.1 * Math.sqrt(p.theta.length);
  let done = 0;
  for (const s of seeds) {
    done++;
    if (occupied(s.kind, s.k, s.point)) continue;
    const b: Branch = {
      id: branches.length,
      kind: s.kind,
      points: [s.point],
      ends: { low: "grid", high: "grid" },
    };
    branches.push(b);
    for (const dir of [1, -1] as const) {
      let prev = s.point;
      for (let k = s.k + dir; k >= 0 && k < K; k += dir) {
        const next = follow(b.kind, prev, grid[k]);
        const side = dir > 0 ? "high" : "low";
        if (
          !next ||
          dist(next.theta, prev.theta) >
            jumpTol(prev) * Math.max(1, Math.abs(grid[k] - prev.nu) / 0.05)
        ) {
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
    progress("continuation", done, seeds.length, `${branches.length} branches`);
  }

  // 3. Folds: a minimum branch and a transition-state branch ending together, close to each other.
  const folds: Fold[] = [];
  for (const M of branches.filter((b) => b.kind === "minimum")) {
    for (const side of ["high", "low"] as const) {
      if (M.ends[side] !== "vanished") continue;
      const mEnd = side === "high" ? M.points[M.points.length - 1] : M.points[0];
      const kEnd = grid.indexOf(mEnd.nu);
      const partner = branches.filter((S) =>
        S.kind === "ts" && S.ends[side] === "vanished"
      ).map((S) => ({ S, p: side === "high" ? S.points[S.points.length - 1] : S.points[0] }))
        .filter(({ p }) =>
          p.nu === mEnd.nu
        ).sort((a, b) =>
          dist(a.p.theta, mEnd.theta) - dist(b.p.theta, mEnd.theta)
        )[0];
      if (!partner) continue;
      const kOut = kEnd + (side === "high" ? 1 : -1);
      if (kOut < 0 || kOut >= K) continue;
      const fold = locateFold(
        follow,
        M,
        partner.S,
        mEnd,
        partner.p,
        grid[kOut],
        side === "high" ? "below" : "above",
      );
      if (fold) folds.push(fold);
    }
  }
  return { grid, branches, folds, anchors, names, evaluations };
}

type Follow = (kind: Branch["kind"], p: SweepPoint, nu: number) => SweepPoint | null;

/** Bisection between the last ν where both points exist and the first where they do not. */
function locateFold(
  follow: Follow,
  M: Branch,
  S: Branch,
  m0: SweepPoint,
  s0: SweepPoint,
  nuOut: number,
  side: Fold["side"],
): Fold | null {
  let lo = m0.nu, hi = nuOut;
  let m = m0, s = s0;
  const samples: { nu: number; barrier: number; lambda: number }[] = [{
    nu: m.nu,
    barrier: s.nlml - m.nlml,
    lambda: m.lambdaMin,
  }];
  for (let it = 0; it < 30; it++) {
    const mid = 0.5 * (lo + hi);
    const m2 = follow("minimum", m, mid), s2 = follow("ts", s, mid);
    const alive = m2 && s2 && s2.nlml > m2.nlml && dist(m2.theta, s2.theta) > 1e-6;
    if (alive) {
      lo = mid;
      m = m2!;
      s = s2!;
      samples.push({ nu: mid, barrier: s.nlml - m.nlml, lambda: m.lambdaMin });
    } else hi = mid;
    if (Math.abs(hi - lo) < 1e-7 * Math.max(1, Math.abs(hi))) break;
  }
  const nuC = 0.5 * (lo + hi);
  // Fit ln ΔE = a + p ln|ν − ν_c| on the samples closest to the fold with a positive barrier.
  const pts = samples.filter((q) => q.barrier > 0 && Math.abs(q.nu - nuC) > 0).sort((a, b) =>
    Math.abs(a.nu - nuC) - Math.abs(b.nu - nuC)
  ).slice(0, 8);
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
  return {
    nu: nuC,
    nlml: m.nlml,
    theta: Array.from(m.theta),
    minimumBranch: M.id,
    tsBranch: S.id,
    exponent: sxy / sxx,
    samples: pts.map(({ nu, barrier }) => ({ nu, barrier })),
    lambdaNearFold: pts[0] ? samples.find((q) => q.nu === pts[0].nu)!.lambda : NaN,
    side,
  };
}
