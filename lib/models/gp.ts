/**
 * Gaussian-process regression with a Matérn-ν kernel whose smoothness ν is a hyperparameter like
 * any other: negative log marginal likelihood (NLML) and its exact gradient in every component,
 * ν included. Conventions follow scikit-learn (DESIGN.md): targets standardised (mean 0,
 * population sd 1) unless `normalizeY: false`; kernel σf²·Matérn_ν(r/ℓ) + σn²·δ; natural log,
 * including the (n/2)·ln 2π term.
 *
 * Hyperparameter vector θ (the landscape coordinates), in this order:
 *   ln ℓ (one, or one per input dimension with `ard`), ln σf², ln σn² (unless `noise` is fixed),
 *   ν (unless `nu` is fixed).
 *
 * NLML = ½ yᵀK⁻¹y + ½ ln|K| + (n/2) ln 2π;  ∂NLML/∂θ_j = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ_j), α = K⁻¹y
 * (Rasmussen & Williams, Gaussian Processes for Machine Learning, eq. 5.8–5.9).
 * @module
 */
import type { Landscape } from "../landscape/types.ts";
import {
  choleskyWithJitter,
  halfLogDet,
  inverseFromCholesky,
  type JitterOptions,
  solveLower,
  solveLowerTransposed,
} from "../linalg/cholesky.ts";
import { UserError } from "../util/errors.ts";
import { MaternTable } from "../special/matern.ts";
import { maternPairsGpu } from "./matern_batch.ts";
import {
  gradientRows,
  pairOfRow,
  type PairParams,
  pairValuesRange,
  rowBlocks,
} from "./gp_kernels.ts";
import {
  awaitJobs,
  defaultGpThreads,
  gpHelpers,
  type GpJob,
  gpThreadsError,
  postJobs,
} from "./gp_threads.ts";
import type { GpuContext } from "../gpu/device.ts";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Training data: X is n×d row-major. */
export interface GPData {
  /** Inputs, n×d row-major. */
  X: Float64Array;
  /** Rows. */
  n: number;
  /** Inputs per row. */
  d: number;
  /** Targets. */
  y: Float64Array;
}

/** Options of {@link MaternGP}. */
export interface MaternGPOptions {
  /** One lengthscale per input dimension (default false: isotropic). */
  ard?: boolean;
  /** Fix ν to this value (then θ has no ν component). Default: ν is a hyperparameter. */
  nu?: number;
  /** Fix the noise variance σn² (e.g. 0 for interpolation); then θ has no ln σn² component. */
  noise?: number;
  /** Standardise y (default true, as scikit-learn's normalize_y=True). */
  normalizeY?: boolean;
  /** Jitter escalation for the Cholesky factorisation. */
  jitter?: JitterOptions;
  /** A WebGPU context for {@link MaternGP.energyBatch} (f32 kernel matrices); null/absent: CPU. */
  gpu?: GpuContext | null;
  /**
   * Threads for the O(n²) loops (per-pair values, the gradient's sums) [every core, at most 8, on
   * the main thread; 1 in a worker]. Used from about n = 725 up (two blocks of 2^18 pairs); results
   * are identical for any number of threads (fixed blocks, summed in order).
   */
  threads?: number;
}

/** θ split into named parts. */
export interface MaternHyperparameters {
  /** ln ℓ (one per input with ARD). */
  logLengthscale: number[];
  /** ln σf². */
  logSignalVariance: number;
  /** ln σn². */
  logNoiseVariance: number;
  /** ν. */
  nu: number;
}

/** Predictive mean and variance (in the units of the original y). */
export interface GPPrediction {
  /** Predictive mean. */
  mean: Float64Array;
  /** Variance of the latent function f. */
  varianceLatent: Float64Array;
  /** Variance of a new observation y = f + noise. */
  variance: Float64Array;
}

/** The n×n float64 buffers of one NLML evaluation. */
interface GpWorkspace {
  K: Float64Array;
  L: Float64Array;
  u: Float64Array;
  out: Float64Array;
}

/** A zeroed Float64Array on a SharedArrayBuffer (readable by the GP helper threads). */
function sharedF64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

const workspaces = new Map<number, GpWorkspace>();

/**
 * The n×n work buffers for order n, shared by every model of that n (a ν sweep builds one model
 * per ν; private buffers cost 32n² bytes each). Safe because an evaluation uses them only inside
 * one synchronous call. At most three orders are kept (least recently used dropped).
 */
function sharedWorkspace(n: number): GpWorkspace {
  let w = workspaces.get(n);
  if (w) {
    workspaces.delete(n);
    workspaces.set(n, w);
    return w;
  }
  if (workspaces.size >= 3) workspaces.delete(workspaces.keys().next().value!);
  const nn = n * n;
  w = {
    K: new Float64Array(nn),
    L: new Float64Array(nn),
    u: new Float64Array(nn),
    out: sharedF64(nn), // K⁻¹: read by the helper threads
  };
  workspaces.set(n, w);
  return w;
}

/**
 * A Matérn-ν GP regression model; as a {@link Landscape}, x = θ and energy = NLML.
 *
 * @example
 * ```ts
 * import { MaternGP } from "./gp.ts";
 * import assert from "node:assert/strict";
 * // Points 1000 lengthscales apart are independent: K = (σf² + σn²)·I, so in closed form
 * // NLML = ½ Σ y²/(σf² + σn²) + (n/2) ln(σf² + σn²) + (n/2) ln 2π.
 * const data = { X: Float64Array.of(0, 1000, 2000), n: 3, d: 1, y: Float64Array.of(1, -1, 2) };
 * const gp = new MaternGP(data, { nu: 0.5, normalizeY: false });
 * const nlml = gp.energy(Float64Array.of(0, 0, Math.log(0.1))); // ℓ = 1, σf² = 1, σn² = 0.1
 * const expected = 0.5 * 6 / 1.1 + 1.5 * Math.log(1.1) + 1.5 * Math.log(2 * Math.PI);
 * assert.ok(Math.abs(nlml - expected) < 1e-12);
 * ```
 */
export class MaternGP implements Landscape {
  /** Number of hyperparameters in θ. */
  readonly dim: number;
  /** Training rows. */
  readonly n: number;
  /** Inputs per row. */
  readonly d: number;
  /** One lengthscale per input. */
  readonly ard: boolean;
  /** ν when fixed (not part of θ). */
  readonly fixedNu: number | undefined;
  /** σn² when fixed (not part of θ). */
  readonly fixedNoise: number | undefined;
  /** Names of θ's components, in order. */
  readonly names: string[];
  /** Mean and sd used to standardise y (0 and 1 without normalisation). */
  readonly yMean: number;
  /** Standard deviation the targets were divided by (1 without normalisation). */
  readonly yStd: number;
  /** Jitter added to the diagonal by the last energy evaluation (0 when none was needed). */
  lastJitter = 0;

  readonly #X: Float64Array;
  readonly #y: Float64Array; // standardised
  readonly #nl: number; // number of lengthscales
  readonly #pairs: number;
  readonly #dist2: Float64Array; // iso: squared distance per pair; ARD: per pair × d squared differences
  readonly #jitter: JitterOptions;
  readonly #gpu: GpuContext | null;
  #table: MaternTable | null = null;
  #u: Float64Array;
  #c: Float64Array;
  #g: Float64Array;
  #dn: Float64Array;
  readonly #threads: number;
  readonly #rows: number[];
  #threadsUsed = 1;

  /** A GP on `data`; θ's layout follows `options` (docs/gp.md). */
  constructor(data: GPData, options: MaternGPOptions = {}) {
    const { X, n, d, y } = data;
    if (!Number.isInteger(n) || n < 3) {
      throw new UserError(`a GP needs at least 3 data points, got ${n}`);
    }
    if (!(d >= 1) || X.length !== n * d || y.length !== n) {
      throw new UserError(`GP data: X must be ${n}×${d} and y of length ${n}`);
    }
    for (let i = 0; i < n * d; i++) {
      if (!Number.isFinite(X[i])) {
        throw new UserError(`GP data: X[${Math.floor(i / d)}, ${i % d}] is not finite`);
      }
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i])) throw new UserError(`GP data: y[${i}] is not finite`);
    }
    if (options.nu !== undefined && !(options.nu > 0 && Number.isFinite(options.nu))) {
      throw new UserError(`ν must be > 0, got ${options.nu}`);
    }
    if (options.noise !== undefined && !(options.noise >= 0 && Number.isFinite(options.noise))) {
      throw new UserError(`noise variance must be ≥ 0, got ${options.noise}`);
    }
    this.n = n;
    this.d = d;
    this.ard = options.ard ?? false;
    this.fixedNu = options.nu;
    this.fixedNoise = options.noise;
    this.#nl = this.ard ? d : 1;
    this.names = [
      ...(this.ard
        ? Array.from({ length: d }, (_, k) => `log_lengthscale_${k + 1}`)
        : ["log_lengthscale"]),
      "log_signal_variance",
      ...(this.fixedNoise === undefined ? ["log_noise_variance"] : []),
      ...(this.fixedNu === undefined ? ["nu"] : []),
    ];
    this.dim = this.names.length;
    this.#X = new Float64Array(X);
    let m = 0, s = 1;
    if (options.normalizeY ?? true) {
      m = y.reduce((a, b) => a + b, 0) / n;
      s = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / n);
      if (!(s > 0)) throw new UserError("GP data: the target is constant");
    }
    this.yMean = m;
    this.yStd = s;
    this.#y = Float64Array.from(y, (v) => (v - m) / s);
    this.#jitter = options.jitter ?? {};
    this.#gpu = options.gpu ?? null;
    const P = n * (n - 1) / 2;
    this.#pairs = P;
    this.#dist2 = sharedF64(this.ard ? P * d : P);
    let p = 0;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++, p++) {
        let acc = 0;
        for (let k = 0; k < d; k++) {
          const diff = X[i * d + k] - X[j * d + k];
          if (this.ard) this.#dist2[p * d + k] = diff * diff;
          acc += diff * diff;
        }
        if (!this.ard) this.#dist2[p] = acc;
        if (acc === 0 && this.fixedNoise === 0) {
          throw new UserError(
            `GP data: rows ${j + 1} and ${
              i + 1
            } have identical inputs and the noise variance is fixed at 0: the covariance is singular`,
          );
        }
      }
    }
    this.#u = sharedF64(P);
    this.#c = sharedF64(P);
    this.#g = sharedF64(P);
    this.#dn = sharedF64(this.fixedNu === undefined ? P : 0);
    const threads = options.threads ?? defaultGpThreads();
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new UserError(`GP threads must be a whole number ≥ 1, got ${threads}`);
    }
    this.#threads = threads;
    this.#rows = rowBlocks(n);
    if (this.fixedNu !== undefined) this.#table = new MaternTable(this.fixedNu);
  }

  /** Splits θ into named hyperparameters (validating it). */
  unpack(theta: ArrayLike<number>): MaternHyperparameters {
    if (theta.length !== this.dim) {
      throw new UserError(`θ must have ${this.dim} components, got ${theta.length}`);
    }
    for (let i = 0; i < this.dim; i++) {
      if (!Number.isFinite(theta[i])) {
        throw new UserError(`θ[${i}] (${this.names[i]}) is not finite: ${theta[i]}`);
      }
    }
    const nl = this.#nl;
    let k = nl + 1;
    const logNoise = this.fixedNoise === undefined ? theta[k++] : Math.log(this.fixedNoise);
    const nu = this.fixedNu ?? theta[k];
    if (!(nu > 0)) throw new UserError(`ν must be > 0, got ${nu}`);
    return {
      logLengthscale: Array.from({ length: nl }, (_, i) => theta[i]),
      logSignalVariance: theta[nl],
      logNoiseVariance: logNoise,
      nu,
    };
  }

  /** Packs named hyperparameters into θ. */
  pack(h: MaternHyperparameters): Float64Array {
    const out = [...h.logLengthscale, h.logSignalVariance];
    if (this.fixedNoise === undefined) out.push(h.logNoiseVariance);
    if (this.fixedNu === undefined) out.push(h.nu);
    return Float64Array.from(out);
  }

  #tableFor(nu: number): MaternTable {
    if (this.#table === null || this.#table.constants.nu !== nu) this.#table = new MaternTable(nu);
    return this.#table;
  }

  /**
   * Threads that the last evaluation's O(n²) loops ran on (1 below two blocks of pairs, or when
   * helper threads could not be started: see {@link threadsNote}).
   */
  get threadsUsed(): number {
    return this.#threadsUsed;
  }

  /** Why fewer threads than asked ran (null when none was missing). */
  get threadsNote(): string | null {
    return this.#threads > 1 ? gpThreadsError() : null;
  }

  /** Helper threads for this n (none below two blocks): the blocks are split over 1 + helpers. */
  #helpersFor(): ReturnType<typeof gpHelpers> {
    const nb = this.#rows.length - 1;
    const want = Math.min(this.#threads, nb) - 1;
    const hs = want > 0 ? gpHelpers(want) : [];
    this.#threadsUsed = 1 + hs.length;
    return hs;
  }

  /** Fills per-pair c, g (and dν when `withNu`) for θ. */
  #pairValues(h: MaternHyperparameters, withNu: boolean): void {
    const table = this.#tableFor(h.nu);
    const s2n = table.constants.sqrt2nu;
    const q: PairParams = {
      d: this.d,
      ard: this.ard,
      scale: s2n * Math.exp(-h.logLengthscale[0]),
      inv2: this.ard ? h.logLengthscale.map((l) => Math.exp(-2 * l)) : [],
      sqrt2nu: s2n,
      twoNu: 2 * h.nu,
    };
    const dn = withNu ? this.#dn : null;
    const hs = this.#helpersFor();
    const T = 1 + hs.length, rows = this.#rows, nb = rows.length - 1;
    const share = (t: number) => pairOfRow(rows[Math.floor(t * nb / T)]);
    const jobs: GpJob[] = hs.map((_, k) => ({
      kind: "pairs",
      nu: h.nu,
      q,
      dist2: this.#dist2,
      u: this.#u,
      c: this.#c,
      g: this.#g,
      dn,
      p0: share(k + 1),
      p1: share(k + 2),
    }));
    postJobs(hs, jobs);
    pairValuesRange(table, q, this.#dist2, this.#u, this.#c, this.#g, dn, share(0), share(1));
    awaitJobs(hs);
  }

  /** NLML at θ; with `grad`, also its gradient. */
  energy(theta: Float64Array, grad?: Float64Array): number {
    const h = this.unpack(theta);
    this.#pairValues(h, grad !== undefined && this.fixedNu === undefined);
    return this.#assemble(h, this.#c, this.#g, this.#dn, grad);
  }

  /**
   * NLML (and gradient) from per-pair correlations c, g = −u·dc/du and dc/dν (float64 from the
   * table, or float32 from the GPU kernel): K, float64 Cholesky, the trace formula.
   */
  #assemble(
    h: MaternHyperparameters,
    c: Float64Array | Float32Array,
    g: Float64Array | Float32Array,
    dn: Float64Array | Float32Array,
    grad?: Float64Array,
  ): number {
    const n = this.n, d = this.d, nl = this.#nl;
    const nuFree = this.fixedNu === undefined;
    const sf2 = Math.exp(h.logSignalVariance), sn2 = Math.exp(h.logNoiseVariance);
    const work = sharedWorkspace(n); // shared by every model of this n (see sharedWorkspace)
    const K = work.K;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      for (let j = 0; j < i; j++, p++) K[ri + j] = sf2 * c[p];
      K[ri + i] = sf2 + sn2;
    }
    const { L, jitter } = choleskyWithJitter(K, n, this.#jitter, work.L);
    this.lastJitter = jitter;
    const alpha = solveLowerTransposed(L, n, solveLower(L, n, Float64Array.from(this.#y)));
    let quad = 0;
    for (let i = 0; i < n; i++) quad += this.#y[i] * alpha[i];
    const nlml = 0.5 * quad + halfLogDet(L, n) + n * HALF_LOG_2PI;
    if (grad) {
      if (grad.length !== this.dim) throw new RangeError(`grad must have length ${this.dim}`);
      const Kinv = inverseFromCholesky(L, n, work);
      let trW = 0;
      for (let i = 0; i < n; i++) trW += Kinv[i * n + i] - alpha[i] * alpha[i];
      const inv2 = this.ard ? h.logLengthscale.map((l) => Math.exp(-2 * l)) : [];
      const rows = this.#rows, nb = rows.length - 1, stride = 3 + (this.ard ? d : 0);
      const partial = sharedF64(nb * stride);
      const dnOrNull = nuFree ? dn : null;
      // Helper threads read only SharedArrayBuffer arrays (energy(); not the GPU path's f32).
      const shared = c instanceof Float64Array && c.buffer instanceof SharedArrayBuffer &&
        Kinv.buffer instanceof SharedArrayBuffer;
      const hs = shared ? this.#helpersFor() : [];
      if (!shared) this.#threadsUsed = 1;
      const T = 1 + hs.length;
      const first = (t: number) => Math.floor(t * nb / T);
      const alphaShared = sharedF64(n);
      alphaShared.set(alpha);
      postJobs(
        hs,
        hs.map((_, k) => ({
          kind: "grad",
          Kinv,
          alpha: alphaShared,
          n,
          c: c as Float64Array,
          g: g as Float64Array,
          dn: dnOrNull as Float64Array | null,
          dist2: this.#dist2,
          d,
          ard: this.ard,
          inv2,
          rows,
          b0: first(k + 1),
          b1: first(k + 2),
          partial,
          stride,
        })),
      );
      for (let b = 0; b < first(1); b++) {
        const part = partial.subarray(b * stride, (b + 1) * stride);
        gradientRows(
          Kinv,
          alpha,
          n,
          c,
          g,
          dnOrNull,
          this.#dist2,
          d,
          this.ard,
          inv2,
          rows[b],
          rows[b + 1],
          part,
        );
      }
      awaitJobs(hs);
      let sC = 0, sG = 0, sN = 0;
      const sGk = new Float64Array(this.ard ? d : 0);
      for (let b = 0; b < nb; b++) {
        sC += partial[b * stride];
        sG += partial[b * stride + 1];
        sN += partial[b * stride + 2];
        for (let k = 0; k < sGk.length; k++) sGk[k] += partial[b * stride + 3 + k];
      }
      // ½ Σ_ij over the symmetric matrix = Σ_{i>j} + ½ Σ_i (diagonal terms).
      for (let k = 0; k < nl; k++) grad[k] = sf2 * (this.ard ? sGk[k] : sG);
      grad[nl] = sf2 * (sC + 0.5 * trW);
      let idx = nl + 1;
      if (this.fixedNoise === undefined) grad[idx++] = 0.5 * sn2 * trW;
      if (nuFree) grad[idx] = sf2 * sN;
    }
    return nlml;
  }

  /**
   * NLML (and gradients) of many θ (B×dim row-major). With a GPU context (option `gpu`), the
   * kernel matrices of the whole batch come from shaders/matern.wgsl in ONE dispatch and readback
   * (f32: for screening; reported numbers are re-evaluated with {@link energy}), then each member
   * gets a float64 Cholesky. Without one, each member is evaluated in float64.
   */
  async energyBatch(xs: Float64Array, grads?: Float64Array): Promise<Float64Array> {
    const B = Math.floor(xs.length / this.dim);
    if (B * this.dim !== xs.length) throw new RangeError(`xs must be B×${this.dim}`);
    const out = new Float64Array(B);
    const ctx = this.#gpu;
    if (!ctx || B === 0) {
      for (let b = 0; b < B; b++) {
        out[b] = this.energy(
          xs.subarray(b * this.dim, (b + 1) * this.dim),
          grads?.subarray(b * this.dim, (b + 1) * this.dim),
        );
      }
      return out;
    }
    const hs = Array.from(
      { length: B },
      (_, b) => this.unpack(xs.subarray(b * this.dim, (b + 1) * this.dim)),
    );
    const members = hs.map((h) => ({
      nu: h.nu,
      lengthscale: Array.from(
        { length: this.d },
        (_, k) => Math.exp(h.logLengthscale[this.ard ? k : 0]),
      ),
    }));
    const pairs = await maternPairsGpu(ctx, { x: this.#X, n: this.n, d: this.d, members });
    const P = this.#pairs;
    for (let b = 0; b < B; b++) {
      const base = b * 3 * P;
      out[b] = this.#assemble(
        hs[b],
        pairs.subarray(base, base + P),
        pairs.subarray(base + P, base + 2 * P),
        pairs.subarray(base + 2 * P, base + 3 * P),
        grads?.subarray(b * this.dim, (b + 1) * this.dim),
      );
    }
    return out;
  }

  /** Correlations between test rows Xs (m×d) and the training rows, m×n. */
  #cross(h: MaternHyperparameters, Xs: Float64Array, m: number): Float64Array {
    const table = this.#tableFor(h.nu);
    const n = this.n, d = this.d, X = this.#X;
    const inv = h.logLengthscale.map((l) => Math.exp(-l));
    const out = new Float64Array(m * n);
    const v = new Float64Array(3);
    for (let a = 0; a < m; a++) {
      for (let i = 0; i < n; i++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          r2 += ((Xs[a * d + k] - X[i * d + k]) * inv[this.ard ? k : 0]) ** 2;
        }
        table.eval(table.constants.sqrt2nu * Math.sqrt(r2), v);
        out[a * n + i] = v[0];
      }
    }
    return out;
  }

  /** Predictive mean and variances at test inputs Xs (m×d), in the original units of y. */
  predict(theta: Float64Array, Xs: Float64Array): GPPrediction {
    const h = this.unpack(theta);
    const n = this.n, m = Xs.length / this.d;
    if (!Number.isInteger(m)) throw new UserError(`test inputs must have ${this.d} columns`);
    const sf2 = Math.exp(h.logSignalVariance), sn2 = Math.exp(h.logNoiseVariance);
    this.#pairValues(h, false);
    const K = new Float64Array(n * n);
    let p = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++, p++) K[i * n + j] = sf2 * this.#c[p];
      K[i * n + i] = sf2 + sn2;
    }
    const { L } = choleskyWithJitter(K, n, this.#jitter);
    const alpha = solveLowerTransposed(L, n, solveLower(L, n, Float64Array.from(this.#y)));
    const Ks = this.#cross(h, Xs, m);
    const mean = new Float64Array(m), varL = new Float64Array(m), varY = new Float64Array(m);
    const s2 = this.yStd * this.yStd;
    for (let a = 0; a < m; a++) {
      const k = Ks.subarray(a * n, (a + 1) * n);
      let mu = 0;
      for (let i = 0; i < n; i++) mu += sf2 * k[i] * alpha[i];
      const v = solveLower(L, n, Float64Array.from(k, (x) => sf2 * x));
      let vv = 0;
      for (let i = 0; i < n; i++) vv += v[i] * v[i];
      const fv = Math.max(sf2 - vv, 0);
      mean[a] = mu * this.yStd + this.yMean;
      varL[a] = fv * s2;
      varY[a] = (fv + sn2) * s2;
    }
    return { mean, varianceLatent: varL, variance: varY };
  }

  /** Test metrics at θ: root-mean-square error and mean negative log predictive density. */
  testMetrics(
    theta: Float64Array,
    Xs: Float64Array,
    ys: ArrayLike<number>,
  ): { rmse: number; mnlpd: number } {
    const pr = this.predict(theta, Xs);
    let se = 0, nlpd = 0;
    for (let a = 0; a < ys.length; a++) {
      const e = ys[a] - pr.mean[a];
      se += e * e;
      nlpd += 0.5 * Math.log(2 * Math.PI * pr.variance[a]) + e * e / (2 * pr.variance[a]);
    }
    return { rmse: Math.sqrt(se / ys.length), mnlpd: nlpd / ys.length };
  }
}
