/**
 * `deno task nn-landscape`: the loss landscape of a single-hidden-layer perceptron — minima by
 * basin-hopping (symmetry-equivalent copies merged), transition states by DNEB + hybrid
 * eigenvector-following with exact Hessian-vector products — and, per minimum, training loss,
 * train/test accuracy (and AUC for binary problems) and Hessian eigenvalues; report and
 * results.json (schema in docs/nn-landscape.md).
 * @module
 */
import { defineTask, runTask } from "../lib/task/harness.ts";
import { UserError } from "../lib/util/errors.ts";
import type { DeviceChoice } from "../lib/landscape/device_policy.ts";
import { type ConnectionChoice, convergenceTolerance } from "../lib/studies/nn_explore.ts";
import { connectRaiseFlag, countFlag, mlpFlags } from "../lib/task/nn_flags.ts";
import { loadClassificationData } from "../lib/studies/nn_explore.ts";
import { nnLandscapeResults, runNnLandscape } from "../lib/studies/nn_landscape.ts";
import { nnLandscapeReport } from "../lib/studies/nn_landscape_report.ts";

const DESCRIPTION =
  `Maps the loss landscape of an I-H-O tanh/softmax perceptron (cross-entropy or −appAUC, + λ‖w‖²):
basin-hopping with symmetry-equivalent minima merged, connection by DNEB + hybrid
eigenvector-following, per-minimum test accuracy/AUC and Hessian spectra, disconnectivity graph,
heat capacity. Default: XOR of two inputs with two irrelevant ones (n = 200), a 4-5-2 network
(62 weights), 100 basin-hopping steps × 4 walkers, up to 300 connection attempts; above 200
weights, 1 step and up to 560 single-ended connection attempts that grow the landscape. Writes DIR/report.html and DIR/results.json
(default DIR: reports/nn-landscape).`;

export const task = defineTask({
  name: "nn-landscape",
  description: DESCRIPTION,
  flags: {
    ...mlpFlags({ dataset: "xor", hidden: 5, lambda: 1e-4, steps: [100, 20] }),
    // No fixed default: 100 up to 200 weights, 1 above (defaultSteps).
    steps: {
      type: "number",
      help: "basin-hopping steps per walker [100 up to 200 weights, 1 above; --quick 20]",
      quick: 20,
      integer: true,
      min: 1,
    },
    connection: {
      type: "string",
      help:
        "how the connection budget is spent: pairs joins basin-hopping minima (closest, then Dijkstra), grow climbs from minima joined to the global minimum; auto grows above 200 weights",
      choices: ["auto", "pairs", "grow"],
      default: "auto",
    },
    loss: { type: "string", help: "loss", choices: ["ce", "auc"], default: "ce" },
    beta: { type: "number", help: "appAUC steepness β (capped at 500)", default: 100, above: 0 },
    walkers: countFlag("basin-hopping walkers minimised together (the GPU batch)", 4),
    device: {
      type: "string",
      help:
        "minimisation path: auto measures and picks, gpu = f32 WebGPU screening + float64 polish",
      choices: ["auto", "gpu", "cpu"],
      default: "auto",
    },
    temperature: {
      type: "number",
      help:
        "temperature of the kinetics and free-energy graph (default: a third of the median barrier)",
      above: 0,
    },
    "connect-per-minimum": connectRaiseFlag(),
    "regroup-free": {
      type: "number",
      help: "free-energy regrouping threshold (default: 5 kT)",
      min: 0,
    },
    // No fixed default: 300 up to 200 weights, 560 above (defaultConnect).
    connect: {
      type: "number",
      help:
        "connection-attempt budget (until connected or spent; see --connect-per-minimum) [300 up to 200 weights, 560 above; --quick 10]",
      quick: 10,
      integer: true,
      min: 0,
    },
  },
  async run(f, ctx) {
    if (f.beta > 500) ctx.log(`--beta ${f.beta} is capped at 500 (the sigmoid saturates beyond)`);
    if (f.cpu && f.device === "gpu") {
      throw new UserError("--cpu and --device gpu contradict each other");
    }
    const data = await loadClassificationData(f.data, f.target, f.dataset, f.seed);
    const options = {
      hidden: f.hidden,
      lambda: f.lambda,
      loss: f.loss as "ce" | "auc",
      beta: f.beta,
      steps: f.steps,
      connectAttempts: f.connect,
      connectPerMinimum: f.connectPerMinimum,
      rescale: f.rescale,
      seed: f.seed,
      walkers: f.walkers,
      device: (f.cpu ? "cpu" : f.device) as DeviceChoice,
      connection: f.connection as ConnectionChoice,
      temperature: f.temperature,
      regroupFree: f.regroupFree,
    };
    const r = await runNnLandscape(data, options, ctx);
    const { connectAttempts: _c, ...flags } = options;
    return {
      ...nnLandscapeReport(r, { data: data.source, ...flags, quick: f.quick }),
      results: nnLandscapeResults(r),
      device:
        `basin-hopping minimisation: ${r.exploration.device.reason}; every stored minimum and transition state verified in float64 (RMS gradient ${
          convergenceTolerance(r.network.parameters)
        }, Hessian index); float64 kernels: ${r.kernels}; Hessians and connection searches on ${r.exploration.workers} float64 thread(s)`,
    };
  },
});

if (import.meta.main) runTask(task);
