/**
 * How reports state a database's connectivity: the connected fraction in a sentence, and a table
 * of the minima that are not joined to the global minimum with their failed attempts.
 * @module
 */
import type { Connectivity } from "../landscape/analysis.ts";
import { fmt, type Table } from "../report/html.ts";

/** "12 of 14 minima (86%) are connected to the global minimum." */
export function connectedSentence(c: Connectivity): string {
  return `${c.connected} of ${c.minima} minima (${
    fmt(100 * c.fraction, 3)
  }%) are connected to the global minimum by verified transition states.`;
}

/** The unconnected minima (the lowest 30) with their failed attempts; none when all are joined. */
export function unconnectedTable(c: Connectivity, energyName = "energy"): Table[] {
  if (!c.unconnected.length) return [];
  return [{
    caption: `Minima not connected to the global minimum (${c.unconnected.length})`,
    columns: ["minimum", energyName, "failed attempts", "reasons"],
    rows: c.unconnected.slice(0, 30).map((u) => [
      u.id,
      u.energy,
      u.failed.length,
      u.failed.length
        ? [...new Set(u.failed.map((f) => f.reason.replace(/\s*\([^)]*\)/g, "")))].join("; ")
        : "not attempted",
    ]),
  }];
}
