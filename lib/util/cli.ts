/**
 * The command-line entry wrapper: {@link runMain} turns a {@link UserError} into one line on stderr
 * and a non-zero exit. Flags are parsed by the task harness (lib/task/flags.ts).
 * @module
 */
import { UserError } from "./errors.ts";

/**
 * Runs a script's main function. A {@link UserError} prints `error: <message>` and exits 1; any
 * other error prints one line too (the stack with `ELML_DEBUG=1`) and exits 2.
 */
export async function runMain(main: (args: string[]) => Promise<void>): Promise<void> {
  try {
    await main(Deno.args);
  } catch (e) {
    const err = e as Error;
    if (err instanceof UserError) {
      console.error(`error: ${err.message}`);
      Deno.exit(1);
    }
    if (Deno.env.get("ELML_DEBUG")) console.error(err?.stack ?? err);
    else {
      console.error(
        `error: ${err?.name ?? "Error"}: ${String(err?.message ?? err).split("\n")[0]}` +
          " (ELML_DEBUG=1 shows the stack)",
      );
    }
    Deno.exit(2);
  }
}
