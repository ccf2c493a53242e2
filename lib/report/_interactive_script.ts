/**
 * The CSS and the script of interactive report blocks (see interactive.ts), apart so that the
 * page renderer can include them without importing the data builders.
 * @module
 */

/** CSS of the interactive blocks. */
export const INTERACTIVE_CSS =
  `.elml-land{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.elml-land>figure{flex:1 1 520px;margin:0;min-width:0}
.elml-side{flex:1 1 330px;min-width:0;font-size:.88em}.elml-help{color:#555;margin:0 0 .4em}.elml-panel table{margin:.3em 0}
circle[data-min]{cursor:pointer}circle.elml-msb{stroke:#111;stroke-width:1.6px}circle.elml-path{stroke:#e4572e;stroke-width:3px}
circle.elml-sel{stroke:#e4572e;stroke-width:5px}circle.elml-hover{stroke:#000;stroke-width:3px}circle.elml-bad{fill:#d62728}
circle.elml-ok{fill:#c9d3d8}.elml-map svg{border:1px solid #ddd;cursor:crosshair;touch-action:none}.elml-map select{font-size:1em}`;

/** The page's script: plain ES2017, no library, no network. */
export const INTERACTIVE_SCRIPT = String.raw`(function () {
"use strict";
var NS = "http://www.w3.org/2000/svg";
var PAL = ["#4269d0", "#efb118", "#3ca951", "#ff725c", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0", "#6cc5b0", "#ff8ab7"];
function el(tag, attrs, parent) {
  var e = document.createElementNS(NS, tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function num(x) { return x === null || x === undefined ? "\u2013" : Number(x).toPrecision(6); }
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
function color(k) { return PAL[k % PAL.length]; }
document.querySelectorAll("[data-elml-landscape]").forEach(function (box) {
  // Once per block: a notebook runs the script again with each output it shows.
  if (box.hasAttribute("data-elml-ready")) return;
  box.setAttribute("data-elml-ready", "");
  var key = box.getAttribute("data-elml-landscape");
  var D = JSON.parse(box.querySelector("script.elml-data").textContent);
  var M = {};
  D.minima.forEach(function (m) { M[m[0]] = { id: m[0], E: m[1], next: m[2], ts: m[3], bottom: m[4] }; });
  var dots = Array.prototype.slice.call(document.querySelectorAll('svg[data-land="' + key + '"] circle[data-min]'));
  var panel = box.querySelector(".elml-panel"), inGraph = {};
  box.querySelectorAll("figure circle[data-min]").forEach(function (c) { inGraph[+c.getAttribute("data-min")] = 1; });
  var state = { sel: null, hover: null, region: null };
  function classes(fn) {
    dots.forEach(function (c) {
      var id = +c.getAttribute("data-min");
      ["elml-msb", "elml-path", "elml-sel", "elml-bad", "elml-ok", "elml-hover"].forEach(function (k) { c.classList.remove(k); });
      fn(c, id);
    });
  }
  function pathOf(id) {
    if (!M[id]) return null;
    var out = [id], tss = [], v = id;
    while (v !== D.gm) {
      var m = M[v];
      if (!m || m.next < 0 || out.length > D.minima.length) return null;
      tss.push(m.ts);
      v = m.next;
      out.push(v);
    }
    return { minima: out, ts: tss };
  }
  function errors(id) {
    var map = D.map, r = state.region, p = map && map.pred[id];
    if (!r || !p) return null;
    var e = 0;
    for (var k = 0; k < r.points.length; k++) if (parseInt(p[r.points[k]], 36) !== map.y[r.points[k]]) e++;
    return e;
  }
  function restyle() {
    var sel = state.sel, P = sel === null ? null : pathOf(sel);
    var onPath = {}, inMsb = {};
    if (P) P.minima.forEach(function (v) { onPath[v] = 1; });
    if (sel !== null && M[sel]) (D.msb[M[sel].bottom] || []).forEach(function (v) { inMsb[v] = 1; });
    classes(function (c, id) {
      if (state.region) c.classList.add(errors(id) > 0 ? "elml-bad" : "elml-ok");
      if (inMsb[id]) c.classList.add("elml-msb");
      if (onPath[id]) c.classList.add("elml-path");
      if (id === sel) c.classList.add("elml-sel");
      if (id === state.hover) c.classList.add("elml-hover");
    });
    drawPanel();
    drawMap();
    drawGp();
  }
  function profile(P) {
    var pts = [];
    for (var k = 0; k < P.minima.length; k++) {
      pts.push({ E: M[P.minima[k]].E, label: "minimum " + P.minima[k], min: true });
      if (k < P.ts.length) pts.push({ E: P.ts[k], label: "transition state", min: false });
    }
    var W = 320, H = 150, L = 56, B = 22, lo = Infinity, hi = -Infinity;
    pts.forEach(function (p) { lo = Math.min(lo, p.E); hi = Math.max(hi, p.E); });
    if (hi === lo) { hi += 1; lo -= 1; }
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "elml-profile" });
    var X = function (k) { return L + (W - L - 10) * (pts.length > 1 ? k / (pts.length - 1) : 0.5); };
    var Y = function (E) { return 8 + (H - B - 8) * (hi - E) / (hi - lo); };
    el("polyline", { points: pts.map(function (p, k) { return X(k) + "," + Y(p.E); }).join(" "), fill: "none", stroke: "#888" }, svg);
    pts.forEach(function (p, k) {
      var c = el(p.min ? "circle" : "rect", p.min
        ? { cx: X(k), cy: Y(p.E), r: 3.5, fill: "#4269d0" }
        : { x: X(k) - 3, y: Y(p.E) - 3, width: 6, height: 6, fill: "#d62728" }, svg);
      el("title", {}, c).textContent = p.label + ": " + D.label + " " + num(p.E);
    });
    [hi, lo].forEach(function (E) {
      el("text", { x: L - 4, y: Y(E) + 4, "text-anchor": "end", "font-size": 10 }, svg).textContent = Number(E).toPrecision(4);
    });
    el("text", { x: L, y: H - 6, "font-size": 10 }, svg).textContent = "path: minimum " + P.minima[0] + " \u2192 global minimum " + D.gm;
    return svg;
  }
  function drawPanel() {
    var html = "", sel = state.sel;
    if (sel !== null) {
      var m = M[sel], P = pathOf(sel), msb = D.msb[m.bottom] || [];
      html += "<p><b>Minimum " + sel + "</b>: " + esc(D.label) + " " + num(m.E) + ".<br>Monotonic sequence basin of minimum " + m.bottom + ": " + msb.length + " minima (ringed in black).</p>";
      if (!P) html += '<p class="elml-path-text">Not connected to the global minimum.</p>';
      else if (P.minima.length === 1) html += '<p class="elml-path-text">This is the global minimum.</p>';
      else {
        var top = Math.max.apply(null, P.ts);
        html += '<p class="elml-path-text">Lowest-barrier path to the global minimum (' + (P.minima.length - 1) + " transition states, orange): " +
          P.minima.join(" \u2192 ") + "; highest transition state " + num(top) + ", barrier " + num(top - m.E) + " from minimum " + sel + ".</p>";
      }
    }
    if (state.region) {
      var bad = [];
      Object.keys(D.map.pred).forEach(function (id) { var e = errors(id); if (e > 0) bad.push([+id, e]); });
      var total = Object.keys(D.map.pred).length, drawnBad = 0;
      bad.forEach(function (b) { if (inGraph[b[0]]) drawnBad++; });
      bad.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      html += '<p class="elml-region">Region: ' + state.region.points.length + " test points. <b>" + bad.length + " of " + total +
        " minima misclassify at least one</b> (" + drawnBad + " of them drawn, red in the graph)" + (bad.length ? ": " + bad.slice(0, 40).map(function (b) { return "minimum " + b[0] + " (" + b[1] + ")"; }).join(", ") + (bad.length > 40 ? ", \u2026" : "") : "") + ".</p>";
    }
    if (!html) html = "<p>Click a branch end of the graph" + (D.map ? ", or drag over the test points," : "") + " to explore.</p>";
    panel.innerHTML = html;
    if (sel !== null) { var PP = pathOf(sel); if (PP && PP.minima.length > 1) panel.appendChild(profile(PP)); }
  }
  // The GP posterior of the hovered (else the selected) minimum, for models of one input.
  var gpBox = box.querySelector(".elml-gp");
  function drawGp() {
    var G = D.gp;
    if (!G || !gpBox) return;
    var shown = state.hover !== null ? state.hover : state.sel;
    var C = shown !== null ? G.curves[shown] : null;
    gpBox.innerHTML = "";
    var W = 330, H = 220, L = 46, B = 24, T = 8, R = 8;
    var px = G.train[0].concat(G.test ? G.test[0] : []), py = G.train[1].concat(G.test ? G.test[1] : []);
    var ylo = Math.min.apply(null, py), yhi = Math.max.apply(null, py), span = (yhi - ylo) || 1;
    if (C) for (var k = 0; k < G.x.length; k++) {
      ylo = Math.min(ylo, Math.max(C[0][k] - C[1][k], ylo - 0.5 * span));
      yhi = Math.max(yhi, Math.min(C[0][k] + C[1][k], yhi + 0.5 * span));
    }
    var x0 = G.x[0], x1 = G.x[G.x.length - 1];
    var X = function (v) { return L + (W - L - R) * (v - x0) / ((x1 - x0) || 1); };
    var Y = function (v) { return T + (H - T - B) * (yhi - Math.min(Math.max(v, ylo), yhi)) / ((yhi - ylo) || 1); };
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "elml-gp-svg" }, gpBox);
    if (C) {
      var up = G.x.map(function (v, k) { return X(v) + "," + Y(C[0][k] + C[1][k]); });
      var dn = G.x.map(function (v, k) { return X(v) + "," + Y(C[0][k] - C[1][k]); }).reverse();
      el("polygon", { points: up.concat(dn).join(" "), fill: "#4269d0", "fill-opacity": 0.18, "class": "elml-gp-band" }, svg);
      el("polyline", { points: G.x.map(function (v, k) { return X(v) + "," + Y(C[0][k]); }).join(" "), fill: "none", stroke: "#4269d0", "stroke-width": 1.5, "class": "elml-gp-mean" }, svg);
    }
    G.train[0].forEach(function (v, i) { el("circle", { cx: X(v), cy: Y(G.train[1][i]), r: 2, fill: "#222" }, svg); });
    if (G.test) G.test[0].forEach(function (v, i) { el("circle", { cx: X(v), cy: Y(G.test[1][i]), r: 2.5, fill: "none", stroke: "#d62728" }, svg); });
    [[yhi, T + 4], [ylo, H - B]].forEach(function (p) { el("text", { x: L - 4, y: p[1], "text-anchor": "end", "font-size": 10 }, svg).textContent = Number(p[0]).toPrecision(3); });
    el("text", { x: L, y: H - 8, "font-size": 10 }, svg).textContent = Number(x0).toPrecision(3);
    el("text", { x: W - R, y: H - 8, "font-size": 10, "text-anchor": "end" }, svg).textContent = Number(x1).toPrecision(3);
    el("text", { x: (W + L) / 2, y: H - 8, "font-size": 10, "text-anchor": "middle" }, svg).textContent = G.name + " \u2192 " + G.target;
    var cap = document.createElement("div");
    cap.className = "elml-gp-caption";
    cap.textContent = C
      ? "Posterior of minimum " + shown + ": mean (line) and \u00b12 sd of a new observation (band); dots: training rows" + (G.test ? ", red circles: held-out rows." : ".")
      : (shown !== null ? "No posterior stored for minimum " + shown + "." : "Hover or click a branch end to draw its posterior over the data.");
    gpBox.appendChild(cap);
  }
  // The input plane (classification studies).
  var mapBox = box.querySelector(".elml-map"), mapState = null;
  function drawMap() {
    var map = D.map;
    if (!map || !mapBox) return;
    if (!mapState) {
      mapState = { ax: map.ax.slice() };
      var head = document.createElement("div");
      [0, 1].forEach(function (k) {
        var s = document.createElement("select");
        s.setAttribute("aria-label", k ? "vertical axis" : "horizontal axis");
        map.axes.forEach(function (a, i) { var o = document.createElement("option"); o.value = i; o.textContent = a.name; s.appendChild(o); });
        s.value = mapState.ax[k];
        s.onchange = function () { mapState.ax[k] = +s.value; state.region = null; restyle(); };
        head.appendChild(document.createTextNode(k ? " against " : "Test points: "));
        head.appendChild(s);
      });
      mapBox.appendChild(head);
      mapState.caption = document.createElement("div");
      mapState.caption.className = "elml-map-caption";
      mapBox.appendChild(mapState.caption);
    }
    if (mapState.svg) mapState.svg.remove();
    var W = 330, H = 280, pad = 22;
    var xa = map.axes[mapState.ax[0]].v, ya = map.axes[mapState.ax[1]].v;
    var g = map.grid && map.grid.ax[0] === mapState.ax[0] && map.grid.ax[1] === mapState.ax[1] ? map.grid : null;
    var x0 = Math.min.apply(null, xa), x1 = Math.max.apply(null, xa), y0 = Math.min.apply(null, ya), y1 = Math.max.apply(null, ya);
    if (g) { x0 = g.x[0]; x1 = g.x[1]; y0 = g.y[0]; y1 = g.y[1]; }
    if (x1 === x0) { x1 += 1; x0 -= 1; }
    if (y1 === y0) { y1 += 1; y0 -= 1; }
    var X = function (v) { return pad + (W - 2 * pad) * (v - x0) / (x1 - x0); };
    var Y = function (v) { return H - pad - (H - 2 * pad) * (v - y0) / (y1 - y0); };
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "elml-map-svg" });
    mapState.svg = svg;
    mapBox.insertBefore(svg, mapState.caption);
    var shown = state.hover !== null ? state.hover : state.sel;
    var pred = shown !== null ? map.pred[shown] : null;
    if (g && shown !== null && g.pred[shown]) {
      // The decision regions as one nx×ny bitmap stretched over the plane (no seams between cells).
      var gp = g.pred[shown], cv = document.createElement("canvas");
      cv.width = g.nx;
      cv.height = g.ny;
      var cx = cv.getContext("2d"), img = cx.createImageData(g.nx, g.ny);
      for (var r = 0; r < g.ny; r++) for (var c = 0; c < g.nx; c++) {
        var hex = color(parseInt(gp[r * g.nx + c], 36)), o = ((g.ny - 1 - r) * g.nx + c) * 4;
        img.data[o] = parseInt(hex.slice(1, 3), 16);
        img.data[o + 1] = parseInt(hex.slice(3, 5), 16);
        img.data[o + 2] = parseInt(hex.slice(5, 7), 16);
        img.data[o + 3] = 60;
      }
      cx.putImageData(img, 0, 0);
      el("image", { href: cv.toDataURL(), x: pad, y: pad, width: W - 2 * pad, height: H - 2 * pad, preserveAspectRatio: "none", style: "image-rendering:pixelated", "class": "elml-regions" }, svg);
    }
    var wrong = 0;
    for (var i = 0; i < xa.length; i++) {
      var k = pred ? parseInt(pred[i], 36) : map.y[i], bad = pred && k !== map.y[i];
      if (bad) wrong++;
      var dot = el("circle", { cx: X(xa[i]), cy: Y(ya[i]), r: bad ? 4 : 3, fill: color(k), stroke: bad ? "#d62728" : "none", "stroke-width": 2, "data-point": i }, svg);
      el("title", {}, dot).textContent = "test point " + i + ": class " + map.classes[map.y[i]] + (pred ? ", predicted " + map.classes[k] : "");
    }
    if (state.region) {
      var R = state.region;
      el("rect", { x: X(R.x[0]), y: Y(R.y[1]), width: X(R.x[1]) - X(R.x[0]), height: Y(R.y[0]) - Y(R.y[1]), fill: "none", stroke: "#111", "stroke-dasharray": "4 3", "class": "elml-region-rect" }, svg);
    }
    el("text", { x: W / 2, y: H - 4, "text-anchor": "middle", "font-size": 10 }, svg).textContent = map.axes[mapState.ax[0]].name;
    el("text", { x: 10, y: H / 2, "text-anchor": "middle", "font-size": 10, transform: "rotate(-90 10 " + H / 2 + ")" }, svg).textContent = map.axes[mapState.ax[1]].name;
    mapState.caption.textContent = pred
      ? "Colour: what minimum " + shown + " predicts" + (g ? " (background: its decision regions, other inputs at their means)" : "") + "; ringed red: misclassified, " + wrong + " of " + xa.length + "."
      : "Colour: true class (" + map.classes.map(function (n, k) { return n + " " + ["blue", "yellow", "green", "red", "purple", "light blue", "brown", "grey", "teal", "pink"][k % 10]; }).join(", ") + "). Drag a rectangle to pick a region.";
    var start = null, rubber = null;
    var inv = function (px, py) { return [x0 + (px - pad) / (W - 2 * pad) * (x1 - x0), y0 + (H - pad - py) / (H - 2 * pad) * (y1 - y0)]; };
    var local = function (e) { var b = svg.getBoundingClientRect(); return [(e.clientX - b.left) * W / b.width, (e.clientY - b.top) * H / b.height]; };
    svg.addEventListener("pointerdown", function (e) { start = local(e); rubber = el("rect", { fill: "rgba(0,0,0,.06)", stroke: "#111" }, svg); e.preventDefault(); });
    svg.addEventListener("pointermove", function (e) {
      if (!start) return;
      var p = local(e);
      rubber.setAttribute("x", Math.min(p[0], start[0])); rubber.setAttribute("y", Math.min(p[1], start[1]));
      rubber.setAttribute("width", Math.abs(p[0] - start[0])); rubber.setAttribute("height", Math.abs(p[1] - start[1]));
    });
    svg.addEventListener("pointerup", function (e) {
      if (!start) return;
      var p = local(e), a = start;
      start = null;
      if (Math.abs(p[0] - a[0]) < 4 && Math.abs(p[1] - a[1]) < 4) { a = [p[0] - 12, p[1] - 12]; p = [p[0] + 12, p[1] + 12]; }
      var u = inv(Math.min(a[0], p[0]), Math.max(a[1], p[1])), v = inv(Math.max(a[0], p[0]), Math.min(a[1], p[1]));
      var pts = [];
      for (var i = 0; i < xa.length; i++) if (xa[i] >= u[0] && xa[i] <= v[0] && ya[i] >= u[1] && ya[i] <= v[1]) pts.push(i);
      state.region = pts.length ? { x: [u[0], v[0]], y: [u[1], v[1]], points: pts } : null;
      restyle();
    });
  }
  dots.forEach(function (c) {
    var id = +c.getAttribute("data-min");
    c.addEventListener("mouseenter", function () { state.hover = id; restyle(); });
    c.addEventListener("mouseleave", function () { if (state.hover === id) { state.hover = null; restyle(); } });
    c.addEventListener("click", function (e) { state.sel = state.sel === id ? null : id; e.stopPropagation(); restyle(); });
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { state.sel = null; state.region = null; restyle(); } });
  restyle();
});
// ν pickers: one landscape at a time, chosen from a list or by clicking the ν figure.
document.querySelectorAll("[data-elml-nu-picker]").forEach(function (pk) {
  if (pk.hasAttribute("data-elml-ready")) return;
  pk.setAttribute("data-elml-ready", "");
  var choices = Array.prototype.slice.call(pk.querySelectorAll(".elml-nu-choice"));
  if (!choices.length) return;
  var sel = document.createElement("select");
  sel.setAttribute("aria-label", "landscape at \u03bd");
  choices.forEach(function (c, i) { var o = document.createElement("option"); o.value = i; o.textContent = c.getAttribute("data-label"); sel.appendChild(o); });
  var bar = document.createElement("p");
  bar.className = "elml-nu-bar";
  bar.appendChild(document.createTextNode("Landscape: "));
  bar.appendChild(sel);
  var axis = document.querySelector("svg[data-nu-axis]"), marker = null, A = null;
  if (axis) {
    A = axis.getAttribute("data-nu-axis").split(" ").map(Number);
    bar.appendChild(document.createTextNode(" \u2014 or click the NLML-against-\u03bd figure at a \u03bd (the nearest landscape opens; purple line)."));
    var vb = (axis.getAttribute("viewBox") || "0 0 0 0").split(" ").map(Number);
    marker = el("line", { y1: 0, y2: vb[3], stroke: "#a463f2", "stroke-width": 2, "class": "elml-nu-marker", visibility: "hidden" }, axis);
    axis.style.cursor = "pointer";
    axis.addEventListener("click", function (e) {
      var b = axis.getBoundingClientRect(), px = (e.clientX - b.left) * vb[2] / b.width;
      var nu = A[0] + (A[1] - A[0]) * (px - A[2]) / (A[3] - A[2]), best = 0;
      choices.forEach(function (c, i) { if (Math.abs(+c.getAttribute("data-nu") - nu) < Math.abs(+choices[best].getAttribute("data-nu") - nu)) best = i; });
      show(best);
    });
  }
  pk.insertBefore(bar, pk.firstChild);
  function show(i) {
    choices.forEach(function (c, k) { c.hidden = k !== i; });
    sel.value = i;
    if (marker) {
      var x = A[2] + (A[3] - A[2]) * (+choices[i].getAttribute("data-nu") - A[0]) / (A[1] - A[0]);
      marker.setAttribute("x1", x); marker.setAttribute("x2", x); marker.setAttribute("visibility", "visible");
    }
  }
  sel.onchange = function () { show(+sel.value); };
  show(Math.max(0, choices.findIndex(function (c) { return c.hasAttribute("data-default"); })));
});
})();`;
