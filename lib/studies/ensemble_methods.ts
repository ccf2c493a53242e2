/**
 * Ensembles built from the minima of a loss landscape (MISSION.md, study 3): per-minimum error
 * sets and specialisation measures, and combinations of the minima's predictions — majority vote,
 * probability averaging, Boltzmann weights from the loss, occupation weights from the harmonic
 * superposition approximation, and a meta-network that learns, from the input, which minimum to
 * trust. Idea after the "minima specialise" finding of the Wales group's NN landscape papers
 * (e.g. Niroomand, Morgan, Cafolla & Wales, Mach. Learn.: Sci. Technol. 3, 025004, 2022); the code
 * here is written from the formulas.
 * @module
 */
import type { Landscape } from "../landscape/types.ts";
import { minimize } from "../landscape/minimize.ts";
import { Rng } from "../util/random.ts";
import { accuracy, rocAuc } from "../models/classification_metrics.ts";
import { positiveColumn } from "./nn_explore.ts";

/** The predicted class of row i of an n×O probability matrix (lowest index wins ties). */
export function argmaxRow(probs: Float64Array, i: number, O: number): number {
  let best = 0;
  for (let o = 1; o < O; o++) if (probs[i * O + o] > probs[i * O + best]) best = o;
  return best;
}

/** Per member, a 0/1 flag per item: 1 where the member misclassifies it. */
export function errorSets(probs: Float64Array[], labels: Int32Array, O: number): Uint8Array[] {
  return probs.map((p) => Uint8Array.from(labels, (y, i) => (argmaxRow(p, i, O) === y ? 0 : 1)));
}

/** Jaccard overlap |A∩B| / |A∪B| of every pair of error sets (1 when both are empty). */
export function jaccardMatrix(errors: Uint8Array[]): number[][] {
  return errors.map((a) =>
    errors.map((b) => {
      let inter = 0, union = 0;
      for (let i = 0; i < a.length; i++) {
        inter += a[i] & b[i];
        union += a[i] | b[i];
      }
      return union === 0 ? 1 : inter / union;
    })
  );
}

/** Share of items that at least one member classifies correctly (the oracle's accuracy). */
export function oracleAccuracy(errors: Uint8Array[]): number {
  if (errors.length === 0) return NaN;
  const n = errors[0].length;
  let right = 0;
  for (let i = 0; i < n; i++) if (errors.some((e) => e[i] === 0)) right++;
  return right / n;
}

/** Per item, how many members misclassify it. */
export function misclassificationCounts(errors: Uint8Array[]): Int32Array {
  const n = errors.length ? errors[0].length : 0;
  return Int32Array.from({ length: n }, (_, i) => errors.reduce((s, e) => s + e[i], 0));
}

/** Σ_k w_k p_k with weights normalised to sum 1. */
export function weightedAverage(probs: Float64Array[], weights: ArrayLike<number>): Float64Array {
  const total = Array.from(weights).reduce((a, b) => a + b, 0);
  const out = new Float64Array(probs[0].length);
  probs.forEach((p, k) => {
    const w = weights[k] / total;
    if (w === 0) return;
    for (let i = 0; i < out.length; i++) out[i] += w * p[i];
  });
  return out;
}

/**
 * Majority vote: each member votes for its predicted class; the result is the vote share per class,
 * with ties broken by the average probability (a 1e-9 share of it is added).
 */
export function majorityVote(probs: Float64Array[], O: number): Float64Array {
  const n = probs[0].length / O;
  const avg = weightedAverage(probs, probs.map(() => 1));
  const out = new Float64Array(n * O);
  for (const p of probs) for (let i = 0; i < n; i++) out[i * O + argmaxRow(p, i, O)] += 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i] / probs.length + 1e-9 * avg[i];
  return out;
}

/** Boltzmann weights exp(−(E_k − E_min)/T). */
export function boltzmannWeights(energies: number[], T: number): number[] {
  const e0 = Math.min(...energies);
  return energies.map((e) => Math.exp(-(e - e0) / T));
}

/**
 * Occupation probabilities of the basins in the harmonic superposition approximation at
 * temperature T: p_k ∝ exp(−E_k/T − ½ Σ_i ln λ_{k,i}) (MISSION.md, study 6).
 */
export function occupationWeights(energies: number[], logProducts: number[], T: number): number[] {
  const logw = energies.map((e, k) => -e / T - 0.5 * logProducts[k]);
  const mx = Math.max(...logw);
  return logw.map((l) => Math.exp(l - mx));
}

/** Mean log-likelihood of the labels under a probability matrix (probabilities floored at 1e-300). */
export function meanLogLikelihood(probs: Float64Array, labels: Int32Array, O: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += Math.log(Math.max(probs[i * O + labels[i]], 1e-300));
  return s / labels.length;
}

/**
 * The meta-network's training loss as a {@link Landscape}: a gating MLP (I inputs, H tanh hidden
 * units, K softmax outputs g_k(x)) mixes the members' predictions, p(y|x) = Σ_k g_k(x) p_k(y|x);
 * energy = −mean_i log p(y_i|x_i) + λ‖θ‖². Parameters: [V1 (H×I), c1 (H), V2 (K×H), c2 (K)].
 * `expert[i·K + k]` holds p_k(y_i|x_i), member k's probability of item i's true label.
 */
export class GatingLandscape implements Landscape {
  /** Number of parameters. */
  readonly dim: number;
  /** The gating loss for members' probabilities on `inputs`. */
  constructor(
    readonly X: Float64Array,
    readonly n: number,
    readonly inputs: number,
    readonly hidden: number,
    readonly members: number,
    readonly expert: Float64Array,
    readonly lambda: number,
  ) {
    this.dim = hidden * inputs + hidden + members * hidden + members;
  }

  /** Mixture weights g(x) (n×K) at parameters θ for inputs X (n×I). */
  gates(theta: Float64Array, X: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n * this.members);
    const h = new Float64Array(this.hidden);
    for (let i = 0; i < n; i++) this.#forward(theta, X, i, h, out.subarray(i * this.members));
    return out;
  }

  #forward(theta: Float64Array, X: Float64Array, i: number, h: Float64Array, g: Float64Array) {
    const I = this.inputs, H = this.hidden, K = this.members;
    const c1 = H * I, v2 = c1 + H, c2 = v2 + K * H;
    for (let j = 0; j < H; j++) {
      let a = theta[c1 + j];
      for (let k = 0; k < I; k++) a += theta[j * I + k] * X[i * I + k];
      h[j] = Math.tanh(a);
    }
    let mx = -Infinity;
    for (let k = 0; k < K; k++) {
      let u = theta[c2 + k];
      for (let j = 0; j < H; j++) u += theta[v2 + k * H + j] * h[j];
      g[k] = u;
      mx = Math.max(mx, u);
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += g[k] = Math.exp(g[k] - mx);
    for (let k = 0; k < K; k++) g[k] /= sum;
  }

  energy(theta: Float64Array, grad?: Float64Array): number {
    const I = this.inputs, H = this.hidden, K = this.members, n = this.n;
    const c1 = H * I, v2 = c1 + H, c2 = v2 + K * H;
    const h = new Float64Array(H), g = new Float64Array(K), du = new Float64Array(K);
    if (grad) grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      this.#forward(theta, this.X, i, h, g);
      let m = 0;
      for (let k = 0; k < K; k++) m += g[k] * this.expert[i * K + k];
      m = Math.max(m, 1e-300);
      loss -= Math.log(m);
      if (!grad) continue;
      // ∂(−log m)/∂u_k = g_k − g_k p_k / m.
      for (let k = 0; k < K; k++) du[k] = g[k] - g[k] * this.expert[i * K + k] / m;
      for (let k = 0; k < K; k++) {
        grad[c2 + k] += du[k];
        for (let j = 0; j < H; j++) grad[v2 + k * H + j] += du[k] * h[j];
      }
      for (let j = 0; j < H; j++) {
        let dh = 0;
        for (let k = 0; k < K; k++) dh += du[k] * theta[v2 + k * H + j];
        const da = dh * (1 - h[j] * h[j]);
        grad[c1 + j] += da;
        for (let k = 0; k < I; k++) grad[j * I + k] += da * this.X[i * I + k];
      }
    }
    let pen = 0;
    for (let q = 0; q < this.dim; q++) pen += theta[q] * theta[q];
    if (grad) {
      for (let q = 0; q < this.dim; q++) grad[q] = grad[q] / n + 2 * this.lambda * theta[q];
    }
    return loss / n + this.lambda * pen;
  }
}

/** A fitted meta-network. */
export interface MetaNetwork {
  /** The fitted landscape. */
  landscape: GatingLandscape;
  /** Its parameters. */
  theta: Float64Array;
  /** Training loss of the best restart. */
  loss: number;
}

/**
 * Fits the gating meta-network on (X, labels) given each member's probabilities there:
 * `restarts` L-BFGS runs from seeded random starts, the lowest loss kept.
 */
export function fitMetaNetwork(
  X: Float64Array,
  n: number,
  inputs: number,
  labels: Int32Array,
  memberProbs: Float64Array[],
  O: number,
  options: { hidden?: number; lambda?: number; restarts?: number; seed?: number } = {},
): MetaNetwork {
  const K = memberProbs.length;
  const expert = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) expert[i * K + k] = memberProbs[k][i * O + labels[i]];
  }
  const land = new GatingLandscape(
    X,
    n,
    inputs,
    options.hidden ?? 4,
    K,
    expert,
    options.lambda ?? 1e-3,
  );
  const rng = new Rng(options.seed ?? 1);
  let best: MetaNetwork | null = null;
  for (let r = 0; r < (options.restarts ?? 3); r++) {
    const x0 = Float64Array.from({ length: land.dim }, () => 0.5 * rng.normal());
    const res = minimize(land, x0, { rmsGradient: 1e-6, maxIterations: 1000 });
    if (!best || res.energy < best.loss) best = { landscape: land, theta: res.x, loss: res.energy };
  }
  return best!;
}

/** The meta-network's mixture of the members' predictions on inputs X (n×I). */
export function metaPredict(
  meta: MetaNetwork,
  X: Float64Array,
  n: number,
  memberProbs: Float64Array[],
  O: number,
): Float64Array {
  const K = memberProbs.length;
  const g = meta.landscape.gates(meta.theta, X, n);
  const out = new Float64Array(n * O);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      for (let o = 0; o < O; o++) out[i * O + o] += g[i * K + k] * memberProbs[k][i * O + o];
    }
  }
  return out;
}

/** One combination's figures. */
export interface CombinationResult {
  /** Combination name. */
  method: string;
  /** Accuracy on the validation split. */
  validation_accuracy: number;
  /** Accuracy on the test split. */
  test_accuracy: number;
  /** Test AUC of the positive-class probability (binary problems; NaN otherwise). */
  test_auc: number;
  /** What was chosen on the validation split (temperature, …). */
  detail: string;
}

/** Inputs of {@link combineMinima}: members' class probabilities on the two held-out splits. */
export interface CombineInput {
  /** Validation rows and the members' probabilities on them. */
  validation: { X: Float64Array; n: number; d: number; labels: Int32Array; probs: Float64Array[] };
  /** Test rows and the members' probabilities on them. */
  test: { X: Float64Array; n: number; d: number; labels: Int32Array; probs: Float64Array[] };
  /** Classes. */
  outputs: number;
  /** Members' training losses (for Boltzmann weights). */
  energies: number[];
  /** Members' Hessian log-products (for occupation weights). */
  logProducts: number[];
  /** Seed of the meta-network fit. */
  seed: number;
  /** Meta-network hidden units [4] and penalty [1e-3]. */
  metaHidden?: number;
  /** Weight penalty of the meta-network [1e-3]. */
  metaLambda?: number;
}

/**
 * Every combination of the members, fitted on the validation split and evaluated on the test
 * split: majority vote, probability averaging, Boltzmann weights (temperature chosen on validation),
 * occupation weights (harmonic superposition; temperature chosen on validation) and the
 * meta-network. Temperatures come from a log grid spanning 1e-3…1e2 times the members' energy
 * spread; the best validation accuracy wins, ties broken by validation log-likelihood.
 */
export function combineMinima(input: CombineInput): CombinationResult[] {
  const O = input.outputs, V = input.validation, T = input.test;
  const out: CombinationResult[] = [];
  const push = (method: string, pv: Float64Array, pt: Float64Array, detail: string) =>
    out.push({
      method,
      validation_accuracy: accuracy(pv, V.labels, O),
      test_accuracy: accuracy(pt, T.labels, O),
      test_auc: O === 2 ? rocAuc(positiveColumn(pt, T.n), T.labels) : NaN,
      detail,
    });
  push("majority vote", majorityVote(V.probs, O), majorityVote(T.probs, O), "");
  const ones = V.probs.map(() => 1);
  push("probability average", weightedAverage(V.probs, ones), weightedAverage(T.probs, ones), "");
  const E = input.energies;
  const spread = Math.max(Math.max(...E) - Math.min(...E), 1e-8);
  const grid = Array.from({ length: 31 }, (_, k) => spread * 1e-3 * Math.pow(1e5, k / 30));
  const choose = (weightsAt: (t: number) => number[]) => {
    let best = { t: grid[0], acc: -1, ll: -Infinity };
    for (const t of grid) {
      const p = weightedAverage(V.probs, weightsAt(t));
      const acc = accuracy(p, V.labels, O), ll = meanLogLikelihood(p, V.labels, O);
      if (acc > best.acc || (acc === best.acc && ll > best.ll)) best = { t, acc, ll };
    }
    return best.t;
  };
  const tB = choose((t) => boltzmannWeights(E, t));
  push(
    "Boltzmann weights (loss)",
    weightedAverage(V.probs, boltzmannWeights(E, tB)),
    weightedAverage(T.probs, boltzmannWeights(E, tB)),
    `T = ${tB.toPrecision(3)}`,
  );
  const lp = input.logProducts;
  if (lp.every(Number.isFinite)) {
    const tO = choose((t) => occupationWeights(E, lp, t));
    push(
      "occupation weights (harmonic)",
      weightedAverage(V.probs, occupationWeights(E, lp, tO)),
      weightedAverage(T.probs, occupationWeights(E, lp, tO)),
      `T = ${tO.toPrecision(3)}`,
    );
  }
  const meta = fitMetaNetwork(V.X, V.n, V.d, V.labels, V.probs, O, {
    hidden: input.metaHidden ?? 4,
    lambda: input.metaLambda ?? 1e-3,
    seed: input.seed,
  });
  push(
    "meta-network (gating)",
    metaPredict(meta, V.X, V.n, V.probs, O),
    metaPredict(meta, T.X, T.n, T.probs, O),
    `${meta.landscape.hidden} hidden units, λ = ${meta.landscape.lambda}`,
  );
  return out;
}
