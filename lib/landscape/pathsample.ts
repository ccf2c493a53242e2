/**
 * PATHSAMPLE's exchange format (D. J. Wales, PATHSAMPLE documentation; read by disconnectionDPS):
 * - min.data: one line per minimum: energy, ln of the product of positive Hessian eigenvalues,
 *   point-group order, three principal moments of inertia (written as 1 1 1: not molecules).
 * - ts.data: energy, log-product (the negative eigenvalue excluded), point-group order, the two
 *   minima (1-based line numbers of min.data), three moments.
 * - points.min / points.ts: coordinates as raw little-endian float64, `dim` values per record
 *   (Fortran unformatted direct access, no record markers).
 * @module
 */
import { LandscapeDatabase } from "./database.ts";

function fmtE(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(17) : "0.0";
}

/** Writes min.data, ts.data, points.min and points.ts into `dir`. */
export async function exportPathsample(db: LandscapeDatabase, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/min.data`,
    db.minima.map((m) => `${fmtE(m.energy)} ${fmtE(m.logProductHessian)} 1 1.0 1.0 1.0`).join(
      "\n",
    ) + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/ts.data`,
    db.transitionStates.map((t) =>
      `${fmtE(t.energy)} ${fmtE(t.logProductHessian)} 1 ${t.minima[0] + 1} ${
        t.minima[1] + 1
      } 1.0 1.0 1.0`
    ).join("\n") + "\n",
  );
  const pack = (xs: Float64Array[]) => {
    const out = new Float64Array(xs.length * db.dim);
    xs.forEach((x, i) => out.set(x, i * db.dim));
    return new Uint8Array(out.buffer);
  };
  await Deno.writeFile(`${dir}/points.min`, pack(db.minima.map((m) => m.x)));
  await Deno.writeFile(`${dir}/points.ts`, pack(db.transitionStates.map((t) => t.x)));
}

/** Reads a PATHSAMPLE directory into a new in-memory database of dimension `dim`. */
export async function importPathsample(dir: string, dim: number): Promise<LandscapeDatabase> {
  const db = new LandscapeDatabase(dim, { tolerance: { energy: 0, distance: -1 } }); // keep every record
  const lines = (t: string) => t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const minLines = lines(await Deno.readTextFile(`${dir}/min.data`));
  const tsLines = lines(await Deno.readTextFile(`${dir}/ts.data`));
  const readPoints = async (name: string, count: number) => {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(`${dir}/${name}`);
    } catch {
      return Array.from({ length: count }, () => new Float64Array(dim).fill(NaN));
    }
    if (bytes.byteLength !== count * dim * 8) {
      throw new Error(`${dir}/${name}: ${bytes.byteLength} bytes, expected ${count}×${dim}×8`);
    }
    const all = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    return Array.from({ length: count }, (_, i) => all.slice(i * dim, (i + 1) * dim));
  };
  const pm = await readPoints("points.min", minLines.length);
  const pt = await readPoints("points.ts", tsLines.length);
  minLines.forEach((l, i) => {
    const f = l.split(/\s+/).map(Number);
    db.addMinimum(pm[i], f[0], { logProductHessian: f[1], index: 0, provenance: "import" });
  });
  tsLines.forEach((l, i) => {
    const f = l.split(/\s+/).map(Number);
    const [a, b] = [f[3] - 1, f[4] - 1];
    if (!(a >= 0 && a < minLines.length && b >= 0 && b < minLines.length)) {
      throw new Error(
        `${dir}/ts.data line ${i + 1}: minima ${f[3]}, ${f[4]} out of range 1..${minLines.length}`,
      );
    }
    db.addTransitionState({
      energy: f[0],
      x: pt[i],
      minima: [a, b],
      eigenvalue: NaN,
      logProductHessian: f[1],
      index: 1,
      provenance: "import",
    });
  });
  return db;
}
