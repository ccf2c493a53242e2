/**
 * The sweep-nu report page: branches against ν, folds, optimum against the half-integers,
 * ensembles, disconnectivity graphs and heat capacities, from a {@link SweepNuResult}.
 * @module
 */
import { connectivity } from "../landscape/analysis.ts";
import { disconnectivityGraph } from "../landscape/disconnectivity.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import { escapeHtml, fmt, type Section, sideBySide } from "../report/html.ts";
import { interactiveLandscapeHtml, landscapeData, nuPickerHtml } from "../report/interactive.ts";
import { disconnectivityFigure, heatCapacityFigure } from "../report/figures/landscape.ts";
import { nuBranchesFigure, nuParametersFigure } from "../report/figures/nu_branches.ts";
import type { StudyReport } from "./context.ts";
import { HALF_INTEGER_NU, type SweepNuResult } from "./sweep_nu.ts";

/** The report of a sweep-nu run. */
export function sweepNuReport(
  r: SweepNuResult,
  params: Record<string, unknown>,
): StudyReport {
  const { sweep, nuOpt, optimum: opt, bestHalf } = r;
  const grid = r.options.grid;
  const truth = r.data.truth;
  const halfIntegers = HALF_INTEGER_NU.filter((h) => grid.includes(h));
  const branchData = sweep.branches.flatMap((b) =>
    b.points.map((p) => ({
      branch: `${b.kind === "minimum" ? "min" : "ts"} ${b.id}`,
      kind: b.kind,
      nu: p.nu,
      nlml: p.energy,
      onBound: p.onBound,
    }))
  );
  const thetaData = sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
    b.points.flatMap((p) =>
      sweep.names.map((nm, i) => ({ branch: `min ${b.id}`, nu: p.nu, param: nm, value: p.x[i] }))
    )
  );
  const sections: Section[] = [{
    title: "NLML against ν for every branch",
    text:
      "Each line follows one stationary point continuously in ν: minima solid, transition states dashed; open circles are minima on a bound of the hyperparameter box (artefacts of the box, kept apart). Orange: ν = 1/2, 3/2, 5/2; red: the joint optimum; black diamonds: fold catastrophes.",
    figures: [{ svg: nuBranchesFigure(branchData, sweep.folds, { halfIntegers, nuOpt }) }, {
      svg: nuParametersFigure(thetaData, { halfIntegers, nuOpt, parameters: sweep.names.length }),
      caption: "Hyperparameters along every minimum branch (θ in the order of docs/gp.md).",
    }],
  }];
  sections.push({
    title: "Fold catastrophes",
    text: sweep.folds.length
      ? `${sweep.folds.length} fold(s): a minimum branch and a transition-state branch meet and end. ν_c located by bisection; the barrier should scale as |ν − ν_c|^{3/2}.`
      : "No fold was found on this grid: no minimum branch and transition-state branch end together. (Branches that end by a jump or on a bound are listed in results.json with their end reasons.)",
    tables: sweep.folds.length
      ? [{
        columns: [
          "ν_c",
          "NLML at ν_c",
          "side where the pair exists",
          "fitted exponent",
          "λ_min near ν_c",
          "samples",
        ],
        rows: sweep.folds.map((
          f,
        ) => [f.nu, f.energy, f.side, f.exponent, f.lambdaNearFold, f.samples.length]),
      }]
      : [],
  });
  const metricRows = [
    [
      "optimum (ν free)",
      nuOpt,
      opt.nlml,
      opt.onBound ? opt.boundNames.join(", ") : "no",
      r.optimumMetrics.rmse,
      r.optimumMetrics.mnlpd,
    ],
    ...r.halfInteger.map((
      h,
    ) => [`ν = ${h.nu}`, h.nu, h.nlml, h.onBound ? "yes" : "no", h.testRmse, h.testMnlpd]),
  ] as (string | number)[][];
  sections.push({
    title: "Optimal ν against the half-integers",
    text: (bestHalf
      ? `ΔNLML (best half-integer − optimum) = ${fmt(bestHalf.nlml - opt.nlml)}. `
      : "No half-integer ν in the range has a finite NLML to compare with. ") +
      `Metrics on ${
        r.useCv ? "5-fold cross-validation" : `the held-out split (${r.nTest} rows)`
      }, in the target's units.` +
      (truth ? ` The synthetic data were drawn with ν = ${truth.nu}.` : ""),
    tables: [{
      columns: ["model", "ν", "NLML", "on bound", "test RMSE", "test MNLPD"],
      rows: metricRows,
    }],
  });
  const hasTest = !r.useCv;
  sections.push({
    title: r.ensembleWhy === null
      ? "GP ensembles from distinct minima (at the optimum ν)"
      : `GP ensembles from distinct minima (at ν = ${fmt(r.ensembleNu, 4)})`,
    text: hasTest
      ? `${r.members.length} distinct minima at ν = ${fmt(r.ensembleNu, 4)}${
        r.ensembleWhy ? ` (${r.ensembleWhy})` : ""
      }. The ambiguity (spread of the members' means on the test inputs, known before the labels) estimates the squared-error reduction over the members' weighted average.` +
        (r.members.length < 2
          ? " With a single minimum every combination is that minimum: the landscape offers no ensemble here."
          : "")
      : "Not computed: the data are too small for a held-out split (cross-validation is used for the metrics).",
    tables: hasTest
      ? [
        {
          caption: "Members",
          columns: ["NLML", "on bound", "test RMSE", "test MNLPD"],
          rows: r.members.map((m) => [m.nlml, m.onBound ? "yes" : "no", m.testRmse, m.testMnlpd]),
        },
        {
          caption: "Combinations",
          columns: [
            "scheme",
            "test RMSE",
            "test MNLPD",
            "ambiguity (a priori)",
            "member MSE − ensemble MSE",
          ],
          rows: r.ensembles.map((
            e,
          ) => [e.scheme, e.rmse, e.mnlpd, e.ambiguity, e.memberMse - e.rmse ** 2]),
        },
      ]
      : [],
  });
  const describe = (x: { nu: number; db: LandscapeDatabase }) =>
    `ν = ${fmt(x.nu, 4)}: ${x.db.minima.length} minima (${
      x.db.minima.filter((m) => m.onBound).length
    } on a bound), ${x.db.transitionStates.length} transition states, ${
      fmt(100 * connectivity(x.db).fraction, 3)
    }% connected.`;
  // Every landscape the run mapped, by ν: the optimum, the half-integers, the ensembles' ν and
  // both sides of each fold; one shown at a time (a list, or a click on the NLML-against-ν figure).
  const landscapes: { nu: number; db: LandscapeDatabase; role: string }[] = [];
  const addLandscape = (nu: number, db: LandscapeDatabase, role: string) => {
    const same = landscapes.find((x) => x.db === db);
    if (same) same.role += `; ${role}`;
    else landscapes.push({ nu, db, role });
  };
  addLandscape(nuOpt, r.landscapeAtOptimum, "the optimum");
  for (const h of halfIntegers) addLandscape(h, r.landscapesAtHalf.get(h)!, "half-integer");
  if (r.ensembleNu !== nuOpt) addLandscape(r.ensembleNu, r.ensembleLandscape, "the ensembles");
  for (const f of r.foldLandscapes) {
    addLandscape(f.below.nu, f.below.db, `below the fold at ν_c = ${fmt(f.nuC, 4)}`);
    addLandscape(f.above.nu, f.above.db, `above the fold at ν_c = ${fmt(f.nuC, 4)}`);
  }
  landscapes.sort((p, q) => p.nu - q.nu);
  // Shown first: the optimum's landscape when it has a graph, else the ensembles', else any.
  const withGraph = (db: LandscapeDatabase) => db.transitionStates.length > 0;
  const shownFirst = [r.landscapeAtOptimum, r.ensembleLandscape].find(withGraph) ??
    landscapes.find((x) => withGraph(x.db))?.db ?? r.landscapeAtOptimum;
  const choices = landscapes.map((x, i) => {
    const graph = disconnectivityGraph(x.db, { levels: 20, excludeOnBound: false });
    const gp = r.posteriors.get(x.db);
    const key = `nu${i}`;
    return {
      nu: x.nu,
      label: `ν = ${fmt(x.nu, 4)} (${x.role})`,
      default: x.db === shownFirst,
      html: x.db.transitionStates.length
        ? interactiveLandscapeHtml(
          key,
          disconnectivityFigure(graph, {
            key,
            energyLabel: "NLML",
            width: 420,
            height: 320,
            hover: (id) => {
              const m = x.db.minima[id];
              return `minimum ${id}: NLML ${m.energy.toPrecision(8)}${
                m.onBound ? " (on a bound of the box)" : ""
              }\nθ = [${Array.from(m.x, (v) => v.toPrecision(4)).join(", ")}]`;
            },
          }),
          landscapeData(x.db, graph.leaves.map((l) => l.minimum), "NLML", gp ? { gp } : {}),
          describe(x),
        )
        : `<p>${escapeHtml(describe(x))} No transition state: a single basin.</p>`,
    };
  });
  sections.push({
    title: "Disconnectivity graphs",
    text:
      `${landscapes.length} landscapes were mapped (the optimum, the half-integers, the ensembles' ν and both sides of each fold). ` +
      "Pick one from the list or click the NLML-against-ν figure at a ν; hover a branch end for its θ" +
      (r.posteriors.size ? " and its posterior over the data" : "") +
      ", click it for its basin and its lowest-barrier path to the global minimum.",
    html: nuPickerHtml(choices),
  });
  if (r.foldLandscapes.length) {
    sections.push({
      title: "Landscapes on both sides of each fold",
      text:
        "One grid step below and above ν_c: on the side where the pair exists, the minimum that annihilates at the fold and its transition state are part of the landscape; on the other side they are gone.",
      html: sideBySide(r.foldLandscapes.flatMap((f) =>
        [f.below, f.above].map((x) => ({
          svg: x.db.transitionStates.length
            ? disconnectivityFigure(
              disconnectivityGraph(x.db, { levels: 20, excludeOnBound: false }),
              { energyLabel: "NLML", width: 360, height: 300, title: `ν = ${fmt(x.nu, 4)}` },
            )
            : `<p><b>ν = ${fmt(x.nu, 4)}</b>: ${x.db.minima.length} ${
              x.db.minima.length === 1 ? "minimum" : "minima"
            }, no transition state — a single basin.</p>`,
          caption: `${x.nu < f.nuC ? "below" : "above"} the fold at ν_c = ${fmt(f.nuC, 4)}: ${
            describe(x)
          }`,
        }))
      )),
    });
  }
  const flat = r.heatCapacities.filter((h) => h.minima < 2).map((h) => h.label);
  const curves = r.heatCapacities.filter((h) => h.minima >= 2 && h.temperatures.length > 0);
  sections.push({
    title: "Heat capacity",
    text:
      "Harmonic superposition over the minima of each landscape, with the NLML as the energy (T = 1 is the Bayesian posterior over hyperparameters); temperatures from a thousandth of the landscape's energy range (minima and transition states) to twice it." +
      (flat.length
        ? ` Not drawn (a single minimum: C_V/k_B is half the number of modes at every T): ${
          flat.join("; ")
        }.`
        : ""),
    figures: curves.length === 0 ? [] : [{
      svg: heatCapacityFigure(
        curves.map((h) => ({
          label: h.label,
          temperatures: h.temperatures,
          cv: h.cv,
        })),
      ),
    }],
  });
  const onBoundNote = opt.onBound ? `, on the bound of ${opt.boundNames.join(", ")}` : "";
  const half = bestHalf
    ? `best half-integer ν = ${bestHalf.nu} (NLML ${fmt(bestHalf.nlml, 6)}${
      bestHalf.onBound ? ", on a bound" : ""
    }), ΔNLML = ${fmt(bestHalf.nlml - opt.nlml)}; test MNLPD ${fmt(r.optimumMetrics.mnlpd)} vs ${
      fmt(bestHalf.testMnlpd)
    }. `
    : `no half-integer ν in [${grid[0]}, ${grid[grid.length - 1]}] to compare with; test MNLPD ${
      fmt(r.optimumMetrics.mnlpd)
    }. `;
  const summary = `Optimum ν = ${fmt(nuOpt, 4)} (NLML ${fmt(opt.nlml, 6)}${onBoundNote}); ` + half +
    `${sweep.branches.length} branches, ${sweep.folds.length} folds over ${grid.length} values of ν.` +
    (truth ? ` True ν = ${truth.nu}.` : "");
  return {
    title: "Matérn-ν GP: the NLML landscape as ν varies",
    summary,
    params,
    sections,
  };
}
