/**
 * The compare report page from a {@link CompareResult}: the summaries side by side (each column
 * linked to its landscape file), disconnectivity graphs on a common scale, heat capacities and the
 * open questions.
 * @module
 */
import { escapeHtml, fmt, MISSING, type Section, sideBySide } from "../report/html.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../report/figures/landscape.ts";
import { type CompareResult, landscapeLink } from "./compare.ts";
import type { ComparisonSummary } from "./comparison_summary.ts";
import type { StudyReport } from "./context.ts";

const ROWS: [string, (s: ComparisonSummary) => string][] = [
  [
    "minima (interior / on a bound)",
    (s) => `${s.minima} (${s.interior_minima} / ${s.on_bound_minima})`,
  ],
  ["transition states", (s) => String(s.transition_states)],
  ["minima connected to the global minimum", (s) => `${fmt(100 * s.connected_fraction, 3)}%`],
  ["minima per 100 basin-hopping steps", (s) => fmt(s.minima_per_100_steps, 3)],
  ["transition states per connection attempt", (s) => fmt(s.transition_states_per_attempt, 3)],
  ["energy spread of interior minima", (s) => fmt(s.energy_spread, 4)],
  [
    "barriers: min / median / max",
    (s) => `${fmt(s.barriers.min, 3)} / ${fmt(s.barriers.median, 3)} / ${fmt(s.barriers.max, 3)}`,
  ],
  [
    "funnels (MSBs) and share of minima in the largest",
    (s) => `${s.funnels.basins}, ${fmt(s.funnels.largest_share, 3)}`,
  ],
  [
    "curvature, mean ln λ per mode: min / median / max",
    (s) =>
      `${fmt(s.curvature.min, 3)} / ${fmt(s.curvature.median, 3)} / ${fmt(s.curvature.max, 3)}`,
  ],
  [
    "heat-capacity peaks T (÷ energy spread)",
    (s) =>
      s.heat_capacity_peaks.length
        ? s.heat_capacity_peaks.map((t, i) =>
          `${fmt(t, 3)} (${fmt(s.heat_capacity_peaks_normalised[i], 3)})`
        ).join(", ")
        : "none",
  ],
  [
    "Spearman ρ: depth vs test performance",
    (s) => `${fmt(s.depth_correlation, 3)} (${s.correlation_minima} minima)`,
  ],
  ["Spearman ρ: flatness vs test performance", (s) => fmt(s.flatness_correlation, 3)],
];

/** The report of a compare run. */
export function compareReport(r: CompareResult, params: Record<string, unknown>): StudyReport {
  const all = r.landscapes;
  const e = r.effort;
  const cells = ROWS.map(([name, f]) => [name, ...all.map((l) => f(l.summary))]);
  const anyMissing = cells.some((row) => row.slice(1).some((c) => c.includes(MISSING)));
  const tableHtml = `<table><thead><tr><th>figure</th>${
    all.map((l) => `<th><a href="${escapeHtml(landscapeLink(l))}">${escapeHtml(l.label)}</a></th>`)
      .join("")
  }</tr></thead><tbody>${
    cells.map(([name, ...vals]) =>
      `<tr><td>${escapeHtml(name)}</td>${
        vals.map((v) => `<td>${escapeHtml(v)}</td>`).join("")
      }</tr>`
    ).join("")
  }<tr><td>test metric</td>${
    all.map((l) => `<td>${escapeHtml(l.test_metric.name)}</td>`).join("")
  }</tr></tbody></table>${
    anyMissing
      ? `<p class="footnote">${MISSING} marks a value that is not defined for that landscape: a barrier needs a transition state, a correlation or spread at least two minima with distinct values, a heat capacity minima with Hessians.</p>`
      : ""
  }`;
  const sections: Section[] = [{
    title: "Summaries side by side",
    text: `Each column links the results.json its numbers come from${
      r.reused.length ? ` (reused this run: ${r.reused.join(", ")})` : ""
    }. Effort: GP ${e.gpSteps} steps × 2 walkers + ${e.gpAttempts} connection attempts per ν; MLP ${e.nnSteps} steps × 4 walkers + ${e.nnAttempts} attempts per loss. Energies are in each model's own units; the normalised rows (per-effort rates, shares, correlations, peak/spread) compare across models.`,
    html: tableHtml,
  }, {
    title: "Disconnectivity graphs on a common normalised energy scale",
    text: "Energy mapped to [0, 1]: 0 at the global minimum, 1 at the top level of each graph.",
    html: sideBySide(all.map((l) => ({
      svg: disconnectivityFigure(l.graph, {
        width: 420,
        height: 320,
        energyLabel: "normalised energy",
        title: l.label,
      }),
      caption:
        `${l.label}: ${l.graph.leaves.length} minima joined to the global minimum (energy range ${
          fmt(l.graph.energyMin, 5)
        } … ${fmt(l.graph.energyMax, 5)} ${l.energy_label}).`,
    }))),
  }, {
    title: "Heat capacity",
    figures: [{
      svg: heatCapacityFigure(
        all.filter((l) => l.heat_capacity.temperatures.length).map((l) => ({
          label: l.label,
          temperatures: l.heat_capacity.temperatures.map((t) => t / (l.summary.energy_spread || 1)),
          cv: l.heat_capacity.cv,
        })),
        { temperatureLabel: "temperature ÷ energy spread of the minima" },
      ),
      caption:
        "Harmonic superposition over each landscape's minima; temperatures rescaled by the energy spread.",
    }],
  }, {
    title: "Open questions",
    html: `<ul>${r.questions.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>`,
  }];
  const summary =
    all.map((l) => `${l.label}: ${l.summary.minima} minima, ${l.summary.transition_states} TS`)
      .join("; ") + ".";
  return { title: "Loss landscapes compared across model classes", summary, params, sections };
}
