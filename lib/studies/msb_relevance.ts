/**
 * Feature relevance from monotonic sequence basins (MISSION.md, study 5). Minima of an MLP loss
 * are grouped into monotonic sequence basins (MSBs); within a basin, after removing hidden-unit
 * permutations and tanh sign flips (each minimum aligned to the basin's bottom with
 * `MlpLandscape.align`), weights whose spread across the basin's minima is small compared with their
 * spread across the whole landscape are "conserved" — they behave like order parameters. The
 * input-layer conserved weights give a relevance score per input. Baseline: permutation importance.
 *
 * Criterion (documented in docs/feature-relevance.md): weight q is conserved in basin b when its
 * coefficient of variation over b's aligned minima is small, sd_b(q) ≤ 0.5·|mean_b(q)| — it keeps
 * its sign and, on one standard deviation, stays within ±50% of its basin mean. Two criteria were
 * tried first and rejected on the synthetic data (docs/feature-relevance.md): spread relative to
 * the whole landscape (fails by construction when one funnel holds every minimum) and spread
 * relative to the basin's overall weight scale (every small weight, i.e. the irrelevant ones,
 * passes). A basin of one minimum has no spread: all its weights count as conserved, the score
 * reduces to weight magnitudes, and the result is flagged.
 * Relevance of input k in basin b: Σ_j [W1_jk conserved] · |mean_b W1_jk| · ‖mean_b W2_·j‖,
 * normalised to sum 1 over the inputs; the landscape's score is the mean over basins weighted by
 * their number of minima, with the standard deviation over basins as its uncertainty.
 * @module
 */
import type { ClassificationDataset } from "../data/classification.ts";
import { monotonicSequenceBasins } from "../landscape/analysis.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import type { MlpLandscape } from "../models/mlp.ts";
import { Rng } from "../util/random.ts";
import { scorePrediction } from "./robustness.ts";

/** Threshold of the conservation criterion: sd over the basin / |mean over the basin|. */
export const CONSERVED_RATIO = 0.5;

/** One basin's analysis. */
export interface BasinWeights {
  /** The basin's bottom minimum. */
  bottom: number;
  /** Ids of its minima (members of the MSB, bottom included). */
  minima: number[];
  /** Per weight: sd over the basin's aligned minima divided by |its mean over them|. */
  ratio: number[];
  /** Per weight: conserved (ratio ≤ CONSERVED_RATIO). */
  conserved: boolean[];
  /** Mean aligned parameters over the basin. */
  mean: number[];
  /** Relevance per input (sums to 1; all zero when nothing is conserved). */
  relevance: number[];
}

/** The MSB relevance analysis of a landscape. */
export interface MsbRelevance {
  /** Every basin analysed. */
  basins: BasinWeights[];
  /** Size-weighted mean relevance per input over the basins. */
  relevance: number[];
  /** Standard deviation of the per-basin relevance per input. */
  uncertainty: number[];
  /** Basins used. */
  used: number;
  /** True when no basin has 2 minima: no spread information, relevance from magnitudes only. */
  noSpread: boolean;
}

function sd(vals: number[]): number {
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  return Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, vals.length - 1));
}

function basinOf(
  model: MlpLandscape,
  xs: Float64Array[],
  ids: number[],
  bottom: number,
): BasinWeights {
  const L = model.layout, I = L.inputs, H = L.hidden, O = L.outputs, P = model.dim;
  const ref = xs[bottom];
  const aligned = ids.map((i) => (i === bottom ? ref : model.align(xs[i], ref)));
  const mean = Array.from(
    { length: P },
    (_, q) => aligned.reduce((a, x) => a + x[q], 0) / aligned.length,
  );
  const ratio = Array.from({ length: P }, (_, q) => {
    if (aligned.length < 2) return 0;
    const s = sd(aligned.map((x) => x[q]));
    return s === 0 ? 0 : s / Math.abs(mean[q]);
  });
  const conserved = ratio.map((r) => r <= CONSERVED_RATIO);
  const rel = new Array(I).fill(0);
  for (let j = 0; j < H; j++) {
    let out = 0;
    for (let o = 0; o < O; o++) out += mean[L.w2 + o * H + j] ** 2;
    out = Math.sqrt(out);
    for (let k = 0; k < I; k++) {
      const q = L.w1 + j * I + k;
      if (conserved[q]) rel[k] += Math.abs(mean[q]) * out;
    }
  }
  const total = rel.reduce((a, b) => a + b, 0);
  return {
    bottom,
    minima: ids,
    ratio,
    conserved,
    mean,
    relevance: total > 0 ? rel.map((r) => r / total) : rel,
  };
}

/** MSB-based feature relevance of an explored MLP landscape (needs its transition states). */
export function msbFeatureRelevance(model: MlpLandscape, db: LandscapeDatabase): MsbRelevance {
  const I = model.layout.inputs;
  const ms = db.minima;
  if (ms.length === 0) throw new RangeError("the database has no minima");
  const xs = ms.map((m) => m.x);
  const msb = monotonicSequenceBasins(db);
  const every = msb.bottoms.map((b) => basinOf(model, xs, msb.members.get(b) ?? [b], b));
  // Basins of one minimum carry no spread information; used only when no basin has two.
  const noSpread = every.every((b) => b.minima.length < 2);
  const basins = noSpread ? every : every.filter((b) => b.minima.length >= 2);
  const wsum = basins.reduce((a, b) => a + b.minima.length, 0);
  const relevance = Array.from(
    { length: I },
    (_, k) => basins.reduce((a, b) => a + b.relevance[k] * b.minima.length, 0) / wsum,
  );
  const uncertainty = Array.from(
    { length: I },
    (_, k) => (basins.length > 1 ? sd(basins.map((b) => b.relevance[k])) : 0),
  );
  return { basins, relevance, uncertainty, used: basins.length, noSpread };
}

/**
 * Permutation importance (Breiman 2001): the drop in test score (AUC for binary problems,
 * accuracy otherwise) when input k's column is shuffled, averaged over `repeats` shuffles, for the
 * probability average of the parameter vectors `ws` (one vector: a single minimum).
 */
export function permutationImportance(
  model: MlpLandscape,
  ws: Float64Array[],
  data: ClassificationDataset,
  options: { repeats?: number; seed?: number } = {},
): number[] {
  const O = model.layout.outputs, d = data.d, n = data.n;
  const rng = new Rng(options.seed ?? 1);
  const predict = (X: Float64Array) => {
    const out = new Float64Array(n * O);
    for (const w of ws) {
      const p = model.predict(w, X, n);
      for (let i = 0; i < out.length; i++) out[i] += p[i] / ws.length;
    }
    return out;
  };
  const base = scorePrediction(predict(data.X), data, O);
  return Array.from({ length: d }, (_, k) => {
    let drop = 0;
    const R = options.repeats ?? 10;
    for (let r = 0; r < R; r++) {
      const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      const X = Float64Array.from(data.X);
      for (let i = 0; i < n; i++) X[i * d + k] = data.X[perm[i] * d + k];
      drop += base - scorePrediction(predict(X), data, O);
    }
    return drop / R;
  });
}

/**
 * AUROC of a ranking against binary truth: the probability that a random truly-relevant input
 * scores above a random irrelevant one (ties count ½). NaN without both kinds.
 */
export function rankingAuroc(scores: number[], truth: boolean[]): number {
  let num = 0, den = 0;
  for (let a = 0; a < scores.length; a++) {
    if (!truth[a]) continue;
    for (let b = 0; b < scores.length; b++) {
      if (truth[b]) continue;
      den++;
      num += scores[a] > scores[b] ? 1 : scores[a] === scores[b] ? 0.5 : 0;
    }
  }
  return den ? num / den : NaN;
}
