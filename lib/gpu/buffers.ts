/**
 * Buffer helpers. Output buffers can be poisoned (filled with a NaN bit pattern) before a dispatch,
 * so that an element the kernel failed to write shows up as NaN instead of a stale plausible number.
 * @module
 */
import type { GpuContext } from "./device.ts";

/** The f32 bit pattern written into poisoned buffers: a quiet NaN with payload 0xdead. */
export const POISON_BITS = 0x7fc0dead;

const STORAGE = 0x80 | 0x8 | 0x4; // STORAGE | COPY_DST | COPY_SRC (constants: GPUBufferUsage may be absent)
const UNIFORM = 0x40 | 0x8; // UNIFORM | COPY_DST

function padded(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

/** A storage buffer holding `data` (read-only or read-write in the shader). */
export function storageBuffer(
  ctx: GpuContext,
  data: Float32Array | Uint32Array | Int32Array,
  label = "",
): GPUBuffer {
  const buf = ctx.device.createBuffer({ label, size: padded(data.byteLength), usage: STORAGE });
  ctx.device.queue.writeBuffer(
    buf,
    0,
    data.buffer as ArrayBuffer,
    data.byteOffset,
    data.byteLength,
  );
  return buf;
}

/** An output storage buffer of `count` 32-bit words, poisoned with NaN unless `poison` is false. */
export function outputBuffer(ctx: GpuContext, count: number, label = "", poison = true): GPUBuffer {
  const buf = ctx.device.createBuffer({ label, size: padded(count * 4), usage: STORAGE });
  if (poison) ctx.device.queue.writeBuffer(buf, 0, new Uint32Array(count).fill(POISON_BITS));
  return buf;
}

/** A uniform buffer holding `data` (padded to 16 bytes). */
export function uniformBuffer(
  ctx: GpuContext,
  data: Float32Array | Uint32Array,
  label = "",
): GPUBuffer {
  const buf = ctx.device.createBuffer({ label, size: padded(data.byteLength), usage: UNIFORM });
  ctx.device.queue.writeBuffer(
    buf,
    0,
    data.buffer as ArrayBuffer,
    data.byteOffset,
    data.byteLength,
  );
  return buf;
}

/** Float64 values rounded to float32, for upload. */
export function toF32(a: ArrayLike<number>): Float32Array {
  return Float32Array.from(a as ArrayLike<number>);
}

/** Destroys buffers (ignores already-destroyed ones). */
export function release(...buffers: GPUBuffer[]): void {
  for (const b of buffers) b.destroy();
}
