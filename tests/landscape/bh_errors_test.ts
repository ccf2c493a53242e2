/**
 * Basin-hopping's failure modes are visible (issue 20 item 8): the error record without SQLite, a
 * clear error when no minimum was found, and a refusal to add to another landscape's database.
 */
import assert from "node:assert/strict";
import { basinHopping, type BasinHoppingState } from "../../lib/landscape/basinhopping.ts";
import { LandscapeDatabase } from "../../lib/landscape/database.ts";
import { NumericalError, UserError } from "../../lib/util/errors.ts";

const well = {
  dim: 1,
  energy: (x: Float64Array, g?: Float64Array) => {
    if (x[0] > 1.6) return NaN; // an energy error region
    if (g) g[0] = 4 * x[0] * (x[0] * x[0] - 1);
    return (x[0] * x[0] - 1) ** 2;
  },
};

Deno.test("basinHopping without a database keeps the energy-error record in memory", async () => {
  const db = await basinHopping(well, { steps: 15, stepSize: 2, seed: 3 });
  const st = db.getMeta<BasinHoppingState>("bh");
  assert.ok(st, "getMeta('bh') works without SQLite");
  assert.equal(st.stepsDone, 15);
  assert.ok(st.errors.length > 0, "steps into x > 1.6 are recorded");
  assert.match(st.errors[0].message, /NaN/);
});

Deno.test("basinHopping: an energy that is NaN everywhere is an error, not an empty database", async () => {
  const nan = { dim: 2, energy: () => NaN };
  await assert.rejects(
    () => basinHopping(nan, { steps: 3 }),
    (e: Error) =>
      e instanceof NumericalError && /found no minimum: .* 4 energy errors/.test(e.message),
  );
});

Deno.test("basinHopping refuses a database of another landscape (dimension or energies)", async () => {
  const db = await basinHopping(well, { steps: 5, seed: 1 });
  const shifted = {
    dim: 1,
    energy: (x: Float64Array, g?: Float64Array) => {
      if (g) g[0] = 2 * (x[0] - 3);
      return (x[0] - 3) ** 2 + 1;
    },
  };
  await assert.rejects(
    () => basinHopping(shifted, { steps: 2, database: db, resume: true }),
    (e: Error) => e instanceof UserError && /holds another landscape's points/.test(e.message),
  );
  const plane = { dim: 2, energy: (x: Float64Array) => x[0] * x[0] + x[1] * x[1] };
  await assert.rejects(
    () => basinHopping(plane, { steps: 2, database: new LandscapeDatabase(1) }),
    (e: Error) => e instanceof UserError && /dimension 1, the landscape has 2/.test(e.message),
  );
  // The same landscape continues.
  const more = await basinHopping(well, { steps: 3, seed: 2, database: db });
  assert.ok(more.minima.length >= db.minima.length);
});
