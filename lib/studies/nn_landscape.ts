/**
 * The neural-network landscape study (MISSION.md, study 2): the loss landscape of a single-hidden-
 * layer perceptron — minima by basin-hopping (symmetry-equivalent copies merged), transition
 * states by DNEB + hybrid eigenvector-following — with, per minimum, training loss, train/test
 * accuracy (and AUC for binary problems) and Hessian eigenvalues. Schema: docs/nn-landscape.md.
 * @module
 */
import { type ClassificationMap, classificationMap } from "../report/interactive.ts";
import {
  type ClassificationDataset,
  rescaleInputs,
  selectClassRows,
} from "../data/classification.ts";
import { duplicateWarning, splitKeepingDuplicates } from "../data/transform.ts";
import {
  type Connectivity,
  connectivity,
  heatCapacity,
  type LandscapeSummary,
  summarizeLandscape,
} from "../landscape/analysis.ts";
import { type DisconnectivityGraph, disconnectivityGraph } from "../landscape/disconnectivity.ts";
import { identityOptions, type LandscapeDatabase } from "../landscape/database.ts";
import { computeRates, type KineticNetwork } from "../landscape/kinetics.ts";
import { freeEnergyNetwork, regroupFree, type RegroupResult } from "../landscape/free_energy.ts";
import { networkDatabase } from "./rates.ts";
import { networkFromDatabase } from "../landscape/kinetics_io.ts";
import { MlpLandscape } from "../models/mlp.ts";
import { median } from "../util/stats.ts";
import type { RunContext } from "./context.ts";
import type { DeviceChoice } from "../landscape/device_policy.ts";
import {
  type ConnectionChoice,
  convergenceTolerance,
  type Exploration,
  exploreMlp,
  GROW_ABOVE,
  type MinimumMetrics,
  minimumMetrics,
} from "./nn_explore.ts";

/**
 * Basin-hopping steps per walker when none are given: 100 up to {@link GROW_ABOVE} weights; above,
 * 1 — there the connection phase grows the landscape from the global minimum, and every
 * basin-hopping minimum it does not reach stays outside the connected landscape (on digits
 * 61-10-10 a step of 4 walkers gives 4 minima far apart, which pair searches do not join).
 */
export function defaultSteps(weights: number): number {
  return weights > GROW_ABOVE ? 1 : 100;
}

/**
 * Connection attempts when none are given: 300 up to {@link GROW_ABOVE} weights, 560 above (a
 * single-ended attempt there took about 0.8 s on two workers on digits 61-10-10, and about 2 in 5
 * added a joined minimum: 560 reach 200 minima within 10 minutes, docs/scale.md).
 */
export function defaultConnect(weights: number): number {
  return weights > GROW_ABOVE ? 560 : 300;
}

/** Options of {@link runNnLandscape}. */
export interface NnLandscapeOptions {
  /** Hidden units. */
  hidden: number;
  /** Weight penalty λ. */
  lambda: number;
  /** Loss: cross-entropy or −appAUC. */
  loss: "ce" | "auc";
  /** appAUC steepness β. */
  beta: number;
  /** Basin-hopping steps per walker [{@link defaultSteps}]. */
  steps?: number;
  /** Connection attempts [{@link defaultConnect}]. */
  connectAttempts?: number;
  /** A spent budget is raised to this many attempts per stored minimum (`exploreMlp`) [2]. */
  connectPerMinimum?: number;
  /** Rescale inputs to [−1, 1]. */
  rescale: boolean;
  /** Seed of the split and the search. */
  seed: number;
  /** Basin-hopping walkers advanced together [4]. */
  walkers?: number;
  /** Minimisation path [auto] (see `ExploreOptions.device`). */
  device?: DeviceChoice;
  /** How the connection budget is spent [auto] (see `ExploreOptions.connection`). */
  connection?: ConnectionChoice;
  /** Temperature of the kinetics and the free-energy graph [a third of the median barrier]. */
  temperature?: number;
  /** Free-energy regrouping threshold [5T: barriers below 5 kT, crossed within ~e⁵ vibrational periods, are lumped]. */
  regroupFree?: number;
}

/** Everything the study computed. */
export interface NnLandscapeResult {
  /** The data (before the split). */
  data: ClassificationDataset;
  /** Training rows. */
  train: ClassificationDataset;
  /** Test rows. */
  test: ClassificationDataset;
  /** Indices of the test rows in the data (0-based). */
  testRows: number[];
  /** The options. */
  options: NnLandscapeOptions;
  /** Network shape and parameter count. */
  network: { inputs: number; hidden: number; outputs: number; parameters: number; beta: number };
  /** The exploration (database, connection attempts). */
  exploration: Exploration;
  /** Float64 cross-entropy kernels: "openblas" (dgemm) or "loops" (see `MlpOptions.blas`). */
  kernels: "openblas" | "loops";
  /** Per-minimum metrics, by loss. */
  rows: MinimumMetrics[];
  /** Counts and barriers. */
  summary: LandscapeSummary;
  /** Harmonic-superposition heat capacity. */
  heatCapacity: { temperatures: number[]; cv: number[]; peaks: number[] };
  /** The disconnectivity graph (30 levels). */
  graph: DisconnectivityGraph;
  /** The connected fraction and the unconnected minima with their failed attempts. */
  connectivity: Connectivity;
  /** Mean first-passage times from the lowest minima into the global minimum (null without TS). */
  kinetics: NnKinetics | null;
  /**
   * Each drawn minimum's predictions on the test points, for the report's input plane (none above
   * 36 classes: one base-36 character per prediction).
   */
  map: ClassificationMap | null;
}

/** First-passage times into the global minimum, at one temperature (loss units, k_B = 1). */
export interface NnKinetics {
  /** The temperature (by default a third of the median barrier: a typical barrier costs e³). */
  temperature: number;
  /** Whether the temperature was given (else chosen from the barriers). */
  chosen: boolean;
  /** Per low minimum connected to the global one: its MFPT and its rate into the global minimum. */
  rows: { id: number; loss: number; mfpt: number; kNGT: number }[];
  /** Free-energy regrouping of the minima joined to the global minimum, at the temperature. */
  regroup: RegroupResult;
  /** Free-energy disconnectivity graph of the groups (group index = minimum id of that network). */
  freeGraph: DisconnectivityGraph;
  /** Minimum ids of the network that was regrouped (regroup's indices refer to these). */
  regroupedMinima: number[];
}

/**
 * MFPT from each of the `count` lowest minima (connected to the global minimum) into the global
 * minimum, by graph transformation over the database's transition network.
 */
export function firstPassageToGlobal(
  db: LandscapeDatabase,
  count = 10,
  temperature?: number,
  regroupThreshold?: number,
): NnKinetics | null {
  const c = connectivity(db);
  const gm = db.minima.filter((m) => !m.onBound).reduce<typeof db.minima[number] | undefined>(
    (a, m) => (a === undefined || m.energy < a.energy ? m : a),
    undefined,
  );
  // Rate constants need every Hessian log-product (not stored above 200 weights yet).
  if (!gm || !db.transitionStates.length) return null;
  if (db.minima.some((m) => !Number.isFinite(m.logProductHessian))) return null;
  const unconnected = new Set(c.unconnected.map((u) => u.id));
  const barriers = db.transitionStates.flatMap((t) =>
    t.minima.map((i) => t.energy - db.minima[i].energy)
  );
  const T = temperature ?? Math.max(median(barriers) / 3, 1e-12);
  const net = networkFromDatabase(db);
  const low = db.minima.filter((m) => m.id !== gm.id && !m.onBound && !unconnected.has(m.id))
    .sort((a, b) => a.energy - b.energy).slice(0, count);
  // Free energies of the global minimum's component (the others have no barrier to it).
  const joined = db.minima.filter((m) => !m.onBound && !unconnected.has(m.id)).map((m) => m.id);
  const local = new Map(joined.map((id, k) => [id, k]));
  const sub: KineticNetwork = {
    energies: joined.map((id) => net.energies[id]),
    logProducts: joined.map((id) => net.logProducts[id]),
    transitionStates: net.transitionStates.filter((t) => local.has(t.a) && local.has(t.b))
      .map((t) => ({ ...t, a: local.get(t.a)!, b: local.get(t.b)! })),
  };
  const regroup = regroupFree(sub, T, regroupThreshold ?? 5 * T);
  return {
    temperature: T,
    chosen: temperature !== undefined,
    rows: low.map((m) => {
      const r = computeRates(net, [gm.id], [m.id], T);
      return { id: m.id, loss: m.energy, mfpt: r.AfromB.mfpt, kNGT: r.AfromB.kNGT };
    }),
    regroup,
    freeGraph: disconnectivityGraph(networkDatabase(freeEnergyNetwork(regroup)), { levels: 30 }),
    regroupedMinima: joined,
  };
}

/** Runs the study on `data` (split 70/30 by the seed). */
export async function runNnLandscape(
  input: ClassificationDataset,
  options: NnLandscapeOptions,
  ctx: RunContext,
): Promise<NnLandscapeResult> {
  const data = options.rescale
    ? { ...input, X: rescaleInputs(input.X, input.n, input.d).X }
    : input;
  const split = splitKeepingDuplicates(data.X, data.n, data.d, {
    testFraction: 0.3,
    seed: options.seed,
  });
  const train = selectClassRows(data, split.train), test = selectClassRows(data, split.test);
  const outputs = data.classNames.length;
  const model = new MlpLandscape(train, {
    hidden: options.hidden,
    outputs,
    lambda: options.lambda,
    loss: options.loss,
    beta: options.beta,
  });
  // After the model has checked the data (a bad-input error stays the only line on stderr).
  if (split.duplicates) ctx.log(duplicateWarning(split.duplicates));
  const L = model.layout;
  ctx.log(
    `${data.source}: ${train.n} train / ${test.n} test, network ${L.inputs}-${L.hidden}-${L.outputs} (${model.dim} parameters), loss ${options.loss}`,
  );
  const steps = options.steps ?? defaultSteps(model.dim);
  if (options.steps === undefined && steps !== 100) {
    ctx.log(`${model.dim} weights: ${steps} basin-hopping steps per walker by default (--steps)`);
  }
  // Basin-hopping: 4 walkers, symmetry-merged minima (canonicalize), then connection.
  const ex = await ctx.step("exploration", () =>
    exploreMlp(model, {
      steps,
      seed: options.seed,
      connectAttempts: options.connectAttempts ?? defaultConnect(model.dim),
      connectPerMinimum: options.connectPerMinimum,
      label: "nn-landscape",
      walkers: options.walkers,
      device: options.device,
      connection: options.connection,
      backend: ctx.backend,
    }));
  // A resumed run reads the database back from its checkpoint, without the model's identity.
  ex.db.useIdentity(identityOptions(model));
  ctx.timings["basin-hopping"] = ex.seconds.basinHopping;
  ctx.timings.connect = ex.seconds.connect;
  const rows = await ctx.stage(
    "per-minimum metrics",
    () => minimumMetrics(model, ex.db, train, test),
  );
  const hc = heatCapacity(ex.db);
  const graph = disconnectivityGraph(ex.db, { levels: 30 });
  // The report's input plane: the minima drawn, and the lowest 300 of all.
  const mapIds = new Set([
    ...graph.leaves.map((l) => l.minimum),
    ...rows.slice(0, 300).map((m) => m.id),
  ]);
  const map = data.classNames.length > 36 ? null : classificationMap({
    predict: (w, X, n) => model.predict(w, X, n),
    minima: rows.filter((m) => mapIds.has(m.id)).map((m) => ({
      id: m.id,
      x: ex.db.minima[m.id].x,
    })),
    X: test.X,
    n: test.n,
    d: test.d,
    labels: test.labels,
    featureNames: data.featureNames,
    classNames: data.classNames,
  });
  return {
    data,
    train,
    test,
    testRows: [...split.test],
    options,
    network: {
      inputs: L.inputs,
      hidden: L.hidden,
      outputs: L.outputs,
      parameters: model.dim,
      beta: model.beta,
    },
    exploration: ex,
    kernels: model.kernels,
    rows,
    summary: summarizeLandscape(ex.db),
    heatCapacity: { temperatures: hc.temperatures, cv: hc.cv, peaks: hc.peaks },
    graph,
    connectivity: connectivity(ex.db),
    kinetics: firstPassageToGlobal(ex.db, 10, options.temperature, options.regroupFree),
    map,
  };
}

/** The results.json object (docs/nn-landscape.md), without `device` and `timings`. */
export function nnLandscapeResults(r: NnLandscapeResult): Record<string, unknown> {
  const ex = r.exploration, db = ex.db, o = r.options;
  return {
    task: "nn-landscape",
    data: {
      source: r.data.source,
      n_train: r.train.n,
      n_test: r.test.n,
      test_rows: r.testRows,
      features: r.data.featureNames,
      classes: r.data.classNames,
    },
    network: {
      inputs: r.network.inputs,
      hidden: r.network.hidden,
      outputs: r.network.outputs,
      parameters: r.network.parameters,
      layout: "[W1 (H×I), b1 (H), W2 (O×H), b2 (O)]",
      loss: o.loss,
      lambda: o.lambda,
      beta: o.loss === "auc" ? r.network.beta : null,
    },
    summary: r.summary,
    search: {
      walkers: o.walkers ?? 4,
      steps: ex.steps,
      minimization_path: ex.device.path,
      float64_kernels: r.kernels,
      rms_gradient: convergenceTolerance(r.network.parameters),
      why: ex.device.reason,
      // Everything measured on the clock, together (a resumed run is compared without it).
      seconds: {
        basin_hopping: ex.seconds.basinHopping,
        connect: ex.seconds.connect,
        predicted_cpu: ex.device.predicted.cpu,
        predicted_gpu: ex.device.predicted.gpu,
        float64_point: ex.device.calibration.cpuPointMs / 1000,
        gpu_batch: ex.device.calibration.batchMs / 1000,
        gpu_first_call: ex.device.calibration.firstCallMs / 1000,
        calibration_cached: ex.device.calibration.cached,
      },
    },
    connection: {
      attempts: ex.attempts,
      budget: ex.budget,
      with_verified_transition_state: ex.successes,
      success_rate: ex.attempts ? ex.successes / ex.attempts : NaN,
      failure_reasons: ex.failureReasons,
      workers: ex.workers,
      strategy: ex.connection.strategy,
      strategy_why: ex.connection.reason,
      ...(ex.detached
        ? {
          detached_saddles: ex.detached.saddles,
          detached_lowest_minimum: Number.isFinite(ex.detached.lowestMinimum)
            ? ex.detached.lowestMinimum
            : null,
        }
        : {}),
      connected_minima: r.connectivity.connected,
      connected_fraction: r.connectivity.fraction,
      unconnected: r.connectivity.unconnected,
    },
    minima: r.rows,
    transition_states: db.transitionStates.map((t) => ({
      id: t.id,
      loss: t.energy,
      minima: t.minima,
      eigenvalue: t.eigenvalue,
      index: t.index,
    })),
    heat_capacity: r.heatCapacity,
    kinetics: r.kinetics
      ? {
        temperature: r.kinetics.temperature,
        temperature_chosen_by: r.kinetics.chosen
          ? "--temperature"
          : "a third of the median barrier",
        free_energy: {
          threshold: r.kinetics.regroup.threshold,
          groups: r.kinetics.regroup.groups.map((g) => ({
            minima: g.members.map((k) => r.kinetics!.regroupedMinima[k]),
            free_energy: g.freeEnergy,
          })),
          transition_states: r.kinetics.regroup.transitionStates.map((t) => ({
            groups: t.groups,
            free_energy: t.freeEnergy,
            lumped: t.count,
          })),
        },
        into_global_minimum: r.kinetics.rows.map((k) => ({
          minimum: k.id,
          loss: k.loss,
          mfpt: k.mfpt,
          kNGT: k.kNGT,
        })),
      }
      : null,
  };
}
