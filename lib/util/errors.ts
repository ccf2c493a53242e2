/**
 * Error classes. A {@link UserError} is bad input (a missing file, a ragged CSV, ν ≤ 0): the command
 * line prints its message as one line and exits non-zero, without a stack trace.
 * @module
 */

/** Bad input from the user: printed as one line by {@link runMain}. */
export class UserError extends Error {
  /** An error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** A WebGPU failure (validation error, lost device), naming the shader involved. */
export class GpuError extends Error {
  /** An error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "GpuError";
  }
}

/** A numerical failure that the caller may handle (e.g. a hopeless Cholesky). */
export class NumericalError extends Error {
  /** An error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "NumericalError";
  }
}
