/**
 * Shared command-line plumbing for scripts/: flag parsing with `node:util` `parseArgs`, number
 * flags with range checks, and {@link runMain}, which turns a {@link UserError} into one line on
 * stderr and a non-zero exit.
 * @module
 */
import { parseArgs } from "node:util";
import { UserError } from "./errors.ts";

/** Flags every task accepts (DESIGN.md, "Commands and outputs"). */
export interface CommonFlags {
  data?: string;
  target?: string;
  out: string;
  seed: number;
  quick: boolean;
  cpu: boolean;
  help: boolean;
}

/** A flag spec in the shape `parseArgs` wants. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

const COMMON: FlagSpec = {
  data: { type: "string" },
  target: { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  quick: { type: "boolean" },
  cpu: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** Result of {@link parseFlags}: the common flags and the raw values of the task's own. */
export interface ParsedFlags {
  common: CommonFlags;
  values: Record<string, string | boolean | undefined>;
}

/**
 * Parses `args` with the common flags plus `extra`. Unknown flags and stray positional arguments
 * are a {@link UserError}.
 */
export function parseFlags(args: string[], task: string, extra: FlagSpec = {}): ParsedFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...COMMON, ...extra },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UserError(`${task}: ${(e as Error).message.split("\n")[0]}`);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const common: CommonFlags = {
    data: v.data as string | undefined,
    target: v.target as string | undefined,
    out: (v.out as string | undefined) ?? `reports/${task}`,
    seed: numberFlag(v, "seed", 1, { integer: true }),
    quick: Boolean(v.quick),
    cpu: Boolean(v.cpu) || Deno.env.get("ELML_DEVICE") === "cpu",
    help: Boolean(v.help),
  };
  if (common.target !== undefined && common.data === undefined) {
    throw new UserError(`${task}: --target needs --data FILE.csv`);
  }
  return { common, values: v };
}

/** Range constraints for {@link numberFlag}. */
export interface NumberConstraint {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  integer?: boolean;
}

/** Reads a numeric flag, with a one-line error when it is not a number or out of range. */
export function numberFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
  c: NumberConstraint = {},
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(x)) {
    throw new UserError(`--${name} must be a finite number, got "${raw}"`);
  }
  if (c.integer && !Number.isInteger(x)) {
    throw new UserError(`--${name} must be an integer, got ${raw}`);
  }
  if (c.min !== undefined && x < c.min) {
    throw new UserError(`--${name} must be ≥ ${c.min}, got ${raw}`);
  }
  if (c.max !== undefined && x > c.max) {
    throw new UserError(`--${name} must be ≤ ${c.max}, got ${raw}`);
  }
  if (c.above !== undefined && !(x > c.above)) {
    throw new UserError(`--${name} must be > ${c.above}, got ${raw}`);
  }
  return x;
}

/**
 * Runs a script's main function. A {@link UserError} prints `error: <message>` and exits 1; any
 * other error prints one line too (the stack with `ELML_DEBUG=1`) and exits 2.
 */
export async function runMain(main: (args: string[]) => Promise<void>): Promise<void> {
  try {
    await main(Deno.args);
  } catch (e) {
    const err = e as Error;
    if (err instanceof UserError) {
      console.error(`error: ${err.message}`);
      Deno.exit(1);
    }
    if (Deno.env.get("ELML_DEBUG")) console.error(err?.stack ?? err);
    else {
      console.error(
        `error: ${err?.name ?? "Error"}: ${String(err?.message ?? err).split("\n")[0]}` +
          " (ELML_DEBUG=1 shows the stack)",
      );
    }
    Deno.exit(2);
  }
}
