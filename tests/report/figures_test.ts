/**
 * Snapshot tests of every report figure: each figure function renders fixed, hand-made data and
 * the SVG must equal the committed tests/report/snapshots/<name>.svg byte for byte (rendering is
 * deterministic: Observable Plot pinned in lib/deps.ts, server-side with linkedom). To accept a
 * change on purpose: `deno task test:snapshots` rewrites the files; review them with git diff.
 */
import assert from "node:assert/strict";
import { repoPath } from "../helpers.ts";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { disconnectivityGraph } from "../../lib/landscape/disconnectivity.ts";
import {
  contourFigure,
  disconnectivityFigure,
  heatCapacityFigure,
} from "../../lib/report/figures/landscape.ts";
import { nuBranchesFigure, nuParametersFigure } from "../../lib/report/figures/nu_branches.ts";
import { performanceFigure, spectraFigure } from "../../lib/report/figures/minima.ts";
import {
  jaccardFigure,
  methodAccuracyFigure,
  misclassificationHistogramFigure,
  rightWrongFigure,
} from "../../lib/report/figures/ensembles.ts";
import {
  aucDotsFigure,
  eigenvalueHistogramFigure,
  log10Histogram,
  robustnessFigure,
} from "../../lib/report/figures/loss_comparison.ts";
import {
  conservedWeightFigure,
  relevanceSharesFigure,
} from "../../lib/report/figures/relevance.ts";
import { nuProfileFigure, predictionBandFigure } from "../../lib/report/figures/gp.ts";
import { timingFigure } from "../../lib/report/figures/timing.ts";

const UPDATE = Deno.env.get("ELML_UPDATE_SNAPSHOTS") === "1";

async function snapshot(name: string, svg: string): Promise<void> {
  const path = repoPath(`tests/report/snapshots/${name}.svg`);
  assert.ok(svg.startsWith("<svg") || svg.startsWith("<figure"), `${name}: not SVG markup`);
  assert.ok(!/NaN|undefined/.test(svg), `${name}: NaN or undefined in the markup`);
  if (UPDATE) {
    await Deno.writeTextFile(path, svg + "\n");
    return;
  }
  let stored: string;
  try {
    stored = (await Deno.readTextFile(path)).replace(/\n$/, "");
  } catch {
    throw new Error(`${name}: no snapshot at ${path}; run deno task test:snapshots`);
  }
  assert.equal(svg, stored, `${name} differs from its snapshot (deno task test:snapshots)`);
}

/** A three-minimum landscape: two basins joined at 1.0, the third at 2.0. */
function smallDatabase(): LandscapeDatabase {
  const db = new LandscapeDatabase(1);
  for (const [x, e] of [[0, -2], [1, -1.5], [2, -1]]) {
    db.addMinimum(Float64Array.of(x), e, { logProductHessian: 1 + x, modes: 1, index: 0 });
  }
  const ts = (x: number, e: number, a: number, b: number) =>
    db.addTransitionState({
      energy: e,
      x: Float64Array.of(x),
      minima: [a, b],
      eigenvalue: -1,
      logProductHessian: 0.5,
      index: 1,
      provenance: "test",
    });
  ts(0.5, 1, 0, 1);
  ts(1.5, 2, 1, 2);
  return db;
}

const grid = <T>(n: number, f: (k: number) => T): T[] => Array.from({ length: n }, (_, k) => f(k));

Deno.test("figures match their snapshots", async (t) => {
  const db = smallDatabase();
  const dg = disconnectivityGraph(db, { levels: 10 });
  const cases: [string, () => string][] = [
    ["disconnectivity", () => disconnectivityFigure(dg, { energyLabel: "loss" })],
    [
      "disconnectivity_coloured",
      () =>
        disconnectivityFigure(dg, {
          color: (id) => [0.9, 0.7, 0.5][id],
          colorLabel: "test accuracy",
          title: "three minima",
        }),
    ],
    [
      "heat_capacity",
      () =>
        heatCapacityFigure([
          { label: "a", temperatures: [0.1, 1, 10], cv: [0.5, 1.5, 0.6] },
          { label: "b", temperatures: [0.1, 1, 10], cv: [0.5, 0.7, 0.9] },
        ]),
    ],
    [
      "contour",
      () =>
        contourFigure((x, y) => x * x + 2 * y * y, { x: [-1, 1], y: [-1, 1] }, {
          minima: [{ x: 0, y: 0 }],
          transitionStates: [{ x: 0.5, y: 0, a: { x: 0, y: 0 }, b: { x: 1, y: 0 } }],
        }, { thresholds: 5 }),
    ],
    [
      "nu_branches",
      () =>
        nuBranchesFigure(
          [
            ...grid(5, (k) => k).map((k) => ({
              branch: "min 0",
              kind: "minimum" as const,
              nu: 0.5 + k / 2,
              nlml: 10 - k,
              onBound: k === 4,
            })),
            ...grid(3, (k) => k).map((k) => ({
              branch: "ts 1",
              kind: "ts" as const,
              nu: 0.5 + k / 2,
              nlml: 12 - k,
              onBound: false,
            })),
          ],
          [{ nu: 1.6, energy: 10.5 }],
          { halfIntegers: [0.5, 1.5, 2.5], nuOpt: 1.2 },
        ),
    ],
    [
      "nu_parameters",
      () =>
        nuParametersFigure(
          ["a", "b"].flatMap((param, p) =>
            grid(4, (k) => k).map((k) => ({ branch: "min 0", nu: 0.5 + k, param, value: p + k }))
          ),
          { halfIntegers: [0.5, 1.5], nuOpt: 1.2, parameters: 2 },
        ),
    ],
    [
      "performance",
      () =>
        performanceFigure(
          grid(4, (k) => k).map((k) => ({
            id: k,
            loss: 0.1 * k,
            test_accuracy: 0.9 - 0.05 * k,
            test_auc: 0.95 - 0.04 * k,
          })),
          { binary: true },
        ),
    ],
    [
      "spectra",
      () =>
        spectraFigure(
          ["#1", "#2"].flatMap((m, j) =>
            [1e-3, 0.5, 4].map((v) => ({ minimum: m, value: v * (j + 1) }))
          ),
        ),
    ],
    [
      "method_accuracy",
      () =>
        methodAccuracyFigure(
          [1, 2].flatMap((seed) => [
            { method: "vote", seed, acc: 0.8 + 0.01 * seed },
            { method: "oracle", seed, acc: 0.95 },
          ]),
          [{ method: "vote", mean: 0.815 }, { method: "oracle", mean: 0.95 }],
        ),
    ],
    ["jaccard", () => jaccardFigure([[1, 0.25], [0.25, 1]])],
    [
      "right_wrong",
      () =>
        rightWrongFigure(
          [0, 1].flatMap((k) =>
            grid(3, (i) => i).map((i) => ({
              member: `#${k + 1}`,
              x: i,
              y: k,
              right: (i + k) % 2 ? "wrong" as const : "right" as const,
            }))
          ),
          { members: 2, itemsPerMember: 3, xLabel: "x₁", yLabel: "x₂" },
        ),
    ],
    [
      "misclassification_histogram",
      () =>
        misclassificationHistogramFigure([{ c: 0, items: 10 }, { c: 1, items: 3 }, {
          c: 2,
          items: 1,
        }]),
    ],
    [
      "eigenvalue_histogram",
      () =>
        eigenvalueHistogramFigure(
          ["ce", "auc"].flatMap((loss, j) => grid(6, (k) => ({ loss, log10: k / 2 - j }))),
        ),
    ],
    [
      "auc_dots",
      () =>
        aucDotsFigure([{ loss: "ce", auc: 0.8, seed: 1 }, { loss: "appAUC", auc: 0.85, seed: 2 }]),
    ],
    [
      "robustness",
      () =>
        robustnessFigure(
          ["ce", "appAUC"].flatMap((loss) =>
            ["weights perturbed", "inputs perturbed"].flatMap((kind) =>
              [0, 0.1, 0.5].map((scale) => ({ loss, kind, scale, auc: 0.9 - scale / 2, sd: 0.01 }))
            )
          ),
        ),
    ],
    [
      "relevance_shares",
      () =>
        relevanceSharesFigure(
          ["x1", "x2"].flatMap((feature, k) =>
            ["MSB", "permutation"].map((method) => ({
              feature,
              method,
              share: 0.7 - 0.4 * k,
              lo: 0.6 - 0.4 * k,
              hi: 0.8 - 0.4 * k,
            }))
          ),
          2,
        ),
    ],
    [
      "conserved_weights",
      () =>
        conservedWeightFigure(
          ["MSB 1 (2)", "MSB 2 (3)"].flatMap((basin, b) =>
            ["W1[h1, x1]", "b1[h1]"].map((weight, w) => ({
              basin,
              weight,
              ratio: 0.2 + b + w / 2,
              conserved: b === 0,
            }))
          ),
        ),
    ],
    [
      "nu_profile",
      () =>
        nuProfileFigure(
          [0.5, 1, 1.5, 2.5].map((nu) => ({ nu, nlml: (nu - 1.1) ** 2 })),
          [0.5, 1.5, 2.5],
          { nu: 1.1, nlml: 0 },
        ),
    ],
    [
      "prediction_band",
      () =>
        predictionBandFigure(
          grid(
            5,
            (k) => ({ x: k, mean: Math.sin(k), lo: Math.sin(k) - 0.2, hi: Math.sin(k) + 0.2 }),
          ),
          [{ x: 1, y: 0.8, set: "train" }, { x: 3, y: 0.1, set: "test" }],
          { x: "x", y: "y" },
        ),
    ],
    [
      "timing",
      () =>
        timingFigure([64, 128].flatMap((n) => [
          { n, path: "CPU float64", ms: n / 50 },
          { n, path: "WebGPU f32", ms: 12 },
        ])),
    ],
  ];
  for (const [name, render] of cases) {
    await t.step(name, async () => {
      const svg = render();
      assert.equal(render(), svg, `${name}: two renders differ (not deterministic)`);
      await snapshot(name, svg);
    });
  }
  assert.deepEqual(
    log10Histogram([{ loss: "a", log10: 0 }, { loss: "a", log10: 3 }]).map((b) => b.count),
    [1, 1],
  );
});
