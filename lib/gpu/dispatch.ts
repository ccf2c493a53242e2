/**
 * Dispatch with ONE readback per call: any number of compute passes are encoded into one command
 * buffer, every requested output is copied into one staging buffer, and that buffer is mapped once.
 * Each `mapAsync` costs ≥ 10 ms in Deno, so the engine hands whole batches to a single call.
 * @module
 */
import type { GpuContext } from "./device.ts";
import { type Kernel, withErrorScope } from "./pipeline.ts";

/** One compute pass: a kernel, its group-0 bindings in binding order, and the workgroup grid. */
export interface Pass {
  /** The kernel to run. */
  kernel: Kernel;
  /** bindings[i] is bound at @binding(i) of @group(0); null leaves binding i out (an entry point
   * that does not use it has no slot for it in its "auto" layout). */
  bindings: (GPUBuffer | null)[];
  /** Workgroup counts in x, y, z. */
  workgroups: [number, number?, number?];
}

/**
 * Encodes `passes` in order, submits them, and reads back `outputs` (whole buffers, or the first
 * `bytes` of each) through one staging buffer and one `mapAsync`. Validation errors become a thrown
 * GpuError naming the shaders.
 */
export async function dispatch(
  ctx: GpuContext,
  passes: Pass[],
  outputs: { buffer: GPUBuffer; bytes?: number }[],
): Promise<ArrayBuffer[]> {
  const names = [...new Set(passes.map((p) => p.kernel.name))].join(", ");
  const sizes = outputs.map((o) => o.bytes ?? o.buffer.size);
  const offsets: number[] = [];
  let total = 0;
  for (const s of sizes) {
    offsets.push(total);
    total += Math.ceil(s / 8) * 8;
  }
  const device = ctx.device;
  const staging = await withErrorScope(ctx, `dispatch of ${names}`, () => {
    const enc = device.createCommandEncoder();
    for (const p of passes) {
      const layout = p.kernel.pipeline.getBindGroupLayout(0);
      const group = device.createBindGroup({
        layout,
        entries: p.bindings.flatMap((
          buffer,
          binding,
        ) => (buffer ? [{ binding, resource: { buffer } }] : [])),
      });
      const pass = enc.beginComputePass();
      pass.setPipeline(p.kernel.pipeline);
      pass.setBindGroup(0, group);
      const [x, y = 1, z = 1] = p.workgroups;
      pass.dispatchWorkgroups(x, y, z);
      pass.end();
    }
    const staging = total > 0
      ? device.createBuffer({ size: total, usage: 0x1 | 0x8 }) // MAP_READ | COPY_DST
      : null;
    outputs.forEach((o, i) =>
      enc.copyBufferToBuffer(o.buffer, 0, staging!, offsets[i], Math.ceil(sizes[i] / 4) * 4)
    );
    device.queue.submit([enc.finish()]);
    return staging;
  });
  if (!staging) {
    await device.queue.onSubmittedWorkDone();
    return [];
  }
  await staging.mapAsync(0x1); // GPUMapMode.READ
  const all = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return sizes.map((s, i) => all.slice(offsets[i], offsets[i] + s));
}
