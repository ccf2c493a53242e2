/**
 * A worker of the float64 pool (pool.ts): rebuilds the landscape from its recipe, then answers
 * one task at a time (a connection search, a Hessian characterisation or a minimisation) in
 * float64.
 * @module
 */
import type { Landscape, LandscapeRecipe } from "./types.ts";
import {
  descendToMinimum,
  pointCharacter,
  searchFromMinimum,
  searchPair,
  type SingleEndedOptions,
} from "./pair_search.ts";
import { minimize, type MinimizeOptions } from "./minimize.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
let landscape: Landscape | null = null;

scope.onmessage = async (e: MessageEvent) => {
  const msg = e.data as
    | { type: "init"; recipe: LandscapeRecipe }
    | {
      type: "task";
      task:
        | { kind: "searchPair"; xa: Float64Array; xb: Float64Array; options: object }
        | { kind: "searchFrom"; x: Float64Array; options: SingleEndedOptions }
        | { kind: "characterize"; x: Float64Array; denseBelow?: number }
        | { kind: "minimize"; x: Float64Array; options: MinimizeOptions }
        | {
          kind: "descend";
          x: Float64Array;
          energy: number;
          onBound: boolean;
          options: { minimize?: MinimizeOptions; denseBelow?: number; escapes?: number };
        };
    };
  try {
    if (msg.type === "init") {
      const mod = await import(msg.recipe.module);
      const factory = mod[msg.recipe.factory];
      if (typeof factory !== "function") {
        throw new Error(`${msg.recipe.module} exports no function ${msg.recipe.factory}`);
      }
      landscape = await factory(msg.recipe.args);
      scope.postMessage({ ok: true, value: null });
      return;
    }
    if (!landscape) throw new Error("task before init");
    const t = msg.task;
    const value = t.kind === "searchPair"
      ? await searchPair(landscape, t.xa, t.xb, t.options)
      : t.kind === "searchFrom"
      ? searchFromMinimum(landscape, t.x, t.options)
      : t.kind === "minimize"
      ? minimize(landscape, t.x, t.options)
      : t.kind === "descend"
      ? descendToMinimum(landscape, t.x, t.energy, t.onBound, t.options)
      : pointCharacter(landscape, t.x, t.denseBelow);
    scope.postMessage({ ok: true, value });
  } catch (err) {
    scope.postMessage({ ok: false, error: (err as Error)?.message ?? String(err) });
  }
};
