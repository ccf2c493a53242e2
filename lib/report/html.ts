/**
 * One self-contained HTML page per run: inline CSS, inline SVG figures, tables, run parameters,
 * timings and the device used — and no network requests at all — plus results.json beside it.
 * @module
 */

import { INTERACTIVE_CSS, INTERACTIVE_SCRIPT } from "./_interactive_script.ts";

/** A table: column headers and rows of cells (numbers are formatted with {@link fmt}). */
export interface Table {
  /** Column headers. */
  columns: string[];
  /** Rows of cells; null, NaN and undefined cells print as a dash with a footnote. */
  rows: (string | number | null | undefined)[][];
  /** Caption above the table. */
  caption?: string;
  /** Why some cells are missing, for the footnote (a generic reason when omitted). */
  missing?: string;
}

/** The marker printed for a value that is not defined (never "NaN" or "undefined"). */
export const MISSING = "–";

/** The footnote's reason when a table gives none. */
export const MISSING_REASON =
  "not defined for this run (for example a statistic of fewer than two values, a correlation with no spread, or an AUC of a problem that is not binary)";

/** A report section: any of prose (escaped), trusted HTML, figures (SVG markup) and tables. */
export interface Section {
  /** Section heading. */
  title: string;
  /** Prose (escaped); blank lines separate paragraphs. */
  text?: string;
  /** Trusted HTML, inserted as is. */
  html?: string;
  /** Figures (SVG markup) with optional captions. */
  figures?: { svg: string; caption?: string }[];
  /** Tables. */
  tables?: Table[];
}

/** Everything a report page shows. */
export interface ReportSpec {
  /** Page title. */
  title: string;
  /** The task that produced it, e.g. "selftest". */
  task: string;
  /** One-paragraph summary shown first. */
  summary?: string;
  /** Run parameters (flags, seeds, data source). */
  params: Record<string, unknown>;
  /** Wall-clock timings in seconds, by stage. */
  timings: Record<string, number>;
  /** The device that computed it (describeBackend). */
  device: string;
  /** The page's sections. */
  sections: Section[];
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Formats a number compactly with `digits` significant digits (integers as they are). */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(digits - 1);
  return x.toPrecision(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/** True for a cell that holds no defined value. */
function isMissing(c: unknown): boolean {
  return c === null || c === undefined || (typeof c === "number" && Number.isNaN(c));
}

/**
 * Renders a table to HTML. Cells without a defined value (null, undefined, NaN, or text holding
 * "NaN"/"undefined") print as {@link MISSING}, and a footnote under the table says why.
 *
 * @example
 * ```ts
 * import { tableHtml } from "./html.ts";
 * import assert from "node:assert/strict";
 * const html = tableHtml({ columns: ["AUC"], rows: [[NaN], ["NaN / 0.5"]], missing: "one class" });
 * assert.ok(!html.includes("NaN"));
 * assert.match(html, /– marks a value that is not defined: one class/);
 * ```
 */
export function tableHtml(t: Table): string {
  let missing = 0;
  const cell = (c: string | number | null | undefined): string => {
    if (isMissing(c)) {
      missing++;
      return MISSING;
    }
    if (typeof c === "number") return fmt(c);
    const text = String(c);
    const clean = text.replace(/\b(NaN|undefined)\b/g, MISSING);
    if (clean !== text) missing++;
    return clean;
  };
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = t.rows.map((r) =>
    `<tr>${
      r.map((c) => `<td${typeof c === "number" ? ' class="num"' : ""}>${escapeHtml(cell(c))}</td>`)
        .join("")
    }</tr>`
  ).join("\n");
  const cap = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : "";
  const note = missing
    ? `<p class="footnote">${MISSING} marks a value that is not defined: ${
      escapeHtml(t.missing ?? MISSING_REASON)
    }.</p>`
    : "";
  return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}
.meta{color:#666;font-size:.9em}.summary{background:#f6f8fa;padding:.8em 1em;border-left:4px solid #4269d0}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:top;text-align:left;color:#555;padding:.2em 0}
figure{margin:1em 0}figcaption{color:#555;font-size:.9em}svg{max-width:100%;height:auto}
code,pre{font-family:ui-monospace,monospace;font-size:.88em}.footnote{color:#666;font-size:.85em;margin-top:-.4em}`;

/** One report section as HTML (heading, paragraphs, raw HTML, figures, tables). */
export function sectionHtml(s: Section): string {
  const parts = [`<h2>${escapeHtml(s.title)}</h2>`];
  if (s.text) parts.push(...s.text.split(/\n\n+/).map((p) => `<p>${escapeHtml(p)}</p>`));
  if (s.html) parts.push(s.html);
  for (const f of s.figures ?? []) {
    parts.push(
      `<figure>${f.svg}${
        f.caption ? `<figcaption>${escapeHtml(f.caption)}</figcaption>` : ""
      }</figure>`,
    );
  }
  for (const t of s.tables ?? []) parts.push(tableHtml(t));
  return `<section>${parts.join("\n")}</section>`;
}

/** Renders the whole page. */
export function renderReport(spec: ReportSpec, now: Date = new Date()): string {
  const params: Table = {
    columns: ["parameter", "value"],
    rows: Object.entries(spec.params).map((
      [k, v],
    ) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  };
  const timings: Table = {
    columns: ["stage", "seconds"],
    rows: Object.entries(spec.timings).map(([k, v]) => [k, Number(v.toFixed(3))]),
  };
  const sections = spec.sections.map(sectionHtml).join("\n");
  // The interactive blocks' CSS and script, only on pages that have one.
  const interactive = /data-elml-(landscape=|nu-picker)/.test(sections);
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="elml-task" content="${escapeHtml(spec.task)}"><meta name="elml-date" content="${
    escapeHtml(now.toISOString())
  }"><meta name="elml-summary" content="${escapeHtml(spec.summary ?? "")}">
<title>${escapeHtml(spec.title)}</title><style>${CSS}${
    interactive ? INTERACTIVE_CSS : ""
  }</style></head>
<body>
<h1>${escapeHtml(spec.title)}</h1>
<p class="meta">elml · task <code>${escapeHtml(spec.task)}</code> · ${
    escapeHtml(now.toISOString())
  } · device: ${escapeHtml(spec.device)} · page @PAGE-SIZE@</p>
${spec.summary ? `<p class="summary">${escapeHtml(spec.summary)}</p>` : ""}
${sections}
<h2>Run parameters</h2>
${tableHtml(params)}
<h2>Timings</h2>
${tableHtml(timings)}
${interactive ? `<script>${INTERACTIVE_SCRIPT}</script>` : ""}
</body></html>
`;
  const data = [...sections.matchAll(/<script type="application\/json"[^>]*>([^<]*)<\/script>/g)]
    .reduce((s, m) => s + m[1].length, 0);
  const kB = (n: number) => (n / 1024).toFixed(n < 10240 ? 1 : 0);
  return page.replace(
    "@PAGE-SIZE@",
    `${kB(page.length)} kB` +
      (interactive
        ? ` (interactive: ${kB(data)} kB data, ${kB(INTERACTIVE_SCRIPT.length)} kB script)`
        : ""),
  );
}

/** Writes a file atomically (temporary file + rename), so a killed run never leaves half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${Deno.pid}`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, path);
}

/**
 * Writes `dir/report.html` and `dir/results.json` (each atomically); returns their paths.
 *
 * @example
 * ```ts
 * import { writeReport } from "./html.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const spec = { title: "t", task: "demo", params: {}, timings: {}, device: "cpu", sections: [] };
 * const p = await writeReport(dir, spec, { x: Float64Array.of(1.5), bad: NaN });
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(p.json)), { x: [1.5], bad: null });
 * assert.match(await Deno.readTextFile(p.html), /<meta name="elml-task" content="demo">/);
 * ```
 */
export async function writeReport(
  dir: string,
  spec: ReportSpec,
  results: unknown,
): Promise<{ html: string; json: string }> {
  await Deno.mkdir(dir, { recursive: true });
  const html = `${dir}/report.html`, json = `${dir}/results.json`;
  await writeFileAtomic(json, JSON.stringify(results, jsonReplacer, 2) + "\n");
  await writeFileAtomic(html, renderReport(spec));
  return { html, json };
}

/** JSON replacer: typed arrays as arrays, non-finite numbers as null. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as number[]);
  }
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** Figures laid out side by side (wrapping on narrow screens), for a Section's `html`. */
export function sideBySide(figures: { svg: string; caption?: string }[]): string {
  return `<div style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start">${
    figures.map((f) =>
      `<figure style="margin:0;flex:1 1 400px;max-width:560px;min-width:0">${f.svg}${
        f.caption ? `<figcaption>${escapeHtml(f.caption)}</figcaption>` : ""
      }</figure>`
    ).join("")
  }</div>`;
}
