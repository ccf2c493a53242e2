/**
 * WebGPU plumbing: one device per process, cached pipelines with error scopes, buffers, batched
 * dispatch with one readback, device self-tests and kernel/CPU-twin parity checks.
 * @module
 */
export * from "./device.ts";
export * from "./pipeline.ts";
export * from "./buffers.ts";
export * from "./dispatch.ts";
export * from "./parity.ts";
export * from "./selftest.ts";
export * from "./sqdist.ts";
