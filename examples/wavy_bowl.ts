/**
 * A user landscape for `deno task explore` (docs/explore.md): a bowl with ripples in 3 coordinates,
 * E(x) = Σ x_i²/10 + Σ (1 − cos(π x_i)) + 0.3 Σ_{i<j} sin(x_i) sin(x_j), on the box [−3.5, 3.5]³:
 * a few dozen minima near the integer lattice, joined by saddles.
 *
 *     deno task explore --landscape examples/wavy_bowl.ts --steps 50
 * @module
 */
import type { Landscape } from "../mod.ts";

const dim = 3;
const landscape: Landscape & { lower: Float64Array; upper: Float64Array; name: string } = {
  dim,
  name: "wavy bowl (3-D)",
  lower: new Float64Array(dim).fill(-3.5),
  upper: new Float64Array(dim).fill(3.5),
  energy(x: Float64Array, g?: Float64Array): number {
    let e = 0;
    for (let i = 0; i < dim; i++) {
      e += x[i] * x[i] / 10 + 1 - Math.cos(Math.PI * x[i]);
      if (g) g[i] = x[i] / 5 + Math.PI * Math.sin(Math.PI * x[i]);
    }
    for (let i = 0; i < dim; i++) {
      for (let j = i + 1; j < dim; j++) {
        e += 0.3 * Math.sin(x[i]) * Math.sin(x[j]);
        if (g) {
          g[i] += 0.3 * Math.cos(x[i]) * Math.sin(x[j]);
          g[j] += 0.3 * Math.sin(x[i]) * Math.cos(x[j]);
        }
      }
    }
    return e;
  },
};

export default landscape;
