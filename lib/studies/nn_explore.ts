/**
 * Shared steps of the neural-network studies (nn-landscape, ensembles, auc-vs-ce,
 * feature-relevance): built-in or CSV classification data, basin-hopping (+ optional connection)
 * over an MLP loss landscape, and per-minimum test metrics. Every study uses the same settings, so
 * their landscapes are comparable.
 * @module
 */
import {
  circles,
  type ClassificationDataset,
  digits,
  iris,
  toClassification,
  twoMoons,
  xor,
} from "../data/classification.ts";
import { loadCsv } from "../data/csv.ts";
import { fitColumnStandardizers, standardizeColumns } from "../data/transform.ts";
import { connectivity } from "../landscape/analysis.ts";
import { basinHopping } from "../landscape/basinhopping.ts";
import { connect } from "../landscape/connect.ts";
import type { LandscapeDatabase } from "../landscape/database.ts";
import { LandscapePool } from "../landscape/pool.ts";
import { hessian, lanczosSpectrum, symmetricEigen } from "../landscape/hessian.ts";
import { DENSE_HESSIAN_BELOW } from "../landscape/transition_state.ts";
import { accuracy, rocAuc } from "../models/classification_metrics.ts";
import type { MlpLandscape } from "../models/mlp.ts";
import { UserError } from "../util/errors.ts";
import { type Backend, describeBackend } from "../gpu/device.ts";
import {
  chooseMinimizationPath,
  type DeviceChoice,
  type PolicyDecision,
} from "../landscape/device_policy.ts";
import { formatDuration, note, Progress } from "../util/progress.ts";

/** Built-in data sets by name: moons, circles, xor, iris, digits (n is ignored for iris, digits). */
export const BUILTIN_CLASSIFICATION = ["moons", "circles", "xor", "iris", "digits"] as const;

/**
 * A classification data set: the CSV `path` (labels from column `target`, numeric or text) when
 * given, else the built-in set `name` generated from `seed`. CSV features are standardised to mean
 * 0 and standard deviation 1 over all rows (features only; labels are not used), so that columns
 * in large units do not saturate the tanh units; constant columns become 0.
 */
export async function loadClassificationData(
  path: string | undefined,
  target: string | undefined,
  name: string,
  seed: number,
  n = 200,
): Promise<ClassificationDataset> {
  if (path) {
    const ds = toClassification(
      await loadCsv(path, {
        target,
        minRows: 10,
        rejectConstantTarget: false,
        categoricalTarget: true,
      }),
    );
    const z = fitColumnStandardizers(ds.X, ds.n, ds.d);
    return { ...ds, X: standardizeColumns(ds.X, ds.d, z) };
  }
  switch (name) {
    case "moons":
      return twoMoons({ n, seed });
    case "circles":
      return circles({ n, seed });
    case "xor":
      return xor({ n, irrelevant: 2, seed });
    case "iris":
      return iris();
    case "digits":
      return digits();
    default:
      throw new UserError(
        `--dataset must be one of ${BUILTIN_CLASSIFICATION.join(", ")}, got "${name}"`,
      );
  }
}

/** Effort of one landscape exploration; defaults in brackets. */
export interface ExploreOptions {
  /** Basin-hopping steps per walker. */
  steps: number;
  /** Walkers advanced in lockstep [4]. */
  walkers?: number;
  /** Metropolis temperature [0.2 for cross-entropy, 0.05 for appAUC]. */
  temperature?: number;
  /** Perturbation size per coordinate [3]. */
  stepSize?: number;
  /** Seed of the walkers. */
  seed: number;
  /** Connection attempts (DNEB + hybrid eigenvector-following) after basin-hopping [0]. */
  connectAttempts?: number;
  /**
   * Pairwise connection only: when `connectAttempts` are spent before the landscape is connected,
   * the budget is raised to this many attempts per stored minimum, at most 4 × `connectAttempts`
   * [2; 0: never].
   */
  connectPerMinimum?: number;
  /** Label for progress lines on stderr. */
  label?: string;
  /**
   * Float64 worker threads for Hessians and connection searches [all cores]. The results do not
   * depend on it: connection pairs are chosen in waves of {@link CONNECT_WAVE} either way.
   */
  workers?: number;
  /**
   * Minimisation path [auto]: "gpu" screens the walkers in f32 on the WebGPU device of `backend`
   * and polishes every result in float64; "cpu" minimises in float64; "auto" measures and picks
   * (see `chooseMinimizationPath`). Without a WebGPU `backend`, the CPU path.
   */
  device?: DeviceChoice;
  /** The process's backend (a study's `ctx.backend`). */
  backend?: Backend;
  /**
   * How the connection budget is spent [auto]: "pairs" joins the stored minima pairwise (closest
   * neighbours, then Dijkstra towards every minimum not yet joined); "grow" runs single-ended
   * searches from the minima joined to the global minimum, so that the landscape grows connected;
   * "auto" grows above {@link GROW_ABOVE} weights.
   */
  connection?: ConnectionChoice;
}

/**
 * RMS-gradient tolerance of every minimisation and saddle search: 1e-6, and 1e-8 above
 * {@link GROW_ABOVE} weights. On digits 61-10-10 barriers are 1e-6–1e-5 while a stop at 1e-6
 * leaves a minimum's energy uncertain by ~1e-6 along directions of curvature near 2λ: 6 of 40
 * single-ended searches gave a push-off that ended above its saddle and 11 a saddle whose two
 * sides fell into one minimum; at 1e-8 the same 40 searches had neither (docs/scale.md).
 */
export function convergenceTolerance(weights: number): number {
  return weights > GROW_ABOVE ? 1e-8 : 1e-6;
}

/** How a connection budget is spent (see `ExploreOptions.connection`). */
export type ConnectionChoice = "auto" | "pairs" | "grow";

/**
 * Above this many weights "auto" connection grows the landscape from the global minimum instead
 * of joining basin-hopping minima pairwise: on digits 61-10-10 (730 weights), 24 pairwise
 * attempts joined 2 of 77 minima to the global minimum (the band's saddle lies far from both ends),
 * while single-ended searches joined a new neighbour in most attempts (docs/scale.md).
 */
export const GROW_ABOVE = 200;

/** Connection pairs chosen together from one state of the database (see `connect`'s `wave`). */
export const CONNECT_WAVE = 4;

/** Whether a pool pays for itself: enough connection searches or large Hessians. */
function wantsPool(model: MlpLandscape, options: ExploreOptions): boolean {
  const workers = options.workers ?? navigator.hardwareConcurrency ?? 1;
  return workers >= 2 && ((options.connectAttempts ?? 0) >= 2 * CONNECT_WAVE || model.dim >= 100);
}

/** What {@link exploreMlp} found. */
export interface Exploration {
  /** The database of minima and transition states. */
  db: LandscapeDatabase;
  /** Connection attempts. */
  attempts: number;
  /** The attempt budget in the end (`connectAttempts`, or more: see `connectPerMinimum`). */
  budget: number;
  /** Attempts that gave a verified transition state. */
  successes: number;
  /** Failed connection attempts by reason (the reason's text without its numbers). */
  failureReasons: Record<string, number>;
  /** Seconds per phase. */
  seconds: { basinHopping: number; connect: number };
  /** Float64 threads that did the Hessians and connection searches (1: this thread only). */
  workers: number;
  /** Which path minimised the walkers, and why. */
  device: PolicyDecision;
  /** Basin-hopping steps per walker. */
  steps: number;
  /** How the connection budget was spent ("pairs" or "grow"), and why. */
  connection: { strategy: "pairs" | "grow"; reason: string };
  /** Growth only: saddles not stored because they join nothing grown (see `connect`). */
  detached?: { saddles: number; lowestMinimum: number };
}

/** The batch landscape for the screening path, or why there is none. */
function gpuScreen(
  model: MlpLandscape,
  backend: Backend | undefined,
): { batch: MlpLandscape | null; unavailable?: string; adapter: string } {
  if (!backend) return { batch: null, unavailable: "no WebGPU backend was given", adapter: "none" };
  if (backend.kind === "cpu") {
    return { batch: null, unavailable: describeBackend(backend), adapter: "none" };
  }
  const why = model.gpuUnsupported();
  const adapter = describeBackend(backend);
  return why
    ? { batch: null, unavailable: `no GPU kernel: ${why}`, adapter }
    : { batch: model.withGpu(backend.ctx), adapter };
}

/**
 * Basin-hopping over an MLP landscape (symmetry-equivalent minima merged through its
 * `canonicalize`), then optionally `connectAttempts` connection attempts between close minima.
 */
export async function exploreMlp(
  model: MlpLandscape,
  options: ExploreOptions,
): Promise<Exploration> {
  const label = options.label ?? "nn";
  const walkers = options.walkers ?? 4;
  if (model.lambda === 0) {
    note(
      `[${label}] warning: λ = 0 leaves the loss without a penalty; tanh saturation then gives flat directions and minima at infinite weights, so minima counts and connections are ill-defined (use λ > 0, e.g. 1e-4)`,
    );
  }
  const pool = wantsPool(model, options)
    ? await LandscapePool.open(model.recipe(), {
      workers: options.workers ?? navigator.hardwareConcurrency,
    })
    : null;
  const L = model.layout;
  const gpu = gpuScreen(model, options.backend);
  const device = await chooseMinimizationPath({
    choice: options.device ?? "auto",
    landscape: model,
    batch: gpu.batch,
    unavailable: gpu.unavailable,
    walkers,
    workers: pool?.size ?? 1,
    rounds: options.steps + 1,
    key: `mlp ${model.loss} ${L.inputs}-${L.hidden}-${L.outputs} n=${model.rows}`,
    adapter: gpu.adapter,
  });
  note(`[${label}] minimisation: ${device.reason}`);
  try {
    return await explore(model, options, label, walkers, pool, {
      device,
      screen: device.path === "gpu" ? gpu.batch! : null,
    });
  } finally {
    pool?.close();
  }
}

async function explore(
  model: MlpLandscape,
  options: ExploreOptions,
  label: string,
  walkers: number,
  pool: LandscapePool | null,
  path: { device: PolicyDecision; screen: MlpLandscape | null },
): Promise<Exploration> {
  const tb = performance.now();
  const tolerance = convergenceTolerance(model.dim);
  const bar = new Progress(`${label} basin-hopping`, options.steps);
  const db = await basinHopping(model, {
    steps: options.steps,
    stepSize: options.stepSize ?? 3,
    temperature: options.temperature ?? (model.loss === "auc" ? 0.05 : 0.2),
    walkers,
    seed: options.seed,
    starts: Array.from(
      { length: walkers },
      (_, w) =>
        Float64Array.from(
          { length: model.dim },
          (_, i) => 0.5 * Math.sin(1 + 7 * i + 13 * w + 101 * options.seed),
        ),
    ),
    minimize: { rmsGradient: tolerance, maxStep: 0.5 },
    pool: pool ?? undefined,
    screen: path.screen ? { landscape: path.screen } : undefined,
    onStep: (p) => bar.tick(1, `minima ${p.minima}, lowest ${p.lowest.toPrecision(6)}`),
  });
  bar.done(`${db.minima.length} minima`);
  const tBh = (performance.now() - tb) / 1000;
  const tc = performance.now();
  let attempts = 0, successes = 0;
  let detached: Exploration["detached"];
  let spent = options.connectAttempts ?? 0;
  const failureReasons: Record<string, number> = {};
  const connection = connectionStrategy(model, options.connection ?? "auto");
  if (
    (options.connectAttempts ?? 0) > 0 && (db.minima.length > 1 || connection.strategy === "grow")
  ) {
    const cbar = new Progress(`${label} connect`, options.connectAttempts ?? 0);
    const common = {
      wave: CONNECT_WAVE,
      pool: pool ?? undefined,
      dneb: { images: 10, iterations: 200 },
      // Larger networks have flatter directions (eigenvalues near 2λ) and need more iterations:
      // on a 10-3-2 network with 1,400 samples, 200 verified 1 of 6 attempts, 600 verified 4.
      hef: {
        maxStep: 0.1,
        maxTangentStep: 0.2,
        maxIterations: Math.max(200, 15 * model.dim),
        rmsGradient: tolerance,
      },
      minimize: { rmsGradient: tolerance },
      onAttempt: (
        a: { verified: number; reason?: string; transitionStates: number; minima: number },
      ) => {
        attempts++;
        if (a.verified > 0) successes++;
        else {
          const key = (a.reason ?? "unknown").replace(/\s*\([^)]*\)/g, "").replace(/\d+/g, "N");
          failureReasons[key] = (failureReasons[key] ?? 0) + 1;
        }
        const c = connectivity(db);
        cbar.tick(
          1,
          `${successes} verified, ${a.transitionStates} transition states, ${a.minima} minima, ${c.connected} joined`,
        );
      },
    };
    const budget = options.connectAttempts ?? 0;
    const perMinimum = options.connectPerMinimum ?? 2;
    if (!(perMinimum >= 0)) {
      throw new RangeError(`connectPerMinimum must be ≥ 0 (got ${perMinimum})`);
    }
    const extendTo = perMinimum > 0 ? 4 * budget : budget;
    /** Basin-hopping minima joined pairwise: closest neighbours, then Dijkstra. */
    const connectPairs = async (budget: number) => {
      // First each minimum's closest neighbours (cheap, local saddles), then connect until connected:
      // Dijkstra over the network towards every minimum not yet joined to the global minimum (OPTIM's
      // NEWCONNECT), minima found by push-offs included, until the budget is spent.
      // The closest-neighbour pass gets at most half the budget: on rugged landscapes (appAUC) it
      // would spend all of it joining neighbours into clusters that never reach the global minimum.
      await connect(model, db, {
        ...common,
        strategy: "closest",
        neighbours: 3,
        maxAttempts: Math.ceil(budget / 2),
      });
      // Then the pairs that stayed unlinked once more with a finer band (more images, more
      // iterations, more maxima refined): saddles a coarse band steps over.
      const bands = [{ images: 10, iterations: 200, candidates: 3 }, {
        images: 24,
        iterations: 600,
        candidates: 6,
      }].map((band) => ({ ...band, tried: new Set<string>() }));
      // While the landscape is not connected, the budget grows to `perMinimum` attempts per stored
      // minimum, at most `extendTo`: the searches find minima as they join them (xor 2-3-2 appAUC,
      // seed 2: 86 minima, 69% joined after 120 attempts; all 127 joined after 195).
      let limit = budget;
      for (;;) {
        // The last fifth of the budget is kept for repairs of the components still outside.
        const repairBudget = Math.floor(limit / 5);
        for (const band of bands) {
          if (attempts >= limit - repairBudget || connectivity(db).fraction === 1) break;
          await connect(model, db, {
            ...common,
            strategy: "dijkstra",
            targets: "all",
            maxAttempts: limit - repairBudget - attempts,
            dneb: { images: band.images, iterations: band.iterations },
            candidates: band.candidates,
            tried: band.tried,
          });
        }
        if (connectivity(db).fraction === 1 || attempts < limit - repairBudget) break;
        const next = Math.min(extendTo, Math.max(limit, Math.ceil(perMinimum * db.minima.length)));
        if (next <= limit) break;
        const c = connectivity(db);
        note(
          `[${label} connect] ${c.connected} of ${db.minima.length} minima joined after ${attempts} attempts: budget raised to ${next} (${perMinimum} per stored minimum, at most ${extendTo})`,
        );
        limit = next;
        cbar.raise(limit);
      }
      // Repairs (connect's "grow" with its whole budget in reserve): directed single-ended
      // searches from each outside component towards its nearest joined minimum, started at the
      // top of the straight segment (up to 40 weights, after the first one, along the outside
      // minimum's Hessian modes), then a pair search; a saddle is kept only where it reaches
      // the global minimum's landscape. On appAUC seed 5 the bands between two basin-hopping
      // minima kept climbing above their ceiling; these searches start between them instead.
      if (attempts < limit && connectivity(db).fraction < 1) {
        await connect(model, db, {
          ...common,
          strategy: "grow",
          maxAttempts: limit - attempts,
          // appAUC seed 5 (auc-vs-ce): 3 repairs each joined 46 of 50 minima, 8 joined 47; with
          // the repairs between the first and last along the outside minimum's Hessian modes, 50.
          // Rounds of 8 until the budget is spent: on moons (seed 3, cross-entropy) a minimum
          // was joined only along its stiffest modes, after the first round's six.
          grow: {
            seed: options.seed,
            reserve: limit - attempts,
            repairs: 8,
            repairRounds: Infinity,
          },
        });
      }
      return limit;
    };
    // One attempt on a large network can take minutes (in a worker): say that the phase is alive.
    const started = performance.now();
    const heartbeat = setInterval(() => {
      const s = (performance.now() - started) / 1000;
      note(
        `[${label} connect] working: ${attempts} of at most ${cbar.total} attempts done (${successes} verified) after ${
          formatDuration(s)
        }${attempts ? `, about ${formatDuration(s / attempts)} per attempt` : ""}`,
      );
    }, 30_000);
    try {
      if (connection.strategy === "grow") {
        ({ detached } = await connect(model, db, {
          ...common,
          strategy: "grow",
          maxAttempts: budget,
          grow: { seed: options.seed },
          // 60 searches from one digits 61-10-10 minimum (RMS gradient 1e-8): a cap of 30
          // iterations left 31 unconverged and found 13 saddles, 60 left 5 (41 saddles), 120 left
          // 1 (47 saddles) in the same time; 15·dim lets a stuck climb run for minutes.
          hef: { ...common.hef, maxIterations: 120 },
        }));
      } else {
        spent = await connectPairs(budget);
      }
    } finally {
      clearInterval(heartbeat);
    }
    cbar.done(
      `${successes} of ${attempts} verified, ${db.transitionStates.length} transition states`,
    );
  }
  return {
    db,
    attempts,
    budget: spent,
    successes,
    failureReasons,
    seconds: { basinHopping: tBh, connect: (performance.now() - tc) / 1000 },
    workers: pool?.size ?? 1,
    device: path.device,
    steps: options.steps,
    connection,
    ...(detached ? { detached } : {}),
  };
}

/** The connection strategy of a run, and why. */
function connectionStrategy(
  model: MlpLandscape,
  choice: ConnectionChoice,
): { strategy: "pairs" | "grow"; reason: string } {
  if (choice !== "auto") return { strategy: choice, reason: `--connection ${choice}` };
  return model.dim > GROW_ABOVE
    ? {
      strategy: "grow",
      reason:
        `auto: ${model.dim} weights > ${GROW_ABOVE}: single-ended searches grow the landscape from the global minimum`,
    }
    : {
      strategy: "pairs",
      reason:
        `auto: ${model.dim} weights ≤ ${GROW_ABOVE}: basin-hopping minima joined pairwise (closest neighbours, then Dijkstra)`,
    };
}

/** Per-minimum figures of an MLP landscape. */
export interface MinimumMetrics {
  /** Minimum id. */
  id: number;
  /** Training loss (with penalty). */
  loss: number;
  /** Times basin-hopping reached it. */
  hits: number;
  /** Training accuracy. */
  train_accuracy: number;
  /** Test accuracy. */
  test_accuracy: number;
  /** Test AUC (binary problems; NaN otherwise). */
  test_auc: number;
  /** Hessian eigenvalues, ascending (all of them, or Lanczos Ritz values: `eigenvalue_method`). */
  eigenvalues: number[];
  /** "dense" (every eigenvalue), "lanczos" (60 Ritz values: the spectrum's edges) or "none". */
  eigenvalue_method: "dense" | "lanczos" | "none";
  /** Σ ln λ over its positive Hessian eigenvalues. */
  log_product_hessian: number;
}

/** The positive-class probability column of a binary prediction (n×2). */
export function positiveColumn(probs: Float64Array, n: number): number[] {
  return Array.from({ length: n }, (_, i) => probs[i * 2 + 1]);
}

/**
 * Metrics of every minimum of `db`, sorted by loss. Hessian spectra: every eigenvalue (dense) up to
 * 200 weights; above, 60 Lanczos Ritz values (the spectrum's edges: see `lanczosSpectrum`) for the
 * `spectra` lowest minima [30] and none for the others, so that the cost stays bounded.
 */
export function minimumMetrics(
  model: MlpLandscape,
  db: LandscapeDatabase,
  train: ClassificationDataset,
  test: ClassificationDataset,
  spectra = 30,
): MinimumMetrics[] {
  const O = model.layout.outputs;
  const dense = model.dim <= DENSE_HESSIAN_BELOW;
  const order = [...db.minima].sort((a, b) => a.energy - b.energy);
  return order.map((m, rank) => {
    const pTr = model.predict(m.x, train.X, train.n), pTe = model.predict(m.x, test.X, test.n);
    const method = dense ? "dense" : rank < spectra ? "lanczos" : "none";
    const ev = method === "dense"
      ? symmetricEigen(hessian(model, m.x), model.dim).values
      : method === "lanczos"
      ? lanczosSpectrum(model, m.x).ritz
      : new Float64Array(0);
    return {
      id: m.id,
      loss: m.energy,
      hits: m.hits,
      train_accuracy: accuracy(pTr, train.labels, O),
      test_accuracy: accuracy(pTe, test.labels, O),
      test_auc: O === 2 ? rocAuc(positiveColumn(pTe, test.n), test.labels) : NaN,
      eigenvalues: Array.from(ev),
      eigenvalue_method: method,
      log_product_hessian: m.logProductHessian,
    } as MinimumMetrics;
  });
}
