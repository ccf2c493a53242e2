/**
 * Runs the TypeScript examples in the docs pages that promise to be runnable, with `./mod.ts`
 * rewritten to the repository's mod.ts, and checks the output their last comment states.
 */
import assert from "node:assert/strict";
import { repoPath, runScript } from "./helpers.ts";

for (const page of ["docs/landscape.md", "docs/studies.md"]) {
  Deno.test(`${page}: its example runs and prints what it says`, async () => {
    const md = await Deno.readTextFile(repoPath(page));
    const code = md.match(/```ts\n([\s\S]*?)```/)![1];
    const dir = await Deno.makeTempDir();
    const file = `${dir}/example.ts`;
    await Deno.writeTextFile(
      file,
      code.replace('from "./mod.ts"', `from ${JSON.stringify(repoPath("mod.ts"))}`),
    );
    const r = await runScript(file, [], { ELML_DEVICE: "cpu" });
    assert.equal(r.code, 0, r.stderr);
    // The expected output: the `// …` comment after the example's console.log (same or next line).
    const expected = code.match(/console\.log\([^;]*\);(?: \/\/ (.*))?\n(?:\/\/ (.*)\n)?/);
    const want = expected?.[1] ?? expected?.[2];
    assert.ok(want, `${page}: the example states its output in a comment`);
    assert.equal(r.stdout.trim().split("\n").at(-1), want.trim());
    await Deno.remove(dir, { recursive: true });
  });
}
