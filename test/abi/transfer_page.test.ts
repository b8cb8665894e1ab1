import { test } from "node:test";
import assert from "node:assert/strict";
import { poisonedPage, slotAddress, slotOf, TRANSFER_PAGE_POISON, TRANSFER_SLOTS, TRANSFER_JUMP_ONLY_SLOTS } from "../../abi/transfer_page.js";

test("slotAddress() is page + 32*nr and rejects numbers outside the page", () => {
  assert.equal(slotAddress(0x80001000, 23), 0x800012e0);
  assert.equal(slotAddress(0xfffff000, 127), 0xffffffe0);
  assert.throws(() => slotAddress(0x80001000, TRANSFER_SLOTS), RangeError);
  assert.throws(() => slotAddress(0x80001000, -1), RangeError);
});

test("slotOf() finds slot starts only", () => {
  assert.equal(slotOf(0x80001000, 0x80001040), 2);
  assert.equal(slotOf(0x80001000, 0x80001044), -1);
  assert.equal(slotOf(0x80001000, 0x80000fe0), -1);
  assert.equal(slotOf(0x80001000, 0x80002000), -1);
});

test("the poison is the 32-bit unimp (csrrw x0, cycle, x0) in every word; iret is jump-only", () => {
  assert.equal(TRANSFER_PAGE_POISON & 0x7f, 0x73); // SYSTEM opcode
  assert.equal(TRANSFER_PAGE_POISON >>> 20, 0xc00); // cycle CSR (read-only)
  const p = poisonedPage();
  assert.equal(p.length, 4096);
  assert.deepEqual([...p.subarray(0, 4)], [0x73, 0x10, 0x00, 0xc0]);
  assert.deepEqual([...p.subarray(4092)], [0x73, 0x10, 0x00, 0xc0]);
  assert.deepEqual(TRANSFER_JUMP_ONLY_SLOTS, [23]);
});
