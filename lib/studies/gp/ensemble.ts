/**
 * GP ensembles built from distinct minima of the NLML landscape. Each member m predicts a Gaussian
 * N(μ_m, s_m²); a combination with weights w_m predicts the mixture, whose mean is Σ w_m μ_m and
 * variance Σ w_m (s_m² + μ_m²) − μ². Weights: equal; marginal likelihood (w ∝ e^{−NLML}); basin
 * occupation in the harmonic superposition at T = 1, w ∝ exp(−NLML − ½ Σ ln λ) — the Laplace
 * approximation of each basin's posterior mass. The a priori benefit is the ambiguity
 * Σ w_m (μ_m − μ)² on the test inputs (no labels needed): by the ambiguity decomposition (Krogh &
 * Vedelsby, NIPS 1995) the ensemble's squared error is the members' weighted squared error minus it.
 * @module
 */

/** One member's predictions on the test inputs, and what its weight schemes need. */
export interface EnsembleMember {
  /** Its NLML. */
  nlml: number;
  /** Σ ln λ over the positive Hessian eigenvalues at the minimum (NaN: not available). */
  logProductHessian: number;
  /** Predictive means on the test inputs. */
  mean: Float64Array;
  /** Predictive variances on the test inputs. */
  variance: Float64Array;
}

/** Scores of one combination on the test split. */
export interface EnsembleScore {
  /** Weighting scheme. */
  scheme: string;
  /** Member weights. */
  weights: number[];
  /** Test RMSE. */
  rmse: number;
  /** Test MNLPD. */
  mnlpd: number;
  /** Mean over test points of Σ w_m (μ_m − μ)², known before seeing labels. */
  ambiguity: number;
  /** Weighted mean of the members' squared errors (what no combining would give on average). */
  memberMse: number;
}

function normalize(logw: number[]): number[] {
  const mx = Math.max(...logw);
  const w = logw.map((v) => (Number.isFinite(v) ? Math.exp(v - mx) : 0));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

/** Evaluates a weighted mixture on test targets y. */
export function scoreMixture(
  scheme: string,
  members: EnsembleMember[],
  weights: number[],
  y: ArrayLike<number>,
): EnsembleScore {
  const n = y.length;
  let se = 0, nlpd = 0, amb = 0, mse = 0;
  for (let i = 0; i < n; i++) {
    let mu = 0;
    members.forEach((m, k) => (mu += weights[k] * m.mean[i]));
    let a = 0, me = 0, dens = 0;
    members.forEach((m, k) => {
      a += weights[k] * (m.mean[i] - mu) ** 2;
      me += weights[k] * (y[i] - m.mean[i]) ** 2;
      // The mixture density (exact), not its moment-matched Gaussian.
      dens += weights[k] * Math.exp(-0.5 * (y[i] - m.mean[i]) ** 2 / m.variance[i]) /
        Math.sqrt(2 * Math.PI * m.variance[i]);
    });
    se += (y[i] - mu) ** 2;
    nlpd += -Math.log(Math.max(dens, 1e-300));
    amb += a;
    mse += me;
  }
  return {
    scheme,
    weights,
    rmse: Math.sqrt(se / n),
    mnlpd: nlpd / n,
    ambiguity: amb / n,
    memberMse: mse / n,
  };
}

/** The standard combinations of members (see the module docs). */
export function ensembleScores(members: EnsembleMember[], y: ArrayLike<number>): EnsembleScore[] {
  const eq = members.map(() => 1 / members.length);
  const ml = normalize(members.map((m) => -m.nlml));
  const out = [
    scoreMixture("equal vote", members, eq, y),
    scoreMixture("marginal likelihood", members, ml, y),
  ];
  if (members.every((m) => Number.isFinite(m.logProductHessian))) {
    out.push(
      scoreMixture(
        "basin occupation (harmonic, T = 1)",
        members,
        normalize(members.map((m) => -m.nlml - 0.5 * m.logProductHessian)),
        y,
      ),
    );
  }
  return out;
}
