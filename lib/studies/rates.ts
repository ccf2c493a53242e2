/**
 * The kinetics task: rates between two sets of minima, mean first-passage times and committors
 * of a transition network (an elml database or PATHSAMPLE files) at one temperature, by graph
 * transformation (lib/landscape/kinetics.ts). Schema: docs/kinetics.md.
 * @module
 */
import { LandscapeDatabase } from "../landscape/database.ts";
import { type DisconnectivityGraph, disconnectivityGraph } from "../landscape/disconnectivity.ts";
import {
  computeRates,
  type KineticNetwork,
  type RatesResult,
  validateRates,
} from "../landscape/kinetics.ts";
import type { RunContext } from "./context.ts";

/** The network and the two sets. */
export interface RatesInput {
  /** Where the network came from. */
  source: string;
  /** The network. */
  network: KineticNetwork;
  /** Set A (0-based minimum indices). */
  A: number[];
  /** Set B (0-based). */
  B: number[];
}

/** Everything the task computed. */
export interface RatesStudyResult {
  /** The input. */
  input: RatesInput;
  /** Rates, MFPTs, committors. */
  rates: RatesResult;
  /** Disconnectivity graph of the network (for the committor-coloured figure). */
  graph: DisconnectivityGraph;
  /** Seconds the graph transformation took. */
  seconds: number;
}

/** A database of the network's energies, for disconnectivity graphs (no coordinates). */
export function networkDatabase(net: KineticNetwork): LandscapeDatabase {
  const db = new LandscapeDatabase(1, { tolerance: { energy: -1 } }); // keep every record
  net.energies.forEach((e, i) =>
    db.addMinimum(Float64Array.of(i), e, {
      logProductHessian: net.logProducts[i],
      index: 0,
      provenance: "network",
    })
  );
  for (const t of net.transitionStates) {
    if (t.a === t.b) continue;
    db.addTransitionState({
      energy: t.energy,
      x: Float64Array.of(NaN),
      minima: [t.a, t.b],
      eigenvalue: NaN,
      logProductHessian: t.logProduct,
      index: 1,
      provenance: "network",
    });
  }
  return db;
}

/** Runs the task at `temperature`. */
export async function runRates(
  input: RatesInput,
  temperature: number,
  ctx: RunContext,
): Promise<RatesStudyResult> {
  const net = input.network;
  validateRates(net, input.A, input.B, temperature);
  ctx.log(
    `${input.source}: ${net.energies.length} minima, ${net.transitionStates.length} transition states; |A| = ${input.A.length}, |B| = ${input.B.length}, T = ${temperature}`,
  );
  const t = performance.now();
  const rates = await ctx.stage(
    "graph transformation",
    () => computeRates(net, input.A, input.B, temperature),
  );
  const seconds = (performance.now() - t) / 1000;
  if (rates.dropped.length) {
    ctx.log(`${rates.dropped.length} minima have no path to A ∪ B and were left out`);
  }
  const graph = disconnectivityGraph(networkDatabase(net), { levels: 30 });
  return { input, rates, graph, seconds };
}

/** The results.json object (docs/kinetics.md), without `device` and `timings`. */
export function ratesResults(r: RatesStudyResult): Record<string, unknown> {
  const x = r.rates;
  const dir = (d: typeof x.AfromB) => ({ kNSS: d.kNSS, kSS: d.kSS, kNGT: d.kNGT, mfpt: d.mfpt });
  return {
    task: "rates",
    source: r.input.source,
    temperature: x.temperature,
    minima: r.input.network.energies.length,
    transition_states: r.input.network.transitionStates.length,
    A: r.input.A.map((i) => i + 1),
    B: r.input.B.map((i) => i + 1),
    "A<-B": dir(x.AfromB),
    "B<-A": dir(x.BfromA),
    committors: x.committors,
    occupation: x.occupation,
    dropped: x.dropped.map((i) => i + 1),
    conventions: "k_B = 1; k = (o_i/o†)·exp((F_i − F†)/2)/(2π)·exp(−(E† − E_i)/T); " +
      "p_i ∝ exp(−E_i/T − F_i/2)/o_i; committor = probability of reaching A before B; " +
      "minima 1-based",
  };
}
