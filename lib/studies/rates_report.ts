/**
 * The rates report page from a {@link RatesStudyResult}.
 * @module
 */
import { fmt, type Section } from "../report/html.ts";
import { disconnectivityFigure } from "../report/figures/landscape.ts";
import type { StudyReport } from "./context.ts";
import type { RatesStudyResult } from "./rates.ts";

/** The report of a rates run. */
export function ratesReport(r: RatesStudyResult, params: Record<string, unknown>): StudyReport {
  const x = r.rates, inp = r.input;
  const pA = inp.A.reduce((s, i) => s + x.occupation[i], 0);
  const pB = inp.B.reduce((s, i) => s + x.occupation[i], 0);
  const row = (name: string, d: typeof x.AfromB) => [name, d.kSS, d.kNSS, d.kNGT, d.mfpt];
  const lowest = inp.network.energies.map((e, i) => ({ e, i })).sort((a, b) => a.e - b.e)
    .slice(0, 30);
  const sections: Section[] = [{
    title: "Rate constants and mean first-passage times",
    text:
      `Graph transformation (Wales 2009) at T = ${x.temperature} on ${inp.network.energies.length} minima and ${inp.network.transitionStates.length} transition states, ${
        fmt(r.seconds, 3)
      } s. kSS: intermediates in steady state; kNSS: reactive flux out of the initial set weighted by committors; kNGT: occupation-weighted mean of the inverse first-passage times of the initial set's minima; MFPT: mean first-passage time from the initial set in local equilibrium. Equilibrium occupation of A ${
        fmt(pA)
      }, of B ${fmt(pB)}; detailed balance p_A·kNSS(B←A) / (p_B·kNSS(A←B)) = ${
        fmt(pA * x.BfromA.kNSS / (pB * x.AfromB.kNSS), 12)
      }.` +
      (x.dropped.length
        ? ` ${x.dropped.length} minima have no path to A ∪ B and are left out (listed in results.json).`
        : ""),
    tables: [{
      columns: ["direction", "kSS", "kNSS", "kNGT", "MFPT"],
      rows: [row("A ← B", x.AfromB), row("B ← A", x.BfromA)],
    }],
  }, {
    title: "Committor probabilities",
    text:
      "Probability of reaching A before B from each minimum (1 in A, 0 in B). Branch ends of the disconnectivity graph are coloured by it.",
    figures: [{
      svg: disconnectivityFigure(r.graph, {
        color: (id) => x.committors[id],
        colorLabel: "committor to A",
        hover: (id) =>
          `minimum ${id + 1}: energy ${inp.network.energies[id].toPrecision(8)}; committor ${
            x.committors[id].toPrecision(3)
          }`,
        energyLabel: "energy",
      }),
      caption: "Minima joined to the global minimum, coloured by their committor probability.",
    }],
    tables: [{
      caption: "The 30 lowest minima",
      columns: ["minimum", "energy", "set", "committor to A", "occupation"],
      rows: lowest.map(({ e, i }) => [
        i + 1,
        e,
        inp.A.includes(i) ? "A" : inp.B.includes(i) ? "B" : "",
        x.committors[i],
        x.occupation[i],
      ]),
      missing: "the minimum has no path to A ∪ B",
    }],
  }];
  const fe = r.regroup;
  const groupCommittor = fe.groups.map((g) => {
    let w = 0, c = 0;
    for (const i of g.members) {
      w += x.occupation[i];
      c += x.occupation[i] * x.committors[i];
    }
    return w > 0 ? c / w : NaN;
  });
  const names = (ms: number[]) =>
    ms.length <= 8
      ? ms.map((i) => i + 1).join(", ")
      : `${ms.slice(0, 8).map((i) => i + 1).join(", ")}, … (${ms.length})`;
  const setOf = (ms: number[]) =>
    [ms.some((i) => inp.A.includes(i)) ? "A" : "", ms.some((i) => inp.B.includes(i)) ? "B" : ""]
      .filter((v) => v).join("+");
  sections.push({
    title: "Free energies",
    text:
      `Harmonic free energies at T = ${x.temperature}: G_i = E_i + T·F_i/2 + T·ln o_i for minima, ` +
      `G† = E† + T·F†/2 + T·ln o† for transition states (docs/kinetics.md). ` +
      (fe.threshold > 0
        ? `Free-energy regrouping (Carr & Wales 2008) with threshold ${fe.threshold}: minima joined by a free-energy barrier below it are lumped, lowest barrier first, into ${fe.groups.length} groups from ${inp.network.energies.length} minima; a group's free energy is −T ln Σ exp(−G_i/T), and parallel transition states between two groups lump the same way. The lowest remaining barrier is ${
          fmt(fe.lowestBarrier)
        }.`
        : `No regrouping was asked (--regroup-free B lumps minima joined by free-energy barriers below B), so each branch is one minimum at its free energy.`) +
      (inp.format === "topsearch"
        ? " topsearch files hold no Hessian data, so F = 0 throughout and free energies equal energies."
        : ""),
    figures: [{
      svg: disconnectivityFigure(r.freeGraph, {
        color: (id) => groupCommittor[id],
        colorLabel: "committor to A (occupation-weighted)",
        hover: (g) =>
          `group ${g + 1}: free energy ${fe.groups[g].freeEnergy.toPrecision(6)}; minima ${
            names(fe.groups[g].members)
          }; committor ${groupCommittor[g].toPrecision(3)}`,
        energyLabel: `free energy at T = ${fmt(x.temperature, 3)}`,
      }),
      caption: fe.threshold > 0
        ? `Free-energy disconnectivity graph of the ${fe.groups.length} groups joined to the lowest one.`
        : "Free-energy disconnectivity graph (one branch per minimum).",
    }],
    tables: [{
      caption: `The ${
        Math.min(30, fe.groups.length)
      } lowest groups (all in results.json, free_energy)`,
      columns: ["group", "minima", "set", "free energy", "committor to A"],
      rows: fe.groups.slice(0, 30).map((g, k) => [
        k + 1,
        names(g.members),
        setOf(g.members),
        g.freeEnergy,
        groupCommittor[k],
      ]),
      missing: "no path to A ∪ B",
    }],
  });
  return {
    title: `Rates between A and B (${inp.source})`,
    summary:
      `At T = ${x.temperature}: kNGT(A←B) = ${fmt(x.AfromB.kNGT)}, kNGT(B←A) = ${
        fmt(x.BfromA.kNGT)
      }; MFPT(A←B) = ${fmt(x.AfromB.mfpt)}, MFPT(B←A) = ${fmt(x.BfromA.mfpt)}.` +
      (fe.threshold > 0
        ? ` Free-energy regrouping (threshold ${fe.threshold}): ${fe.groups.length} groups.`
        : ""),
    params,
    sections,
  };
}
