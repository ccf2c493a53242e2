/**
 * Parity between a GPU kernel and its float64 CPU twin: run both on the same fresh random inputs
 * (the kernel's output buffer poisoned first, see buffers.ts), and report the largest absolute and
 * relative errors against a stated tolerance. An unwritten (NaN) element fails the check.
 * @module
 */

/** A tolerance: an element passes when |gpu − cpu| ≤ abs + rel·|cpu|. */
export interface Tolerance {
  /** Absolute tolerance. */
  abs: number;
  /** Relative tolerance. */
  rel: number;
}

/** Outcome of {@link compareOutputs}. */
export interface ParityReport {
  /** What was compared. */
  name: string;
  /** Elements compared. */
  count: number;
  /** Largest absolute error. */
  maxAbsError: number;
  /** Largest relative error. */
  maxRelError: number;
  /** Index of the worst element (largest error relative to its allowance). */
  worstIndex: number;
  /** Elements that were NaN or not finite on the GPU side (e.g. still poisoned). */
  nonFinite: number;
  /** Elements outside the tolerance. */
  failures: number;
  /** The tolerance used. */
  tolerance: Tolerance;
  /** True when every element is within tolerance (and none is NaN). */
  pass: boolean;
}

/** Compares a GPU result with its float64 reference element by element. */
export function compareOutputs(
  name: string,
  gpu: ArrayLike<number>,
  cpu: ArrayLike<number>,
  tolerance: Tolerance,
): ParityReport {
  if (gpu.length !== cpu.length) {
    throw new Error(`${name}: GPU output has ${gpu.length} elements, CPU twin ${cpu.length}`);
  }
  let maxAbs = 0, maxRel = 0, worst = -1, worstRatio = -1, nonFinite = 0, failures = 0;
  for (let i = 0; i < cpu.length; i++) {
    const g = gpu[i], c = cpu[i];
    if (!Number.isFinite(g)) {
      nonFinite++;
      failures++;
      if (worstRatio < Infinity) {
        worstRatio = Infinity;
        worst = i;
      }
      continue;
    }
    const err = Math.abs(g - c);
    const allow = tolerance.abs + tolerance.rel * Math.abs(c);
    if (err > maxAbs) maxAbs = err;
    const rel = c !== 0 ? err / Math.abs(c) : (err === 0 ? 0 : Infinity);
    if (rel > maxRel) maxRel = rel;
    const ratio = allow > 0 ? err / allow : (err === 0 ? 0 : Infinity);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = i;
    }
    if (err > allow) failures++;
  }
  return {
    name,
    count: cpu.length,
    maxAbsError: maxAbs,
    maxRelError: maxRel,
    worstIndex: worst,
    nonFinite,
    failures,
    tolerance,
    pass: failures === 0,
  };
}

/** A one-line summary of a parity report. */
export function formatParity(r: ParityReport): string {
  return `${r.name}: ${r.pass ? "PASS" : "FAIL"} n=${r.count} max|err|=${
    r.maxAbsError.toExponential(2)
  } ` +
    `max rel=${
      r.maxRelError.toExponential(2)
    } (tol abs ${r.tolerance.abs}, rel ${r.tolerance.rel})` +
    (r.nonFinite ? `, ${r.nonFinite} unwritten/non-finite` : "") +
    (r.failures ? `, ${r.failures} outside tolerance (worst at ${r.worstIndex})` : "");
}
