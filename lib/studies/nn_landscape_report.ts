/**
 * The nn-landscape report page from a {@link NnLandscapeResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import { performanceFigure, spectraFigure } from "../report/figures/minima.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../report/figures/landscape.ts";
import type { StudyReport } from "./context.ts";
import { interactiveLandscapeHtml, landscapeData, tagMinima } from "../report/interactive.ts";
import { connectedSentence, unconnectedTable } from "./connectivity_report.ts";
import type { NnLandscapeResult } from "./nn_landscape.ts";

/** The report of an nn-landscape run. */
export function nnLandscapeReport(
  r: NnLandscapeResult,
  params: Record<string, unknown>,
): StudyReport {
  const { rows, exploration: ex } = r;
  const db = ex.db;
  const outputs = r.network.outputs;
  const byId = new Map(rows.map((m) => [m.id, m]));
  const spectra = rows.slice(0, 5).flatMap((m, rank) =>
    m.eigenvalues.map((v) => ({ minimum: `#${rank + 1} (loss ${fmt(m.loss, 4)})`, value: v }))
  );
  const sections: Section[] = [
    {
      title: "Disconnectivity graph",
      text:
        `${db.minima.length} distinct minima (hidden-unit permutations and sign flips merged) and ${db.transitionStates.length} transition states; ` +
        `${ex.successes} of ${ex.attempts} connection attempts gave a verified transition state (index 1)` +
        (ex.connection.strategy === "grow"
          ? ` — single-ended searches from the minima joined to the global minimum, which grow the landscape around it (basin-hopping minima they do not reach stay unjoined)${
            ex.detached?.saddles
              ? `; ${ex.detached.saddles} verified saddles found beside it that join none of its minima were not stored (their lowest minimum: loss ${
                fmt(ex.detached.lowestMinimum, 6)
              })`
              : ""
          }. `
          : " — basin-hopping minima joined pairwise (closest neighbours, then Dijkstra). ") +
        connectedSentence(r.connectivity) +
        (r.connectivity.connected > 1
          ? " The graph draws the connected ones."
          : " No graph: fewer than two minima are connected (raise --connect)."),
      ...(r.connectivity.connected < 2 ? {} : {
        html: interactiveLandscapeHtml(
          "nn",
          disconnectivityFigure(r.graph, {
            key: "nn",
            energyLabel: "training loss",
            color: (id) => byId.get(id)?.test_accuracy ?? NaN,
            colorLabel: "test accuracy",
            hover: (id) => {
              const m = byId.get(id);
              if (!m) return `minimum ${id}`;
              const eig = m.eigenvalues.filter((v) => Number.isFinite(v));
              return [
                `minimum ${id}: training loss ${m.loss.toPrecision(6)} (${m.hits} hits)`,
                `train accuracy ${m.train_accuracy.toFixed(3)}, test accuracy ${
                  m.test_accuracy.toFixed(3)
                }` +
                (Number.isFinite(m.test_auc) ? `, test AUC ${m.test_auc.toFixed(3)}` : ""),
                eig.length
                  ? `Hessian: λmin ${eig[0].toPrecision(3)}, λmax ${
                    eig[eig.length - 1].toPrecision(3)
                  } (${m.eigenvalue_method})`
                  : "Hessian spectrum not computed",
              ].join("\n");
            },
          }),
          landscapeData(db, r.graph.leaves.map((l) => l.minimum), "training loss", {
            ...(r.map ? { map: r.map } : {}),
          }),
          "Branch ends coloured by the minimum's test accuracy; hover one for its loss, accuracies, AUC and Hessian spectrum edges.",
        ),
      }),
      tables: unconnectedTable(r.connectivity, "loss"),
    },
    {
      title: "Test performance against training loss",
      figures: [{
        svg: tagMinima(performanceFigure(rows, { binary: outputs === 2 }), "nn", [
          rows.map((m) => m.id),
        ]),
        caption: outputs === 2
          ? "Dots: test accuracy; crosses: test AUC. Hover or click a dot as in the graph above."
          : "Test accuracy of every minimum. Hover or click a dot as in the graph above.",
      }],
    },
    {
      title: "Hessian spectra of the lowest minima",
      ...(rows[0]?.eigenvalue_method === "lanczos"
        ? {
          text:
            `Above 200 weights no Hessian is formed: each row shows 60 Lanczos Ritz values from Hessian-vector products, the edges of the spectrum (lowest and largest eigenvalues, to about 1e-3 relative), not all ${r.network.parameters} eigenvalues; the heat capacity and rates, which need every eigenvalue, are not computed.`,
        }
        : {}),
      figures: [{ svg: spectraFigure(spectra) }],
    },
    {
      title: "Heat capacity",
      ...(r.heatCapacity.cv.length
        ? {
          text:
            "Harmonic superposition over the minima (zero modes excluded), the training loss as the energy.",
          figures: [{
            svg: heatCapacityFigure([{
              label: "minima",
              temperatures: r.heatCapacity.temperatures,
              cv: r.heatCapacity.cv,
            }], { temperatureLabel: "temperature (loss units)" }),
          }],
        }
        : {
          text:
            "Not computed: the harmonic superposition needs each minimum's Hessian log-product, which is only computed up to 200 weights (larger networks are checked by Lanczos, which gives the spectrum's edges only).",
        }),
    },
    ...(r.kinetics
      ? [{
        title: "Kinetics: first passage into the global minimum",
        text: `Graph transformation over the transition network (docs/kinetics.md) at T = ${
          fmt(r.kinetics.temperature, 3)
        } (loss units; ${
          r.kinetics.chosen ? "--temperature" : "a third of the median barrier"
        }): the mean first-passage time from each low minimum into the global minimum, and the NGT rate constant. Temperature plays the part of the noise of stochastic training.`,
        tables: [{
          columns: ["minimum", "loss", "MFPT into the global minimum", "kNGT"],
          rows: r.kinetics.rows.map((k) => [k.id, Number(k.loss.toFixed(8)), k.mfpt, k.kNGT]),
        }],
      }, {
        title: "Free-energy landscape",
        text:
          `At the same temperature, each minimum's harmonic free energy G = loss + T·ln Πλ/2, and minima joined by a free-energy barrier below ${
            fmt(r.kinetics.regroup.threshold, 3)
          } (${
            r.options.regroupFree === undefined ? "5 kT, the default" : "--regroup-free"
          }) lumped into groups (free-energy regrouping, Carr & Wales 2008; docs/kinetics.md): the ${r.kinetics.regroupedMinima.length} minima joined to the global minimum form ${r.kinetics.regroup.groups.length} groups. Groups are what a noisy optimiser at this temperature can tell apart.`,
        figures: [{
          svg: disconnectivityFigure(r.kinetics.freeGraph, {
            energyLabel: `free energy at T = ${fmt(r.kinetics.temperature, 3)}`,
            color: (g) => r.kinetics!.regroup.groups[g].members.length,
            colorLabel: "minima in the group",
            hover: (g) => {
              const grp = r.kinetics!.regroup.groups[g];
              const ids = grp.members.map((k) => r.kinetics!.regroupedMinima[k]);
              return `group ${g + 1}: free energy ${grp.freeEnergy.toPrecision(6)}; minima ${
                ids.slice(0, 12).join(", ")
              }${ids.length > 12 ? ", …" : ""}`;
            },
          }),
          caption: "Free-energy disconnectivity graph of the regrouped minima.",
        }],
      }]
      : []),
    {
      title: "Minima",
      tables: [{
        columns: [
          "id",
          "loss",
          "hits",
          "train acc",
          "test acc",
          ...(outputs === 2 ? ["test AUC"] : []),
          "smallest λ",
          "largest λ",
        ],
        rows: rows.slice(0, 30).map((m) => [
          m.id,
          Number(m.loss.toFixed(8)),
          m.hits,
          m.train_accuracy,
          m.test_accuracy,
          ...(outputs === 2 ? [m.test_auc] : []),
          m.eigenvalues[0],
          m.eigenvalues[m.eigenvalues.length - 1],
        ]),
      }],
    },
  ];
  const best = rows[0];
  const N = r.network;
  return {
    title: `Neural-network loss landscape (${N.inputs}-${N.hidden}-${N.outputs}, ${
      r.options.loss === "ce" ? "cross-entropy" : "appAUC"
    })`,
    summary:
      `${db.minima.length} minima, ${db.transitionStates.length} transition states (${ex.successes}/${ex.attempts} connection attempts succeeded). Global minimum: loss ${
        fmt(best.loss, 6)
      }, test accuracy ${fmt(best.test_accuracy, 3)}` +
      (outputs === 2 ? `, test AUC ${fmt(best.test_auc, 3)}` : "") +
      `; best test accuracy over all minima ${
        fmt(Math.max(...rows.map((m) => m.test_accuracy)), 3)
      }.`,
    params,
    sections,
  };
}
