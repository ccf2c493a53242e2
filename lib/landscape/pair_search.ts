/**
 * One connection attempt between two minima, split into a pure search — DNEB between the two
 * points, hybrid eigenvector-following from the band's highest maxima, push-offs along ±the
 * saddle's eigenvector, Hessian characterisation of the minima reached — and a merge of its
 * findings into the database. The search needs no database, so it can run in a worker thread of
 * the float64 pool ({@link LandscapePool}); the merge runs in the main thread in a fixed order,
 * so results do not depend on how many workers there are.
 * @module
 */
import type { Landscape } from "./types.ts";
import type { LandscapeDatabase } from "./database.ts";
import { type DnebOptions, type DnebResult, doublyNudgedElasticBand } from "./neb.ts";
import {
  DENSE_HESSIAN_BELOW,
  eigenvectorFollowing,
  type HefOptions,
  type HefResult,
  type HessianCharacter,
  hybridEigenvectorFollowing,
  pushOff,
  stationaryCharacter,
} from "./transition_state.ts";
import { EnergyError, type MinimizeOptions } from "./minimize.ts";
import { distance } from "../linalg/vector.ts";

/** Settings of one search (the part of `ConnectOptions` a worker needs). */
export interface PairSearchOptions {
  /** DNEB maxima refined per attempt [3]. */
  candidates?: number;
  /** Nudged-elastic-band settings. */
  dneb?: DnebOptions;
  /** Hybrid eigenvector-following settings. */
  hef?: HefOptions;
  /** Minimisation settings for push-offs. */
  minimize?: MinimizeOptions;
  /** Lower bounds of the box. */
  lower?: ArrayLike<number>;
  /** Upper bounds of the box. */
  upper?: ArrayLike<number>;
  /**
   * Up to this many coordinates, each band maximum is refined by full-Hessian eigenvector-following
   * first and by HEF only when that fails [{@link EF_BELOW}].
   */
  efBelow?: number;
  /**
   * When the band gave no new saddle (its maxima failed or refined to stored saddles, or it had
   * none), relax a band with twice as many images (and at least 400 iterations) between the same
   * ends and refine up to twice as many of its maxima [true]. On rugged landscapes (appAUC) a
   * coarse band's maxima are often the saddles stored beside its ends, or lie on ridges that vanish
   * as the search relaxes (the band crosses basins it does not resolve).
   */
  finerBand?: boolean;
  /**
   * Stored transition states (canonical coordinates and energies) and the database's identity
   * tolerances, for searches in a worker that cannot ask the database: a saddle matching one is
   * reported as known (no push-off), by the database's energy and distance rule (a repeat that only
   * `samePairDistance` would catch is pushed off, and the merge then stores it once).
   */
  known?: {
    x: Float64Array[];
    energy: number[];
    tolerance?: { energy?: number; distance?: number };
    /**
     * Stored minima (canonical coordinates and energies): a push-off side matching one by the
     * same rule is not characterised again (its Hessian index is the stored minimum's).
     */
    minima?: { x: Float64Array[]; energy: number[] };
  };
}

/**
 * Default `efBelow`: on a 12-weight appAUC landscape (β = 100), full-Hessian eigenvector-following
 * verified 56 of 71 band maxima at 251 ms a search, HEF 36 at 555 ms (`deno task
 * bench:saddle-search`, docs/landscape.md); up to this size one Hessian (dim Hessian-vector
 * products) costs about what HEF's eigenvector update does.
 */
export const EF_BELOW = 40;

/** Hessian index, Σ ln λ over the positive modes and their count (no eigenvectors). */
export interface PointCharacter {
  /** Negative eigenvalues. */
  index: number;
  /** Σ ln λ over the positive ones. */
  logProduct: number;
  /** How many enter logProduct. */
  modes: number;
}

/** A minimum reached by a push-off. */
export interface PushOffSide {
  /** Its coordinates. */
  x: Float64Array;
  /** Its energy. */
  energy: number;
  /** On a bound of the box. */
  onBound: boolean;
  /** Its Hessian character (absent when the caller knew the minimum already). */
  character?: PointCharacter;
}

/** What the search found at one DNEB maximum. */
export type PairCandidate =
  | { kind: "unverified"; message: string }
  /** A verified saddle the caller chose not to store (connect's "grow": it joins nothing grown). */
  | { kind: "detached"; message: string }
  | { kind: "known"; energy: number }
  | { kind: "no-pushoff" }
  | {
    kind: "saddle";
    ts: {
      x: Float64Array;
      energy: number;
      eigenvalue: number;
      logProductHessian: number;
      index: number;
    };
    sides: [PushOffSide, PushOffSide];
  };

/** The findings of one search, in candidate order. */
export interface PairSearch {
  /** One entry per refined maximum, in order. */
  candidates: PairCandidate[];
  /** The energy error that stopped the search early, if any. */
  error?: string;
}

/** What the caller already knows (in-process searches skip work the database makes moot). */
export interface PairSearchHooks {
  /** True when a saddle at (x, E) is stored already: its push-off is skipped. */
  knownTransitionState?: (x: Float64Array, energy: number) => boolean;
  /** True when a minimum at (x, E) is stored already: its Hessian is not computed. */
  knownMinimum?: (x: Float64Array, energy: number) => boolean;
  /** Called with each candidate as soon as it is found (before the next is searched). */
  onCandidate?: (c: PairCandidate) => void;
}

/**
 * Hessian character of a point: the full Hessian and eigensolver up to `denseBelow` coordinates
 * [200], Lanczos above (index only, log-product NaN; see `stationaryCharacter`; index −1 when the
 * lowest Ritz value did not settle within 400 products).
 */
export function pointCharacter(
  landscape: Landscape,
  x: Float64Array,
  denseBelow?: number,
): PointCharacter {
  return toPointCharacter(stationaryCharacter(landscape, x, { denseBelow }));
}

/** The stored part of a Hessian character; a Lanczos check that did not settle has index −1. */
function toPointCharacter(c: HessianCharacter): PointCharacter {
  const index = c.method === "lanczos" && !c.settled && c.index === 0 ? -1 : c.index;
  return { index, logProduct: c.logProduct, modes: c.modes };
}

/** What {@link descendToMinimum} ended at. */
export interface Descent {
  /** The point (the start, or where the escapes led). */
  x: Float64Array;
  /** Its energy. */
  energy: number;
  /** On a bound of the box. */
  onBound: boolean;
  /** Its Hessian character (index 0: a verified minimum). */
  character: PointCharacter;
  /** Escapes along negative-curvature directions taken. */
  escapes: number;
}

/**
 * From a converged L-BFGS end point, a verified minimum when it is one; when it is a saddle
 * (index > 0; on large networks L-BFGS often stops beside one, where the gradient is tiny), step
 * off along the lowest Hessian eigenvector both ways (as a push-off) and minimise again, keeping
 * the lower side, up to `escapes` times [3]. The result's character says whether it ended at a
 * minimum.
 */
export function descendToMinimum(
  landscape: Landscape,
  x0: Float64Array,
  energy0: number,
  onBound0: boolean,
  options: { minimize?: MinimizeOptions; denseBelow?: number; escapes?: number } = {},
): Descent {
  let x = x0, energy = energy0, onBound = onBound0;
  for (let escapes = 0;; escapes++) {
    const c = stationaryCharacter(landscape, x, { denseBelow: options.denseBelow });
    const character = toPointCharacter(c);
    if (character.index <= 0 || onBound || escapes >= (options.escapes ?? 3)) {
      return { x, energy, onBound, character, escapes };
    }
    const p = pushOff(landscape, x, c.lowestVector, { ...options.minimize });
    const sides = [p.plus, p.minus].filter((r) => r.converged && r.energy < energy);
    if (!sides.length) return { x, energy, onBound, character, escapes };
    const best = sides.reduce((a, b) => (b.energy < a.energy ? b : a));
    x = best.x;
    energy = best.energy;
    onBound = best.onBound;
  }
}

/** Whether a saddle at (x, E) is stored already (the hook, else `options.known`). */
function knownSaddle(
  landscape: Landscape,
  x: Float64Array,
  energy: number,
  options: PairSearchOptions,
  hooks: PairSearchHooks,
): boolean {
  if (hooks.knownTransitionState) return hooks.knownTransitionState(x, energy);
  return options.known ? knownIn(landscape, x, energy, options.known, options.known) : false;
}

/** Whether (x, E) matches a point of `list` by the database's energy and distance rule. */
function knownIn(
  landscape: Landscape,
  x: Float64Array,
  energy: number,
  list: { x: Float64Array[]; energy: number[] },
  k: NonNullable<PairSearchOptions["known"]>,
): boolean {
  const c = landscape.canonicalize ? landscape.canonicalize(x) : x;
  const dTol = k.tolerance?.distance ?? 1e-3;
  return list.energy.some((e, j) =>
    Math.abs(e - energy) <=
      (k.tolerance?.energy ?? 1e-6 * Math.max(1, Math.abs(e), Math.abs(energy))) &&
    Math.min(
        distance(c, list.x[j]),
        landscape.align ? distance(landscape.align(c, list.x[j]), list.x[j]) : Infinity,
      ) <= dTol
  );
}

/**
 * What a saddle search gave: unverified, a stored saddle, or a new one pushed off both ways to the
 * two minima it joins (each descended and characterised).
 */
function saddleCandidate(
  landscape: Landscape,
  hef: HefResult,
  options: PairSearchOptions,
  hooks: PairSearchHooks,
): PairCandidate {
  if (!hef.verified) return { kind: "unverified", message: hef.message };
  if (knownSaddle(landscape, hef.x, hef.energy, options, hooks)) {
    return { kind: "known", energy: hef.energy };
  }
  const p = pushOff(landscape, hef.x, hef.eigenvector, {
    lower: options.lower,
    upper: options.upper,
    ...options.minimize,
  });
  if (!p.plus.converged || !p.minus.converged) return { kind: "no-pushoff" };
  const side = (r: typeof p.plus): PushOffSide => {
    const known = hooks.knownMinimum
      ? hooks.knownMinimum(r.x, r.energy)
      : !!options.known?.minima &&
        knownIn(landscape, r.x, r.energy, options.known.minima, options.known);
    if (known) {
      return { x: r.x, energy: r.energy, onBound: r.onBound };
    }
    // Above the dense-Hessian size a push-off's L-BFGS often stops beside a higher-index
    // saddle (flat directions near 2λ): step off it as basin-hopping does, so the saddle
    // still links two verified minima instead of failing the attempt.
    const d = descendToMinimum(landscape, r.x, r.energy, r.onBound, {
      minimize: { lower: options.lower, upper: options.upper, ...options.minimize },
      escapes: landscape.dim > DENSE_HESSIAN_BELOW ? 3 : 0,
    });
    return { x: d.x, energy: d.energy, onBound: d.onBound, character: d.character };
  };
  return {
    kind: "saddle",
    ts: {
      x: hef.x,
      energy: hef.energy,
      eigenvalue: hef.eigenvalue,
      logProductHessian: hef.logProductHessian,
      index: hef.index,
    },
    sides: [side(p.plus), side(p.minus)],
  };
}

/** Settings of {@link searchFromMinimum}. */
export interface SingleEndedOptions extends PairSearchOptions {
  /** Direction of the first displacement off the minimum (normalised here). */
  direction: ArrayLike<number>;
  /**
   * Length of that displacement [0.04·√dim·max(1, RMS of x): 0.04 per coordinate]. On digits
   * 61-10-10 (730 weights, length 1.08) 40 searches found 32 new saddles; a tenth of it found 14
   * (the climbs kept returning to the basin's softest saddles).
   */
  displacement?: number;
}

/**
 * A single-ended saddle search from the minimum at x (OPTIM's eigenvector-following from a
 * minimum; the random first step of ART nouveau, Malek & Mousseau, Phys. Rev. E 62, 7723, 2000):
 * step along `direction`, climb (eigenvector-following by mode overlap up to `efBelow`
 * coordinates, else hybrid eigenvector-following with the direction as the first guess of the
 * uphill mode), and push the saddle off both ways. The saddle's sides are new minima
 * or x's own; different directions reach different saddles around x.
 */
export function searchFromMinimum(
  landscape: Landscape,
  x: Float64Array,
  options: SingleEndedOptions,
  hooks: PairSearchHooks = {},
): PairSearch {
  const n = x.length;
  let norm = 0, xx = 0;
  for (let i = 0; i < n; i++) {
    norm += options.direction[i] ** 2;
    xx += x[i] * x[i];
  }
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new Error("searchFromMinimum: the direction is zero");
  const v = Float64Array.from({ length: n }, (_, i) => options.direction[i] / norm);
  const delta = options.displacement ?? 0.04 * Math.sqrt(n) * Math.max(1, Math.sqrt(xx / n));
  const x0 = Float64Array.from(x, (xi, i) => xi + delta * v[i]);
  try {
    // Small landscapes: full-Hessian eigenvector-following, which follows the mode that overlaps
    // the direction most (so different directions climb different modes). Above `efBelow`, and as
    // the fallback: HEF, which climbs the lowest mode; on a 730-weight network its 20-step
    // warm-started Lanczos guess keeps enough of the direction's imprint that different directions
    // reach different saddles (an ART-style activation along the direction first found fewer
    // distinct neighbours there, at twice the cost).
    let hef: HefResult | undefined;
    if (landscape.dim <= (options.efBelow ?? EF_BELOW)) {
      hef = eigenvectorFollowing(landscape, x0, {
        guess: v,
        lower: options.lower,
        upper: options.upper,
        maxIterations: options.hef?.maxIterations,
        rmsGradient: options.hef?.rmsGradient,
        zeroTolerance: options.hef?.zeroTolerance,
      });
    }
    if (!hef?.verified && hef?.message !== "left the bounds") {
      const first = hef;
      hef = hybridEigenvectorFollowing(landscape, x0, {
        guess: v,
        lower: options.lower,
        upper: options.upper,
        ...options.hef,
      });
      if (!hef.verified && first) {
        hef = { ...hef, message: `${first.message}; HEF: ${hef.message}` };
      }
    }
    const c = saddleCandidate(landscape, hef, options, hooks);
    hooks.onCandidate?.(c);
    return { candidates: [c] };
  } catch (e) {
    if (!(e instanceof EnergyError)) throw e;
    return { candidates: [], error: e.message };
  }
}

/**
 * Searches for transition states between the minima at `xa` and `xb` (the caller aligns `xb`).
 * Energy errors end the search with what was found so far.
 */
export async function searchPair(
  landscape: Landscape,
  xa: Float64Array,
  xb: Float64Array,
  options: PairSearchOptions = {},
  hooks: PairSearchHooks = {},
): Promise<PairSearch> {
  const out: PairCandidate[] = [];
  const emit = (c: PairCandidate) => {
    out.push(c);
    hooks.onCandidate?.(c);
  };
  /** Refines up to `count` maxima of a band, emitting what each gave. */
  const refine = (band: DnebResult, count: number): void => {
    for (const i of band.maxima.slice(0, count)) {
      const hefOptions = {
        guess: band.tangents[i],
        lower: options.lower,
        upper: options.upper,
        ...options.hef,
      };
      // Small landscapes: eigenvector-following with the full Hessian first, HEF if it fails.
      // Larger ones: HEF, tried once more with steps a fifth as long when it fails — on stiff
      // landscapes (the appAUC loss at β = 100) saddles sit on ridges narrower than the default
      // step, and the search steps off the ridge and climbs a flat direction.
      let hef: HefResult | undefined;
      if (landscape.dim <= (options.efBelow ?? EF_BELOW)) {
        const top = band.energies[i];
        const low = Math.min(band.energies[0], band.energies[band.energies.length - 1]);
        hef = eigenvectorFollowing(landscape, band.path[i], {
          guess: band.tangents[i],
          lower: options.lower,
          upper: options.upper,
          rmsGradient: options.hef?.rmsGradient,
          zeroTolerance: options.hef?.zeroTolerance,
          ceiling: top + 3 * Math.max(top - low, 1e-6 * Math.max(1, Math.abs(top))),
        });
      }
      if (!hef?.verified && hef?.message !== "left the bounds") {
        const first = hef;
        hef = hybridEigenvectorFollowing(landscape, band.path[i], hefOptions);
        if (!hef.verified && hef.message !== "left the bounds" && !first) {
          const again = hybridEigenvectorFollowing(landscape, band.path[i], {
            ...hefOptions,
            maxStep: (hefOptions.maxStep ?? 0.1) / 5,
            maxTangentStep: (hefOptions.maxTangentStep ?? 0.1) / 4,
          });
          if (again.verified) hef = again;
        }
        if (!hef.verified && first) {
          hef = { ...hef, message: `${first.message}; HEF: ${hef.message}` };
        }
      }
      emit(saddleCandidate(landscape, hef, options, hooks));
    }
  };
  try {
    const candidates = options.candidates ?? 3;
    const band = await doublyNudgedElasticBand(landscape, xa, xb, options.dneb);
    refine(band, candidates);
    if ((options.finerBand ?? true) && !out.some((c) => c.kind === "saddle")) {
      const fine = await doublyNudgedElasticBand(landscape, xa, xb, {
        ...options.dneb,
        images: 2 * (options.dneb?.images ?? 10),
        iterations: Math.max(400, options.dneb?.iterations ?? 300),
      });
      refine(fine, 2 * candidates);
    }
  } catch (e) {
    if (!(e instanceof EnergyError)) throw e;
    return { candidates: out, error: e.message };
  }
  return { candidates: out };
}

/** Outcome of one connection attempt. */
export interface PairAttempt {
  /** Verified transition states found that were not stored before. */
  newTransitionStates: number;
  /** Verified transition states found (new or already stored): > 0 is a successful attempt. */
  verified: number;
  /** Why a failed attempt failed (the last reason met); absent on success. */
  reason?: string;
}

/** Incremental merge of one attempt's candidates into `db` (minima a and b were the ends). */
class PairMerge {
  found = 0;
  verified = 0;
  reason = "no verified transition state";
  constructor(
    readonly landscape: Landscape,
    readonly db: LandscapeDatabase,
    readonly a: number,
    readonly b: number,
  ) {}

  add(c: PairCandidate): void {
    const db = this.db;
    if (c.kind === "unverified" || c.kind === "detached") {
      this.reason = c.message;
      return;
    }
    // An attempt counts as verified when a candidate links two distinct minima through an index-1
    // saddle (a new one or one stored already), not merely when HEF converged.
    if (c.kind === "known") {
      this.verified++;
      return;
    }
    if (c.kind === "no-pushoff") {
      this.reason = "push-off minimisation did not converge";
      return;
    }
    if (db.findTransitionState(c.ts.x, c.ts.energy)) {
      this.verified++;
      return;
    }
    const ids: number[] = [];
    for (const r of c.sides) {
      // A side above the saddle was not reached by a descent from it.
      if (!(r.energy < c.ts.energy)) break;
      const known = db.findMinimum(r.x, r.energy);
      if (known && known.energy < c.ts.energy) {
        ids.push(known.id);
        continue;
      }
      const ch = r.character ?? pointCharacter(this.landscape, r.x);
      if (known) {
        // The stored minimum sits above this saddle (a flat valley's other end, stored first):
        // the lower find, a verified minimum, represents it, so no barrier to it is negative.
        if (ch.index !== 0 && !r.onBound) break;
        db.represent(known, r.x, r.energy, {
          onBound: r.onBound,
          index: ch.index,
          logProductHessian: ch.logProduct,
          modes: ch.modes,
        });
        ids.push(known.id);
        continue;
      }
      if (ch.index !== 0 && !r.onBound) break;
      ids.push(
        db.addMinimum(r.x, r.energy, {
          onBound: r.onBound,
          provenance: "pushoff",
          index: ch.index,
          logProductHessian: ch.logProduct,
          modes: ch.modes,
        }).minimum.id,
      );
    }
    if (ids.length !== 2 || ids[0] === ids[1]) {
      this.reason = ids.length === 2
        ? "both sides of the saddle fell into the same minimum"
        : !c.sides.every((r) => r.energy < c.ts.energy)
        ? "a push-off ended above the saddle"
        : "a push-off ended at a point that is not a minimum";
      return;
    }
    this.verified++;
    const { isNew } = db.addTransitionState({
      energy: c.ts.energy,
      x: c.ts.x,
      minima: [ids[0], ids[1]],
      eigenvalue: c.ts.eigenvalue,
      logProductHessian: c.ts.logProductHessian,
      index: c.ts.index,
      provenance: this.a === this.b ? `from(${this.a})` : `dneb(${this.a},${this.b})`,
    });
    if (isNew) this.found++;
  }

  finish(error?: string): PairAttempt {
    if (error !== undefined) this.reason = error;
    if (this.verified === 0) {
      // A single-ended search (a = b) failing says nothing about a pair of minima.
      if (this.a !== this.b) this.db.addFailedConnection(this.a, this.b, this.reason);
      return { newTransitionStates: this.found, verified: 0, reason: this.reason };
    }
    return { newTransitionStates: this.found, verified: this.verified };
  }
}

/** The far end of a band from minimum a to minimum b (b's symmetry copy closest to a). */
export function pairEnds(
  landscape: Landscape,
  db: LandscapeDatabase,
  a: number,
  b: number,
): [Float64Array, Float64Array] {
  const xa = db.minima[a].x;
  return [xa, landscape.align ? landscape.align(db.minima[b].x, xa) : db.minima[b].x];
}

/**
 * Merges a single-ended search from minimum `a` (see {@link searchFromMinimum}) into `db`: the
 * saddle and the minima it joins are stored (a failure is not recorded against any pair).
 */
export function mergeSingleEnded(
  landscape: Landscape,
  db: LandscapeDatabase,
  a: number,
  search: PairSearch,
): PairAttempt {
  return mergePairSearch(landscape, db, a, a, search);
}

/** Merges a search (e.g. from a worker) between minima a and b into `db`. */
export function mergePairSearch(
  landscape: Landscape,
  db: LandscapeDatabase,
  a: number,
  b: number,
  search: PairSearch,
): PairAttempt {
  const m = new PairMerge(landscape, db, a, b);
  for (const c of search.candidates) m.add(c);
  return m.finish(search.error);
}

/**
 * One connection attempt between minima a and b, in this thread: each candidate is merged as soon
 * as it is found, and work the database makes moot (push-offs of stored saddles, Hessians of
 * stored minima) is skipped. With `landscape.align`, b's symmetry copy closest to a is used as
 * the far end of the band.
 */
export async function connectPair(
  landscape: Landscape,
  db: LandscapeDatabase,
  a: number,
  b: number,
  options: PairSearchOptions = {},
): Promise<PairAttempt> {
  const m = new PairMerge(landscape, db, a, b);
  const [xa, xb] = pairEnds(landscape, db, a, b);
  const s = await searchPair(landscape, xa, xb, options, {
    knownTransitionState: (x, e) => db.findTransitionState(x, e) !== undefined,
    knownMinimum: (x, e) => db.findMinimum(x, e) !== undefined,
    onCandidate: (c) => m.add(c),
  });
  return m.finish(s.error);
}
