/**
 * Headless Chromium for the report tests: a minimal DevTools-protocol client over one page's
 * WebSocket, and {@link withPage}, which starts Debian's Chromium, opens a file and hands the page
 * to a callback. {@link findChromium} is null without a browser (the tests are then skipped).
 * @module
 */

/** The first Chromium found on the usual paths, or null. */
export function findChromium(): string | null {
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  return null;
}

/** A minimal DevTools-protocol client over one page's WebSocket. */
export class Cdp {
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
  /** Sends a protocol command and waits for its result. */
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
  /** Resolves on the next event of this name. */
  once(method: string): Promise<unknown> {
    return new Promise((res) => this.#events.push((m) => m.method === method && res(m.params)));
  }
  /** Evaluates an expression in the page; returns its value (JSON-serialisable). */
  async eval<T>(expr: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", { expression: expr, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`page: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as { value: T }).value;
  }
  /** Moves the mouse to (x, y), in CSS pixels of the viewport. */
  async move(x: number, y: number): Promise<void> {
    await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
  }
  /** A left click at (x, y). */
  async click(x: number, y: number): Promise<void> {
    await this.move(x, y);
    await this.send("Input.dispatchMouseEvent", {
      type: "mousePressed",
      x,
      y,
      button: "left",
      buttons: 1,
      clickCount: 1,
    });
    await this.send("Input.dispatchMouseEvent", {
      type: "mouseReleased",
      x,
      y,
      button: "left",
      buttons: 0,
      clickCount: 1,
    });
  }
  /** A left-button drag from a to b in `steps` moves. */
  async drag(a: [number, number], b: [number, number], steps = 6): Promise<void> {
    await this.move(a[0], a[1]);
    await this.send("Input.dispatchMouseEvent", {
      type: "mousePressed",
      x: a[0],
      y: a[1],
      button: "left",
      buttons: 1,
      clickCount: 1,
    });
    for (let k = 1; k <= steps; k++) {
      const x = a[0] + (b[0] - a[0]) * k / steps, y = a[1] + (b[1] - a[1]) * k / steps;
      await this.send("Input.dispatchMouseEvent", {
        type: "mouseMoved",
        x,
        y,
        button: "left",
        buttons: 1,
      });
    }
    await this.send("Input.dispatchMouseEvent", {
      type: "mouseReleased",
      x: b[0],
      y: b[1],
      button: "left",
      buttons: 0,
      clickCount: 1,
    });
  }
  /** A PNG screenshot of the viewport. */
  async screenshot(path: string): Promise<void> {
    const r = await this.send("Page.captureScreenshot", { format: "png" });
    await Deno.writeFile(
      path,
      Uint8Array.from(atob(r.data as string), (c) => c.charCodeAt(0)),
    );
  }
}

/**
 * Starts headless Chromium, opens `file` and runs `fn` on the page; collects the page's console
 * errors and uncaught exceptions into `errors` (the callback should check them).
 */
export async function withPage<T>(
  chromium: string,
  file: string,
  fn: (cdp: Cdp, errors: string[]) => Promise<T>,
): Promise<T> {
  const profile = await Deno.makeTempDir();
  const proc = new Deno.Command(chromium, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
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
    if (!port) throw new Error(`Chromium did not report its DevTools port: ${text.slice(0, 300)}`);
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
    const errors: string[] = [];
    await cdp.send("Runtime.enable");
    cdp.ws.addEventListener("message", (e) => {
      const m = JSON.parse(e.data);
      if (m.method === "Runtime.exceptionThrown") {
        errors.push(JSON.stringify(m.params.exceptionDetails).slice(0, 500));
      }
      if (m.method === "Runtime.consoleAPICalled" && m.params.type === "error") {
        errors.push(JSON.stringify(m.params.args).slice(0, 500));
      }
    });
    await cdp.send("Page.enable");
    const loaded = cdp.once("Page.loadEventFired");
    await cdp.send("Page.navigate", { url: `file://${file}` });
    await loaded;
    try {
      return await fn(cdp, errors);
    } finally {
      ws.close();
    }
  } finally {
    proc.kill();
    await proc.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
