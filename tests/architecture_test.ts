/**
 * The layering of DESIGN.md, checked on the source: which lib/ folder may import which, no import
 * cycle between modules, thin scripts, and mod.ts re-exporting only.
 */
import assert from "node:assert/strict";
import { repoPath } from "./helpers.ts";

/** What each lib/ folder may import (besides itself); models may use only the Landscape types. */
const ALLOWED: Record<string, string[]> = {
  util: [],
  special: ["util"],
  linalg: ["util", "special"],
  gpu: ["util"],
  data: ["util", "special", "linalg"],
  landscape: ["util", "special", "linalg"],
  models: ["util", "special", "linalg", "gpu", "data", "landscape/types.ts"],
  report: ["util", "landscape"],
  studies: ["util", "special", "linalg", "gpu", "data", "landscape", "models", "report"],
  task: ["util", "special", "linalg", "gpu", "data", "landscape", "models", "report", "studies"],
};

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(repoPath(dir))) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await sources(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

/** Relative imports of a file (static, re-exports and type-only included), as repo paths. */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(repoPath(file));
  const dir = file.split("/").slice(0, -1).join("/");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s*"(\.[^"]+)"/g)]
    .map((m) => m[1]);
  return specs.map((s) => normalise(`${dir}/${s}`));
}

Deno.test("lib/ folders import only the layers below them", async () => {
  const bad: string[] = [];
  for (const file of await sources("lib")) {
    const layer = file.split("/")[1];
    if (!layer.endsWith(".ts") && !(layer in ALLOWED)) bad.push(`${file}: unknown layer ${layer}`);
    if (layer.endsWith(".ts")) continue; // lib/deps.ts
    for (const imp of await importsOf(file)) {
      if (imp.startsWith("shaders/") || imp === "lib/deps.ts" || imp === "lib/version.ts") continue;
      const rest = imp.replace(/^lib\//, "");
      const target = rest.split("/")[0];
      if (target === layer) continue;
      const ok = ALLOWED[layer].some((a) => a === target || a === rest);
      if (!ok) bad.push(`${file} imports ${imp}`);
    }
  }
  assert.deepEqual(bad, []);
});

Deno.test("no import cycle between modules of lib/", async () => {
  const files = await sources("lib");
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, (await importsOf(f)).filter((i) => i.startsWith("lib/")));
  const state = new Map<string, 1 | 2>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === 2) return;
    if (state.get(f) === 1) {
      cycles.push([...path.slice(path.indexOf(f)), f].join(" → "));
      return;
    }
    state.set(f, 1);
    for (const g of graph.get(f) ?? []) visit(g, [...path, f]);
    state.set(f, 2);
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});

Deno.test("scripts are thin: at most 150 lines each, and mod.ts only re-exports", async () => {
  for (const file of await sources("scripts")) {
    const lines = (await Deno.readTextFile(repoPath(file))).split("\n").length;
    assert.ok(lines <= 150, `${file}: ${lines} lines`);
  }
  const mod = await Deno.readTextFile(repoPath("mod.ts"));
  const code = mod.replace(/\/\*\*[\s\S]*?\*\//g, "").split("\n").filter((l) => l.trim());
  assert.ok(
    code.every((l) => /^export \* from "\.\/lib\/[a-z]+\/mod\.ts";$/.test(l)),
    code.join("\n"),
  );
});

Deno.test("lib/version.ts states deno.json's version", async () => {
  const { ELML_VERSION } = await import("../lib/version.ts");
  const cfg = JSON.parse(await Deno.readTextFile(repoPath("deno.json")));
  assert.equal(ELML_VERSION, cfg.version);
});
