/**
 * The flat parameter layout of a single-hidden-layer perceptron, shared by the float64 model and
 * its WGSL batch kernels.
 * @module
 */

/** Offsets of the blocks of the flat parameter vector. */
export interface MlpLayout {
  /** Inputs I. */
  inputs: number;
  /** Hidden units H. */
  hidden: number;
  /** Outputs O. */
  outputs: number;
  /** Offset of W1 (H×I). */
  w1: number;
  /** Offset of b1 (H). */
  b1: number;
  /** Offset of W2 (O×H). */
  w2: number;
  /** Offset of b2 (O). */
  b2: number;
  /** Total parameters. */
  size: number;
}

/** The flat layout for an I-H-O network. */
export function mlpLayout(inputs: number, hidden: number, outputs: number): MlpLayout {
  const w1 = 0, b1 = hidden * inputs, w2 = b1 + hidden, b2 = w2 + outputs * hidden;
  return { inputs, hidden, outputs, w1, b1, w2, b2, size: b2 + outputs };
}
