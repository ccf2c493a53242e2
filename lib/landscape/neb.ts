/**
 * Doubly-nudged elastic band (S. A. Trygubenko & D. J. Wales, J. Chem. Phys. 120, 2082, 2004):
 * images between two minima feel the true force perpendicular to the path, the spring force along
 * it (improved tangent: G. Henkelman & H. Jónsson, J. Chem. Phys. 113, 9978, 2000), and the part of
 * the perpendicular spring force orthogonal to the perpendicular true force. The band is relaxed
 * with FIRE (E. Bitzek et al., Phys. Rev. Lett. 97, 170201, 2006); all images are evaluated as one
 * batch per step (`energyBatch` when the landscape has it).
 * @module
 */
import type { Landscape } from "./types.ts";
import { evaluateBatch } from "./minimize.ts";
import { dot } from "../linalg/vector.ts";

/** Options of {@link doublyNudgedElasticBand}; defaults in brackets (OPTIM keywords in caps). */
export interface DnebOptions {
  /** Internal images [10] (`NEBIMAGES`). */
  images?: number;
  /** Spring constant [1] (`NEBK`). */
  springConstant?: number;
  /** FIRE iterations [300] (`NEBITER`). */
  iterations?: number;
  /** Stop when the RMS DNEB force per image is ≤ this [0.01 × the initial RMS force]. */
  rmsForce?: number;
  /** Largest displacement of one image per step [0.05 × |xB − xA|/(images+1)... at least 1e-3]. */
  maxStep?: number;
}

/** A relaxed band: images (including the two end points), their energies, and candidate maxima. */
export interface DnebResult {
  /** Images from one minimum to the other (endpoints included). */
  path: Float64Array[];
  /** Their energies. */
  energies: Float64Array;
  /** Indices of internal images that are local energy maxima along the band, highest first. */
  maxima: number[];
  /** Unit tangent at each image (zero vectors at the ends). */
  tangents: Float64Array[];
  /** Iterations. */
  iterations: number;
  /** Energy evaluations. */
  evaluations: number;
}

/** Energies and gradients of the band's points (one batch); a failed point stops the band. */
async function evaluateMany(
  landscape: Landscape,
  xs: Float64Array[],
  grads: Float64Array[],
): Promise<Float64Array> {
  const ev = await evaluateBatch(landscape, xs);
  const bad = ev.errors.find((e) => e !== null);
  if (bad) throw bad;
  ev.grads.forEach((g, b) => grads[b].set(g));
  return ev.energies;
}

/** Relaxes a DNEB between minima xA and xB. */
export async function doublyNudgedElasticBand(
  landscape: Landscape,
  xA: Float64Array,
  xB: Float64Array,
  options: DnebOptions = {},
): Promise<DnebResult> {
  const n = landscape.dim;
  const N = options.images ?? 10;
  const k = options.springConstant ?? 1;
  const total = N + 2;
  const path = Array.from(
    { length: total },
    (_, i) => Float64Array.from(xA, (a, j) => a + (xB[j] - a) * i / (N + 1)),
  );
  let dist = 0;
  for (let j = 0; j < n; j++) dist += (xB[j] - xA[j]) ** 2;
  dist = Math.sqrt(dist);
  const maxStep = options.maxStep ?? Math.max(1e-3, 0.2 * dist / (N + 1));
  const grads = Array.from({ length: total }, () => new Float64Array(n));
  const energies = new Float64Array(total);
  const gE = await evaluateMany(landscape, [path[0], path[total - 1]], [
    grads[0],
    grads[total - 1],
  ]);
  energies[0] = gE[0];
  energies[total - 1] = gE[1];
  const vel = Array.from({ length: N }, () => new Float64Array(n));
  const forces = Array.from({ length: N }, () => new Float64Array(n));
  const tangents = Array.from({ length: total }, () => new Float64Array(n));
  // FIRE parameters (Bitzek et al.): α0 = 0.1, f_inc = 1.1, f_dec = 0.5, f_α = 0.99, N_min = 5.
  let dt = 0.1, alpha = 0.1, sincePositive = 0;
  let iterations = 0, evaluations = 2;
  let rmsTarget = options.rmsForce ?? NaN;

  const computeForces = async () => {
    const inner = path.slice(1, total - 1);
    const e = await evaluateMany(landscape, inner, grads.slice(1, total - 1));
    evaluations += N;
    for (let i = 0; i < N; i++) energies[i + 1] = e[i];
    let ss = 0;
    for (let i = 1; i <= N; i++) {
      const tau = tangents[i];
      // Improved tangent: towards the higher neighbour, energy-weighted at extrema.
      const up = new Float64Array(n), dn = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        up[j] = path[i + 1][j] - path[i][j];
        dn[j] = path[i][j] - path[i - 1][j];
      }
      const eP = energies[i + 1], e0 = energies[i], eM = energies[i - 1];
      if (eP > e0 && e0 > eM) tau.set(up);
      else if (eP < e0 && e0 < eM) tau.set(dn);
      else {
        const dMax = Math.max(Math.abs(eP - e0), Math.abs(eM - e0)),
          dMin = Math.min(Math.abs(eP - e0), Math.abs(eM - e0));
        const [wu, wd] = eP > eM ? [dMax, dMin] : [dMin, dMax];
        for (let j = 0; j < n; j++) tau[j] = wu * up[j] + wd * dn[j];
      }
      const tn = Math.sqrt(dot(tau, tau)) || 1;
      for (let j = 0; j < n; j++) tau[j] /= tn;
      const g = grads[i];
      const gPar = dot(g, tau);
      const gPerp = Float64Array.from(g, (v, j) => v - gPar * tau[j]);
      // Spring: parallel part from the spacing; full spring for the DNEB term.
      const spring = Float64Array.from(up, (u, j) => k * (u - dn[j]));
      const sPar = k * (Math.sqrt(dot(up, up)) - Math.sqrt(dot(dn, dn)));
      const sDotTau = dot(spring, tau);
      const sPerp = Float64Array.from(spring, (s, j) => s - sDotTau * tau[j]);
      const gpn = Math.sqrt(dot(gPerp, gPerp));
      const f = forces[i - 1];
      const c = gpn > 0 ? dot(sPerp, gPerp) / (gpn * gpn) : 0;
      for (let j = 0; j < n; j++) {
        f[j] = -gPerp[j] + sPar * tau[j] + (sPerp[j] - c * gPerp[j]);
        ss += f[j] * f[j];
      }
    }
    return Math.sqrt(ss / (N * n));
  };

  let rms = await computeForces();
  if (Number.isNaN(rmsTarget)) rmsTarget = 0.01 * rms;
  const maxIter = options.iterations ?? 300;
  while (iterations < maxIter && rms > rmsTarget) {
    iterations++;
    // FIRE: mix velocity towards the force, adapt the time step.
    let P = 0, vv = 0, ff = 0;
    for (let i = 0; i < N; i++) {
      P += dot(forces[i], vel[i]);
      vv += dot(vel[i], vel[i]);
      ff += dot(forces[i], forces[i]);
    }
    const vn = Math.sqrt(vv), fn = Math.sqrt(ff) || 1;
    if (P > 0) {
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < n; j++) {
          vel[i][j] = (1 - alpha) * vel[i][j] + alpha * vn * forces[i][j] / fn;
        }
      }
      if (++sincePositive > 5) {
        dt = Math.min(dt * 1.1, 1);
        alpha *= 0.99;
      }
    } else {
      for (const v of vel) v.fill(0);
      dt *= 0.5;
      alpha = 0.1;
      sincePositive = 0;
    }
    for (let i = 0; i < N; i++) {
      const v = vel[i], f = forces[i];
      let step2 = 0;
      for (let j = 0; j < n; j++) {
        v[j] += dt * f[j];
        step2 += (dt * v[j]) ** 2;
      }
      const s = Math.sqrt(step2);
      const scale = s > maxStep ? maxStep / s : 1;
      for (let j = 0; j < n; j++) path[i + 1][j] += scale * dt * v[j];
    }
    rms = await computeForces();
  }
  const maxima: number[] = [];
  for (let i = 1; i <= N; i++) {
    if (energies[i] >= energies[i - 1] && energies[i] >= energies[i + 1]) maxima.push(i);
  }
  maxima.sort((a, b) => energies[b] - energies[a]);
  return { path, energies, maxima, tangents, iterations, evaluations };
}
