/**
 * Robustness of a minimum measured directly (MISSION.md, study 4): test AUC (or accuracy) when the
 * weights, or the inputs, are perturbed by Gaussian noise at several scales.
 *  - Weights: w' = w + σ·rms(w)·ε, ε ~ N(0, I) — the noise is scaled to each minimum's own weight
 *    magnitude, so minima of different norms are compared fairly.
 *  - Inputs: x'_ik = x_ik + σ·sd_k·ε_ik, sd_k the test inputs' standard deviation of feature k.
 * Each scale averages `repeats` draws from a seeded generator.
 * @module
 */
import type { ClassificationDataset } from "../data/classification.ts";
import { accuracy, rocAuc } from "../models/classification_metrics.ts";
import type { MlpLandscape } from "../models/mlp.ts";
import { Rng } from "../util/random.ts";

/** Score of a prediction: AUC for binary problems, accuracy otherwise. */
export function scorePrediction(
  probs: Float64Array,
  data: ClassificationDataset,
  O: number,
): number {
  if (O === 2) {
    return rocAuc(Array.from({ length: data.n }, (_, i) => probs[i * 2 + 1]), data.labels);
  }
  return accuracy(probs, data.labels, O);
}

/** Mean score at each noise scale, for weight or input perturbations. */
export function perturbationCurve(
  model: MlpLandscape,
  w: Float64Array,
  data: ClassificationDataset,
  kind: "weights" | "inputs",
  scales: number[],
  options: { repeats?: number; seed?: number } = {},
): number[] {
  const O = model.layout.outputs, repeats = options.repeats ?? 20;
  const rng = new Rng(options.seed ?? 1);
  const rms = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  const d = data.d, n = data.n;
  const sd = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let m = 0, m2 = 0;
    for (let i = 0; i < n; i++) {
      m += data.X[i * d + k] / n;
      m2 += data.X[i * d + k] ** 2 / n;
    }
    sd[k] = Math.sqrt(Math.max(m2 - m * m, 0));
  }
  return scales.map((s) => {
    if (s === 0) return scorePrediction(model.predict(w, data.X, n), data, O);
    let total = 0;
    for (let r = 0; r < repeats; r++) {
      if (kind === "weights") {
        const wp = Float64Array.from(w, (v) => v + s * rms * rng.normal());
        total += scorePrediction(model.predict(wp, data.X, n), data, O);
      } else {
        const Xp = Float64Array.from(data.X, (v, i) => v + s * sd[i % d] * rng.normal());
        total += scorePrediction(model.predict(w, Xp, n), data, O);
      }
    }
    return total / repeats;
  });
}
