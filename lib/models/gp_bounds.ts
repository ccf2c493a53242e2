/**
 * The default box for a Matérn-ν GP's hyperparameters θ (searches and fits stay inside it; a
 * minimum on its boundary is an artefact of the box and is flagged).
 * @module
 */
import type { MaternGP } from "./gp.ts";

/** Box bounds for θ, in θ's order. */
export interface ThetaBounds {
  /** Lower bounds. */
  lower: Float64Array;
  /** Upper bounds. */
  upper: Float64Array;
}

/**
 * Default bounds: ln ℓ within 1e-3…1e3 times the input span (per dimension), ln σf² and ln σn² in
 * [ln 1e-4, ln 1e4] and [ln 1e-8, ln 10] (targets standardised), ν in [0.05, 30].
 */
export function defaultBounds(gp: MaternGP, X: Float64Array): ThetaBounds {
  const n = gp.n, d = gp.d;
  const span = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, X[i * d + k]);
      hi = Math.max(hi, X[i * d + k]);
    }
    span[k] = hi > lo ? hi - lo : 1;
  }
  const lower: number[] = [], upper: number[] = [];
  for (const name of gp.names) {
    if (name.startsWith("log_lengthscale")) {
      const k = name === "log_lengthscale" ? -1 : Number(name.split("_").pop()) - 1;
      const s = k < 0 ? Math.max(...span) : span[k];
      lower.push(Math.log(1e-3 * s));
      upper.push(Math.log(1e3 * s));
    } else if (name === "log_signal_variance") {
      lower.push(Math.log(1e-4));
      upper.push(Math.log(1e4));
    } else if (name === "log_noise_variance") {
      lower.push(Math.log(1e-8));
      upper.push(Math.log(10));
    } else {
      lower.push(0.05);
      upper.push(30);
    }
  }
  return { lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
}
