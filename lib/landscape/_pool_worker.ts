/**
 * A worker of the float64 pool (pool.ts): rebuilds the landscape from its recipe, then answers
 * one task at a time (a connection search or a Hessian characterisation) in float64.
 * @module
 */
import type { Landscape, LandscapeRecipe } from "./types.ts";
import { pointCharacter, searchPair } from "./pair_search.ts";

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
        | { kind: "characterize"; x: Float64Array };
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
      : pointCharacter(landscape, t.x);
    scope.postMessage({ ok: true, value });
  } catch (err) {
    scope.postMessage({ ok: false, error: (err as Error)?.message ?? String(err) });
  }
};
