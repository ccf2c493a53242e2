/**
 * `deno task reports`: rebuilds reports/index.html, one self-contained page linking every report
 * found under the reports folder with its task, run date and headline.
 * @module
 */
import { findReports, renderIndex } from "../lib/report/index_page.ts";
import { writeFileAtomic } from "../lib/report/html.ts";
import { helpText, parseTaskFlags } from "../lib/task/flags.ts";
import { runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";

const DESCRIPTION =
  `Rebuilds DIR/index.html (default DIR: reports) linking every DIR/**/report.html with its task,
run date and headline numbers.`;

async function main(args: string[]): Promise<void> {
  const f = parseTaskFlags(args, "reports", {});
  if (f.help) return console.log(helpText("reports", DESCRIPTION, {}));
  const root = args.some((a) => a === "--out" || a.startsWith("--out=")) ? f.out : "reports";
  try {
    if (!(await Deno.stat(root)).isDirectory) throw new Error();
  } catch {
    throw new UserError(`${root}: no such folder (run a task first, e.g. deno task sweep-nu)`);
  }
  const found = (await findReports(root)).filter((r) => r.path !== "index.html");
  await writeFileAtomic(`${root}/index.html`, renderIndex(found, root));
  note(`[reports] ${found.length} reports indexed; wrote ${root}/index.html`);
}

if (import.meta.main) runMain(main);
