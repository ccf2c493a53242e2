/**
 * `deno task explore`: any user landscape from the command line — basin-hopping, connection,
 * disconnectivity graph, monotonic sequence basins and heat capacity; sharded searches and
 * connection waves for Slurm arrays (docs/explore.md).
 * @module
 */
import { defineTask, runTask } from "../lib/task/harness.ts";
import { UserError } from "../lib/util/errors.ts";
import { countFlag } from "../lib/task/nn_flags.ts";
import { openDatabase } from "../lib/landscape/database.ts";
import {
  choosePairs,
  loadLandscapeModule,
  type PairsFile,
  parseShard,
  runExplore,
} from "../lib/studies/explore.ts";
import { exploreReport, exploreResults } from "../lib/studies/explore_report.ts";

const DESCRIPTION =
  `Explores the landscape that FILE.ts (a path or URL) exports by default — a Landscape, or a
function (possibly async) returning one; it may carry lower/upper/start (Float64Array) and a name.
Basin-hopping, connection (DNEB + hybrid eigenvector-following, every stationary point verified in
float64), disconnectivity graph, heat capacity. --database keeps the points in SQLite; --steps 0
reports (and with --connect, connects) what it holds. --shard i/N searches shard i's seed stream;
deno task merge joins shard databases; --write-pairs FILE lists the pairs to connect in a merged
database, and --pairs FILE --pairs-shard i/N connects one slice of them (docs/explore.md).`;

export const task = defineTask({
  name: "explore",
  description: DESCRIPTION,
  flags: {
    landscape: {
      type: "string",
      help: "the landscape module (path or URL)",
      placeholder: "FILE.ts",
    },
    steps: countFlag("basin-hopping steps per walker (0: no search)", 100, 20, 0),
    walkers: countFlag("basin-hopping walkers", 4),
    "step-size": { type: "number", help: "basin-hopping step size", default: 1, above: 0 },
    temperature: { type: "number", help: "basin-hopping temperature", default: 1, above: 0 },
    connect: countFlag("connection attempts (0: none)", 50, 10, 0),
    connection: {
      type: "string",
      help:
        "pairs: join every minimum by Dijkstra; grow: single-ended searches from the joined minima",
      choices: ["pairs", "grow"],
      default: "pairs",
    },
    database: { type: "string", help: "SQLite database to write or read", placeholder: "F.db" },
    shard: {
      type: "string",
      help: "search only shard i of N (its own seed stream)",
      placeholder: "i/N",
    },
    "write-pairs": {
      type: "string",
      help: "with --steps 0: write the pairs to connect (up to --connect) to this file",
      placeholder: "FILE",
    },
    pairs: {
      type: "string",
      help: "connect the pairs of this file (from --write-pairs)",
      placeholder: "FILE",
    },
    "pairs-shard": {
      type: "string",
      help: "with --pairs: this process's slice",
      placeholder: "i/N",
    },
  },
  async run(f, ctx) {
    if (!f.landscape) {
      throw new UserError(
        "give --landscape FILE.ts (a module whose default export is a Landscape)",
      );
    }
    if (f.data) throw new UserError("explore takes --landscape, not --data");
    if (f.pairsShard && !f.pairs) throw new UserError("--pairs-shard needs --pairs FILE");
    if ((f.pairs || f.writePairs) && !f.database) {
      throw new UserError("--pairs and --write-pairs need --database (the merged database)");
    }
    if (f.writePairs && f.steps > 0) throw new UserError("--write-pairs needs --steps 0");
    const landscape = await loadLandscapeModule(f.landscape);
    const shard = f.shard ? parseShard(f.shard, "--shard") : undefined;
    const pairsShard = f.pairsShard
      ? parseShard(f.pairsShard, "--pairs-shard")
      : [1, 1] as [number, number];
    if (f.writePairs) {
      const db = openDatabase(f.database!, landscape.dim);
      const pf: PairsFile = {
        database: f.database!,
        pairs: choosePairs(db, Math.max(1, f.connect)),
      };
      db.close();
      await Deno.writeTextFile(f.writePairs, JSON.stringify(pf) + "\n");
      ctx.log(`${f.writePairs}: ${pf.pairs.length} pairs to connect`);
    }
    const r = await runExplore(landscape, {
      module: f.landscape,
      steps: f.steps,
      walkers: f.walkers,
      seed: f.seed,
      stepSize: f.stepSize,
      temperature: f.temperature,
      connect: f.writePairs ? 0 : f.connect,
      connection: f.connection as "pairs" | "grow",
      database: f.database,
      shard,
      pairs: f.pairs ? { file: f.pairs, shard: pairsShard } : undefined,
      resume: f.resume,
    }, ctx);
    const params = {
      landscape: f.landscape,
      steps: f.steps,
      walkers: f.walkers,
      seed: f.seed,
      shard: f.shard ?? null,
      database: f.database ?? null,
      pairs: f.pairs ?? null,
    };
    return {
      ...exploreReport(r, params),
      results: exploreResults(r),
      device: "CPU float64 (a user landscape has no GPU path unless it brings energyBatch)",
    };
  },
});

if (import.meta.main) runTask(task);
