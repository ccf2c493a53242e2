/**
 * The flat parameter layout of a single-hidden-layer perceptron, shared by the float64 model and
 * its WGSL batch kernels.
 * @module
 */

/** Offsets of the blocks of the flat parameter vector. */
export interface MlpLayout {
  inputs: number;
  hidden: number;
  outputs: number;
  w1: number;
  b1: number;
  w2: number;
  b2: number;
  size: number;
}

/** The flat layout for an I-H-O network. */
export function mlpLayout(inputs: number, hidden: number, outputs: number): MlpLayout {
  const w1 = 0, b1 = hidden * inputs, w2 = b1 + hidden, b2 = w2 + outputs * hidden;
  return { inputs, hidden, outputs, w1, b1, w2, b2, size: b2 + outputs };
}
