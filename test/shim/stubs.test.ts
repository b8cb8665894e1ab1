import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStubs, HOLE_CODE_VA, INLINE_CALLS } from "../../shim/stubs.js";
import { holeRootEntries } from "../../shim/memmap.js";
import { enc, REG } from "../../shim/asm.js";
import { TRANSFER_PAGE_POISON } from "../../abi/transfer_page.js";

const PAGE = 0xc0001000;
const word = (b: Uint8Array, i: number) => new DataView(b.buffer).getUint32(i * 4, true);

test("buildStubs('none') makes every slot ecall; ret and iret an ecall alone", () => {
  const s = buildStubs("none", PAGE, 16 << 20, holeRootEntries(16 << 20));
  assert.equal(word(s.page, 8 * 1), enc.ecall());
  assert.equal(word(s.page, 8 * 1 + 1), enc.jalr(REG.zero, REG.ra, 0));
  assert.equal(word(s.page, 8 * 23), enc.ecall());
  assert.equal(word(s.page, 8 * 23 + 1), TRANSFER_PAGE_POISON);
  assert.equal(s.hole.length, 0);
  assert.equal(s.iretStart, -1);
});

test("buildStubs('hot') sends the in-lined slots to hole routines with the ecall fallback at slot + 8", () => {
  const s = buildStubs("hot", PAGE, 16 << 20, holeRootEntries(16 << 20));
  assert.deepEqual(s.routines.map((r) => r.nr), [...INLINE_CALLS]);
  for (const r of s.routines) {
    assert.equal(word(s.page, 8 * r.nr + 2), enc.ecall());
    assert.equal(word(s.page, 8 * r.nr + 3), enc.jalr(REG.zero, REG.ra, 0));
  }
  assert.equal(s.routines[0]!.start, HOLE_CODE_VA);
  assert.equal(word(s.page, 8 * 17), enc.ecall(), "xen_version is not in-lined");
  assert.ok(s.hole.length > 0 && s.hole.length <= 4096);
  assert.equal(word(s.hole, (s.iretSret - HOLE_CODE_VA) / 4), enc.sret());
  assert.ok(s.listing.some((l) => l.includes("sret")));
});
