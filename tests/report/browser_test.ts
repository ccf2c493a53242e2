/**
 * The report in a real browser (issue 21): Debian's headless Chromium, driven over the DevTools
 * protocol from Deno (tests/report/_browser.ts), opens an nn-landscape report and
 * - hovers a branch end of the disconnectivity graph: the browser hit-tests a minimum whose hover
 *   text gives its loss, accuracies, AUC and Hessian spectrum, and the input plane shows that
 *   minimum's predictions with as many misclassified test points as results.json's test accuracy
 *   implies;
 * - clicks a branch end: the path printed ends at the global minimum, each step is a transition
 *   state of results.json, and its highest transition state is the minimax barrier computed here
 *   by Kruskal's union–find (the page uses Prim's tree); the ringed minima are the clicked
 *   minimum's monotonic sequence basin, recomputed here from results.json;
 * - drags a rectangle over the test points: the minima the page lists as misclassifying a point
 *   in it are those whose forward pass, computed here from the checkpoint's parameters on the
 *   regenerated test rows, gets one of those points wrong.
 * Skipped with a notice without Chromium (`.ci/run` installs it).
 */
import assert from "node:assert/strict";
import { repoPath, runScript } from "../helpers.ts";
import { findChromium, withPage } from "./_browser.ts";
import { xor } from "../../lib/data/classification.ts";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { disconnectivityGraph } from "../../lib/landscape/disconnectivity.ts";
import { disconnectivityFigure } from "../../lib/report/figures/landscape.ts";
import {
  interactiveLandscapeHtml,
  landscapeData,
  nuPickerHtml,
} from "../../lib/report/interactive.ts";
import { JUPYTER_DISPLAY, show } from "../../lib/report/jupyter.ts";

const chromium = findChromium();
if (!chromium) console.error("browser_test: skipped — no Chromium (apt-get install chromium)");

/** A browser test, skipped without Chromium: `fn` gets a fresh temporary folder, removed after. */
function browserTest(name: string, fn: (dir: string) => Promise<void>): void {
  Deno.test({
    name,
    ignore: !chromium,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        await fn(dir);
      } finally {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    },
  });
}

interface Results {
  network: { inputs: number; hidden: number; outputs: number };
  data: { test_rows: number[] };
  minima: { id: number; loss: number; test_accuracy: number }[];
  transition_states: { loss: number; minima: [number, number] }[];
}

/** Class predicted by a tanh I-H-O network with layout [W1 (H×I), b1, W2 (O×H), b2]. */
function forward(w: number[], I: number, H: number, O: number, x: ArrayLike<number>): number {
  const h = Array.from({ length: H }, (_, j) => {
    let s = w[H * I + j];
    for (let k = 0; k < I; k++) s += w[j * I + k] * x[k];
    return Math.tanh(s);
  });
  let best = 0, bestV = -Infinity;
  for (let o = 0; o < O; o++) {
    let s = w[H * I + H + O * H + o];
    for (let j = 0; j < H; j++) s += w[H * I + H + o * H + j] * h[j];
    if (s > bestV) [best, bestV] = [o, s];
  }
  return best;
}

/** Lowest level at which a and b are joined (Kruskal over transition states by energy). */
function minimaxBarrier(r: Results, a: number, b: number): number {
  const parent = new Map<number, number>();
  const find = (v: number): number => {
    while (parent.has(v) && parent.get(v) !== v) v = parent.get(v)!;
    return v;
  };
  for (const t of [...r.transition_states].sort((p, q) => p.loss - q.loss)) {
    const [u, v] = t.minima.map(find);
    if (u !== v) parent.set(u, v);
    if (find(a) === find(b)) return t.loss;
  }
  return NaN;
}

/** Monotonic sequence basin holding `id`: its steepest-descent bottom and every minimum above it. */
function msbOf(r: Results, id: number): Set<number> {
  const E = new Map(r.minima.map((m) => [m.id, m.loss]));
  const nb = new Map<number, number[]>();
  for (const t of r.transition_states) {
    const [a, b] = t.minima;
    if (a === b) continue;
    nb.set(a, [...(nb.get(a) ?? []), b]);
    nb.set(b, [...(nb.get(b) ?? []), a]);
  }
  let v = id;
  for (;;) {
    const lower = (nb.get(v) ?? []).filter((u) => E.get(u)! < E.get(v)!);
    if (!lower.length) break;
    v = lower.reduce((p, q) => (E.get(q)! < E.get(p)! ? q : p));
  }
  const seen = new Set([v]), stack = [v];
  while (stack.length) {
    const u = stack.pop()!;
    for (const w of nb.get(u) ?? []) {
      if (E.get(w)! > E.get(u)! && !seen.has(w)) seen.add(w), stack.push(w);
    }
  }
  return seen;
}

browserTest(
  "report in headless Chromium: hover shows a minimum's metrics and predictions, click traces its path and basin, a dragged region lists the minima that misclassify it",
  async (dir) => {
    const r = await runScript(repoPath("scripts/nn_landscape.ts"), [
      "--quick",
      "--connect",
      "30", // enough transition states for cycles, where lowest-barrier and shortest paths differ
      "--cpu",
      "--out",
      `${dir}/out`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`)) as Results;
    const ck = JSON.parse(await Deno.readTextFile(`${dir}/out/checkpoint/exploration.json`));
    const params = new Map<number, number[]>(
      ck.value.db.$database.minima.map((m: { id: number; x: { v: number[] } }) => [m.id, m.x.v]),
    );
    const { inputs: I, hidden: H, outputs: O } = res.network;
    const data = xor({ n: 200, irrelevant: 2, seed: 1 });
    const testRows = res.data.test_rows;
    const gm = res.minima.reduce((a, m) => (m.loss < a.loss ? m : a));

    await withPage(chromium!, `${dir}/out/report.html`, async (cdp, errors) => {
      const ends = await cdp.eval<{ id: number; x: number; y: number; title: string }[]>(`(() => {
          const f = document.querySelector("[data-elml-landscape]");
          f.scrollIntoView();
          return [...f.querySelectorAll("svg circle[data-min]")].map((c) => {
            const b = c.getBoundingClientRect();
            return { id: +c.dataset.min, x: b.left + b.width / 2, y: b.top + b.height / 2,
              title: c.querySelector("title")?.textContent ?? "" };
          });
        })()`);
      assert.ok(ends.length >= 2, "the graph has clickable branch ends");
      // 1. Hover: the browser hit-tests the branch end, and the plane shows its predictions.
      const probe = ends.find((e) => e.id !== gm.id) ?? ends[0];
      await cdp.move(probe.x, probe.y);
      const hovered = await cdp.eval<string>(`(() => {
          const el = document.elementFromPoint(${probe.x}, ${probe.y});
          const hov = [...document.querySelectorAll(":hover")].pop();
          return (el === hov ? "" : "not hovered: ") + (el?.querySelector("title")?.textContent ?? el?.tagName);
        })()`);
      assert.match(
        hovered,
        /^minimum \d+: training loss .*test accuracy [\d.]+.*Hessian: λmin/s,
      );
      const caption = await cdp.eval<string>(
        `document.querySelector(".elml-map-caption").textContent`,
      );
      const acc = res.minima.find((m) => m.id === probe.id)!.test_accuracy;
      const wrong = Math.round((1 - acc) * testRows.length);
      assert.match(
        caption,
        new RegExp(`minimum ${probe.id} predicts.*misclassified, ${wrong} of ${testRows.length}`),
      );

      // 2. Click each branch end: path to the global minimum and the monotonic sequence basin.
      const drawn = new Set(ends.map((e) => e.id));
      for (const end of ends) {
        await cdp.click(end.x, end.y);
        const text = await cdp.eval<string>(`document.querySelector(".elml-panel").textContent`);
        const ringed = await cdp.eval<number[]>(
          `[...document.querySelectorAll("[data-elml-landscape] circle.elml-msb")].map((c) => +c.dataset.min)`,
        );
        const basin = [...msbOf(res, end.id)].filter((v) => drawn.has(v));
        assert.deepEqual(ringed.sort((a, b) => a - b), basin.sort((a, b) => a - b));
        if (end.id === gm.id) {
          assert.match(text, /This is the global minimum/);
          continue;
        }
        const m = /path to the global minimum .*?: ([\d → ]+); highest transition state ([\d.e+-]+)/
          .exec(text);
        assert.ok(m, `the panel states a path: ${text}`);
        const path = m[1].split(" → ").map(Number);
        assert.equal(path[0], end.id);
        assert.equal(path[path.length - 1], gm.id);
        for (let k = 0; k + 1 < path.length; k++) {
          assert.ok(
            res.transition_states.some((t) =>
              t.minima.includes(path[k]) && t.minima.includes(path[k + 1])
            ),
            `step ${path[k]} → ${path[k + 1]} is a transition state`,
          );
        }
        const barrier = minimaxBarrier(res, end.id, gm.id);
        assert.ok(
          Math.abs(Number(m[2]) - barrier) <= 1e-5 * Math.abs(barrier),
          `minimum ${end.id}: highest TS ${m[2]} vs minimax barrier ${barrier}`,
        );
        const orange = await cdp.eval<number[]>(
          `[...document.querySelectorAll("[data-elml-landscape] circle.elml-path")].map((c) => +c.dataset.min)`,
        );
        assert.deepEqual(
          orange.sort((a, b) => a - b),
          path.filter((v) => drawn.has(v)).sort((a, b) => a - b),
        );
      }

      // 3. Move away, drag over the upper right of the plane: the minima listed as misclassifying.
      await cdp.move(2, 2);
      const box = await cdp.eval<{ x: number; y: number; w: number; h: number }>(`(() => {
          const s = document.querySelector(".elml-map-svg");
          s.scrollIntoView({ block: "center" });
          const b = s.getBoundingClientRect();
          return { x: b.left, y: b.top, w: b.width, h: b.height };
        })()`);
      const a: [number, number] = [box.x + 0.5 * box.w, box.y + 0.05 * box.h];
      const b: [number, number] = [box.x + 0.95 * box.w, box.y + 0.5 * box.h];
      await cdp.drag(a, b);
      const inside = await cdp.eval<number[]>(
        `[...document.querySelectorAll(".elml-map-svg circle[data-point]")]
          .filter((c) => { const r = c.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            return x > ${a[0] + 1} && x < ${b[0] - 1} && y > ${a[1] + 1} && y < ${b[1] - 1}; })
          .map((c) => +c.dataset.point)`,
      );
      const panel = await cdp.eval<string>(`document.querySelector(".elml-region").textContent`);
      const listed = [...panel.matchAll(/minimum (\d+) \((\d+)\)/g)].map((q) => [+q[1], +q[2]]);
      const region = /Region: (\d+) test points/.exec(panel);
      assert.ok(region && Number(region[1]) >= inside.length && inside.length > 0, panel);
      // Points near the rectangle's edge may fall either side of the strict test above: compare
      // only minima whose verdict does not hinge on them.
      const all = await cdp.eval<number[]>(
        `Object.keys(JSON.parse(document.querySelector("[data-elml-landscape] script.elml-data").textContent).map.pred).map(Number)`,
      );
      const errorsOn = (id: number, pts: number[]) =>
        pts.filter((i) => {
          const row = testRows[i];
          return forward(params.get(id)!, I, H, O, data.X.subarray(row * I, (row + 1) * I)) !==
            data.labels[row];
        }).length;
      const listedIds = new Map(listed.map(([id, e]) => [id, e]));
      let compared = 0;
      for (const id of all) {
        if (!params.has(id)) continue;
        const e = errorsOn(id, inside);
        if (Number(region![1]) === inside.length) {
          assert.equal(listedIds.get(id) ?? 0, e, `minimum ${id}'s errors in the region`);
          compared++;
        } else if (e > 0) {
          assert.ok(listedIds.has(id), `minimum ${id} misclassifies a point in the region`);
          compared++;
        }
      }
      assert.ok(compared > 0 || listed.length === 0);
      const red = await cdp.eval<number[]>(
        `[...document.querySelectorAll("[data-elml-landscape] svg circle.elml-bad")].map((c) => +c.dataset.min)`,
      );
      for (const id of red) assert.ok(listedIds.has(id), `red minimum ${id} is listed`);
      assert.deepEqual(errors, [], "no script errors on the page");
    });
  },
);

browserTest(
  "sweep-nu report in headless Chromium: a click on the ν axis at a tick opens the nearest landscape; hovering a branch end draws its posterior",
  async (dir) => {
    const r = await runScript(repoPath("scripts/sweep_nu.ts"), [
      "--quick",
      "--cpu",
      "--out",
      `${dir}/out`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    await withPage(chromium!, `${dir}/out/report.html`, async (cdp, errors) => {
      const labels = await cdp.eval<{ nu: number; label: string; hidden: boolean }[]>(
        `[...document.querySelectorAll(".elml-nu-choice")].map((c) => ({ nu: +c.dataset.nu, label: c.dataset.label, hidden: c.hidden }))`,
      );
      assert.ok(labels.length >= 2, "several landscapes to pick from");
      assert.equal(labels.filter((c) => !c.hidden).length, 1, "one landscape shown at a time");
      // The optimum's landscape first when it has a graph, else the ensembles' (or any graph).
      const graphs = await cdp.eval<{ label: string; hidden: boolean; graph: boolean }[]>(
        `[...document.querySelectorAll(".elml-nu-choice")].map((c) => ({ label: c.dataset.label, hidden: c.hidden, graph: !!c.querySelector("figure circle[data-min]") }))`,
      );
      const first = graphs.find((c) => !c.hidden)!;
      const opt = graphs.find((c) => /optimum/.test(c.label))!;
      if (opt.graph) assert.equal(first.label, opt.label);
      else if (graphs.some((c) => c.graph)) assert.ok(first.graph, `${first.label} has a graph`);
      // Each tick label of the ν axis, as Plot drew it: a click above it opens the landscape
      // whose ν is nearest the tick's value.
      const ticks = await cdp.eval<{ value: number; x: number; y: number }[]>(`(() => {
          const s = document.querySelector("svg[data-nu-axis]");
          s.scrollIntoView({ block: "center" });
          const plot = s.getBoundingClientRect();
          return [...s.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => {
            const b = t.getBoundingClientRect();
            return { value: Number(t.textContent.replace("−", "-")), x: b.left + b.width / 2, y: plot.top + plot.height / 2 };
          });
        })()`);
      assert.ok(ticks.length >= 3, "the ν axis has tick labels");
      for (const t of ticks) {
        await cdp.click(t.x, t.y);
        const shown = await cdp.eval<number[]>(
          `[...document.querySelectorAll(".elml-nu-choice")].filter((c) => !c.hidden).map((c) => +c.dataset.nu)`,
        );
        const nearest = Math.min(...labels.map((c) => Math.abs(c.nu - t.value)));
        assert.equal(shown.length, 1);
        assert.ok(
          Math.abs(Math.abs(shown[0] - t.value) - nearest) < 1e-9,
          `click at ν = ${t.value} opened ν = ${shown[0]}`,
        );
      }
      // Hover each branch end of the shown landscape: its posterior is drawn.
      const ends = await cdp.eval<{ id: number; x: number; y: number }[]>(`(() => {
          const f = [...document.querySelectorAll(".elml-nu-choice")].find((c) => !c.hidden);
          f.scrollIntoView();
          return [...f.querySelectorAll("figure circle[data-min]")].map((c) => {
            const b = c.getBoundingClientRect();
            return { id: +c.dataset.min, x: b.left + b.width / 2, y: b.top + b.height / 2 };
          });
        })()`);
      for (const e of ends) {
        await cdp.move(e.x, e.y);
        const gp = await cdp.eval<{ caption: string; points: number }>(`(() => {
            const f = [...document.querySelectorAll(".elml-nu-choice")].find((c) => !c.hidden);
            const line = f.querySelector(".elml-gp-mean");
            return { caption: f.querySelector(".elml-gp-caption")?.textContent ?? "",
              points: line ? line.getAttribute("points").trim().split(/\\s+/).length : 0 };
          })()`);
        assert.match(gp.caption, new RegExp(`^Posterior of minimum ${e.id}:`));
        assert.equal(gp.points, 80);
      }
      assert.deepEqual(errors, [], "no script errors on the page");
    });
  },
);

browserTest(
  "notebook output in headless Chromium: show() brings the script along, and two outputs on one page each set their blocks up once",
  async (dir) => {
    const db = new LandscapeDatabase(1);
    [-2, -1, 0].forEach((e, i) => db.addMinimum(Float64Array.of(i), e));
    for (const [energy, minima] of [[1, [0, 1]], [2, [1, 2]]] as [number, [number, number]][]) {
      db.addTransitionState({
        energy,
        x: Float64Array.of(minima[0] + 0.5),
        minima,
        eigenvalue: -1,
        logProductHessian: 0,
        index: 1,
        provenance: "test",
      });
    }
    const graph = disconnectivityGraph(db, { levels: 5 });
    const html = show({
      title: "Notebook",
      text: "",
      html: nuPickerHtml([{
        nu: 1.5,
        label: "ν = 1.5",
        default: true,
        html: interactiveLandscapeHtml(
          "nb",
          disconnectivityFigure(graph, { key: "nb" }),
          landscapeData(db, graph.leaves.map((l) => l.minimum), "E"),
        ),
      }]),
    })[JUPYTER_DISPLAY]()["text/html"];
    assert.match(html, /<script>/);
    // Two outputs of the same cell, as a notebook page holds them: the script runs twice.
    await Deno.writeTextFile(
      `${dir}/nb.html`,
      `<!doctype html><meta charset="utf-8">${html}${html}`,
    );
    await withPage(chromium!, `${dir}/nb.html`, async (cdp, errors) => {
      const end = await cdp.eval<{ x: number; y: number }>(`(() => {
          const c = document.querySelector('[data-elml-landscape] circle[data-min="2"]');
          const b = c.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        })()`);
      await cdp.click(end.x, end.y);
      const panel = await cdp.eval<string>(`document.querySelector(".elml-panel").textContent`);
      assert.match(
        panel,
        /Minimum 2.*path to the global minimum .*: 2 → 1 → 0; highest transition state 2\.00000/s,
      );
      // One list per picker, not one per run of the script.
      const bars = await cdp.eval<number[]>(
        `[...document.querySelectorAll("[data-elml-nu-picker]")].map((p) => p.querySelectorAll(".elml-nu-bar").length)`,
      );
      assert.deepEqual(bars, [1, 1]);
      assert.deepEqual(errors, []);
    });
  },
);
