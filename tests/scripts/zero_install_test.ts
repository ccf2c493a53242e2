/**
 * Zero-install check: serve the repository over 127.0.0.1 and run a script by URL with a fresh,
 * empty DENO_DIR — as a user who runs `deno run https://…/scripts/selftest.ts` would. This fails
 * if any module uses a bare specifier or the import map, or reads files by repository path.
 */
import assert from "node:assert/strict";
import { assertSelfContained, repoPath } from "../helpers.ts";

const root = repoPath("");

const TYPES: Record<string, string> = {
  ts: "application/typescript",
  js: "application/javascript",
  json: "application/json",
  wgsl: "text/plain",
};

Deno.test({
  name: "a script runs straight from a URL with an empty DENO_DIR and writes its report",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path.includes("..")) return new Response("no", { status: 400 });
      try {
        const body = await Deno.readFile(root + path.slice(1));
        const ext = path.split(".").pop() ?? "";
        return new Response(body, {
          headers: { "content-type": TYPES[ext] ?? "application/octet-stream" },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const denoDir = await Deno.makeTempDir({ prefix: "elml-deno-dir-" });
  const out = await Deno.makeTempDir({ prefix: "elml-out-" });
  const cwd = await Deno.makeTempDir({ prefix: "elml-cwd-" }); // no deno.json here
  try {
    const url = `http://127.0.0.1:${server.addr.port}/scripts/selftest.ts`;
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-config", url, "--cpu", "--quick", "--out", out],
      cwd,
      env: { DENO_DIR: denoDir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(r.stderr);
    assert.equal(r.code, 0, stderr);
    const results = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
    assert.equal(results.task, "selftest");
    assertSelfContained(await Deno.readTextFile(`${out}/report.html`));
  } finally {
    ac.abort();
    await server.finished;
    for (const d of [denoDir, out, cwd]) await Deno.remove(d, { recursive: true }).catch(() => {});
  }
});
