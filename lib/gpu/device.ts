/**
 * The one place where elml obtains a WebGPU device. The adapter and device are requested once per
 * process; `--cpu` or `ELML_DEVICE=cpu` forces the float64 CPU path, and a machine without an
 * adapter falls back to it with a single notice on stderr.
 * @module
 */
import { note } from "../util/progress.ts";

/** The limits elml asks for (capped at what the adapter offers). */
const WANTED_LIMITS: Record<string, number> = {
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
  maxBufferSize: 256 * 1024 * 1024,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupSizeY: 1024,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 8,
};

/** An acquired device plus what elml learnt about it. */
export interface GpuContext {
  /** The WebGPU device. */
  device: GPUDevice;
  /** Adapter description, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  description: string;
  /** True for software adapters such as llvmpipe. */
  isFallbackAdapter: boolean;
  /** The limits granted to the device (the ones elml raised). */
  limits: Record<string, number>;
  /** Compiled pipelines by key (see pipeline.ts). */
  pipelines: Map<string, GPUComputePipeline>;
  /** Largest loop trip count one invocation completes (65,535 on llvmpipe), set by the self-test. */
  maxLoopIterations?: number;
}

/** How the process is computing: on a device, or on the CPU and why. */
export type Backend =
  | { kind: "gpu"; ctx: GpuContext }
  | {
    kind: "cpu";
    reason: "forced" | "no-adapter" | "no-webgpu" | "device-failed";
    detail?: string;
  };

let acquired: Promise<Backend> | null = null;
const noticed = new Set<string>();

function noticeOnce(key: string, message: string): void {
  if (noticed.has(key)) return;
  noticed.add(key);
  note(message);
}

/** True when the environment asks for the CPU path (`ELML_DEVICE=cpu`). */
export function cpuForcedByEnv(): boolean {
  try {
    return Deno.env.get("ELML_DEVICE") === "cpu";
  } catch {
    return false;
  }
}

/**
 * Returns the backend for this process: a WebGPU device, or the CPU path with the reason. With
 * `cpu: true` (the `--cpu` flag) or `ELML_DEVICE=cpu`, no adapter is requested at all.
 *
 * @example
 * ```ts
 * import { getBackend } from "./device.ts";
 * import assert from "node:assert/strict";
 * const backend = await getBackend({ cpu: true, quiet: true });
 * assert.equal(backend.kind, "cpu");
 * ```
 */
export function getBackend(options: { cpu?: boolean; quiet?: boolean } = {}): Promise<Backend> {
  if (options.cpu || cpuForcedByEnv()) {
    if (!options.quiet) {
      noticeOnce("forced", "elml: running the float64 CPU path (--cpu); WebGPU not used");
    }
    return Promise.resolve({ kind: "cpu", reason: "forced" });
  }
  acquired ??= acquire();
  return acquired.then((b) => {
    if (b.kind === "cpu" && !options.quiet) {
      noticeOnce(
        b.reason,
        `elml: no usable WebGPU adapter (${b.detail ?? b.reason}); running the float64 CPU path`,
      );
    }
    return b;
  });
}

/** The GPU context, or null when the process runs on the CPU path. */
export async function getGpu(
  options: { cpu?: boolean; quiet?: boolean } = {},
): Promise<GpuContext | null> {
  const b = await getBackend(options);
  return b.kind === "gpu" ? b.ctx : null;
}

/** A one-line description of a backend for reports ("llvmpipe … (WebGPU)" or "CPU float64 (…)"). */
export function describeBackend(b: Backend): string {
  if (b.kind === "gpu") {
    return `${b.ctx.description} via WebGPU${b.ctx.isFallbackAdapter ? " (software adapter)" : ""}`;
  }
  const why = {
    forced: "--cpu",
    "no-adapter": "no adapter",
    "no-webgpu": "no WebGPU",
    "device-failed": "device failed",
  }[
    b.reason
  ];
  return `CPU float64 (${why}${b.detail ? `: ${b.detail}` : ""})`;
}

async function acquire(): Promise<Backend> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { kind: "cpu", reason: "no-webgpu", detail: "navigator.gpu is missing" };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return { kind: "cpu", reason: "no-adapter", detail: (e as Error).message.split("\n")[0] };
  }
  if (!adapter) return { kind: "cpu", reason: "no-adapter" };
  const requiredLimits: Record<string, number> = {};
  const al = adapter.limits as unknown as Record<string, number>;
  for (const [k, v] of Object.entries(WANTED_LIMITS)) {
    if (typeof al[k] === "number") requiredLimits[k] = Math.min(v, al[k]);
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (e) {
    return { kind: "cpu", reason: "device-failed", detail: (e as Error).message.split("\n")[0] };
  }
  device.lost.then((info) => {
    if (info.reason !== "destroyed") note(`elml: WebGPU device lost: ${info.message}`);
  });
  // Release the device before the runtime tears down: with the device still alive at exit, wgpu
  // on Mesa llvmpipe aborted now and then with heap corruption after everything had finished.
  globalThis.addEventListener("unload", () => {
    try {
      device.destroy();
    } catch {
      // already gone
    }
  });
  const limits: Record<string, number> = {};
  const dl = device.limits as unknown as Record<string, number>;
  for (const k of Object.keys(WANTED_LIMITS)) limits[k] = dl[k];
  const info = adapter.info;
  return {
    kind: "gpu",
    ctx: {
      device,
      description: info.description || info.vendor || "unknown adapter",
      isFallbackAdapter: Boolean(
        (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter,
      ),
      limits,
      pipelines: new Map(),
    },
  };
}
