/** The fuzzer's own checks must be able to fail: badResult() and the PRNG's determinism. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Prng, badResult } from "./gen.js";

test("badResult() accepts 0, values and known errnos", () => {
  for (const rc of [0, 1, 4096, 0x7fffffff, 0xffffffff, -22, -38, -95, -0x8000_0000]) assert.equal(badResult(rc), null, String(rc));
});

test("badResult() rejects non-integers, oversized values, unknown and internal errnos", () => {
  for (const rc of [undefined, null, NaN, 1.5, "0", 2 ** 32, -(2 ** 31) - 1, -15, -200, -4095, -4, -85]) {
    assert.notEqual(badResult(rc), null, String(rc));
  }
});

test("Prng gives the same sequence for the same seed and a different one for another", () => {
  const a = new Prng(7), b = new Prng(7), c = new Prng(8);
  const sa = Array.from({ length: 8 }, () => a.u32());
  assert.deepEqual(sa, Array.from({ length: 8 }, () => b.u32()));
  assert.notDeepEqual(sa, Array.from({ length: 8 }, () => c.u32()));
});
