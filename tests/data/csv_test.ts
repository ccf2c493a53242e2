import assert from "node:assert/strict";
import { loadCsv, parseCsv } from "../../lib/data/csv.ts";
import { fitStandardizer, kFold, standardize, trainTestSplit } from "../../lib/data/transform.ts";
import { UserError } from "../../lib/util/errors.ts";

function err(text: string, opts = {}): string {
  try {
    parseCsv(text, "f.csv", opts);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected UserError, got ${e}`);
    assert.ok(!(e as Error).message.includes("\n"), "one line");
    return (e as Error).message;
  }
  throw new Error("no error thrown");
}

Deno.test("parseCsv: reads features and target (last column by default, or named)", () => {
  const ds = parseCsv("a,b,y\n1,2,3\n4,5,6\n7,8,10\n", "f.csv");
  assert.deepEqual(ds.featureNames, ["a", "b"]);
  assert.equal(ds.targetName, "y");
  assert.deepEqual([...ds.X], [1, 2, 4, 5, 7, 8]);
  assert.deepEqual([...ds.y], [3, 6, 10]);
  const ds2 = parseCsv('"a",b,y\r\n1,2,3\r\n4,5,6\r\n', "f.csv", { target: "a" });
  assert.deepEqual(ds2.featureNames, ["b", "y"]);
  assert.deepEqual([...ds2.y], [1, 4]);
});

Deno.test("parseCsv: one-line errors name file, row and column", () => {
  assert.match(err("a,b,y\n1,2,3\n4,5\n"), /f\.csv: row 3 has 2 fields but the header has 3/);
  assert.match(err("a,b,y\n1,2,3\n4,x,6\n"), /f\.csv: row 3, column "b": non-numeric value "x"/);
  assert.match(err("a,b,y\n1,2,3\n4,NaN,6\n"), /row 3, column "b": value NaN is not finite/);
  assert.match(
    err("a,b,y\n1,2,3\n4,Infinity,6\n"),
    /row 3, column "b": value Infinity is not finite/,
  );
  assert.match(err("a,b,y\n1,,3\n4,5,6\n"), /row 2, column "b": empty cell/);
  assert.match(
    err("a,b,y\n1,2,3\n4,5,6\n", { target: "z" }),
    /unknown target column "z" \(columns: a, b, y\)/,
  );
  assert.match(err("a,b,y\n1,2,3\n4,5,3\n"), /target column "y" is constant/);
  assert.match(err("a,b,y\n1,2,3\n4,5,6\n", { minRows: 3 }), /2 data rows; this needs at least 3/);
  assert.match(err(""), /empty/);
  assert.match(err("a,a,y\n1,2,3\n"), /names column "a" twice/);
});

Deno.test("loadCsv: missing file is a one-line UserError", async () => {
  await assert.rejects(
    loadCsv("/nonexistent/x.csv"),
    (e: Error) => e instanceof UserError && /no such file/.test(e.message),
  );
});

Deno.test("standardize: mean 0, population sd 1", () => {
  const v = [1, 2, 3, 4, 10];
  const s = fitStandardizer(v);
  const z = standardize(v, s);
  const m = z.reduce((a, b) => a + b, 0) / z.length;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - m) ** 2, 0) / z.length);
  assert.ok(Math.abs(m) < 1e-15);
  assert.ok(Math.abs(sd - 1) < 1e-14);
});

Deno.test("splits: seeded, disjoint, covering", () => {
  const a = trainTestSplit(20, { seed: 3 }),
    b = trainTestSplit(20, { seed: 3 }),
    c = trainTestSplit(20, { seed: 4 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.test.length, 5);
  assert.deepEqual(
    [...a.train, ...a.test].sort((x, y) => x - y),
    Array.from({ length: 20 }, (_, i) => i),
  );
  const folds = kFold(11, { k: 3, seed: 1 });
  const all = folds.flatMap((f) => f.test).sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: 11 }, (_, i) => i));
  for (const f of folds) assert.equal(f.train.length + f.test.length, 11);
});

Deno.test("trainTestSplit with groups keeps identical inputs on one side, and equals the plain split without repeats", async () => {
  const { duplicateGroups, trainTestSplit } = await import("../../lib/data/transform.ts");
  const X = Float64Array.from({ length: 40 }, (_, i) => i % 10); // every input four times
  const { groups, duplicates } = duplicateGroups(X, 40, 1);
  assert.equal(duplicates, 30);
  const s = trainTestSplit(40, { testFraction: 0.25, seed: 3, groups });
  const testInputs = new Set(s.test.map((i) => X[i]));
  assert.ok(s.train.every((i) => !testInputs.has(X[i])), "no input on both sides");
  assert.equal(s.test.length, 8); // whole groups of 4, as many as fit in the 10 asked for
  const distinct = Float64Array.from({ length: 40 }, (_, i) => i);
  assert.deepEqual(
    trainTestSplit(40, {
      testFraction: 0.25,
      seed: 3,
      groups: duplicateGroups(distinct, 40, 1).groups,
    }),
    trainTestSplit(40, { testFraction: 0.25, seed: 3 }),
  );
});

Deno.test("loadCsv: a UTF-16 file and a semicolon-separated file get one-line errors that say what they are", async () => {
  const dir = await Deno.makeTempDir();
  const text = "x,y\n1,2\n2,3\n3,5\n";
  const utf16 = new Uint8Array(2 + 2 * text.length);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
  await Deno.writeFile(`${dir}/u16.csv`, utf16);
  await assert.rejects(
    loadCsv(`${dir}/u16.csv`),
    (e: Error) => e instanceof UserError && /looks like UTF-16/.test(e.message),
  );
  await Deno.writeTextFile(`${dir}/semi.csv`, "x;y\n1;2\n2;3\n");
  await assert.rejects(
    loadCsv(`${dir}/semi.csv`),
    (e: Error) => e instanceof UserError && /no comma but contains ";"/.test(e.message),
  );
  // A UTF-8 byte-order mark is dropped, not read into the first column's name.
  await Deno.writeTextFile(`${dir}/bom.csv`, "\uFEFF" + text);
  assert.deepEqual((await loadCsv(`${dir}/bom.csv`)).featureNames, ["x"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("kFold with groups keeps identical inputs in one fold, and equals the plain partition without repeats", async () => {
  const { duplicateGroups, kFold } = await import("../../lib/data/transform.ts");
  const { Rng } = await import("../../lib/util/random.ts");
  const X = Float64Array.from({ length: 43 }, (_, i) => i % 13);
  const { groups } = duplicateGroups(X, 43, 1);
  const folds = kFold(43, { k: 5, seed: 2, groups });
  assert.deepEqual(
    folds.flatMap((f) => f.test).sort((a, b) => a - b),
    Array.from({ length: 43 }, (_, i) => i),
  );
  for (const f of folds) {
    const inputs = new Set(f.test.map((i) => X[i]));
    assert.ok(f.train.every((i) => !inputs.has(X[i])), "no input in two folds");
  }
  // Without repeats: the contiguous slices of one seeded permutation (the definition).
  const n = 23, k = 4;
  const perm = new Rng(9).shuffle(Array.from({ length: n }, (_, i) => i));
  const plain = kFold(n, { k, seed: 9, groups: Int32Array.from({ length: n }, (_, i) => i) });
  for (let f = 0; f < k; f++) {
    const ref = perm.slice(Math.floor(f * n / k), Math.floor((f + 1) * n / k)).sort((a, b) =>
      a - b
    );
    assert.deepEqual(plain[f].test, ref);
    assert.deepEqual(kFold(n, { k, seed: 9 })[f].test, ref);
  }
  assert.throws(
    () => kFold(10, { k: 5, seed: 1, groups: new Int32Array(10) }),
    /fold 2 is empty/,
  );
});
