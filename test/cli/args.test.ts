import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgError, intOption, parseArgs } from "../../cli/args.js";

const spec = { flags: ["trace"], options: ["harts", "mem"] };

test("parseArgs splits positionals, flags and both option forms", () => {
  const p = parseArgs(["img.elf", "--harts", "2", "--mem=64", "--trace"], spec);
  assert.deepEqual(p.positional, ["img.elf"]);
  assert.deepEqual([...p.flags], ["trace"]);
  assert.equal(p.options.get("harts"), "2");
  assert.equal(p.options.get("mem"), "64");
  assert.deepEqual(parseArgs(["--", "--trace"], spec).positional, ["--trace"]);
});

test("parseArgs rejects unknown options, missing values and values on flags", () => {
  assert.throws(() => parseArgs(["--nope"], spec), new ArgError("unknown option --nope"));
  assert.throws(() => parseArgs(["-x"], spec), new ArgError("unknown option -x"));
  assert.throws(() => parseArgs(["--harts"], spec), new ArgError("option --harts needs a value"));
  assert.throws(() => parseArgs(["--trace=1"], spec), new ArgError("option --trace takes no value"));
});

test("intOption reads decimal, hex, underscores and exponents inside the range", () => {
  const p = parseArgs(["--harts", "0x4", "--mem", "1_000"], spec);
  assert.equal(intOption(p, "harts", 1, 1, 8), 4);
  assert.equal(intOption(p, "mem", 1, 1, 2048), 1000);
  assert.equal(intOption(parseArgs(["--mem", "1e3"], spec), "mem", 1, 1, 2048), 1000);
  assert.equal(intOption(parseArgs([], spec), "mem", 128, 1, 2048), 128);
  assert.throws(() => intOption(parseArgs(["--mem", "0"], spec), "mem", 1, 1, 2048), /--mem 0 is not an integer in 1..2048/);
  assert.throws(() => intOption(parseArgs(["--mem", "12abc"], spec), "mem", 1, 1, 2048), ArgError);
});
