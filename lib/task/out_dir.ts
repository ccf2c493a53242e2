/**
 * The output folder of a run, guarded before any work starts: it must be a writable folder; one
 * run at a time holds it (a lock file naming the process); an unfinished run's checkpoints are
 * never overwritten by accident (a new run refuses until told `--resume`), and `--resume` refuses
 * checkpoints made with other settings, naming them.
 * @module
 */
import { UserError } from "../util/errors.ts";

/** What the checkpoint folder records about the run that owns it. */
interface RunState {
  task: string;
  complete: boolean;
  fingerprint: string;
  settings: Record<string, unknown>;
  pid: number;
}

/** Options of {@link claimOut}. */
export interface ClaimOptions {
  /** The task's name. */
  task: string;
  /** The run's settings (flags without --out/--resume/--help). */
  settings: Record<string, unknown>;
  /** The run's full fingerprint (settings plus the data file's digest), serialised. */
  fingerprint: string;
  /** `--resume` was given. */
  resume: boolean;
  /** The task reuses matching steps on its own (compare): no refusal for other settings. */
  reusesSteps: boolean;
}

/** A claimed output folder; call `release` when the run ends. */
export interface ClaimedOut {
  /** Records the run as unfinished (called before its first checkpoint is written). */
  markStarted(): Promise<void>;
  /**
   * Marks the run complete (on success) and drops the lock; removes the folder if this run created
   * it and left it empty.
   */
  release(success: boolean): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    return Deno.statSync(`/proc/${pid}`).isDirectory;
  } catch {
    return false;
  }
}

function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) =>
    `${k}: ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`
  );
}

/** Checks and claims `out` for this run (see the module documentation). */
export async function claimOut(out: string, o: ClaimOptions): Promise<ClaimedOut> {
  let created = false;
  try {
    const st = await Deno.stat(out);
    if (!st.isDirectory) throw new UserError(`--out ${out}: exists and is not a folder`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    try {
      await Deno.mkdir(out, { recursive: true });
      created = true;
    } catch (err) {
      throw new UserError(`--out ${out}: cannot create it (${(err as Error).name})`);
    }
  }
  const lock = `${out}/.lock`;
  try {
    const f = await Deno.open(lock, { write: true, createNew: true });
    await f.write(new TextEncoder().encode(String(Deno.pid)));
    f.close();
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) {
      throw new UserError(`--out ${out}: cannot write there (${(err as Error).name})`);
    }
    const pid = Number((await Deno.readTextFile(lock).catch(() => "")).trim());
    if (pid && pid !== Deno.pid && alive(pid)) {
      throw new UserError(
        `${out} is in use by another run (pid ${pid}); wait for it to finish or choose another --out`,
      );
    }
    await Deno.writeTextFile(lock, String(Deno.pid)); // a stale lock from a killed run
  }
  const statePath = `${out}/checkpoint/run.json`;
  let state: RunState | null = null;
  try {
    state = JSON.parse(await Deno.readTextFile(statePath)) as RunState;
  } catch { /* no earlier run in this folder */ }
  const unlock = () => Deno.remove(lock).catch(() => {});
  if (state && state.task === o.task && !o.reusesSteps) {
    if (!state.complete && !o.resume) {
      await unlock();
      throw new UserError(
        `${out} holds an unfinished ${o.task} run (killed?): pass --resume to continue it, or choose another --out`,
      );
    }
    if (o.resume && state.fingerprint !== o.fingerprint) {
      const diff = differing(state.settings, o.settings);
      await unlock();
      throw new UserError(
        `--resume: ${out} holds a run with other ${
          diff.length ? `settings (${diff.join(", ")})` : "data (the --data file changed)"
        }; its checkpoints are kept — rerun with its settings, or choose another --out`,
      );
    }
  }
  const write = async (complete: boolean) => {
    await Deno.mkdir(`${out}/checkpoint`, { recursive: true });
    const s: RunState = {
      task: o.task,
      complete,
      fingerprint: o.fingerprint,
      settings: o.settings,
      pid: Deno.pid,
    };
    await Deno.writeTextFile(`${statePath}.tmp`, JSON.stringify(s) + "\n");
    await Deno.rename(`${statePath}.tmp`, statePath);
  };
  return {
    markStarted: () => write(false),
    async release(success: boolean) {
      if (success) await write(true);
      await unlock();
      if (!success && created) {
        // A run that failed before writing anything leaves no empty folder behind.
        const left = [];
        for await (const e of Deno.readDir(out)) left.push(e.name);
        if (left.length === 0) await Deno.remove(out).catch(() => {});
      }
    },
  };
}
