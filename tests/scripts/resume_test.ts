/**
 * Kill -9 during a basin-hopping run, then --resume: no stored minimum is lost and the run
 * completes its requested steps.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { repoPath, runScript } from "../helpers.ts";

const script = repoPath("scripts/landscape_demo.ts");

function readState(
  path: string,
): { steps: number; minima: { id: number; energy: number }[] } | null {
  try {
    const db = new DatabaseSync(path, { readOnly: true });
    const meta = db.prepare("SELECT value FROM meta WHERE key = 'bh'").get() as
      | { value: string }
      | undefined;
    const minima = db.prepare("SELECT id, energy FROM minima ORDER BY id").all() as {
      id: number;
      energy: number;
    }[];
    db.close();
    return meta ? { steps: JSON.parse(meta.value).stepsDone, minima } : null;
  } catch {
    return null;
  }
}

Deno.test({
  name: "kill -9 during basin-hopping, then --resume: nothing lost, all steps done",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/run.sqlite`;
  const steps = 3000;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      script,
      "--surface",
      "schwefel",
      "--steps",
      String(steps),
      "--db",
      file,
      "--out",
      `${dir}/out1`,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let before = null;
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 25));
    before = readState(file);
    if (before && before.steps >= 150) break;
  }
  child.kill("SIGKILL");
  await child.status;
  before = readState(file);
  assert.ok(
    before && before.steps >= 150 && before.steps < steps,
    `killed at step ${before?.steps}`,
  );
  // Resuming without --resume is refused with a one-line error (no silent overwrite).
  const refused = await runScript(script, [
    "--surface",
    "schwefel",
    "--steps",
    String(steps),
    "--db",
    file,
    "--out",
    `${dir}/out2`,
  ]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /already holds a run: pass --resume/);
  const r = await runScript(script, [
    "--surface",
    "schwefel",
    "--steps",
    String(steps),
    "--db",
    file,
    "--resume",
    "--out",
    `${dir}/out2`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const after = readState(file)!;
  assert.equal(after.steps, steps);
  for (const m of before!.minima) {
    const same = after.minima.find((q) => q.id === m.id);
    assert.ok(same && same.energy === m.energy, `minimum ${m.id} lost`);
  }
  const res = JSON.parse(await Deno.readTextFile(`${dir}/out2/results.json`));
  assert.equal(res.surfaces.schwefel.steps, steps);
  assert.ok(res.surfaces.schwefel.transition_states.length > 0);
  await Deno.remove(dir, { recursive: true });
});
