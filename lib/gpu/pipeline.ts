/**
 * Compute pipelines, compiled once per (shader, entry point, constants) and cached on the context.
 * WebGPU reports validation errors silently; every creation and dispatch here runs inside error
 * scopes and turns them into a thrown {@link GpuError} that names the shader.
 * @module
 */
import { GpuError } from "../util/errors.ts";
import type { GpuContext } from "./device.ts";

/** A WGSL program: its name (for errors), its source and the entry point. */
export interface ShaderSpec {
  /** Name used in errors and as the cache key, e.g. "sqdist.wgsl". */
  name: string;
  /** WGSL source. */
  code: string;
  /** Entry point in the source. */
  entryPoint: string;
  /** Pipeline-overridable constants. */
  constants?: Record<string, number>;
}

/** A compiled pipeline with the name of the shader it came from. */
export interface Kernel {
  /** Name used in error messages. */
  name: string;
  /** The compiled pipeline. */
  pipeline: GPUComputePipeline;
}

/** Runs `fn` inside validation and out-of-memory error scopes; a captured error is thrown. */
export async function withErrorScope<T>(ctx: GpuContext, what: string, fn: () => T): Promise<T> {
  ctx.device.pushErrorScope("out-of-memory");
  ctx.device.pushErrorScope("validation");
  let result: T | undefined;
  let thrown: unknown = null;
  try {
    result = fn();
  } catch (e) {
    thrown = e;
  }
  // Always pop both scopes, even when fn threw, so the device's scope stack stays balanced.
  const validation = await ctx.device.popErrorScope();
  const oom = await ctx.device.popErrorScope();
  const err = validation ?? oom;
  if (err) {
    throw new GpuError(`${what}: ${err.message.split("\n").filter((l) => l.trim()).join(" | ")}`);
  }
  if (thrown !== null) throw thrown;
  return result as T;
}

/** Returns the cached pipeline for `spec`, compiling it on first use. */
export async function getKernel(ctx: GpuContext, spec: ShaderSpec): Promise<Kernel> {
  const key = `${spec.name}#${spec.entryPoint}#${JSON.stringify(spec.constants ?? {})}`;
  const cached = ctx.pipelines.get(key);
  if (cached) return { name: spec.name, pipeline: cached };
  const pipeline = await withErrorScope(ctx, `shader ${spec.name} (${spec.entryPoint})`, () => {
    const module = ctx.device.createShaderModule({ label: spec.name, code: spec.code });
    return ctx.device.createComputePipeline({
      label: `${spec.name}#${spec.entryPoint}`,
      layout: "auto",
      compute: { module, entryPoint: spec.entryPoint, constants: spec.constants },
    });
  });
  ctx.pipelines.set(key, pipeline);
  return { name: spec.name, pipeline };
}
