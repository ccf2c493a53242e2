/**
 * Two small MLP landscapes from the NN studies, with minima that were hard to connect, for the
 * connection tests (grow_test.ts, explore_test.ts). Each is auc-vs-ce's setting for its seed
 * (300 points, 30% held out by `splitKeepingDuplicates` with seed 3000 + seed, 2-2-2 network,
 * λ = 1e-4); the starts are minima of those runs rounded to six decimals, re-minimised by the tests.
 * @module
 */
import { loadClassificationData } from "../../lib/studies/nn_explore.ts";
import { splitKeepingDuplicates } from "../../lib/data/transform.ts";
import { selectClassRows } from "../../lib/data/classification.ts";
import { MlpLandscape } from "../../lib/models/mlp.ts";
import { identityOptions, LandscapeDatabase } from "../../lib/landscape/database.ts";
import { minimize } from "../../lib/landscape/minimize.ts";

/** A case: the data set, seed and loss, and two starts (the global minimum's first). */
export interface MlpCase {
  dataset: "circles" | "moons";
  seed: number;
  loss: "auc" | "ce";
  starts: number[][];
}

/**
 * appAUC (β = 100) on circles, seed 5: the global minimum, and a basin-hopping minimum (loss
 * −0.8600) whose saddle lies right beside it, which band and directed searches do not find.
 */
export const APPAUC_CIRCLES_5: MlpCase = {
  dataset: "circles",
  seed: 5,
  loss: "auc",
  starts: [
    [
      2.325471,
      -2.765659,
      -2.730089,
      2.289082,
      0.25805,
      0.323753,
      -3.363119,
      -3.374196,
      3.358208,
      3.375619,
      0.065906,
      -0.068771,
    ],
    [
      3.436842,
      -0.299448,
      3.245187,
      -0.853148,
      0.638415,
      1.285699,
      3.948339,
      -4.625562,
      -3.944254,
      4.629721,
      0.694403,
      -0.694542,
    ],
  ],
};

/**
 * Cross-entropy on moons, seed 3: the global minimum, and a basin-hopping minimum (loss 0.2767)
 * joined only along its stiffest Hessian modes.
 */
export const CE_MOONS_3: MlpCase = {
  dataset: "moons",
  seed: 3,
  loss: "ce",
  starts: [
    [
      -0.722779,
      0.445054,
      -4.179139,
      -0.806954,
      0.196475,
      2.253461,
      9.358802,
      -4.891296,
      -9.359633,
      4.889435,
      0.318437,
      -0.315933,
    ],
    [
      0.176021,
      -0.728101,
      -3.947742,
      1.03843,
      0.272427,
      6.052959,
      -3.011734,
      1.56808,
      3.007624,
      -1.569202,
      -0.797266,
      0.798937,
    ],
  ],
};

/** The case's landscape (the training rows of auc-vs-ce's split). */
export async function caseModel(c: MlpCase): Promise<MlpLandscape> {
  const data = await loadClassificationData(undefined, undefined, c.dataset, c.seed, 300);
  const split = splitKeepingDuplicates(data.X, data.n, data.d, {
    testFraction: 0.3,
    seed: 3000 + c.seed,
  });
  return new MlpLandscape(selectClassRows(data, split.train), {
    hidden: 2,
    outputs: 2,
    lambda: 1e-4,
    loss: c.loss,
    ...(c.loss === "auc" ? { beta: 100 } : {}),
  });
}

/** Adds the case's starts, minimised to an RMS gradient of 1e-7, to `db` (default: a new one). */
export function addCaseMinima(
  model: MlpLandscape,
  c: MlpCase,
  db = new LandscapeDatabase(model.dim, identityOptions(model)),
): LandscapeDatabase {
  for (const x of c.starts) {
    const r = minimize(model, Float64Array.from(x), { rmsGradient: 1e-7 });
    db.addMinimum(r.x, r.energy, { index: 0 });
  }
  return db;
}
