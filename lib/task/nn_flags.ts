/**
 * Flag families shared by the neural-network tasks (nn-landscape, ensembles, auc-vs-ce,
 * feature-relevance): the data set, the network and the search effort, declared once.
 * @module
 */
import { BUILTIN_CLASSIFICATION } from "../studies/nn_explore.ts";
import type { BooleanFlag, NumberFlag, StringFlag } from "./flags.ts";

/** A numeric flag that always has a value. */
export type ValuedNumberFlag = NumberFlag & { default: number };

/** An integer flag ≥ `min` (default 1) with an optional `--quick` default. */
export function countFlag(help: string, value: number, quick?: number, min = 1): ValuedNumberFlag {
  return { type: "number", help, default: value, quick, integer: true, min };
}

/**
 * `--connect-per-minimum`: how far a spent pairwise connection budget is raised while the
 * landscape is not connected (`exploreMlp`'s `connectPerMinimum`).
 */
export function connectRaiseFlag(): ValuedNumberFlag {
  return {
    type: "number",
    help:
      "while the landscape is not connected, raise a spent --connect budget to this many attempts per stored minimum, at most 4× (0: never; up to 200 weights)",
    default: 2,
    // --quick runs finish in seconds: auc-vs-ce --quick took 38 s instead of 25 with the raise.
    quick: 0,
    min: 0,
  };
}

/** The defaults a task picks for {@link mlpFlags}. */
export interface MlpFlagDefaults {
  /** Built-in data set without --data (undefined: the task decides). */
  dataset?: string;
  /** Hidden units. */
  hidden: number;
  /** Weight penalty λ. */
  lambda: number;
  /** Basin-hopping steps per walker, and under --quick. */
  steps: [number, number];
  /** Extra choices of --dataset beyond the built-in classification sets. */
  extraDatasets?: string[];
}

/** The flags of {@link mlpFlags}; `--dataset` has a default when the task gave one. */
export type MlpFlagSchema<WithDefault extends boolean = true> = {
  /** `--dataset`. */
  dataset: WithDefault extends true ? StringFlag & { default: string } : StringFlag;
  /** `--hidden`. */
  hidden: ValuedNumberFlag;
  /** `--lambda`. */
  lambda: ValuedNumberFlag;
  /** `--steps`. */
  steps: ValuedNumberFlag;
  /** `--rescale`. */
  rescale: BooleanFlag;
};

/**
 * `--dataset --hidden --lambda --steps --rescale` with the task's defaults.
 *
 * @example
 * ```ts
 * import { mlpFlags } from "./nn_flags.ts";
 * import { parseTaskFlags } from "./flags.ts";
 * import assert from "node:assert/strict";
 * const schema = mlpFlags({ dataset: "moons", hidden: 3, lambda: 1e-4, steps: [300, 30] });
 * const f = parseTaskFlags(["--quick", "--hidden", "5"], "demo", schema);
 * assert.deepEqual([f.dataset, f.hidden, f.lambda, f.steps, f.rescale], ["moons", 5, 1e-4, 30, false]);
 * ```
 */
export function mlpFlags(d: MlpFlagDefaults & { dataset: string }): MlpFlagSchema<true>;
/** `--dataset` (no default) `--hidden --lambda --steps --rescale`. */
export function mlpFlags(d: MlpFlagDefaults): MlpFlagSchema<false>;
export function mlpFlags(d: MlpFlagDefaults): MlpFlagSchema<boolean> {
  return {
    dataset: {
      type: "string",
      help: d.dataset ? "built-in data without --data" : "only this built-in set",
      choices: [...(d.extraDatasets ?? []), ...BUILTIN_CLASSIFICATION],
      default: d.dataset,
    },
    hidden: {
      type: "number",
      help: "hidden units",
      default: d.hidden,
      integer: true,
      min: 1,
      max: 64,
    },
    lambda: { type: "number", help: "weight penalty λ", default: d.lambda, min: 0 },
    steps: countFlag("basin-hopping steps per walker", d.steps[0], d.steps[1]),
    rescale: { type: "boolean", help: "rescale inputs to [−1, 1]" },
  };
}
