/**
 * The gp-fit report page from a {@link GpFitStudyResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import { nuProfileFigure, predictionBandFigure } from "../report/figures/gp.ts";
import type { StudyReport } from "./context.ts";
import type { GpFitRow, GpFitStudyResult } from "./gp_fit.ts";
import { HALF_INTEGER_NU } from "./sweep_nu.ts";

/** The report of a gp-fit run. */
export function gpFitReport(r: GpFitStudyResult, params: Record<string, unknown>): StudyReport {
  const { rows, bestHalf, raw, train, test } = r;
  const where = (
    x: GpFitRow,
  ) => (x.on_bound ? `, on the bound of ${x.bound_names.join(", ")}` : "");
  const summary =
    `Optimised ν = ${fmt(rows[0].nu)} (NLML ${fmt(rows[0].nlml, 6)}${where(rows[0])}); ` +
    `best half-integer ν = ${bestHalf.nu} (NLML ${fmt(bestHalf.nlml, 6)}${where(bestHalf)}), ` +
    `ΔNLML = ${fmt(bestHalf.nlml - rows[0].nlml)}. Held-out MNLPD ${fmt(rows[0].test_mnlpd)} vs ` +
    `${fmt(bestHalf.test_mnlpd)}, RMSE ${fmt(rows[0].test_rmse)} vs ${fmt(bestHalf.test_rmse)}.` +
    (r.truth ? ` True ν of the synthetic data: ${r.truth.nu}.` : "");
  const sections: Section[] = [{
    title: "Fits",
    text:
      "NLML on the training split (targets standardised unless --no-normalize). A fit whose best minimum sits on a bound of the hyperparameter box is marked: it is an artefact of the box, not a stationary point.",
    tables: [{
      columns: [
        "kernel",
        "ν",
        "NLML",
        "lengthscale(s)",
        "σf²",
        "σn²",
        "on bound",
        "test RMSE",
        "test MNLPD",
        "starts",
        "s",
      ],
      rows: rows.map((x) => [
        x.label,
        x.nu,
        Number(x.nlml.toFixed(6)),
        x.lengthscale.map((v) => fmt(v)).join(", "),
        x.signal_variance,
        x.noise_variance,
        x.on_bound ? x.bound_names.join(", ") : "no",
        x.test_rmse,
        x.test_mnlpd,
        `${x.restarts}${x.failed_starts ? ` (+${x.failed_starts} failed)` : ""}`,
        x.seconds,
      ]),
    }],
  }, {
    title: "NLML profile over ν",
    text:
      "At each ν the other hyperparameters are re-minimised (warm-started from the neighbouring ν). Half-integers marked in orange, the optimum in red.",
    figures: [{
      svg: nuProfileFigure(r.profile, HALF_INTEGER_NU, { nu: rows[0].nu, nlml: rows[0].nlml }),
    }],
  }];
  if (r.band) {
    const pts = [
      ...Array.from(train.X, (x, k) => ({ x, y: train.y[k], set: "train" })),
      ...Array.from(test.X, (x, k) => ({ x, y: test.y[k], set: "test" })),
    ];
    sections.push({
      title: "Predictions (optimised ν)",
      figures: [{
        svg: predictionBandFigure(r.band, pts, { x: raw.featureNames[0], y: raw.targetName }),
        caption: "Predictive mean ± 2 sd (including noise).",
      }],
    });
  }
  return {
    title: "Matérn-ν Gaussian process: optimised ν against half-integers",
    summary,
    params,
    sections,
  };
}
