/**
 * `deno task rates`: rate constants, mean first-passage times and committors between two sets of
 * minima of a transition network — PATHSAMPLE files or an elml SQLite database — by graph
 * transformation. Schema: docs/kinetics.md.
 * @module
 */
import { openDatabase } from "../lib/landscape/database.ts";
import {
  networkFromDatabase,
  parseIdList,
  parseMinData,
  parseMinSet,
  parseTsData,
} from "../lib/landscape/kinetics_io.ts";
import { defineTask, runTask } from "../lib/task/harness.ts";
import { UserError } from "../lib/util/errors.ts";
import { type RatesInput, ratesResults, runRates } from "../lib/studies/rates.ts";
import { ratesReport } from "../lib/studies/rates_report.ts";

const DESCRIPTION =
  `Rates between sets A and B of a transition network at temperature T (k_B = 1): kSS, kNSS and
kNGT in both directions, mean first-passage times, and the committor of every minimum, by graph
transformation (Wales 2009), with PATHSAMPLE's harmonic rate constants. Input: PATHSAMPLE files
(--min-data --ts-data --min-A --min-B) or an elml database (--database F.db --A 1,2 --B 7).
Writes DIR/report.html and DIR/results.json (default DIR: reports/rates).`;

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
    A: { type: "string", help: "with --database: 1-based ids of A, e.g. 1,2", placeholder: "IDS" },
    B: { type: "string", help: "with --database: 1-based ids of B", placeholder: "IDS" },
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
        network,
        A: parseIdList(f.A, "--A", N),
        B: parseIdList(f.B, "--B", N),
      };
    } else {
      for (const k of ["minData", "tsData", "minA", "minB"] as const) {
        if (!f[k]) {
          throw new UserError(
            "give --min-data, --ts-data, --min-A and --min-B (or --database with --A and --B)",
          );
        }
      }
      const mins = parseMinData(await read(f.minData!), f.minData!);
      const N = mins.energies.length;
      input = {
        source: f.minData!,
        network: { ...mins, transitionStates: parseTsData(await read(f.tsData!), f.tsData!, N) },
        A: parseMinSet(await read(f.minA!), f.minA!, N),
        B: parseMinSet(await read(f.minB!), f.minB!, N),
      };
    }
    const r = await runRates(input, f.temperature, ctx);
    const params = {
      source: input.source,
      temperature: f.temperature,
      A: f.A ?? f.minA,
      B: f.B ?? f.minB,
    };
    return {
      ...ratesReport(r, params),
      results: ratesResults(r),
      device: "CPU float64 (graph transformation: sparse, sequential)",
    };
  },
});

if (import.meta.main) runTask(task);
