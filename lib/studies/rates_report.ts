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
  return {
    title: `Rates between A and B (${inp.source})`,
    summary: `At T = ${x.temperature}: kNGT(A←B) = ${fmt(x.AfromB.kNGT)}, kNGT(B←A) = ${
      fmt(x.BfromA.kNGT)
    }; MFPT(A←B) = ${fmt(x.AfromB.mfpt)}, MFPT(B←A) = ${fmt(x.BfromA.mfpt)}.`,
    params,
    sections,
  };
}
