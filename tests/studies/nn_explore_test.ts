import assert from "node:assert/strict";
import { loadClassificationData } from "../../lib/studies/nn_explore.ts";

Deno.test("loadClassificationData: a CSV with text labels and features in large units comes back standardised", async () => {
  const dir = await Deno.makeTempDir();
  const rows = Array.from(
    { length: 12 },
    (_, i) => `${2000 + i},${50000 + 1000 * (i % 5)},7,${i % 3 === 0 ? "spam" : "ham"}`,
  );
  await Deno.writeTextFile(`${dir}/d.csv`, "year,price,const,kind\n" + rows.join("\n") + "\n");
  const ds = await loadClassificationData(`${dir}/d.csv`, "kind", "ignored", 1);
  assert.deepEqual(ds.classNames, ["ham", "spam"]);
  assert.equal(ds.labels[0], 1);
  assert.equal(ds.labels[1], 0);
  for (let k = 0; k < 2; k++) {
    let m = 0, v = 0;
    for (let i = 0; i < ds.n; i++) m += ds.X[i * 3 + k] / ds.n;
    for (let i = 0; i < ds.n; i++) v += (ds.X[i * 3 + k] - m) ** 2 / ds.n;
    assert.ok(Math.abs(m) < 1e-12 && Math.abs(v - 1) < 1e-12, `column ${k}: mean ${m}, var ${v}`);
  }
  for (let i = 0; i < ds.n; i++) assert.equal(ds.X[i * 3 + 2], 0); // a constant column becomes 0
  await Deno.remove(dir, { recursive: true });
});
