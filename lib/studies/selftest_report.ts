/**
 * The selftest report page from a {@link SelftestResult}.
 * @module
 */
import type { Section } from "../report/html.ts";
import { timingFigure } from "../report/figures/timing.ts";
import type { StudyReport } from "./context.ts";
import type { SelftestResult } from "./selftest.ts";

/** The report of a selftest run; `device` is the backend's description. */
export function selftestReport(
  r: SelftestResult,
  device: string,
  params: Record<string, unknown>,
): StudyReport {
  const sections: Section[] = [];
  const { backend, selfTest, rows } = r;
  if (backend.kind === "gpu" && selfTest) {
    sections.push({
      title: "Adapter and limits",
      tables: [{
        columns: ["limit", "granted"],
        rows: Object.entries(backend.ctx.limits).map(([k, v]) => [k, v]),
      }],
    });
    sections.push({
      title: "Device self-tests",
      text:
        `Loop probe: asked for ${selfTest.loopProbe} iterations, completed ${selfTest.loopCompleted}` +
        (selfTest.loopTruncated
          ? " — this adapter silently truncates long loops; elml kernels keep every per-invocation loop far below that."
          : " — no truncation."),
      tables: [{
        caption: "Arithmetic parity against float64 (inputs rounded to f32 first)",
        columns: ["operation", "max |err|", "max rel err", "tol abs", "tol rel", "result"],
        rows: selfTest.arithmetic.map((a) => [
          a.name,
          a.maxAbsError,
          a.maxRelError,
          a.tolerance.abs,
          a.tolerance.rel,
          a.pass ? "pass" : "FAIL",
        ]),
      }],
    });
  } else {
    sections.push({
      title: "Device",
      text: `No WebGPU device in use: ${device}. The float64 CPU path ran alone.`,
    });
  }
  const figData = rows.flatMap((k) => [
    { n: k.n, path: "CPU float64", ms: k.cpuMs },
    ...(k.gpuMs !== null ? [{ n: k.n, path: "WebGPU f32", ms: k.gpuMs }] : []),
  ]);
  sections.push({
    title: "Kernel: pairwise scaled squared distances (sqdist.wgsl) against its CPU twin",
    text:
      `Batch of ${r.shape.batch} lengthscale vectors, d = ${r.shape.d}; time per call including upload, dispatch and one readback.`,
    figures: [{ svg: timingFigure(figData), caption: "Time per call against problem size." }],
    tables: [{
      columns: ["n", "CPU ms", "GPU ms", "speed-up", "max |err|", "max rel err", "parity"],
      rows: rows.map((k) => [
        k.n,
        k.cpuMs,
        k.gpuMs,
        k.gpuMs ? k.cpuMs / k.gpuMs : null,
        k.parity?.maxAbsError ?? null,
        k.parity?.maxRelError ?? null,
        k.parity ? (k.parity.pass ? "pass" : "FAIL") : "–",
      ]),
    }],
  });
  return {
    title: "elml self-test: WebGPU runtime",
    summary: `${r.ok ? "All checks passed" : "Some checks FAILED"} on ${device}.`,
    params,
    sections,
  };
}
