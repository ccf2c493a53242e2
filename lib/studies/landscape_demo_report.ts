/**
 * The landscape-demo report page: per surface a contour map with the stationary points, the
 * disconnectivity graph, the heat capacity and tables of the lowest minima and transition states.
 * @module
 */
import { interactiveLandscapeHtml, landscapeData } from "../report/interactive.ts";
import { disconnectivityGraph } from "../landscape/disconnectivity.ts";
import { fmt, type Section } from "../report/html.ts";
import {
  contourFigure,
  disconnectivityFigure,
  heatCapacityFigure,
} from "../report/figures/landscape.ts";
import type { StudyReport } from "./context.ts";
import { connectedSentence, unconnectedTable } from "./connectivity_report.ts";
import type { DemoSurface, DemoSurfaceResult } from "./landscape_demo.ts";

/** The report of a landscape-demo run. */
export function landscapeDemoReport(
  surfaces: DemoSurface[],
  results: DemoSurfaceResult[],
  params: Record<string, unknown>,
): StudyReport {
  const sections: Section[] = results.map((r, k) => {
    const s = surfaces[k], db = r.db, summary = r.summary, hc = r.heatCapacity;
    const pos = (x: Float64Array) => ({ x: x[0], y: x[1] });
    const f = (x: number, y: number) => s.landscape.energy(Float64Array.of(x, y));
    return {
      title: `${r.name}`,
      text:
        `${r.steps} basin-hopping steps, then ${r.connection.attempts} connection attempts. ${summary.interiorMinima} interior minima` +
        (summary.onBoundMinima
          ? ` (+${summary.onBoundMinima} on the box boundary, kept apart)`
          : "") +
        `, ${summary.transitionStates} transition states, all verified in float64 (Hessian index 0 and 1). ` +
        connectedSentence(r.connectivity) + " " +
        `Time: ${fmt(r.seconds.total)} s (basin-hopping ${
          fmt(r.seconds.basinHopping)
        } s, connection ${fmt(r.seconds.connect)} s).`,
      html: (() => {
        const graph = disconnectivityGraph(db, { levels: 30 });
        return graph.leaves.length < 2 ? "" : interactiveLandscapeHtml(
          s.key,
          disconnectivityFigure(graph, { energyLabel: "energy", key: s.key }),
          landscapeData(db, graph.leaves.map((l) => l.minimum), "energy"),
          "Disconnectivity graph (minima connected to the global minimum).",
        );
      })(),
      figures: [
        {
          svg: contourFigure(f, s.view, {
            minima: db.minima.filter((m) => !m.onBound).map((m) => pos(m.x)),
            transitionStates: db.transitionStates.map((t) => ({
              ...pos(t.x),
              a: pos(db.minima[t.minima[0]].x),
              b: pos(db.minima[t.minima[1]].x),
            })),
          }, { clip: s.clip }),
          caption:
            "Minima (dots), transition states (crosses) and the minima each connects (red lines).",
        },

        {
          svg: heatCapacityFigure([{ label: s.key, temperatures: hc.temperatures, cv: hc.cv }]),
          caption: `Harmonic-superposition heat capacity; peaks at T = ${
            hc.peaks.map((p) => fmt(p, 3)).join(", ") || "none"
          }.`,
        },
      ],
      tables: [...unconnectedTable(r.connectivity), {
        caption: "Minima (lowest 15)",
        columns: ["id", "energy", "x₁", "x₂", "hits", "index", "on bound"],
        rows: [...db.minima].sort((a, b) => a.energy - b.energy).slice(0, 15).map((m) => [
          m.id,
          Number(m.energy.toFixed(8)),
          m.x[0],
          m.x[1],
          m.hits,
          m.index,
          m.onBound ? "yes" : "no",
        ]),
      }, {
        caption: "Transition states (lowest 15)",
        columns: ["id", "energy", "x₁", "x₂", "connects", "eigenvalue", "index"],
        rows: [...db.transitionStates].sort((a, b) => a.energy - b.energy).slice(0, 15).map((
          t,
        ) => [
          t.id,
          Number(t.energy.toFixed(8)),
          t.x[0],
          t.x[1],
          `${t.minima[0]}–${t.minima[1]}`,
          t.eigenvalue,
          t.index,
        ]),
      }],
    };
  });
  return {
    title: "Energy-landscape toolbox on 2-D test surfaces",
    summary: results.map((r) =>
      `${r.name}: ${r.summary.interiorMinima} minima, ${r.summary.transitionStates} transition states in ${
        fmt(r.seconds.total)
      } s.`
    ).join(" "),
    params,
    sections,
  };
}
