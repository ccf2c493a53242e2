/**
 * The report in a real browser (issue 21): Debian's headless Chromium, driven over the DevTools
 * protocol from Deno, opens an nn-landscape report, moves the mouse onto a branch end of the
 * disconnectivity graph and checks what the browser hit-tests there: a minimum whose hover text
 * gives its loss, accuracies, AUC and Hessian spectrum. Skipped with a notice without Chromium
 * (`.ci/run` installs it).
 */
import assert from "node:assert/strict";
import { repoPath, runScript } from "../helpers.ts";

function findChromium(): string | null {
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  return null;
}
const chromium = findChromium();
if (!chromium) console.error("browser_test: skipped — no Chromium (apt-get install chromium)");

/** A minimal DevTools-protocol client over one page's WebSocket. */
class Cdp {
  #id = 0;
  #pending = new Map<number, (v: { result?: unknown; error?: unknown }) => void>();
  #events: ((m: { method: string; params: unknown }) => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.id !== undefined) this.#pending.get(m.id)?.(m);
      else this.#events.forEach((f) => f(m));
    };
  }
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.#id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((res, rej) =>
      this.#pending.set(
        id,
        (m) => (m.error
          ? rej(new Error(JSON.stringify(m.error)))
          : res(m.result as Record<string, unknown>)),
      )
    );
  }
  once(method: string): Promise<unknown> {
    return new Promise((res) => this.#events.push((m) => m.method === method && res(m.params)));
  }
  async eval<T>(expr: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", { expression: expr, returnByValue: true });
    return (r.result as { value: T }).value;
  }
}

Deno.test({
  name:
    "report in headless Chromium: hovering a branch end of the graph shows that minimum's metrics",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const r = await runScript(repoPath("scripts/nn_landscape.ts"), [
      "--quick",
      "--cpu",
      "--out",
      `${dir}/out`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const proc = new Deno.Command(chromium!, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--remote-debugging-port=0",
        `--user-data-dir=${dir}/profile`,
        "--window-size=1200,900",
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…"
      const reader = proc.stderr.pipeThrough(new TextDecoderStream()).getReader();
      let text = "", port = "";
      const deadline = Date.now() + 30_000;
      while (!port && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
        port = /ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text)?.[1] ?? "";
      }
      assert.ok(port, `Chromium did not report its DevTools port: ${text.slice(0, 300)}`);
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })();
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as {
        type: string;
        webSocketDebuggerUrl: string;
      }[];
      const page = list.find((t) => t.type === "page")!;
      const ws = new WebSocket(page.webSocketDebuggerUrl);
      await new Promise((res) => (ws.onopen = res));
      const cdp = new Cdp(ws);
      await cdp.send("Page.enable");
      const loaded = cdp.once("Page.loadEventFired");
      await cdp.send("Page.navigate", { url: `file://${dir}/out/report.html` });
      await loaded;
      // The first branch end of the disconnectivity graph (the first figure with hover texts).
      const box = await cdp.eval<{ x: number; y: number } | null>(`(() => {
        const c = [...document.querySelectorAll("circle")].find((c) =>
          c.querySelector("title")?.textContent.includes("test accuracy"));
        if (!c) return null;
        c.scrollIntoView({ block: "center" });
        const b = c.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      })()`);
      assert.ok(box, "the graph has branch ends with hover text");
      await cdp.send("Input.dispatchMouseEvent", { type: "mouseMoved", x: box.x, y: box.y });
      const hovered = await cdp.eval<string>(`(() => {
        const el = document.elementFromPoint(${box.x}, ${box.y});
        const hov = [...document.querySelectorAll(":hover")].pop();
        return (el === hov ? "" : "not hovered: ") + (el?.querySelector("title")?.textContent ?? el?.tagName);
      })()`);
      assert.match(hovered, /^minimum \d+: training loss .*test accuracy [\d.]+.*Hessian: λmin/s);
      ws.close();
    } finally {
      proc.kill();
      await proc.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
