/**
 * `deno task reports`: rebuilds reports/index.html, one self-contained page linking every report
 * found under the reports folder with its task, run date and headline.
 * @module
 */
import { findReports, renderIndex } from "../lib/report/index_page.ts";
import { belowThreshold, connectedFractions } from "../lib/report/connectivity_check.ts";
import { writeFileAtomic } from "../lib/report/html.ts";
import { helpText, parseTaskFlags } from "../lib/task/flags.ts";
import { runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";

const DESCRIPTION =
  `Rebuilds DIR/index.html (default DIR: reports) linking every DIR/**/report.html with its task,
run date and headline numbers. With --check-connected F, also checks that every landscape stored in
each results.json (its connected_fraction) has at least the fraction F of its minima connected to
the global minimum; lists each one below and exits 1 when any is.`;

const FLAGS = {
  "check-connected": {
    type: "number",
    help: "fail when a landscape in any results.json is less connected than this fraction (0–1)",
    min: 0,
    max: 1,
  },
} as const;

async function main(args: string[]): Promise<void> {
  const f = parseTaskFlags(args, "reports", FLAGS);
  if (f.help) return console.log(helpText("reports", DESCRIPTION, FLAGS));
  const root = args.some((a) => a === "--out" || a.startsWith("--out=")) ? f.out : "reports";
  try {
    if (!(await Deno.stat(root)).isDirectory) throw new Error();
  } catch {
    throw new UserError(`${root}: no such folder (run a task first, e.g. deno task sweep-nu)`);
  }
  const found = (await findReports(root)).filter((r) => r.path !== "index.html");
  await writeFileAtomic(`${root}/index.html`, renderIndex(found, root));
  note(`[reports] ${found.length} reports indexed; wrote ${root}/index.html`);
  const threshold = f.checkConnected;
  if (threshold === undefined) return;
  const failures: string[] = [];
  for (const r of found.filter((x) => x.hasResults)) {
    const dir = r.path.replace(/\/?report\.html$/, "");
    const file = `${root}/${dir ? dir + "/" : ""}results.json`;
    let json: unknown;
    try {
      json = JSON.parse(await Deno.readTextFile(file));
    } catch (e) {
      failures.push(`${file}: unreadable (${e instanceof Error ? e.message : e})`);
      continue;
    }
    const all = connectedFractions(json), low = belowThreshold(json, threshold);
    const worst = all.length ? Math.min(...all.map((c) => c.fraction)) : null;
    console.log(
      `${dir || "."} (${r.task}): ${all.length} landscapes${
        worst === null ? "" : `, least connected ${(100 * worst).toFixed(1)}%`
      }${low.length ? ` — ${low.length} below ${(100 * threshold).toFixed(0)}%` : ""}`,
    );
    for (const c of low) failures.push(`${file}: ${c.where} ${(100 * c.fraction).toFixed(1)}%`);
  }
  if (failures.length) {
    for (const line of failures) console.log(`  below: ${line}`);
    throw new UserError(
      `${failures.length} landscapes are less than ${(100 * threshold).toFixed(0)}% connected`,
    );
  }
}

if (import.meta.main) runMain(main);
