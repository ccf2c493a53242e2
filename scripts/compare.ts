/**
 * `deno task compare`: the cross-model comparison of loss landscapes (MISSION.md, study 7). Each
 * landscape is also written to DIR/landscapes/<key>/results.json, which the report's table links.
 * @module
 */
import { jsonReplacer, writeFileAtomic } from "../lib/report/html.ts";
import { defineTask, deviceLine, runTask } from "../lib/task/harness.ts";
import {
  compareResults,
  landscapeLink,
  runCompare,
  type SweepNuSummary,
} from "../lib/studies/compare.ts";
import { compareReport } from "../lib/studies/compare_report.ts";

const DESCRIPTION =
  `Maps four loss landscapes on built-in data and compares them with one summary: the Matérn GP
NLML at the optimum ν and at ν = 3/2 (a 1-D Matérn sample, true ν = 1.2), and a 2-2-2 MLP on
concentric circles under cross-entropy and under appAUC. A landscape already computed in DIR with
the same parameters is reused (--fresh recomputes); a sweep-nu report beside DIR on the same data
gives the optimum ν. Writes DIR/report.html, DIR/results.json and DIR/landscapes/<key>/results.json
(default DIR: reports/compare).`;

/** The sweep-nu results.json in the folder beside `out`, if any. */
async function siblingSweepNu(out: string) {
  const parent = out.replace(/\/+$/, "").split("/").slice(0, -1).join("/") || ".";
  const path = `${parent}/sweep-nu/results.json`;
  try {
    return { path, results: JSON.parse(await Deno.readTextFile(path)) as SweepNuSummary };
  } catch {
    return null; // no sweep-nu report to reuse
  }
}

export const task = defineTask({
  name: "compare",
  description: DESCRIPTION,
  flags: { fresh: { type: "boolean", help: "recompute every landscape" } },
  resumeByDefault: (f) => !f.fresh,
  async run(f, ctx) {
    const sweepNu = await siblingSweepNu(f.out);
    const r = await runCompare(
      { quick: f.quick, seed: f.seed, sweepNu, nuFromSweepNu: !f.fresh },
      ctx,
    );
    for (const l of r.landscapes) {
      await Deno.mkdir(`${f.out}/landscapes/${l.key}`, { recursive: true });
      await writeFileAtomic(
        `${f.out}/${landscapeLink(l)}`,
        JSON.stringify(l, jsonReplacer, 1) + "\n",
      );
    }
    const params = {
      quick: f.quick,
      seed: f.seed,
      fresh: f.fresh,
      gp_data: r.sources.gp,
      nn_data: r.sources.nn,
    };
    return {
      ...compareReport(r, params),
      results: compareResults(r),
      device: deviceLine(ctx.backend, "small models: float64 evaluations cost microseconds"),
    };
  },
});

if (import.meta.main) runTask(task);
