/**
 * CSV loading with validation. Every problem is a one-line {@link UserError} that names the file,
 * the row (1-based, the header is row 1) and the column.
 * @module
 */
import { UserError } from "../util/errors.ts";

/** A numeric table: `X` is n×d row-major (features), `y` the target column. */
export interface Dataset {
  /** Where the data came from (a file path or a built-in name). */
  source: string;
  /** Feature column names, in the order of X's columns. */
  featureNames: string[];
  /** Target column name. */
  targetName: string;
  /** Number of rows. */
  n: number;
  /** Number of features. */
  d: number;
  /** Features, n×d row-major. */
  X: Float64Array;
  /** Target values, length n (class indices into `targetClasses` when that is set). */
  y: Float64Array;
  /**
   * With `categoricalTarget`, when the target column holds text: the distinct values, sorted;
   * `y[i]` is then the index of row i's value.
   */
  targetClasses?: string[];
}

/** Options for {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** Target column; default: the last column. */
  target?: string;
  /** Fewest data rows accepted (default 2). */
  minRows?: number;
  /** Reject a target with a single distinct value (default true). */
  rejectConstantTarget?: boolean;
  /**
   * Accept text in the target column (class labels such as "setosa"): the distinct values become
   * `targetClasses` and `y` their indices (default false: the target must be numeric).
   */
  categoricalTarget?: boolean;
}

/** Splits one CSV line into fields (RFC 4180 quotes, comma separator). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQuotes = false;
      } else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * Parses CSV text with a header row into a {@link Dataset}. `source` names it in errors.
 *
 * @example
 * ```ts
 * import { parseCsv } from "./csv.ts";
 * import assert from "node:assert/strict";
 * const ds = parseCsv("x,z,y\n1,2,3\n4,5,6\n", "inline", { target: "y" });
 * assert.deepEqual([ds.n, ds.d, ds.featureNames, Array.from(ds.y)], [2, 2, ["x", "z"], [3, 6]]);
 * assert.throws(() => parseCsv("x,y\n1,2\n3\n", "ragged.csv"), /ragged\.csv/);
 * ```
 */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): Dataset {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) throw new UserError(`${source}: the file is empty`);
  const header = splitCsvLine(lines[0]);
  if (header.length < 2) {
    const sep = [";", "\t", "|"].find((c) => lines[0].includes(c));
    if (sep) {
      throw new UserError(
        `${source}: row 1 (header) has no comma but contains ${
          sep === "\t" ? "tabs" : `"${sep}"`
        }: elml reads comma-separated files (convert the separator first)`,
      );
    }
    throw new UserError(
      `${source}: row 1 (header) has ${header.length} column; need a feature and a target`,
    );
  }
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === "") throw new UserError(`${source}: row 1 (header), column ${j + 1} has no name`);
    if (seen.has(h)) throw new UserError(`${source}: row 1 (header) names column "${h}" twice`);
    seen.add(h);
  });
  const target = options.target ?? header[header.length - 1];
  const tj = header.indexOf(target);
  if (tj < 0) {
    throw new UserError(
      `${source}: unknown target column "${target}" (columns: ${header.join(", ")})`,
    );
  }
  const rows: number[][] = [];
  const rawTarget: string[] = [];
  const textTarget = options.categoricalTarget === true;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const fields = splitCsvLine(lines[i]);
    if (fields.length !== header.length) {
      throw new UserError(
        `${source}: row ${i + 1} has ${fields.length} fields but the header has ${header.length}`,
      );
    }
    if (textTarget) rawTarget.push(fields[tj]);
    const row = fields.map((f, j) => {
      if (textTarget && j === tj) {
        if (f === "") {
          throw new UserError(`${source}: row ${i + 1}, column "${header[j]}": empty cell`);
        }
        return 0; // replaced below
      }
      const x = f === "" ? NaN : Number(f);
      if (f === "" || (Number.isNaN(x) && !/^[+-]?nan$/i.test(f))) {
        throw new UserError(
          `${source}: row ${i + 1}, column "${header[j]}": ${
            f === "" ? "empty cell" : `non-numeric value "${f}"`
          }`,
        );
      }
      if (!Number.isFinite(x)) {
        throw new UserError(
          `${source}: row ${i + 1}, column "${header[j]}": value ${f} is not finite`,
        );
      }
      return x;
    });
    rows.push(row);
  }
  const minRows = options.minRows ?? 2;
  if (rows.length < minRows) {
    throw new UserError(`${source}: ${rows.length} data rows; this needs at least ${minRows}`);
  }
  const n = rows.length;
  const d = header.length - 1;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < header.length; j++) {
      if (j === tj) y[i] = rows[i][j];
      else X[i * d + k++] = rows[i][j];
    }
  }
  let targetClasses: string[] | undefined;
  if (textTarget) {
    const numeric = rawTarget.every((f) => Number.isFinite(Number(f)));
    if (numeric) rawTarget.forEach((f, i) => (y[i] = Number(f)));
    else {
      targetClasses = [...new Set(rawTarget)].sort();
      const index = new Map(targetClasses.map((c, k) => [c, k]));
      rawTarget.forEach((f, i) => (y[i] = index.get(f)!));
    }
  }
  if ((options.rejectConstantTarget ?? true) && y.every((v) => v === y[0])) {
    throw new UserError(`${source}: target column "${target}" is constant (${y[0]})`);
  }
  return {
    source,
    featureNames: header.filter((_, j) => j !== tj),
    targetName: target,
    n,
    d,
    X,
    y,
    ...(targetClasses ? { targetClasses } : {}),
  };
}

/** Reads and parses a CSV file; a missing or unreadable file is a one-line {@link UserError}. */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<Dataset> {
  let text: string;
  try {
    const bytes = await Deno.readFile(path);
    // UTF-16 files (a byte-order mark, or NUL bytes between ASCII characters) would parse as text
    // full of NULs: say what they are instead.
    if (
      (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) ||
      bytes.subarray(0, 256).includes(0)
    ) {
      throw new UserError(`${path}: looks like UTF-16 (or binary); save it as UTF-8 text`);
    }
    text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof Deno.errors.NotFound) throw new UserError(`${path}: no such file`);
    if (e instanceof Deno.errors.IsADirectory) throw new UserError(`${path}: is a directory`);
    throw new UserError(`${path}: cannot read (${(e as Error).message.split("\n")[0]})`);
  }
  return parseCsv(text, path, options);
}
