/**
 * A GP helper thread (gp_threads.ts): sets its started word, then runs each posted job with the
 * kernels the main thread uses (gp_kernels.ts) and sets its done word (1, or 2 with the message).
 * @module
 */
/// <reference lib="deno.worker" />
import { MaternTable } from "../special/matern.ts";
import { gradientRows, pairValuesRange } from "./gp_kernels.ts";
import type { GpJob } from "./gp_threads.ts";

let table: MaternTable | null = null;
let ctl: Int32Array | null = null;
let msg: Uint8Array | null = null;

function run(job: GpJob): void {
  if (job.kind === "pairs") {
    if (table === null || table.constants.nu !== job.nu) table = new MaternTable(job.nu);
    pairValuesRange(table, job.q, job.dist2, job.u, job.c, job.g, job.dn, job.p0, job.p1);
    return;
  }
  for (let b = job.b0; b < job.b1; b++) {
    gradientRows(
      job.Kinv,
      job.alpha,
      job.n,
      job.c,
      job.g,
      job.dn,
      job.dist2,
      job.d,
      job.ard,
      job.inv2,
      job.rows[b],
      job.rows[b + 1],
      job.partial.subarray(b * job.stride, (b + 1) * job.stride),
    );
  }
}

self.onmessage = (e: MessageEvent) => {
  if (e.data.init) {
    ctl = new Int32Array(e.data.init, 0, 2);
    msg = new Uint8Array(e.data.init, 8);
    Atomics.store(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    return;
  }
  try {
    run(e.data as GpJob);
    Atomics.store(ctl!, 1, 1);
  } catch (err) {
    const text = new TextEncoder().encode(err instanceof Error ? err.message : String(err));
    msg!.fill(0);
    msg!.set(text.subarray(0, msg!.length - 1));
    Atomics.store(ctl!, 1, 2);
  }
  Atomics.notify(ctl!, 1);
};
