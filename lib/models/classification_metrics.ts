/**
 * Classification metrics: accuracy from class probabilities, and the exact area under the ROC curve
 * (Mann–Whitney U with ties counted half).
 * @module
 */

/** Fraction of rows whose most probable class (n×O probabilities) equals the label. */
export function accuracy(probs: Float64Array, labels: Int32Array, outputs: number): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let o = 1; o < outputs; o++) {
      if (probs[i * outputs + o] > probs[i * outputs + best]) best = o;
    }
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

/**
 * ROC AUC of `scores` for the positive class 1 (labels 0/1): P(score⁺ > score⁻) + ½P(tie), exact,
 * O(n log n) by ranks.
 *
 * @example
 * ```ts
 * import { rocAuc } from "./classification_metrics.ts";
 * import assert from "node:assert/strict";
 * // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
 * assert.equal(rocAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Int32Array.of(0, 0, 1, 1)), 0.75);
 * ```
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) =>
    scores[a] - scores[b]
  );
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const r = (i + j) / 2 + 1; // average rank of a tie group
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    i = j + 1;
  }
  let nPos = 0, sumPos = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      nPos++;
      sumPos += ranks[i];
    }
  }
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (sumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg);
}
