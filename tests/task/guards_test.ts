/**
 * Guards every task shares through the harness, one parameterised test over all tasks: bad flags
 * and bad output folders are one-line errors before any work (and leave no empty folder); an
 * unfinished run's checkpoints are never overwritten by accident; `--resume` refuses checkpoints
 * made with other settings and names them; two runs cannot share an output folder.
 */
import assert from "node:assert/strict";
import { claimOut } from "../../lib/task/out_dir.ts";
import { UserError } from "../../lib/util/errors.ts";
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
  "selftest",
  "rates",
];

const oneLine = (stderr: string) => stderr.trim().split("\n").filter((l) => l.length);

Deno.test("every task: bad flags, environment and --out are one-line errors before any work", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "not a folder");
  for (const name of TASKS) {
    const script = repoPath(`scripts/${name}.ts`);
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--bogus"], {}, /Unknown option '--bogus'/],
      [["--seed", "1.5"], {}, /--seed must be an integer/],
      [["--seed", "-3"], {}, /argument is ambiguous.*'--seed=-XYZ'/],
      [["--target", "y"], {}, /--target needs --data/],
      [["--out", `${dir}/file`], {}, /--out .*file: exists and is not a folder/],
      [[], { ELML_DEVICE: "gpu" }, /ELML_DEVICE must be "cpu" or unset/],
    ];
    for (const [args, env, re] of cases) {
      const r = await runScript(script, [...args, "--quick", "--cpu"], env);
      assert.equal(r.code, 1, `${name} ${args.join(" ")}: ${r.stderr}`);
      const lines = oneLine(r.stderr);
      assert.equal(lines.length, 1, `${name} ${args.join(" ")}: ${r.stderr}`);
      assert.match(lines[0], re, name);
    }
  }
  // A bad-input error leaves no empty --out folder behind.
  const r = await runScript(repoPath("scripts/auc_vs_ce.ts"), [
    "--dataset",
    "iris",
    "--quick",
    "--cpu",
    "--out",
    `${dir}/fresh`,
  ]);
  assert.equal(r.code, 1);
  await assert.rejects(Deno.stat(`${dir}/fresh`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an unfinished run is not overwritten, and --resume refuses other settings", async () => {
  const dir = await Deno.makeTempDir();
  const script = repoPath("scripts/gp_fit.ts");
  const killed = await runScript(script, ["--quick", "--cpu", "--out", dir], {
    ELML_KILL_AFTER_CHECKPOINTS: "2",
  });
  assert.notEqual(killed.code, 0);
  const before = [...Deno.readDirSync(`${dir}/checkpoint`)].map((e) => e.name).sort();
  const fresh = await runScript(script, ["--quick", "--cpu", "--out", dir]);
  assert.equal(fresh.code, 1);
  assert.match(
    oneLine(fresh.stderr)[0],
    /holds an unfinished gp-fit run \(killed\?\): pass --resume/,
  );
  const other = await runScript(script, [
    "--quick",
    "--cpu",
    "--seed",
    "2",
    "--resume",
    "--out",
    dir,
  ]);
  assert.equal(other.code, 1);
  assert.match(
    oneLine(other.stderr)[0],
    /--resume: .* other settings \(seed: 1 → 2\); its checkpoints are kept/,
  );
  assert.deepEqual([...Deno.readDirSync(`${dir}/checkpoint`)].map((e) => e.name).sort(), before);
  const resumed = await runScript(script, ["--quick", "--cpu", "--resume", "--out", dir]);
  assert.equal(resumed.code, 0, resumed.stderr);
  // A finished run may be redone without --resume.
  const again = await runScript(script, ["--quick", "--cpu", "--seed", "2", "--out", dir]);
  assert.equal(again.code, 0, again.stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("two runs cannot hold one output folder; a killed run's stale lock is taken over", async () => {
  const dir = await Deno.makeTempDir();
  const opts = { task: "demo", settings: {}, fingerprint: "f", resume: false, reusesSteps: false };
  const first = await claimOut(dir, opts);
  // Another live process holds the folder: simulate with this process's parent (alive).
  await Deno.writeTextFile(`${dir}/.lock`, String(Deno.ppid));
  await assert.rejects(
    claimOut(dir, opts),
    (e: Error) => e instanceof UserError && /is in use by another run \(pid \d+\)/.test(e.message),
  );
  // A lock naming a dead process is stale.
  await Deno.writeTextFile(`${dir}/.lock`, "999999999");
  const second = await claimOut(dir, opts);
  await second.release(true);
  await first.release(true);
  await Deno.remove(dir, { recursive: true });
});
