/**
 * Kinetic networks from files: PATHSAMPLE's min.data, ts.data and min.A / min.B, and elml
 * databases. Every malformed line is a one-line error naming the file and line.
 * @module
 */
import { UserError } from "../util/errors.ts";
import type { LandscapeDatabase } from "./database.ts";
import type { KineticNetwork } from "./kinetics.ts";

function rows(text: string): { line: number; f: number[]; raw: string }[] {
  return text.split(/\r?\n/).map((raw, k) => ({ line: k + 1, raw: raw.trim() }))
    .filter((r) => r.raw.length > 0)
    .map((r) => ({ ...r, f: r.raw.split(/\s+/).map(Number) }));
}

/** min.data: `E F order Ix Iy Iz` per minimum (the moments of inertia are not used). */
export function parseMinData(
  text: string,
  source: string,
): Pick<KineticNetwork, "energies" | "logProducts" | "orders"> {
  const energies: number[] = [], logProducts: number[] = [], orders: number[] = [];
  for (const r of rows(text)) {
    if (r.f.length < 3 || r.f.slice(0, 3).some((v) => !Number.isFinite(v))) {
      throw new UserError(
        `${source} line ${r.line}: expected energy, ln Πλ and order, got "${r.raw}"`,
      );
    }
    if (!(r.f[2] >= 1)) {
      throw new UserError(`${source} line ${r.line}: point-group order must be ≥ 1, got ${r.f[2]}`);
    }
    energies.push(r.f[0]);
    logProducts.push(r.f[1]);
    orders.push(r.f[2]);
  }
  if (!energies.length) throw new UserError(`${source}: no minima`);
  return { energies, logProducts, orders };
}

/** ts.data: `E F order m1 m2 Ix Iy Iz` per transition state (minima 1-based). */
export function parseTsData(
  text: string,
  source: string,
  minima: number,
): KineticNetwork["transitionStates"] {
  return rows(text).map((r) => {
    if (r.f.length < 5 || r.f.slice(0, 5).some((v) => !Number.isFinite(v))) {
      throw new UserError(
        `${source} line ${r.line}: expected energy, ln Πλ, order and two minima, got "${r.raw}"`,
      );
    }
    const [energy, logProduct, order, m1, m2] = r.f;
    for (const m of [m1, m2]) {
      if (!Number.isInteger(m) || m < 1 || m > minima) {
        throw new UserError(
          `${source} line ${r.line}: minimum ${m} does not exist (min.data has ${minima})`,
        );
      }
    }
    if (!(order >= 1)) {
      throw new UserError(`${source} line ${r.line}: point-group order must be ≥ 1, got ${order}`);
    }
    return { energy, logProduct, order, a: m1 - 1, b: m2 - 1 };
  });
}

/**
 * topsearch's min.data (IBM/topography-searcher, `KineticTransitionNetwork.dump_network`): `index
 * energy` per minimum, indices 0-based and in order. It stores no Hessian data, so every
 * log-product is 0 and every order 1: rates then carry a unit prefactor (stated in the report).
 */
export function parseTopsearchMinData(
  text: string,
  source: string,
): Pick<KineticNetwork, "energies" | "logProducts" | "orders"> {
  const energies: number[] = [];
  for (const r of rows(text)) {
    if (r.f.length !== 2 || r.f.some((v) => !Number.isFinite(v))) {
      throw new UserError(`${source} line ${r.line}: expected "index energy", got "${r.raw}"`);
    }
    if (r.f[0] !== energies.length) {
      throw new UserError(
        `${source} line ${r.line}: minimum index ${
          r.f[0]
        }, expected ${energies.length} (0-based, in order)`,
      );
    }
    energies.push(r.f[1]);
  }
  if (!energies.length) throw new UserError(`${source}: no minima`);
  return { energies, logProducts: energies.map(() => 0), orders: energies.map(() => 1) };
}

/** topsearch's ts.data: `min1 min2 energy` per transition state (minima 0-based). */
export function parseTopsearchTsData(
  text: string,
  source: string,
  minima: number,
): KineticNetwork["transitionStates"] {
  return rows(text).map((r) => {
    if (r.f.length !== 3 || r.f.some((v) => !Number.isFinite(v))) {
      throw new UserError(`${source} line ${r.line}: expected "min1 min2 energy", got "${r.raw}"`);
    }
    const [m1, m2, energy] = r.f;
    for (const m of [m1, m2]) {
      if (!Number.isInteger(m) || m < 0 || m >= minima) {
        throw new UserError(
          `${source} line ${r.line}: minimum ${m} does not exist (min.data has ${minima}, 0-based)`,
        );
      }
    }
    return { energy, logProduct: 0, order: 1, a: m1, b: m2 };
  });
}

/**
 * Which format a min.data file is in: topsearch's has two columns (`index energy`), PATHSAMPLE's at
 * least three (`E F order …`).
 */
export function detectMinDataFormat(text: string): "pathsample" | "topsearch" {
  const first = rows(text)[0];
  return first && first.f.length === 2 ? "topsearch" : "pathsample";
}

/** min.A / min.B: the count, then that many 1-based minimum indices; returns 0-based indices. */
export function parseMinSet(text: string, source: string, minima: number): number[] {
  const f = text.trim().split(/\s+/).filter((s) => s.length).map(Number);
  if (!f.length || !Number.isInteger(f[0]) || f[0] < 1) {
    throw new UserError(`${source}: must start with the number of minima (≥ 1)`);
  }
  const ids = f.slice(1, 1 + f[0]);
  if (ids.length !== f[0]) {
    throw new UserError(`${source}: says ${f[0]} minima but lists ${ids.length}`);
  }
  for (const m of ids) {
    if (!Number.isInteger(m) || m < 1 || m > minima) {
      throw new UserError(`${source}: minimum ${m} does not exist (min.data has ${minima})`);
    }
  }
  return ids.map((m) => m - 1);
}

/** A comma-separated list of 1-based minimum ids ("1,4,7"); returns 0-based indices. */
export function parseIdList(text: string, flag: string, minima: number): number[] {
  const ids = text.split(",").map((s) => s.trim()).filter((s) => s.length).map(Number);
  if (!ids.length) throw new UserError(`${flag}: no minimum given`);
  for (const m of ids) {
    if (!Number.isInteger(m) || m < 1 || m > minima) {
      throw new UserError(`${flag}: minimum ${m} does not exist (the database has ${minima})`);
    }
  }
  return ids.map((m) => m - 1);
}

/**
 * The kinetic network of an elml database (point-group order 1 throughout: our symmetries are
 * merged by canonicalisation). Minima without a Hessian log-product are an error.
 */
export function networkFromDatabase(db: LandscapeDatabase): KineticNetwork {
  const bad = db.minima.find((m) => !Number.isFinite(m.logProductHessian));
  if (bad) {
    throw new UserError(
      `minimum ${bad.id + 1} has no Hessian log-product (large networks are stored without one)`,
    );
  }
  return {
    energies: db.minima.map((m) => m.energy),
    logProducts: db.minima.map((m) => m.logProductHessian),
    transitionStates: db.transitionStates.map((t) => ({
      energy: t.energy,
      logProduct: t.logProductHessian,
      a: t.minima[0],
      b: t.minima[1],
    })),
  };
}
