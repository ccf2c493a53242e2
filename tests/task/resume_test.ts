/**
 * One checkpoint/resume mechanism for every task: each task's --quick run is killed with SIGKILL
 * right after its first checkpoint (ELML_KILL_AFTER_CHECKPOINTS=1), continued with --resume, and
 * its results.json compared with an uninterrupted run's (every value equal; wall-clock fields
 * excepted). Heavy (all eight tasks twice), so it runs in one pass of .ci/run only: it is skipped
 * in the adapter pass (ELML_CI=1) and runs in the CPU pass and locally.
 */
import assert from "node:assert/strict";
import { repoPath, runScript } from "../helpers.ts";

const TASKS = [
  "sweep_nu",
  "nn_landscape",
  "ensembles",
  "auc_vs_ce",
  "feature_relevance",
  "compare",
  "gp_fit",
  "landscape_demo",
];

/** Wall-clock fields differ between runs by nature. */
const CLOCK = new Set(["timings", "seconds", "computed_at"]);

function withoutClock(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutClock);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).filter(([k]) => !CLOCK.has(k)).map(([k, x]) => [k, withoutClock(x)]),
    );
  }
  return v;
}

for (const name of TASKS) {
  Deno.test({
    name: `${name}: killed after its first checkpoint, --resume gives the uninterrupted results`,
    ignore: Deno.env.get("ELML_CI") === "1",
  }, async () => {
    const root = await Deno.makeTempDir();
    const script = repoPath(`scripts/${name}.ts`);
    const args = ["--quick", "--cpu"];
    const whole = await runScript(script, [...args, "--out", `${root}/a/out`]);
    assert.equal(whole.code, 0, whole.stderr);
    const killed = await runScript(script, [...args, "--out", `${root}/b/out`], {
      ELML_KILL_AFTER_CHECKPOINTS: "1",
    });
    assert.notEqual(killed.code, 0, "the run was killed");
    await assert.rejects(Deno.stat(`${root}/b/out/results.json`), "no results before the kill");
    const resumed = await runScript(script, [...args, "--resume", "--out", `${root}/b/out`]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resumed: \d+ step\(s\) read/);
    const a = JSON.parse(await Deno.readTextFile(`${root}/a/out/results.json`));
    const b = JSON.parse(await Deno.readTextFile(`${root}/b/out/results.json`));
    assert.deepEqual(withoutClock(b), withoutClock(a));
    await Deno.remove(root, { recursive: true });
  });
}
