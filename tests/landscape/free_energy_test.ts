/**
 * Free-energy regrouping against an independent reference (tests/fixtures/gen_kinetics.py: the same
 * rule written in mpmath with every free energy recomputed from the membership at each step), plus
 * the invariants that do not depend on the merging rule.
 */
import assert from "node:assert/strict";
import { freeEnergyNetwork, regroupFree } from "../../lib/landscape/free_energy.ts";
import { computeRates, type KineticNetwork } from "../../lib/landscape/kinetics.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { randomNetwork, repoPath } from "../helpers.ts";

interface RegroupCase {
  network: string;
  temperature: number;
  threshold: number;
  groups: number[][];
  free_energies: number[];
  transition_states: [number, number, number][];
  lowest_barrier: number | null;
}
const fixture = JSON.parse(
  await Deno.readTextFile(repoPath("tests/fixtures/kinetics.json")),
) as { regroup: RegroupCase[]; networks: Record<string, KineticNetwork> };

const close = (a: number, b: number, tol = 1e-10) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

for (const c of fixture.regroup) {
  Deno.test(
    `regroupFree matches the mpmath reference: ${c.network}, T = ${c.temperature}, threshold ${c.threshold}`,
    () => {
      const net = fixture.networks[c.network];
      const r = regroupFree(net, c.temperature, c.threshold);
      assert.deepEqual(r.groups.map((g) => g.members), c.groups);
      r.groups.forEach((g, k) =>
        assert.ok(close(g.freeEnergy, c.free_energies[k]), `G_${k}: ${g.freeEnergy}`)
      );
      assert.equal(r.transitionStates.length, c.transition_states.length);
      r.transitionStates.forEach((t, k) => {
        const [a, b, g] = c.transition_states[k];
        assert.deepEqual(t.groups, [a, b]);
        assert.ok(close(t.freeEnergy, g), `G†_${a},${b}: ${t.freeEnergy} vs ${g}`);
      });
      if (c.lowest_barrier === null) assert.equal(r.lowestBarrier, Infinity);
      else {
        assert.ok(close(r.lowestBarrier, c.lowest_barrier));
        assert.ok(r.lowestBarrier >= c.threshold);
      }
      // The partition function is conserved by lumping.
      const T = c.temperature;
      const zMin = r.minimumFreeEnergies.reduce((s, g) => s + Math.exp(-g / T), 0);
      const zGroups = r.groups.reduce((s, g) => s + Math.exp(-g.freeEnergy / T), 0);
      assert.ok(close(zGroups, zMin, 1e-12));
      for (const [i, g] of r.groupOf.entries()) assert.ok(r.groups[g].members.includes(i));
    },
  );
}

Deno.test("regroupFree: lumped rates are the local-equilibrium rates of the full network", () => {
  // Two deep wells each made of two minima joined by a small barrier; the wells are joined by a
  // high barrier. After regrouping, the rate between the two groups of the regrouped network (one
  // free-energy transition state) must equal the full network's kSS between the wells in the limit
  // of fast intra-well equilibration, which for these barriers holds to about e^-8.
  const net: KineticNetwork = {
    energies: [0, 0.3, 0.1, 0.4],
    logProducts: [0.2, -0.1, 0.0, 0.3],
    transitionStates: [
      { energy: 0.8, logProduct: 0.1, a: 0, b: 1 },
      { energy: 0.9, logProduct: -0.2, a: 2, b: 3 },
      { energy: 10, logProduct: 0.0, a: 1, b: 2 },
      { energy: 10.5, logProduct: 0.4, a: 0, b: 3 },
    ],
  };
  const T = 0.5;
  const r = regroupFree(net, T, 3);
  assert.deepEqual(r.groups.map((g) => g.members).sort(), [[0, 1], [2, 3]]);
  assert.equal(r.transitionStates.length, 1);
  assert.equal(r.transitionStates[0].count, 2);
  const lumped = computeRates(freeEnergyNetwork(r), [0], [1], T);
  const wells = [r.groups[0].members, r.groups[1].members];
  const full = computeRates(net, wells[0], wells[1], T);
  assert.ok(Math.abs(lumped.AfromB.kNGT / full.AfromB.kSS - 1) < 1e-6);
  assert.ok(Math.abs(lumped.BfromA.kNGT / full.BfromA.kSS - 1) < 1e-6);
});

Deno.test("regroupFree: threshold 0 keeps every minimum; a huge one joins each component", () => {
  const net = fixture.networks["random"];
  assert.equal(regroupFree(net, 1, 0).groups.length, net.energies.length);
  const disconnected: KineticNetwork = {
    energies: [0, 1, 2, 3],
    logProducts: [0, 0, 0, 0],
    transitionStates: [{ energy: 5, logProduct: 0, a: 0, b: 1 }],
  };
  const r = regroupFree(disconnected, 1, 1e9);
  assert.deepEqual(r.groups.map((g) => g.members), [[0, 1], [2], [3]]);
  assert.equal(r.transitionStates.length, 0);
});

Deno.test("regroupFree: bad input is a one-line UserError", () => {
  const net = fixture.networks["linear chain"];
  for (
    const [f, re] of [
      [() => regroupFree(net, 0, 1), /temperature must be > 0/],
      [() => regroupFree(net, 1, -1), /threshold must be ≥ 0/],
      [() => regroupFree(net, 1, NaN), /threshold must be ≥ 0/],
    ] as [() => unknown, RegExp][]
  ) {
    assert.throws(f, (e: Error) => e instanceof UserError && re.test(e.message));
  }
});

Deno.test("regroupFree: 1,000 minima and 5,000 transition states in under 2 s", () => {
  const N = 1000;
  const { energies, logProducts, transitionStates } = randomNetwork(new Rng(11), N, 5000);
  const t = performance.now();
  const r = regroupFree({ energies, logProducts, transitionStates }, 1, 2);
  const seconds = (performance.now() - t) / 1000;
  assert.ok(seconds < 2, `${seconds} s`);
  assert.ok(r.groups.length > 1 && r.groups.length < N, `${r.groups.length} groups`);
  assert.ok(r.lowestBarrier >= 2);
});
