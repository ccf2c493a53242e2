/**
 * elml's version (kept equal to deno.json's "version"; tests/architecture_test.ts checks it).
 * @module
 */

/** The released version of elml. */
export const ELML_VERSION = "0.1.0";
