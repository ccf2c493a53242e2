/**
 * Kinetics by graph transformation against an independent reference: dense linear systems in
 * mpmath at 60 digits (tests/fixtures/gen_kinetics.py), on networks whose rate constants span
 * 1e-12…0.07 and 7e-26…6e-3, and a linear chain with a closed-form committor.
 */
import assert from "node:assert/strict";
import { computeRates, type KineticNetwork } from "../../lib/landscape/kinetics.ts";
import { UserError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/random.ts";
import { randomNetwork, repoPath } from "../helpers.ts";

interface Case {
  name: string;
  network: KineticNetwork;
  A: number[];
  B: number[];
  temperature: number;
  "A<-B": Record<string, number>;
  "B<-A": Record<string, number>;
  committors: number[];
  committors_closed_form?: number[];
}
const { cases } = JSON.parse(
  await Deno.readTextFile(repoPath("tests/fixtures/kinetics.json")),
) as { cases: Case[] };

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

for (const c of cases) {
  Deno.test(`computeRates matches the mpmath reference to 1e-8: ${c.name}`, () => {
    const r = computeRates(c.network, c.A, c.B, c.temperature);
    for (const [dir, got] of [["A<-B", r.AfromB], ["B<-A", r.BfromA]] as const) {
      for (const k of ["kSS", "kNSS", "kNGT", "mfpt"] as const) {
        assert.ok(rel(got[k], c[dir][k]) <= 1e-8, `${dir} ${k}: ${got[k]} vs ${c[dir][k]}`);
      }
    }
    c.committors.forEach((ref, i) =>
      assert.ok(rel(r.committors[i], ref) <= 1e-8, `committor ${i}: ${r.committors[i]} vs ${ref}`)
    );
    c.committors_closed_form?.forEach((ref, i) =>
      assert.ok(Math.abs(r.committors[i] - ref) <= 1e-12, `closed form ${i}`)
    );
    assert.deepEqual(r.dropped, []);
  });
}

Deno.test("computeRates: a minimum with no path to A ∪ B is dropped, not fatal", () => {
  const net: KineticNetwork = {
    energies: [0, 1, 2, 0.5],
    logProducts: [0, 0, 0, 0],
    transitionStates: [{ energy: 3, logProduct: 0, a: 0, b: 1 }, {
      energy: 4,
      logProduct: 0,
      a: 1,
      b: 2,
    }],
  };
  const r = computeRates(net, [0], [2], 1);
  assert.deepEqual(r.dropped, [3]);
  assert.ok(Number.isNaN(r.committors[3]));
  assert.equal(r.occupation[3], 0);
});

Deno.test("computeRates: bad input is a one-line UserError", () => {
  const net: KineticNetwork = {
    energies: [0, 1, 2],
    logProducts: [0, 0, 0],
    transitionStates: [{ energy: 3, logProduct: 0, a: 0, b: 1 }],
  };
  const cases: [() => unknown, RegExp][] = [
    [() => computeRates(net, [], [1], 1), /set A is empty/],
    [() => computeRates(net, [0], [], 1), /set B is empty/],
    [() => computeRates(net, [0], [0], 1), /minimum 1 is in both A and B/],
    [() => computeRates(net, [0], [5], 1), /set B names minimum 6, but there are 3 minima/],
    [() => computeRates(net, [0], [1], 0), /temperature must be > 0/],
    [() => computeRates(net, [0], [2], 1), /no path of transition states joins A and B/],
    [
      () =>
        computeRates(
          { ...net, transitionStates: [{ energy: 3, logProduct: 0, a: 0, b: 7 }] },
          [0],
          [1],
          1,
        ),
      /transition state 1 connects minimum 8, but there are 3 minima/,
    ],
  ];
  for (const [f, re] of cases) {
    assert.throws(
      f,
      (e: Error) => e instanceof UserError && re.test(e.message) && !e.message.includes("\n"),
    );
  }
});

Deno.test("computeRates: 1,000 minima and 5,000 transition states in under 2 s", () => {
  const N = 1000;
  const { energies, logProducts, transitionStates } = randomNetwork(new Rng(7), N, 5000);
  const t = performance.now();
  const r = computeRates({ energies, logProducts, transitionStates }, [0, 1, 2], [N - 1, N - 2], 1);
  const seconds = (performance.now() - t) / 1000;
  assert.ok(seconds < 2, `${seconds} s`);
  assert.ok(r.AfromB.kNGT > 0 && r.BfromA.kNGT > 0);
  assert.ok(r.committors.every((c) => c >= 0 && c <= 1));
  // Detailed balance between the directions: p_A k_{B←A} = p_B k_{A←B} for the NSS rates.
  const pA = [0, 1, 2].reduce((s, i) => s + r.occupation[i], 0);
  const pB = [N - 1, N - 2].reduce((s, i) => s + r.occupation[i], 0);
  assert.ok(rel(pA * r.BfromA.kNSS, pB * r.AfromB.kNSS) < 1e-8);
});
