/**
 * The index of reports: every report.html under a folder with its task, run date and headline,
 * read from the `elml-*` meta tags that html.ts writes (older pages fall back to their title and
 * file date), rendered as one self-contained page.
 * @module
 */
import { escapeHtml, renderReport } from "./html.ts";

/** One report found on disk. */
export interface ReportEntry {
  /** Path relative to the root. */
  path: string;
  /** Page title. */
  title: string;
  /** Task name. */
  task: string;
  /** Run date (ISO). */
  date: string;
  /** Headline. */
  summary: string;
  /** A results.json lies beside it. */
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

/** The index page for `found` reports under `root`. */
export function renderIndex(found: ReportEntry[], root: string): string {
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
  return html;
}
