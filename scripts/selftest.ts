/**
 * `deno task selftest [--out DIR] [--cpu] [--quick] [--seed N]`: checks the WebGPU runtime — the
 * adapter and granted limits, the device self-tests (loop cap, arithmetic parity), a kernel's
 * parity and timing against its float64 CPU twin — and writes the findings as report.html and
 * results.json. Exits 1 when a check fails.
 * @module
 */
import { describeBackend } from "../lib/gpu/device.ts";
import { defineTask, runTask } from "../lib/task/harness.ts";
import { runSelftest, selftestResults } from "../lib/studies/selftest.ts";
import { selftestReport } from "../lib/studies/selftest_report.ts";

export const task = defineTask({
  name: "selftest",
  description: `Checks the WebGPU runtime and writes DIR/report.html and DIR/results.json
(default DIR: reports/selftest). With --cpu only the float64 CPU path is timed.`,
  flags: {},
  async run(f, ctx) {
    const device = describeBackend(ctx.backend);
    ctx.log(`device: ${device}`);
    const r = await runSelftest(ctx.backend, { seed: f.seed, quick: f.quick }, ctx);
    const params = { out: f.out, seed: f.seed, quick: f.quick, cpu: f.cpu };
    return {
      ...selftestReport(r, device, params),
      results: selftestResults(r),
      device,
      exitCode: r.ok ? 0 : 1,
    };
  },
});

if (import.meta.main) runTask(task);
