/**
 * Inline display in notebooks (`deno jupyter`): {@link show} wraps a landscape database, report
 * sections, a study report or SVG/HTML markup in an object that the Deno kernel renders through the
 * `Symbol.for("Jupyter.display")` protocol (a MIME bundle: text/html with a text/plain fallback).
 * Outside a notebook the wrapper is an ordinary object; `toString()` gives the plain text.
 * @module
 */
import type { LandscapeDatabase } from "../landscape/database.ts";
import { connectivity, summarizeLandscape } from "../landscape/analysis.ts";
import { disconnectivityGraph } from "../landscape/disconnectivity.ts";
import { disconnectivityFigure } from "./figures/landscape.ts";
import { escapeHtml, fmt, type Section, sectionHtml, tableHtml } from "./html.ts";
import { INTERACTIVE_CSS, INTERACTIVE_SCRIPT } from "./_interactive_script.ts";

/** The key the Deno Jupyter kernel looks up on a cell's value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string>;

/** What {@link show} returns: rendered inline by `deno jupyter`. */
export interface Displayable {
  /** The MIME bundle the kernel displays. */
  [JUPYTER_DISPLAY](): MimeBundle;
  /** The plain-text form. */
  toString(): string;
}

/** Something {@link show} can display. */
export type Showable =
  | LandscapeDatabase
  | Section
  | Section[]
  | { title: string; summary?: string; sections: Section[] }
  | string;

function displayable(bundle: MimeBundle): Displayable {
  return {
    [JUPYTER_DISPLAY]: () => bundle,
    toString: () => bundle["text/plain"] ?? "",
  };
}

function isDatabase(x: unknown): x is LandscapeDatabase {
  return typeof x === "object" && x !== null && "minima" in x && "transitionStates" in x &&
    "dim" in x;
}

/** A landscape: counts, connectivity, barriers and its disconnectivity graph. */
function landscapeBundle(db: LandscapeDatabase, energyLabel: string): MimeBundle {
  const s = summarizeLandscape(db), c = connectivity(db);
  const line = `${s.minima} minima (${s.onBoundMinima} on a bound), ${s.transitionStates} ` +
    `transition states, ${fmt(100 * c.fraction, 3)}% of the interior minima connected to the ` +
    `global minimum (${energyLabel} ${fmt(s.globalMinimumEnergy, 6)})`;
  const table = tableHtml({
    columns: ["quantity", "value"],
    rows: [
      ["minima", s.minima],
      ["on a bound", s.onBoundMinima],
      ["transition states", s.transitionStates],
      ["connected to the global minimum", `${fmt(100 * c.fraction, 3)}%`],
      [`global minimum ${energyLabel}`, s.globalMinimumEnergy],
      ["energy spread", s.energySpread],
      [
        "barriers (min / median / max)",
        `${fmt(s.barriers.min)} / ${fmt(s.barriers.median)} / ${fmt(s.barriers.max)}`,
      ],
    ],
  });
  const graph = db.transitionStates.length
    ? disconnectivityFigure(disconnectivityGraph(db, { levels: 20, excludeOnBound: false }), {
      energyLabel,
      width: 480,
      height: 320,
    })
    : `<p>No transition state: a single basin per minimum, no graph to draw.</p>`;
  return {
    "text/html": `<div><p>${escapeHtml(line)}</p>${table}${graph}</div>`,
    "text/plain": line,
  };
}

/**
 * Wraps `x` for inline display in `deno jupyter` (make it a cell's last expression). A landscape
 * database shows its counts, connectivity and disconnectivity graph; sections and study reports
 * (e.g. `sweepNuReport(...)`) their HTML; a string is SVG (when it starts with `<svg`) or HTML.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY, show } from "./jupyter.ts";
 * import assert from "node:assert/strict";
 * const d = show({ title: "Hello", text: "a < b" });
 * const bundle = d[JUPYTER_DISPLAY]();
 * assert.ok(bundle["text/html"].includes("<h2>Hello</h2>"));
 * assert.ok(bundle["text/html"].includes("a &lt; b"));
 * ```
 */
export function show(x: Showable, options: { energyLabel?: string } = {}): Displayable {
  if (typeof x === "string") {
    const svg = x.trimStart().startsWith("<svg");
    return displayable(
      svg
        ? { "image/svg+xml": x, "text/html": x, "text/plain": "[SVG figure]" }
        : { "text/html": x, "text/plain": x.replace(/<[^>]*>/g, "").trim() },
    );
  }
  if (isDatabase(x)) return displayable(landscapeBundle(x, options.energyLabel ?? "energy"));
  const sections = Array.isArray(x) ? x : "sections" in x ? x.sections : [x];
  const head = !Array.isArray(x) && "sections" in x
    ? `<h1>${escapeHtml(x.title)}</h1>${x.summary ? `<p><b>${escapeHtml(x.summary)}</b></p>` : ""}`
    : "";
  const plain = !Array.isArray(x) && "sections" in x
    ? `${x.title}${x.summary ? `: ${x.summary}` : ""}`
    : sections.map((s) => s.title).join("; ");
  const body = sections.map(sectionHtml).join("\n");
  // Interactive blocks bring their CSS and script (each block is set up once, however many
  // outputs run the script).
  const interactive = /data-elml-(landscape=|nu-picker)/.test(body)
    ? `<style>${INTERACTIVE_CSS}</style><script>${INTERACTIVE_SCRIPT}</script>`
    : "";
  return displayable({
    "text/html": `<div>${head}${body}${interactive}</div>`,
    "text/plain": plain,
  });
}
