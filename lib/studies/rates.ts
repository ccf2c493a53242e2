/**
 * The kinetics task: rates between two sets of minima, mean first-passage times and committors
 * of a transition network (an elml database or PATHSAMPLE files) at one temperature, by graph
 * transformation (lib/landscape/kinetics.ts). Schema: docs/kinetics.md.
 * @module
 */
import { LandscapeDatabase, openDatabase } from "../landscape/database.ts";
import { type DisconnectivityGraph, disconnectivityGraph } from "../landscape/disconnectivity.ts";
import { freeEnergyNetwork, regroupFree, type RegroupResult } from "../landscape/free_energy.ts";
import {
  computeRates,
  type KineticNetwork,
  type RatesResult,
  validateRates,
} from "../landscape/kinetics.ts";
import type { RunContext } from "./context.ts";
import {
  detectMinDataFormat,
  networkFromDatabase,
  parseIdList,
  parseMinData,
  parseMinSet,
  parseTopsearchMinData,
  parseTopsearchTsData,
  parseTsData,
} from "../landscape/kinetics_io.ts";
import { UserError } from "../util/errors.ts";

/** The network and the two sets. */
export interface RatesInput {
  /** Where the network came from. */
  source: string;
  /** Its format: pathsample, topsearch (no Hessian data: unit prefactors) or elml. */
  format: "pathsample" | "topsearch" | "elml";
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
  /** Free-energy regrouping at the temperature (threshold 0 unless asked: every minimum alone). */
  regroup: RegroupResult;
  /** Disconnectivity graph of the regrouped free energies. */
  freeGraph: DisconnectivityGraph;
}

async function read(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    throw new UserError(`${path}: no such file`);
  }
}

/** Where the rates task's network comes from (its flags). */
export interface RatesSource {
  /** An elml SQLite database. */
  database?: string;
  /** Coordinates per point of the database. */
  dim: number;
  /** min.data (PATHSAMPLE or topsearch). */
  minData?: string;
  /** ts.data. */
  tsData?: string;
  /** min.A / min.B files. */
  minA?: string;
  /** min.B. */
  minB?: string;
  /** 1-based ids of A / B, comma-separated. */
  A?: string;
  /** B. */
  B?: string;
  /** auto, pathsample or topsearch. */
  format: string;
}

/** Reads the network and the sets; every problem is a one-line {@link UserError}. */
export async function loadRatesInput(f: RatesSource): Promise<RatesInput> {
  if (f.database) {
    if (!f.A || !f.B) throw new UserError("--database needs --A and --B (1-based minimum ids)");
    try {
      await Deno.stat(f.database);
    } catch {
      throw new UserError(`${f.database}: no such file`);
    }
    const db = openDatabase(f.database, f.dim);
    const network = networkFromDatabase(db);
    db.close();
    const N = network.energies.length;
    return {
      source: f.database,
      format: "elml",
      network,
      A: parseIdList(f.A, "--A", N),
      B: parseIdList(f.B, "--B", N),
    };
  }
  if (!f.minData || !f.tsData) {
    throw new UserError(
      "give --min-data and --ts-data with --min-A/--min-B or --A/--B (or --database with --A and --B)",
    );
  }
  const minText = await read(f.minData);
  const format = f.format === "auto"
    ? detectMinDataFormat(minText)
    : f.format as "pathsample" | "topsearch";
  const mins = format === "topsearch"
    ? parseTopsearchMinData(minText, f.minData)
    : parseMinData(minText, f.minData);
  const N = mins.energies.length;
  const tsText = await read(f.tsData);
  const set = async (ids: string | undefined, file: string | undefined, name: string) => {
    if (ids !== undefined && file !== undefined) {
      throw new UserError(`give --${name} or --min-${name}, not both`);
    }
    if (ids !== undefined) return parseIdList(ids, `--${name}`, N);
    if (file !== undefined) return parseMinSet(await read(file), file, N);
    throw new UserError(`set ${name}: give --min-${name} FILE or --${name} IDS`);
  };
  return {
    source: f.minData,
    format,
    network: {
      ...mins,
      transitionStates: format === "topsearch"
        ? parseTopsearchTsData(tsText, f.tsData, N)
        : parseTsData(tsText, f.tsData, N),
    },
    A: await set(f.A, f.minA, "A"),
    B: await set(f.B, f.minB, "B"),
  };
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

/**
 * Runs the task at `temperature`; `regroupThreshold` (free-energy barrier, energy units) lumps
 * minima for the free-energy graph [0: none lumped].
 */
export async function runRates(
  input: RatesInput,
  temperature: number,
  ctx: RunContext,
  regroupThreshold = 0,
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
  if (input.format === "topsearch") {
    ctx.log(
      "topsearch files hold no Hessian data: every ln Πλ is 0, so rates have unit prefactors",
    );
  }
  const graph = disconnectivityGraph(networkDatabase(net), { levels: 30 });
  const regroup = await ctx.stage(
    "free-energy regrouping",
    () => regroupFree(net, temperature, regroupThreshold),
  );
  if (regroupThreshold > 0) {
    ctx.log(
      `free-energy regrouping at T = ${temperature}, threshold ${regroupThreshold}: ${net.energies.length} minima → ${regroup.groups.length} groups`,
    );
  }
  const freeGraph = disconnectivityGraph(networkDatabase(freeEnergyNetwork(regroup)), {
    levels: 30,
  });
  return { input, rates, graph, seconds, regroup, freeGraph };
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
    format: r.input.format,
    free_energy: {
      temperature: r.regroup.temperature,
      threshold: r.regroup.threshold,
      minimum_free_energies: r.regroup.minimumFreeEnergies,
      groups: r.regroup.groups.map((g) => ({
        members: g.members.map((i) => i + 1),
        free_energy: g.freeEnergy,
        lowest: g.lowest + 1,
      })),
      group_of: r.regroup.groupOf.map((g) => g + 1),
      transition_states: r.regroup.transitionStates.map((t) => ({
        groups: t.groups.map((g) => g + 1),
        free_energy: t.freeEnergy,
        lumped: t.count,
      })),
      lowest_barrier: Number.isFinite(r.regroup.lowestBarrier) ? r.regroup.lowestBarrier : null,
    },
    conventions: "k_B = 1; k = (o_i/o†)·exp((F_i − F†)/2)/(2π)·exp(−(E† − E_i)/T); " +
      "p_i ∝ exp(−E_i/T − F_i/2)/o_i; committor = probability of reaching A before B; " +
      "minima 1-based; G_i = E_i + T·F_i/2 + T·ln o_i, G† = E† + T·F†/2 + T·ln o†, " +
      "G_group = −T ln Σ exp(−G_i/T), groups 1-based by ascending free energy",
  };
}
