/**
 * `deno task reports`: rebuilds reports/index.html, one self-contained page linking every report
 * found under the reports folder with its task, run date and headline (the report's summary, read
 * from the `elml-*` meta tags that lib/report/html.ts writes; older pages fall back to their title
 * and file date).
 * @module
 */
import { escapeHtml, renderReport, writeFileAtomic } from "../lib/report/html.ts";
import { parseFlags, runMain } from "../lib/util/cli.ts";
import { UserError } from "../lib/util/errors.ts";
import { note } from "../lib/util/progress.ts";

const HELP = `deno task reports [--out DIR]

Rebuilds DIR/index.html (default DIR: reports) linking every DIR/**/report.html with its task,
run date and headline numbers.`;

/** One report found on disk. */
export interface ReportEntry {
  path: string;
  title: string;
  task: string;
  date: string;
  summary: string;
  hasResults: boolean;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(
    /&#39;/g,
    "'",
  )
    .replace(/&amp;/g, "&");
}

function meta(html: string, name: string): string | null {
  const m = html.match(new RegExp(`<meta name="${name}" content="([^"]*)">`));
  return m ? unescape(m[1]) : null;
}

/** Every report.html under `root` (depth ≤ 4), with its metadata. */
export async function findReports(root: string, depth = 0, rel = ""): Promise<ReportEntry[]> {
  const out: ReportEntry[] = [];
  const entries = [];
  for await (const e of Deno.readDir(`${root}/${rel}`)) entries.push(e);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory && depth < 4) out.push(...await findReports(root, depth + 1, path));
    if (e.isFile && e.name === "report.html") {
      const html = await Deno.readTextFile(`${root}/${path}`);
      const stat = await Deno.stat(`${root}/${path}`);
      const title = html.match(/<title>([^<]*)<\/title>/)?.[1];
      const dir = rel;
      let hasResults = false;
      try {
        hasResults = (await Deno.stat(`${root}/${dir}/results.json`)).isFile;
      } catch { /* no results.json */ }
      out.push({
        path,
        title: title ? unescape(title) : path,
        task: meta(html, "elml-task") ?? dir,
        date: meta(html, "elml-date") ?? stat.mtime?.toISOString() ?? "",
        summary: meta(html, "elml-summary") ?? "",
        hasResults,
      });
    }
  }
  return out;
}

async function main(args: string[]): Promise<void> {
  const { common } = parseFlags(args, "reports");
  if (common.help) return console.log(HELP);
  const root = args.includes("--out") ? common.out : "reports";
  try {
    if (!(await Deno.stat(root)).isDirectory) throw new Error();
  } catch {
    throw new UserError(`${root}: no such folder (run a task first, e.g. deno task sweep-nu)`);
  }
  const found = (await findReports(root)).filter((r) => r.path !== "index.html");
  const rows = found.map((r) =>
    `<tr><td><a href="${escapeHtml(r.path)}">${escapeHtml(r.title)}</a></td><td><code>${
      escapeHtml(r.task)
    }</code></td><td>${escapeHtml(r.date.replace("T", " ").slice(0, 19))}</td><td>${
      escapeHtml(r.summary)
    }</td><td>${
      r.hasResults
        ? `<a href="${
          escapeHtml(r.path.replace(/report\.html$/, "results.json"))
        }">results.json</a>`
        : ""
    }</td></tr>`
  ).join("\n");
  const html = renderReport({
    title: "elml reports",
    task: "reports",
    summary: `${found.length} report${found.length === 1 ? "" : "s"} under ${root}/.`,
    params: { folder: root },
    timings: {},
    device: "none (index only)",
    sections: [{
      title: "Reports",
      html: found.length
        ? `<table><thead><tr><th>report</th><th>task</th><th>run (UTC)</th><th>headline</th><th>data</th></tr></thead><tbody>${rows}</tbody></table>`
        : "<p>No reports yet.</p>",
    }],
  });
  await writeFileAtomic(`${root}/index.html`, html);
  note(`[reports] ${found.length} reports indexed; wrote ${root}/index.html`);
}

if (import.meta.main) runMain(main);
