/**
 * Trends the field knows (issue 16 item 7; Mehta et al., Phys. Rev. E 97, 052307, 2018): on XOR,
 * the numbers of minima and transition states grow with the hidden layer and fall as the weight
 * penalty λ grows. Runs the documented command `deno task nn-landscape --hidden H --lambda L` with
 * its default effort (100 basin-hopping steps × 4 walkers, connect until connected, seed 1) for
 * H ∈ {2, 3, 4} and λ ∈ {1e-4, 1e-3, 1e-2}, reads each results.json, writes
 * reports/xor-trends/trends.json and prints the markdown table of docs/nn-landscape.md.
 * Run: `deno run -A bench/xor_trends.ts [--hidden 2,3,4] [--lambda 1e-4,1e-3,1e-2] [--seed 1]`.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    hidden: { type: "string", default: "2,3,4" },
    lambda: { type: "string", default: "1e-4,1e-3,1e-2" },
    seed: { type: "string", default: "1" },
  },
});
const hiddens = values.hidden.split(",").map(Number);
const lambdas = values.lambda.split(",").map(Number);
const script = new URL("../scripts/nn_landscape.ts", import.meta.url).pathname;
const root = "reports/xor-trends";

interface Row {
  hidden: number;
  lambda: number;
  weights: number;
  minima: number;
  transitionStates: number;
  connectedFraction: number;
  attempts: number;
  seconds: number;
}
const rows: Row[] = [];
for (const hidden of hiddens) {
  for (const lambda of lambdas) {
    const out = `${root}/h${hidden}-l${lambda}`;
    const t0 = performance.now();
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        script,
        "--hidden",
        String(hidden),
        "--lambda",
        String(lambda),
        "--seed",
        values.seed,
        "--out",
        out,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - t0) / 1000;
    if (run.code !== 0) {
      console.error(new TextDecoder().decode(run.stderr));
      throw new Error(`nn-landscape --hidden ${hidden} --lambda ${lambda} failed`);
    }
    const r = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
    const row: Row = {
      hidden,
      lambda,
      weights: r.network.parameters,
      minima: r.summary.minima,
      transitionStates: r.summary.transitionStates,
      connectedFraction: r.connection.connected_fraction,
      attempts: r.connection.attempts,
      seconds,
    };
    rows.push(row);
    console.error(
      `[xor-trends] H=${hidden} λ=${lambda}: ${row.minima} minima, ${row.transitionStates} TS, ${
        (100 * row.connectedFraction).toFixed(0)
      }% connected (${seconds.toFixed(0)} s)`,
    );
  }
}
await Deno.writeTextFile(
  `${root}/trends.json`,
  JSON.stringify({ seed: values.seed, rows }, null, 1),
);
console.log("| hidden | weights | λ | minima | transition states | connected | attempts | s |");
console.log("| ------ | ------- | - | ------ | ----------------- | --------- | -------- | - |");
for (const r of rows) {
  console.log(
    `| ${r.hidden} | ${r.weights} | ${r.lambda} | ${r.minima} | ${r.transitionStates} | ${
      (100 * r.connectedFraction).toFixed(0)
    }% | ${r.attempts} | ${r.seconds.toFixed(0)} |`,
  );
}
