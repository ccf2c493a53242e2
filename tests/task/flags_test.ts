import assert from "node:assert/strict";
import { helpText, parseTaskFlags } from "../../lib/task/flags.ts";
import { UserError } from "../../lib/util/errors.ts";

const SCHEMA = {
  steps: {
    type: "number",
    help: "basin-hopping steps",
    default: 100,
    quick: 10,
    integer: true,
    min: 1,
  },
  "nu-min": { type: "number", help: "smallest ν", default: 0.25, above: 0 },
  loss: { type: "string", help: "loss", choices: ["ce", "auc"], default: "ce" },
  dataset: { type: "string", help: "data", choices: ["a", "b", "c"] },
  ard: { type: "boolean", help: "ARD" },
  limit: { type: "number", help: "optional", integer: true },
} as const;

Deno.test("parseTaskFlags: defaults, --quick defaults, camelCase keys, shared flags", () => {
  const f = parseTaskFlags([], "demo", SCHEMA);
  assert.equal(f.steps, 100);
  assert.equal(f.nuMin, 0.25);
  assert.equal(f.loss, "ce");
  assert.equal(f.dataset, undefined);
  assert.equal(f.ard, false);
  assert.equal(f.limit, undefined);
  assert.equal(f.out, "reports/demo");
  assert.equal(f.seed, 1);
  assert.equal(f.resume, false);
  const q = parseTaskFlags(["--quick", "--nu-min=0.5", "--seed", "7", "--ard"], "demo", SCHEMA);
  assert.equal(q.steps, 10);
  assert.equal(q.nuMin, 0.5);
  assert.equal(q.seed, 7);
  assert.equal(q.ard, true);
  assert.equal(parseTaskFlags(["--quick", "--steps", "3"], "demo", SCHEMA).steps, 3);
});

Deno.test("parseTaskFlags: bad input is a one-line UserError naming the flag", () => {
  const cases: [string[], RegExp][] = [
    [["--steps", "0"], /--steps must be ≥ 1, got 0/],
    [["--steps", "2.5"], /--steps must be an integer/],
    [["--steps", "abc"], /--steps must be a finite number/],
    [["--nu-min", "0"], /--nu-min must be > 0/],
    [["--loss", "mse"], /--loss must be ce or auc, got "mse"/],
    [["--dataset", "z"], /--dataset must be one of a, b, c, got "z"/],
    [["--bogus"], /^demo: Unknown option '--bogus'/],
    [["stray"], /^demo: /],
    [["--target", "y"], /--target needs --data/],
    [["--seed", "1.5"], /--seed must be an integer/],
  ];
  for (const [args, re] of cases) {
    assert.throws(() => parseTaskFlags(args, "demo", SCHEMA), (e: Error) => {
      assert.ok(e instanceof UserError, args.join(" "));
      assert.match(e.message, re);
      assert.ok(!e.message.includes("\n"), e.message);
      return true;
    });
  }
});

Deno.test("helpText lists every flag with its default, the --quick default and the shared flags", () => {
  const h = helpText("demo", "Does a demo.", SCHEMA);
  assert.match(h, /^deno task demo \[options\]/);
  assert.match(h, /Does a demo\./);
  assert.match(h, /--steps N\s+basin-hopping steps \[100; --quick 10\]/);
  assert.match(h, /--nu-min X\s+smallest ν \[0\.25\]/);
  assert.match(h, /--loss ce\|auc\s+loss \[ce\]/);
  assert.match(h, /--limit N\s+optional$/m);
  for (
    const shared of [
      "--data FILE.csv",
      "--target COL",
      "--out DIR",
      "--seed N",
      "--quick",
      "--cpu",
      "--resume",
      "--help",
    ]
  ) {
    assert.ok(h.includes(shared), shared);
  }
});
