/**
 * A task's flags as a schema: one declaration gives the `--help` text, parsing with
 * `node:util` `parseArgs`, defaults (which may differ under `--quick`), range checks and one-line
 * errors. The shared flags of DESIGN.md ("Commands and outputs") are added to every task.
 * @module
 */
import { parseArgs } from "node:util";
import { UserError } from "../util/errors.ts";

/** A boolean switch (`--ard`). */
export interface BooleanFlag {
  /** Discriminant. */
  type: "boolean";
  /** One line for `--help`. */
  help: string;
}

/** A text flag, optionally restricted to a list of choices. */
export interface StringFlag {
  /** Discriminant. */
  type: "string";
  /** One line for `--help`. */
  help: string;
  /** Value when the flag is absent (undefined when omitted). */
  default?: string;
  /** Allowed values; anything else is a one-line error. */
  choices?: readonly string[];
  /** Placeholder in the help text (default `VALUE`). */
  placeholder?: string;
}

/** A numeric flag with optional range constraints. */
export interface NumberFlag {
  /** Discriminant. */
  type: "number";
  /** One line for `--help`. */
  help: string;
  /** Value when the flag is absent (undefined when omitted: the task picks one). */
  default?: number;
  /** Value when the flag is absent and `--quick` is given (default: `default`). */
  quick?: number;
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Whole numbers only. */
  integer?: boolean;
}

/** One flag of a task. */
export type FlagDef = BooleanFlag | StringFlag | NumberFlag;

/** A task's own flags by name (without the leading dashes). */
export type FlagSchema = Record<string, FlagDef>;

/** The value type a flag definition parses to. */
export type FlagValue<D extends FlagDef> = D extends BooleanFlag ? boolean
  : D extends NumberFlag ? (D extends { default: number } ? number : number | undefined)
  : D extends { default: string } ? string
  : string | undefined;

/** Flags every task accepts. */
export interface CommonFlagValues {
  /** `--data FILE.csv`. */
  data?: string;
  /** `--target COLUMN` (needs `--data`). */
  target?: string;
  /** `--out DIR` (default `reports/<task>`). */
  out: string;
  /** `--seed N` (default 1). */
  seed: number;
  /** `--quick`: a small run for tests. */
  quick: boolean;
  /** `--cpu` or `ELML_DEVICE=cpu`. */
  cpu: boolean;
  /** `--resume`: reuse the checkpoints of an earlier run with the same settings. */
  resume: boolean;
  /** `--help`. */
  help: boolean;
}

/** `nu-min` → `nuMin`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}`
  ? `${H}${Capitalize<CamelCase<T>>}`
  : S;

/** Parsed flags: the shared ones plus the task's own (camelCase keys), typed by its schema. */
export type ParsedFlags<S extends FlagSchema> =
  & CommonFlagValues
  & { [K in keyof S as CamelCase<K & string>]: FlagValue<S[K]> };

/** The shared flags, in help order. */
export const COMMON_FLAGS: Readonly<Record<string, BooleanFlag | StringFlag>> = {
  data: { type: "string", help: "a CSV file with a header row", placeholder: "FILE.csv" },
  target: { type: "string", help: "the target column of --data", placeholder: "COL" },
  out: { type: "string", help: "output folder (default reports/<task>)", placeholder: "DIR" },
  seed: { type: "string", help: "base random seed (default 1)", placeholder: "N" },
  quick: { type: "boolean", help: "a small run that finishes in seconds (for tests)" },
  cpu: { type: "boolean", help: "float64 CPU path only, no WebGPU (also ELML_DEVICE=cpu)" },
  resume: {
    type: "boolean",
    help: "continue a killed run from DIR/checkpoint/ (same settings only)",
  },
  help: { type: "boolean", help: "this text" },
};

function camel(name: string): string {
  return name.replace(/-([a-zA-Z])/g, (_, c: string) => c.toUpperCase());
}

function placeholder(d: FlagDef): string {
  if (d.type === "boolean") return "";
  if (d.type === "number") return d.integer ? " N" : " X";
  return d.choices ? ` ${d.choices.join("|")}` : ` ${d.placeholder ?? "VALUE"}`;
}

function defaultText(d: FlagDef): string {
  if (d.type === "number") {
    if (d.default === undefined) return "";
    return d.quick !== undefined && d.quick !== d.default
      ? ` [${d.default}; --quick ${d.quick}]`
      : ` [${d.default}]`;
  }
  if (d.type === "string" && d.default !== undefined) return ` [${d.default}]`;
  return "";
}

/** The `--help` text: usage line, description, the task's flags, then the shared ones. */
export function helpText(task: string, description: string, schema: FlagSchema): string {
  const rows = (s: Record<string, FlagDef>) =>
    Object.entries(s).map(([name, d]) => {
      const left = `  --${name}${placeholder(d)}`;
      return `${left.padEnd(30)} ${d.help}${defaultText(d)}`;
    });
  const own = Object.keys(schema).length ? ["Options:", ...rows(schema), ""] : [];
  return [
    `deno task ${task} [options]`,
    "",
    description.trim(),
    "",
    ...own,
    "Shared options:",
    ...rows(COMMON_FLAGS),
  ].join("\n");
}

function checkNumber(name: string, raw: unknown, d: NumberFlag): number {
  const x = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(x)) {
    throw new UserError(`--${name} must be a finite number, got "${raw}"`);
  }
  if (d.integer && !Number.isInteger(x)) {
    throw new UserError(`--${name} must be an integer, got ${raw}`);
  }
  if (d.min !== undefined && x < d.min) {
    throw new UserError(`--${name} must be ≥ ${d.min}, got ${raw}`);
  }
  if (d.max !== undefined && x > d.max) {
    throw new UserError(`--${name} must be ≤ ${d.max}, got ${raw}`);
  }
  if (d.above !== undefined && !(x > d.above)) {
    throw new UserError(`--${name} must be > ${d.above}, got ${raw}`);
  }
  return x;
}

/**
 * Parses `args` against the shared flags and `schema`. Flag names with dashes become camelCase
 * keys (`--nu-min` → `nuMin`). Unknown flags, stray arguments, bad numbers and values outside
 * `choices` are a {@link UserError} with a one-line message.
 *
 * @example
 * ```ts
 * import { parseTaskFlags } from "./flags.ts";
 * import assert from "node:assert/strict";
 * const f = parseTaskFlags(["--steps", "12", "--quick"], "demo", {
 *   steps: { type: "number", help: "steps", default: 100, quick: 10, integer: true },
 * });
 * assert.equal(f.steps, 12);
 * assert.equal(f.quick, true);
 * assert.equal(f.out, "reports/demo");
 * ```
 */
export function parseTaskFlags<S extends FlagSchema>(
  args: string[],
  task: string,
  schema: S,
): ParsedFlags<S> {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, d] of Object.entries({ ...COMMON_FLAGS, ...schema })) {
    options[name] = { type: d.type === "boolean" ? "boolean" : "string" };
  }
  options.help.short = "h";
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    const lines = (e as Error).message.split("\n");
    // parseArgs reads "--nu-min -1" as two flags; its last line says how to write a negative value.
    const hint = lines.find((l) => l.includes("starting with a dash"));
    throw new UserError(`${task}: ${lines[0]}${hint ? ` ${hint.trim()}` : ""}`);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const seed = v.seed === undefined
    ? 1
    : checkNumber("seed", v.seed, { type: "number", help: "", default: 1, integer: true });
  const out: Record<string, unknown> = {
    data: v.data,
    target: v.target,
    out: (v.out as string | undefined) ?? `reports/${task}`,
    seed,
    quick: Boolean(v.quick),
    cpu: Boolean(v.cpu) || Deno.env.get("ELML_DEVICE") === "cpu",
    resume: Boolean(v.resume),
    help: Boolean(v.help),
  };
  if (out.target !== undefined && out.data === undefined) {
    throw new UserError(`${task}: --target needs --data FILE.csv`);
  }
  if (out.data !== undefined && "dataset" in schema && v.dataset !== undefined) {
    throw new UserError(`${task}: give --data or --dataset, not both`);
  }
  const device = Deno.env.get("ELML_DEVICE");
  if (device !== undefined && device !== "" && device !== "cpu") {
    throw new UserError(`ELML_DEVICE must be "cpu" or unset, got "${device}"`);
  }
  for (const [name, d] of Object.entries(schema)) {
    const raw = v[name];
    let value: unknown;
    if (d.type === "boolean") value = Boolean(raw);
    else if (d.type === "number") {
      value = raw === undefined
        ? (out.quick && d.quick !== undefined ? d.quick : d.default)
        : checkNumber(name, raw, d);
    } else {
      value = raw ?? d.default;
      if (value !== undefined && d.choices && !d.choices.includes(value as string)) {
        const allowed = d.choices.length === 2
          ? d.choices.join(" or ")
          : `one of ${d.choices.join(", ")}`;
        throw new UserError(`--${name} must be ${allowed}, got "${value}"`);
      }
    }
    out[camel(name)] = value;
  }
  return out as ParsedFlags<S>;
}
