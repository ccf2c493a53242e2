/**
 * The auc-vs-ce report page from an {@link AucVsCeResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import {
  aucDotsFigure,
  eigenvalueHistogramFigure,
  robustnessFigure,
} from "../report/figures/loss_comparison.ts";
import { disconnectivityFigure } from "../report/figures/landscape.ts";
import { median } from "../util/stats.ts";
import {
  type AucVsCeResult,
  LOSS_LABEL,
  LOSSES,
  NOISE_SCALES,
  plusMinus as pm,
} from "./auc_vs_ce.ts";
import { interactiveLandscapeHtml } from "../report/interactive.ts";
import type { StudyReport } from "./context.ts";

/** The report of an auc-vs-ce run. */
export function aucVsCeReport(r: AucVsCeResult, params: Record<string, unknown>): StudyReport {
  const { runs, figures, claims, verdict, firstDbs, options: o } = r;
  const [ce, auc] = figures;
  const mid = NOISE_SCALES.indexOf(0.1);
  const sections: Section[] = [{
    title: "Verdict",
    text: verdict +
      " Differences are means over seeds; compare them with the ± (standard deviation over seeds) before reading much into a small one. Eigenvalues and barriers are in each loss's own units (cross-entropy in nats, appAUC in AUC units), so those rows compare shapes, not like-for-like magnitudes; the robustness rows are in test-AUC units for both.",
    tables: [{
      columns: ["published claim", "cross-entropy", "appAUC", "agrees"],
      rows: claims.map((c) => [c.claim, pm(c.ce, 4), pm(c.auc, 4), c.agrees ? "yes" : "no"]),
    }, {
      columns: ["figure (mean ± sd over seeds)", "cross-entropy", "appAUC"],
      rows: [
        ["minima", pm(ce.minima, 3), pm(auc.minima, 3)],
        ["transition states", pm(ce.transition_states, 3), pm(auc.transition_states, 3)],
        [
          "median largest Hessian eigenvalue",
          pm(ce.median_largest_eigenvalue),
          pm(auc.median_largest_eigenvalue),
        ],
        [
          "median mean Hessian eigenvalue",
          pm(ce.median_mean_eigenvalue),
          pm(auc.median_mean_eigenvalue),
        ],
        [
          "median log-product of eigenvalues",
          pm(ce.median_log_product),
          pm(auc.median_log_product),
        ],
        ["median barrier", pm(ce.median_barrier), pm(auc.median_barrier)],
        [
          "global minimum's test AUC",
          pm(ce.global_minimum_test_auc),
          pm(auc.global_minimum_test_auc),
        ],
        [
          `mean test AUC of the ${o.low} lowest minima`,
          pm(ce.low_minima_mean_test_auc),
          pm(auc.low_minima_mean_test_auc),
        ],
      ],
    }],
  }];
  if (firstDbs.ce && firstDbs.auc) {
    sections.push({
      title: `Disconnectivity graphs (seed ${o.seed})`,
      html: LOSSES.map((loss) => {
        const f = firstDbs[loss]!;
        const byId = new Map(f.rows.map((m) => [m.id, m]));
        return `<h3>${LOSS_LABEL[loss]}</h3>` + interactiveLandscapeHtml(
          loss,
          disconnectivityFigure(f.graph, {
            key: loss,
            width: 460,
            energyLabel: LOSS_LABEL[loss] + " loss",
            color: (id) => byId.get(id)?.test_auc ?? NaN,
            colorLabel: "test AUC",
            hover: (id) => {
              const m = byId.get(id);
              return m
                ? `minimum ${id}: ${LOSS_LABEL[loss]} loss ${m.loss.toPrecision(6)}\ntest AUC ${
                  m.test_auc.toFixed(3)
                }, test accuracy ${m.test_accuracy.toFixed(3)}`
                : `minimum ${id}`;
            },
          }),
          f.view,
          `${
            LOSS_LABEL[loss]
          }: ${f.rows.length} minima; branch ends coloured by test AUC; only minima joined to the global minimum by verified transition states are drawn${
            f.zoom
              ? ` (zoomed: the top level is ${
                f.zoom.top.toPrecision(4)
              }, which holds 90% of them; ${f.zoom.hidden} higher are left out, and branches that join above it stand apart)`
              : ""
          }. The plane's predicted class is the larger output${
            loss === "auc"
              ? ": appAUC trains only the ranking of the scores, so this threshold is arbitrary and the misclassifications on the plane say little about the AUC"
              : ""
          }.`,
        );
      }).join(""),
    });
  }
  const eig = runs.flatMap((run) =>
    run.per_minimum.flatMap((m) =>
      m.eigenvalues.filter((v) => v > 0).map((v) => ({
        loss: LOSS_LABEL[run.loss],
        log10: Math.log10(v),
      }))
    )
  );
  const aucs = runs.flatMap((run) =>
    run.per_minimum.map((m) => ({
      loss: LOSS_LABEL[run.loss],
      auc: m.test_auc,
      seed: run.seed,
      id: m.id,
      energy: m.loss,
    }))
  );
  const curves = runs.length
    ? figures.flatMap((f) =>
      (["weights", "inputs"] as const).flatMap((kind) =>
        NOISE_SCALES.map((s, k) => ({
          loss: LOSS_LABEL[f.loss],
          kind: `${kind} perturbed`,
          scale: s,
          auc: (kind === "weights" ? f.robustness_weights : f.robustness_inputs)[k].mean,
          sd: (kind === "weights" ? f.robustness_weights : f.robustness_inputs)[k].sd,
        }))
      )
    )
    : [];
  sections.push({
    title: "Hessian eigenvalues of the minima",
    figures: [{
      svg: eigenvalueHistogramFigure(eig),
      caption: "All minima of all seeds, each loss in its own units.",
    }],
  }, {
    title: "Test AUC of every minimum",
    figures: [{ svg: aucDotsFigure(aucs), caption: "One dot per minimum, coloured by seed." }],
  }, {
    title: "Robustness",
    text:
      `Test AUC of the ${o.low} lowest minima of each landscape (mean over minima, then over seeds) when every weight gets Gaussian noise of standard deviation σ·rms(w), or every input σ·(its standard deviation); ${o.repeats} draws per scale.`,
    figures: [{
      svg: robustnessFigure(curves),
      caption: "Bars: ± one standard deviation over seeds.",
    }],
  }, {
    title: "Per seed",
    tables: [{
      columns: [
        "seed",
        "loss",
        "minima",
        "transition states",
        "connected",
        "verified / attempts",
        "global-min test AUC",
        "median largest λ",
        "AUC drop (weights, σ=0.1)",
        "AUC drop (inputs, σ=0.1)",
        "seconds",
      ],
      rows: runs.map((run) => [
        run.seed,
        LOSS_LABEL[run.loss],
        run.minima,
        run.transition_states,
        `${fmt(100 * run.connected_fraction, 3)}%`,
        `${run.connection_successes} / ${run.connection_attempts}`,
        run.global_minimum_test_auc,
        median(run.per_minimum.map((m) => m.largest_eigenvalue)),
        run.robustness.weights[0] - run.robustness.weights[mid],
        run.robustness.inputs[0] - run.robustness.inputs[mid],
        run.seconds,
      ]),
    }],
  });
  return {
    title: `appAUC against cross-entropy (${r.source})`,
    summary: verdict,
    params,
    sections,
  };
}
