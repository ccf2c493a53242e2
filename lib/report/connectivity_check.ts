/**
 * The connectivity check of `deno task reports --check-connected F`: every landscape a task
 * stores in its results.json carries `connected_fraction` (the share of its interior minima in the
 * global minimum's component); this finds each one, with its place in the file.
 * @module
 */

/** One landscape's connected fraction and where it sits in results.json (a JSON path). */
export interface ConnectedFraction {
  /** JSON path of the object holding `connected_fraction`, e.g. `seeds[2].connection`. */
  where: string;
  /** The fraction, 0–1. */
  fraction: number;
}

/** Every `connected_fraction` in a parsed results.json, in document order. */
export function connectedFractions(json: unknown, where = ""): ConnectedFraction[] {
  const out: ConnectedFraction[] = [];
  if (Array.isArray(json)) {
    json.forEach((v, i) => out.push(...connectedFractions(v, `${where}[${i}]`)));
  } else if (json !== null && typeof json === "object") {
    for (const [k, v] of Object.entries(json)) {
      if (k === "connected_fraction" && typeof v === "number") {
        out.push({ where: where || "(top level)", fraction: v });
      } else out.push(...connectedFractions(v, where ? `${where}.${k}` : k));
    }
  }
  return out;
}

/** The landscapes of one report below `threshold` (empty when all pass). */
export function belowThreshold(json: unknown, threshold: number): ConnectedFraction[] {
  return connectedFractions(json).filter((c) => !(c.fraction >= threshold));
}
