/**
 * sweep-nu against scikit-learn, in one run: for ν = ½, 3/2, 5/2, the best NLML the ν sweep finds
 * (basin-hopping anchors + continuation) against the best of scikit-learn's optimiser with 20
 * restarts, on the same training data, conventions and bounds. Then the full NLML landscape of the
 * topsearch GP data (20 points, ARD, ν = 1.2): time to map it (topsearch: 444 s on our machines).
 * Run: `deno task bench:sweep` (needs Debian's python3-sklearn).
 */
import { maternSample } from "../lib/data/builtin.ts";
import { loadCsv } from "../lib/data/csv.ts";
import type { Dataset } from "../lib/data/csv.ts";
import { selectRows, trainTestSplit } from "../lib/data/transform.ts";
import { mapGpLandscape } from "../lib/studies/gp/landscape.ts";
import { nuSweep } from "../lib/studies/gp/nu_sweep.ts";

async function sklearn(ds: Dataset, nu: number, ard: boolean) {
  const csv = await Deno.makeTempFile({ suffix: ".csv" });
  const rows = Array.from(
    { length: ds.n },
    (_, i) => [...ds.X.subarray(i * ds.d, (i + 1) * ds.d), ds.y[i]].join(","),
  );
  await Deno.writeTextFile(
    csv,
    [...ds.featureNames, "y"].join(",") + "\n" + rows.join("\n") + "\n",
  );
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      new URL("./peers/sklearn_restarts.py", import.meta.url).pathname,
      csv,
      String(nu),
      ard ? "1" : "0",
      "20",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(csv);
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const grid = [
  ...new Set([
    ...Array.from({ length: 96 }, (_, k) => Math.round((0.25 + 0.05 * k) * 1e9) / 1e9),
    0.5,
    1.5,
    2.5,
  ]),
].sort((a, b) => a - b);
const topsearch = await loadCsv(new URL("./data/topsearch-gp.csv", import.meta.url).pathname, {
  target: "y",
});
const { data } = maternSample({ n: 200, seed: 1 });
const sp = trainTestSplit(200, { seed: 1, testFraction: 0.25 });
const cases: { name: string; ds: Dataset; ard: boolean }[] = [
  { name: "synthetic default (train split)", ds: selectRows(data, sp.train), ard: false },
  { name: "topsearch GP data (ARD)", ds: topsearch, ard: true },
];
console.log(
  "| data | ν | elml sweep best NLML | on bound | scikit-learn best (20 restarts) | difference |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const c of cases) {
  const t = performance.now();
  const sweep = await nuSweep(c.ds, { grid, ard: c.ard, anchorEvery: 24, bhSteps: 20, seed: 1 });
  const secs = (performance.now() - t) / 1000;
  for (const nu of [0.5, 1.5, 2.5]) {
    const pts = sweep.branches.filter((b) => b.kind === "minimum").flatMap((b) =>
      b.points.filter((p) => p.nu === nu)
    );
    const best = pts.reduce((a, p) => (p.energy < a.energy ? p : a));
    const sk = await sklearn(c.ds, nu, c.ard);
    console.log(
      `| ${c.name} | ${nu} | ${best.energy.toFixed(6)} | ${best.onBound ? "yes" : "no"} | ${
        sk.nlml.toFixed(6)
      } | ${(best.energy - sk.nlml).toExponential(2)} |`,
    );
  }
  console.log(
    `| ${c.name}: whole sweep (${grid.length} ν values) | | ${secs.toFixed(1)} s | | | |`,
  );
}

// The full landscape of the topsearch data at ν = 1.2 (ARD): basin-hopping 200 steps + connection.
const t0 = performance.now();
const db = await mapGpLandscape(topsearch, 1.2, {
  ard: true,
  steps: 100,
  maxAttempts: 400,
  seed: 1,
}); // 2 walkers × 100 steps
const secs = (performance.now() - t0) / 1000;
console.log(
  `\ntopsearch GP data, ARD, ν = 1.2, 200 basin-hopping steps + connection: ${db.minima.length} minima ` +
    `(${
      db.minima.filter((m) => m.onBound).length
    } on a bound of the box), ${db.transitionStates.length} transition states, ${
      secs.toFixed(2)
    } s ` +
    `(topsearch: 167 minima, 85 transition states, 444 s; 60–70% of its minima on a bound).`,
);
