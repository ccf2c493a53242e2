import assert from "node:assert/strict";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { JUPYTER_DISPLAY, show } from "../../lib/report/jupyter.ts";

function twoMinima(): LandscapeDatabase {
  const db = new LandscapeDatabase(1);
  for (const [x, e] of [[-1, 0], [1, 0.5]]) {
    db.addMinimum(Float64Array.of(x), e, { logProductHessian: 0, modes: 1, index: 0 });
  }
  db.addTransitionState({
    energy: 2,
    x: Float64Array.of(0),
    minima: [0, 1],
    eigenvalue: -1,
    logProductHessian: 0,
    index: 1,
    provenance: "test",
  });
  return db;
}

Deno.test("show(db) gives the Deno kernel counts, connectivity and the disconnectivity graph", () => {
  const bundle = show(twoMinima(), { energyLabel: "NLML" })[JUPYTER_DISPLAY]();
  assert.match(bundle["text/plain"], /^2 minima \(0 on a bound\), 1 transition states, 100% /);
  assert.match(bundle["text/plain"], /NLML 0\)/);
  assert.ok(bundle["text/html"].includes("<svg"), "a graph for a connected pair");
  assert.ok(bundle["text/html"].includes("<td>transition states</td>"));
  const lone = new LandscapeDatabase(1);
  lone.addMinimum(Float64Array.of(0), 1);
  assert.match(show(lone)[JUPYTER_DISPLAY]()["text/html"], /No transition state/);
});

Deno.test("show(markup) and show(report): SVG as an image, sections and titles as HTML", () => {
  const svg = show("<svg xmlns='http://www.w3.org/2000/svg'></svg>")[JUPYTER_DISPLAY]();
  assert.ok(svg["image/svg+xml"].startsWith("<svg"));
  const rep = show({ title: "T <1>", summary: "s", sections: [{ title: "A", text: "x" }] });
  const b = rep[JUPYTER_DISPLAY]();
  assert.ok(b["text/html"].startsWith("<div><h1>T &lt;1&gt;</h1>"));
  assert.ok(b["text/html"].includes("<h2>A</h2>"));
  assert.equal(String(rep), "T <1>: s");
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
});
