/**
 * The explore report page and results.json from an {@link ExploreResult}.
 * @module
 */
import { interactiveLandscapeHtml, landscapeData } from "../report/interactive.ts";
import { monotonicSequenceBasins } from "../landscape/analysis.ts";
import { stationaryPointRecords } from "../landscape/database.ts";
import { fmt, type Section } from "../report/html.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../report/figures/landscape.ts";
import type { StudyReport } from "./context.ts";
import { connectedSentence, unconnectedTable } from "./connectivity_report.ts";
import type { ExploreResult } from "./explore.ts";

/** The report of an explore run. */
export function exploreReport(r: ExploreResult, params: Record<string, unknown>): StudyReport {
  const db = r.db, o = r.options;
  const lowest = [...db.minima].sort((a, b) => a.energy - b.energy).slice(0, 30);
  const msb = db.minima.length ? monotonicSequenceBasins(db) : null;
  const search = o.steps > 0
    ? `${o.steps} basin-hopping steps × ${o.walkers} walkers (seed ${r.seed}${
      o.shard ? `, shard ${o.shard[0]}/${o.shard[1]}` : ""
    })`
    : "no new search (--steps 0)";
  const sections: Section[] = [{
    title: "Landscape",
    text:
      `${r.landscape.name}: ${r.landscape.dim} coordinates. ${search}; ${r.attempts.made} connection attempts here, ${r.attempts.succeeded} with a verified transition state. The database holds ${db.minima.length} minima and ${db.transitionStates.length} transition states, each verified in float64 (Hessian index 0 or 1). ` +
      connectedSentence(r.connectivity) +
      (msb ? ` ${msb.bottoms.length} monotonic sequence basins.` : "") +
      ` Time: basin-hopping ${fmt(r.seconds.basinHopping)} s, connection ${
        fmt(r.seconds.connect)
      } s.`,
    ...(r.graph.leaves.length >= 2
      ? {
        html: interactiveLandscapeHtml(
          "explore",
          disconnectivityFigure(r.graph, { energyLabel: "energy", key: "explore" }),
          landscapeData(db, r.graph.leaves.map((l) => l.minimum), "energy"),
          "Disconnectivity graph of the minima joined to the global minimum.",
        ),
      }
      : {}),
    tables: [
      {
        caption: `The ${lowest.length} lowest minima (all in results.json)`,
        columns: ["id", "energy", "hits", "on bound", "ln Πλ"],
        rows: lowest.map((m) => [
          m.id,
          m.energy,
          m.hits,
          m.onBound ? "yes" : "",
          m.logProductHessian,
        ]),
        missing: "not computed",
      },
      ...unconnectedTable(r.connectivity),
    ],
  }];
  if (r.heatCapacity) {
    sections.push({
      title: "Heat capacity (harmonic superposition)",
      figures: [{
        svg: heatCapacityFigure([{
          label: "minima",
          temperatures: r.heatCapacity.temperatures,
          cv: r.heatCapacity.cv,
        }]),
      }],
    });
  }
  if (r.kinetics) {
    const k = r.kinetics;
    sections.push({
      title: "Kinetics and free energies",
      text: `Graph transformation (docs/kinetics.md) at T = ${
        fmt(k.temperature, 3)
      } (a third of the median barrier): the mean first-passage time and NGT rate from each low minimum into the global minimum. Free-energy regrouping at 5 kT lumps the ${k.regroupedMinima.length} connected minima into ${k.regroup.groups.length} group${
        k.regroup.groups.length === 1 ? "" : "s"
      }. Minimum ids are 0-based, as in results.json.`,
      figures: k.regroup.groups.length >= 2
        ? [{
          svg: disconnectivityFigure(k.freeGraph, {
            energyLabel: `free energy at T = ${fmt(k.temperature, 3)}`,
          }),
          caption: "Free-energy disconnectivity graph of the regrouped minima.",
        }]
        : [],
      tables: [{
        columns: ["minimum", "energy", "MFPT into the global minimum", "kNGT"],
        rows: k.rows.map((x) => [x.id, x.loss, x.mfpt, x.kNGT]),
      }],
    });
  }
  return {
    title: `explore: ${r.landscape.name}`,
    summary: `${db.minima.length} minima, ${db.transitionStates.length} transition states; ${
      connectedSentence(r.connectivity)
    }`,
    params,
    sections,
  };
}

/** The results.json object (docs/explore.md), without `device` and `timings`. */
export function exploreResults(r: ExploreResult): Record<string, unknown> {
  const db = r.db;
  return {
    task: "explore",
    landscape: { module: r.options.module, name: r.landscape.name, dim: r.landscape.dim },
    search: {
      steps: r.options.steps,
      walkers: r.options.walkers,
      seed: r.seed,
      base_seed: r.options.seed,
      shard: r.options.shard ? `${r.options.shard[0]}/${r.options.shard[1]}` : null,
      database: r.options.database ?? null,
      seconds: { basin_hopping: r.seconds.basinHopping, connect: r.seconds.connect },
    },
    connection: {
      attempts: r.attempts.made,
      with_verified_transition_state: r.attempts.succeeded,
      ...(r.attempts.detached !== undefined ? { detached_saddles: r.attempts.detached } : {}),
      connected_minima: r.connectivity.connected,
      connected_fraction: r.connectivity.fraction,
      unconnected: r.connectivity.unconnected,
    },
    summary: r.summary,
    ...stationaryPointRecords(db),
    heat_capacity: r.heatCapacity,
    kinetics: r.kinetics
      ? {
        temperature: r.kinetics.temperature,
        into_global_minimum: r.kinetics.rows.map((x) => ({
          minimum: x.id,
          energy: x.loss,
          mfpt: x.mfpt,
          kNGT: x.kNGT,
        })),
        free_energy_groups: r.kinetics.regroup.groups.map((g) => ({
          minima: g.members.map((k) => r.kinetics!.regroupedMinima[k]),
          free_energy: g.freeEnergy,
        })),
      }
      : null,
  };
}
