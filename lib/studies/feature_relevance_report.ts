/**
 * The feature-relevance report page from a {@link FeatureRelevanceResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import { conservedWeightFigure, relevanceSharesFigure } from "../report/figures/relevance.ts";
import type { StudyReport } from "./context.ts";
import {
  type FeatureRelevanceResult,
  METHODS,
  rankOrder,
  type RelevanceStudyResult,
} from "./feature_relevance.ts";
import { CONSERVED_RATIO } from "./msb_relevance.ts";

/** The sections of one data set. */
export function relevanceSections(
  r: RelevanceStudyResult,
  title: string,
  seeds: number,
): Section[] {
  const rows = r.features.flatMap((f, k) =>
    METHODS.map((m) => {
      const ms = r.mean_scores[m];
      const total = ms.mean.reduce((a, b) => a + Math.max(b, 0), 0) || 1;
      return {
        feature: f,
        method: m,
        share: ms.mean[k] / total,
        lo: (ms.mean[k] - ms.sd[k]) / total,
        hi: (ms.mean[k] + ms.sd[k]) / total,
        role: r.roles ? r.roles[k] : "unknown",
      };
    })
  );
  const out: Section[] = [{
    title: `${title}: relevance ranking`,
    text: (r.auroc
      ? `AUROC of each ranking against the known roles (relevant vs irrelevant inputs; 1 = every relevant input ranks above every irrelevant one), over ${seeds} seeds: ` +
        METHODS.map((m) =>
          `${m} ${fmt(r.auroc![m].mean, 3)} ± ${fmt(r.auroc![m].sd, 2)} (perfect in ${
            r.auroc![m].perfect_runs
          } of ${seeds})`
        ).join("; ") + "."
      : `No ground truth for ${r.source}; the rankings are shown side by side.`) +
      ` MSB ranking (mean over seeds): ${rankOrder(r.mean_scores[METHODS[0]].mean, r.features)}.`,
    figures: [{
      svg: relevanceSharesFigure(rows, r.features.length),
      caption: r.roles
        ? `Roles: ${
          r.features.map((f, k) => `${f} ${r.roles![k]}`).join(", ")
        }.`
        : "Each method's scores normalised to sum 1 over the inputs.",
    }],
    tables: [{
      columns: ["input", ...(r.roles ? ["role"] : []), ...METHODS.map((m) => `${m} (mean ± sd)`)],
      rows: r.features.map((f, k) => [
        f,
        ...(r.roles ? [r.roles[k]] : []),
        ...METHODS.map((m) =>
          `${fmt(r.mean_scores[m].mean[k], 3)} ± ${fmt(r.mean_scores[m].sd[k], 2)}`
        ),
      ]),
    }],
  }];
  if (r.firstRatios.length) {
    out.push({
      title: `${title}: conserved-weight map (seed ${r.runs[0].seed})`,
      text:
        `Per basin and weight: standard deviation over the basin's aligned minima divided by the absolute value of the weight's mean over them (capped at 2). Conserved (ring): ratio ≤ ${CONSERVED_RATIO}. Columns: MSB number (its minima).`,
      figures: [{
        svg: conservedWeightFigure(r.firstRatios),
      }],
    });
  }
  out.push({
    title: `${title}: per seed`,
    tables: [{
      columns: [
        "seed",
        "minima",
        "transition states",
        "connected",
        "basins used",
        ...(r.roles ? METHODS.map((m) => `AUROC ${m}`) : []),
        "seconds",
      ],
      rows: r.runs.map((x) => [
        x.seed,
        x.minima,
        x.transition_states,
        `${fmt(100 * x.connected_fraction, 3)}%`,
        x.basins_used + (x.no_spread_information ? " (single minima: magnitudes only)" : ""),
        ...(r.roles ? METHODS.map((m) => x.auroc_relevant_vs_irrelevant[m]) : []),
        x.seconds,
      ]),
    }],
  });
  return out;
}

/** The report of a feature-relevance run. */
export function featureRelevanceReport(
  r: FeatureRelevanceResult,
  params: Record<string, unknown>,
): StudyReport {
  const opts = r.options;
  const sections: Section[] = [{
    title: "Method",
    text:
      `Minima from basin-hopping (${opts.steps} steps × 4 walkers) and ${opts.connect} connection attempts (DNEB + hybrid eigenvector-following) on a ${opts.hidden}-hidden-unit tanh/softmax network, cross-entropy + ${opts.lambda}‖w‖². Monotonic sequence basins from the transition-state network; within each basin of ≥ 2 minima every minimum is aligned (hidden-unit permutation and sign) to the basin's bottom. A weight is conserved when its standard deviation across the basin is ≤ ${CONSERVED_RATIO} × the absolute value of its mean there (it keeps its sign and stays near its basin value); basins of one minimum are used only when no basin has two (then only magnitudes count). Relevance of input k: Σ_j [W1_jk conserved]·|mean W1_jk|·‖mean W2_·j‖, normalised per basin, averaged over basins weighted by size. Baselines: permutation importance (test AUC or accuracy drop, 10 shuffles) of the global minimum and of the probability average of the 5 lowest minima.`,
  }];
  for (const s of r.studies) {
    sections.push(...relevanceSections(s.result, s.title, s.result.runs.length));
  }
  return {
    title: "Feature relevance from monotonic sequence basins",
    summary: r.verdict,
    params,
    sections,
  };
}
