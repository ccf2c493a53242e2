import assert from "node:assert/strict";
import { escapeHtml, fmt, renderReport, tableHtml, writeReport } from "../../lib/report/html.ts";
import { Plot, plotToSvg } from "../../lib/report/plot.ts";
import { assertSelfContained } from "../helpers.ts";

Deno.test("plotToSvg: a figure is a pure function data → SVG", () => {
  const data = [{ x: 1, y: 2 }, { x: 2, y: 3 }, { x: 3, y: 1 }];
  const a = plotToSvg({ marks: [Plot.dot(data, { x: "x", y: "y" })], x: { label: "xlabel" } });
  const b = plotToSvg({ marks: [Plot.dot(data, { x: "x", y: "y" })], x: { label: "xlabel" } });
  assert.equal(a, b);
  assert.match(a, /^<svg/);
  assert.equal((a.match(/<circle/g) ?? []).length, 3);
  assert.match(a, /xlabel/);
});

Deno.test("renderReport: self-contained page with params, timings, device and escaped text", () => {
  const html = renderReport({
    title: "T <&>",
    task: "t",
    summary: "s",
    params: { seed: 1, data: "x.csv" },
    timings: { total: 1.23456 },
    device: "CPU float64 (--cpu)",
    sections: [{
      title: "sec",
      text: "a < b",
      figures: [{ svg: plotToSvg({ marks: [Plot.line([[0, 1], [1, 2]])] }) }],
      tables: [{ columns: ["a", "b"], rows: [[1, 0.000012345], ["x", null]] }],
    }],
  });
  assertSelfContained(html);
  assert.match(html, /T &lt;&amp;&gt;/);
  assert.match(html, /a &lt; b/);
  assert.match(html, /CPU float64/);
  assert.match(html, /1\.235/);
  assert.match(html, /1\.234e-5/);
});

Deno.test("fmt and escapeHtml", () => {
  assert.equal(fmt(3), "3");
  assert.equal(fmt(0.5), "0.5");
  assert.equal(fmt(NaN), "–");
  assert.equal(fmt(undefined), "–");
  assert.equal(fmt(Infinity), "∞");
  assert.equal(fmt(1234567.8), "1.235e+6");
  assert.equal(escapeHtml(`"'&`), "&quot;&#39;&amp;");
});

Deno.test("writeReport: writes report.html and results.json (non-finite numbers as null)", async () => {
  const dir = await Deno.makeTempDir();
  const p = await writeReport(dir, {
    title: "t",
    task: "t",
    params: {},
    timings: {},
    device: "d",
    sections: [],
  }, {
    a: new Float64Array([1, 2]),
    b: NaN,
  });
  assert.deepEqual(JSON.parse(await Deno.readTextFile(p.json)), { a: [1, 2], b: null });
  assertSelfContained(await Deno.readTextFile(p.html));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("tables never print NaN or undefined: a dash, and a footnote saying why", () => {
  const html = tableHtml({
    columns: ["a", "b"],
    rows: [[1, NaN], [null, "NaN / 0.5 / undefined"], [2, 3]],
    missing: "the AUC needs two classes",
  });
  assert.ok(!/NaN|undefined/.test(html), html);
  assert.equal(html.match(/<td[^>]*>–<\/td>/g)?.length, 2);
  assert.match(html, /– \/ 0\.5 \/ –/);
  assert.match(html, /not defined: the AUC needs two classes\./);
  const clean = tableHtml({ columns: ["a"], rows: [[1]] });
  assert.ok(!clean.includes("footnote"), "no footnote without a missing value");
  assert.match(
    tableHtml({ columns: ["a"], rows: [[undefined]] }),
    /not defined: not defined for this run/,
  );
});
