/**
 * `deno task merge --out merged.db a.db b.db …`: joins elml databases (sharded searches,
 * connection waves) — minima de-duplicated as in one run, every distinct transition state kept,
 * hits summed over origins, failed attempts unioned, provenance kept (lib/landscape/merge.ts).
 * @module
 */
import { parseArgs } from "node:util";
import { UserError } from "../lib/util/errors.ts";
import { loadLandscapeModule, mergeFiles } from "../lib/studies/explore.ts";

const HELP = `deno task merge --out merged.db [--landscape FILE.ts] a.db b.db …

Joins elml SQLite databases into a new one. Minima are the same point when their energies agree
(1e-6 relative) and coordinates lie within 1e-3, after the landscape's canonicalisation when
--landscape is given (as in the run that wrote them); every distinct transition state is kept;
hits are summed over the searches that found them (merging is associative and idempotent).`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string" },
      landscape: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.out) throw new UserError("merge: give --out merged.db");
  const landscape = values.landscape ? await loadLandscapeModule(values.landscape) : undefined;
  const r = await mergeFiles(values.out, positionals, landscape);
  for (const i of r.inputs) {
    console.error(
      `[merge] ${i.label}: ${i.minima} minima (${i.newMinima} new), ${i.transitionStates} transition states (${i.newTransitionStates} new)`,
    );
  }
  console.error(
    `[merge] wrote ${values.out}: ${r.minima} minima, ${r.transitionStates} transition states, ${r.failedConnections} failed attempts`,
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`error: ${msg.split("\n")[0]}`);
    Deno.exit(
      e instanceof UserError || (e instanceof TypeError && /parseArgs|option/i.test(msg)) ? 1 : 2,
    );
  }
}
