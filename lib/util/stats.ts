/**
 * Small summary statistics used by the study reports (spread over seeds).
 * @module
 */

/** Mean, sample standard deviation (n − 1; 0 for one value), min and max of the finite values. */
export function meanSd(v: number[]): { mean: number; sd: number; min: number; max: number } {
  const f = v.filter(Number.isFinite);
  if (f.length === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN };
  const m = f.reduce((a, b) => a + b, 0) / f.length;
  const sd = f.length > 1 ? Math.sqrt(f.reduce((a, b) => a + (b - m) ** 2, 0) / (f.length - 1)) : 0;
  return { mean: m, sd, min: Math.min(...f), max: Math.max(...f) };
}

/** Median of the finite values (mean of the middle two for an even count); NaN when none. */
export function median(v: number[]): number {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
