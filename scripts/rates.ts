/**
 * `deno task rates`: rate constants, mean first-passage times and committors between two sets of
 * minima of a transition network — PATHSAMPLE files or an elml SQLite database — by graph
 * transformation. Schema: docs/kinetics.md.
 * @module
 */
import { openDatabase } from "../lib/landscape/database.ts";
import {
  detectMinDataFormat,
  networkFromDatabase,
  parseIdList,
  parseMinData,
  parseMinSet,
  parseTopsearchMinData,
  parseTopsearchTsData,
  parseTsData,
} from "../lib/landscape/kinetics_io.ts";
import { defineTask, runTask } from "../lib/task/harness.ts";
import { UserError } from "../lib/util/errors.ts";
import { type RatesInput, ratesResults, runRates } from "../lib/studies/rates.ts";
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

async function read(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    throw new UserError(`${path}: no such file`);
  }
}

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
    let input: RatesInput;
    if (f.database) {
      if (!f.A || !f.B) throw new UserError("--database needs --A and --B (1-based minimum ids)");
      try {
        await Deno.stat(f.database);
      } catch {
        throw new UserError(`${f.database}: no such file`);
      }
      const db = openDatabase(f.database, f.dim);
      const network = networkFromDatabase(db);
      db.close();
      const N = network.energies.length;
      input = {
        source: f.database,
        format: "elml",
        network,
        A: parseIdList(f.A, "--A", N),
        B: parseIdList(f.B, "--B", N),
      };
    } else {
      if (!f.minData || !f.tsData) {
        throw new UserError(
          "give --min-data and --ts-data with --min-A/--min-B or --A/--B (or --database with --A and --B)",
        );
      }
      const minText = await read(f.minData);
      const format = f.format === "auto"
        ? detectMinDataFormat(minText)
        : f.format as "pathsample" | "topsearch";
      const mins = format === "topsearch"
        ? parseTopsearchMinData(minText, f.minData)
        : parseMinData(minText, f.minData);
      const N = mins.energies.length;
      const tsText = await read(f.tsData);
      const set = async (ids: string | undefined, file: string | undefined, name: string) => {
        if (ids !== undefined && file !== undefined) {
          throw new UserError(`give --${name} or --min-${name}, not both`);
        }
        if (ids !== undefined) return parseIdList(ids, `--${name}`, N);
        if (file !== undefined) return parseMinSet(await read(file), file, N);
        throw new UserError(`set ${name}: give --min-${name} FILE or --${name} IDS`);
      };
      input = {
        source: f.minData,
        format,
        network: {
          ...mins,
          transitionStates: format === "topsearch"
            ? parseTopsearchTsData(tsText, f.tsData, N)
            : parseTsData(tsText, f.tsData, N),
        },
        A: await set(f.A, f.minA, "A"),
        B: await set(f.B, f.minB, "B"),
      };
    }
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
