/**
 * `deno task rates`: rate constants, mean first-passage times and committors between two sets of
 * minima of a transition network — PATHSAMPLE files or an elml SQLite database — by graph
 * transformation. Schema: docs/kinetics.md.
 * @module
 */
import { defineTask, runTask } from "../lib/task/harness.ts";
import { loadRatesInput, ratesResults, runRates } from "../lib/studies/rates.ts";
import { ratesReport } from "../lib/studies/rates_report.ts";

const DESCRIPTION =
  `Rates between sets A and B of a transition network at temperature T (k_B = 1): kSS, kNSS and
kNGT in both directions, mean first-passage times, and the committor of every minimum, by graph
transformation (Wales 2009), with PATHSAMPLE's harmonic rate constants; with --regroup-free B,
free-energy regrouping at T (Carr & Wales 2008) and the free-energy disconnectivity graph. Input:
PATHSAMPLE files (--min-data --ts-data --min-A --min-B), topsearch's min.data/ts.data (detected, or
--format topsearch; sets by --A/--B or min.A/min.B), or an elml database (--database F.db --A 1,2
--B 7). Minimum ids on the command line are 1-based in min.data order. Writes DIR/report.html and
DIR/results.json (default DIR: reports/rates).`;

export const task = defineTask({
  name: "rates",
  description: DESCRIPTION,
  flags: {
    temperature: {
      type: "number",
      help: "temperature (energy units, k_B = 1)",
      default: 1,
      above: 0,
    },
    "min-data": { type: "string", help: "PATHSAMPLE min.data", placeholder: "FILE" },
    "ts-data": { type: "string", help: "PATHSAMPLE ts.data", placeholder: "FILE" },
    "min-A": {
      type: "string",
      help: "PATHSAMPLE min.A (count, then 1-based ids)",
      placeholder: "FILE",
    },
    "min-B": { type: "string", help: "PATHSAMPLE min.B", placeholder: "FILE" },
    database: { type: "string", help: "an elml SQLite database instead", placeholder: "F.db" },
    dim: {
      type: "number",
      help: "coordinates per point of --database",
      default: 1,
      integer: true,
      min: 1,
    },
    A: {
      type: "string",
      help: "1-based ids of A, e.g. 1,2 (instead of --min-A)",
      placeholder: "IDS",
    },
    B: { type: "string", help: "1-based ids of B (instead of --min-B)", placeholder: "IDS" },
    format: {
      type: "string",
      help: "min.data/ts.data format: auto, pathsample or topsearch",
      default: "auto",
      choices: ["auto", "pathsample", "topsearch"],
    },
    "regroup-free": {
      type: "number",
      help: "free-energy regrouping: merge minima joined by free-energy barriers below B (≥ 0)",
      min: 0,
    },
  },
  async run(f, ctx) {
    const input = await loadRatesInput(f);
    const r = await runRates(input, f.temperature, ctx, f.regroupFree);
    const params = {
      source: input.source,
      temperature: f.temperature,
      A: f.A ?? f.minA,
      B: f.B ?? f.minB,
      format: input.format,
      regroup_free: f.regroupFree ?? null,
    };
    return {
      ...ratesReport(r, params),
      results: ratesResults(r),
      device: "CPU float64 (graph transformation: sparse, sequential)",
    };
  },
});

if (import.meta.main) runTask(task);
