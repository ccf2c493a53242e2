/**
 * How the cost of a landscape grows with the network (issue 15): seconds per distinct verified
 * minimum (basin-hopping) and per verified transition state (connection) against the number of
 * weights — XOR 4-3-2 (23 weights), digits 61-1-10 (82), 61-10-10 (730) and 61-42-10 (3,034) —
 * on the forced float64 path and under `--device auto`, same seed (once where there is no GPU kernel:
 * auto is then the float64 path). Writes
 * reports/bench-scale/results.json and docs/figures/scale.svg, and prints the markdown table of
 * docs/scale.md. Run: `deno task bench:scale [--quick]` (about 25 minutes on 2 cores; --quick: the
 * two smaller sizes).
 */
import { parseArgs } from "node:util";
import { digits, xor } from "../lib/data/classification.ts";
import { getBackend } from "../lib/gpu/device.ts";
import { MlpLandscape } from "../lib/models/mlp.ts";
import { exploreMlp } from "../lib/studies/nn_explore.ts";
import { Plot, plotToSvg } from "../lib/report/plot.ts";

const { values } = parseArgs({ args: Deno.args, options: { quick: { type: "boolean" } } });
const backend = await getBackend({ quiet: true });
const sizes = [
  { name: "xor 4-3-2", data: () => xor({ n: 200, irrelevant: 2, seed: 1 }), hidden: 3, walkers: 8 },
  { name: "digits 61-1-10", data: digits, hidden: 1, walkers: 16 },
  { name: "digits 61-10-10", data: digits, hidden: 10, walkers: 32 },
  { name: "digits 61-42-10", data: digits, hidden: 42, walkers: 16 },
].slice(0, values.quick ? 2 : 4);

interface Row {
  size: string;
  weights: number;
  path: string;
  why: string;
  minima: number;
  bhSeconds: number;
  perMinimum: number;
  transitionStates: number;
  connectSeconds: number;
  perTransitionState: number;
}
const rows: Row[] = [];
for (const s of sizes) {
  const ds = s.data();
  const model = new MlpLandscape(ds, { hidden: s.hidden, lambda: 1e-4 });
  // Without a GPU kernel for this shape auto is the float64 path: run it once.
  const devices = model.gpuUnsupported() ? ["auto"] as const : ["cpu", "auto"] as const;
  for (const device of devices) {
    const ex = await exploreMlp(model, {
      steps: 2,
      walkers: s.walkers,
      seed: 1,
      connectAttempts: model.dim > 1000 ? 2 : model.dim > 200 ? 4 : 8,
      device,
      backend,
      label: `scale ${s.name} ${device}`,
    });
    const ts = ex.db.transitionStates.length;
    rows.push({
      size: s.name,
      weights: model.dim,
      path: `${device} → ${ex.device.path}`,
      why: ex.device.reason,
      minima: ex.db.minima.length,
      bhSeconds: ex.seconds.basinHopping,
      perMinimum: ex.seconds.basinHopping / Math.max(1, ex.db.minima.length),
      transitionStates: ts,
      connectSeconds: ex.seconds.connect,
      perTransitionState: ts ? ex.seconds.connect / ts : NaN,
    });
  }
}
await Deno.mkdir("reports/bench-scale", { recursive: true });
await Deno.writeTextFile("reports/bench-scale/results.json", JSON.stringify(rows, null, 1));
const points = rows.flatMap((r) => [
  { weights: r.weights, s: r.perMinimum, what: `per minimum, ${r.path}` },
  ...(Number.isFinite(r.perTransitionState)
    ? [{ weights: r.weights, s: r.perTransitionState, what: `per transition state, ${r.path}` }]
    : []),
]);
await Deno.mkdir("docs/figures", { recursive: true });
await Deno.writeTextFile(
  "docs/figures/scale.svg",
  plotToSvg({
    marginLeft: 60,
    width: 640,
    x: { type: "log", label: "weights" },
    y: { type: "log", label: "seconds", grid: true },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: "weights", y: "s", stroke: "what" }),
      Plot.dot(points, { x: "weights", y: "s", fill: "what" }),
    ],
  }),
);
console.log(
  "| network | weights | path | minima | BH s | s / minimum | TS | connect s | s / TS |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.size} | ${r.weights} | ${r.path} | ${r.minima} | ${r.bhSeconds.toFixed(1)} | ${
      r.perMinimum.toFixed(3)
    } | ${r.transitionStates} | ${r.connectSeconds.toFixed(1)} | ${
      Number.isFinite(r.perTransitionState) ? r.perTransitionState.toFixed(2) : "–"
    } |`,
  );
}
for (const r of rows) console.log(`${r.size}, ${r.path}: ${r.why}`);
