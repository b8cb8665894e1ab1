import { test } from "node:test";
import assert from "node:assert/strict";
import { Asm, enc, REG, hiLo } from "../../shim/asm.js";

test("enc encodes instructions as the RISC-V spec does", () => {
  assert.equal(enc.addi(REG.a0, REG.zero, 0), 0x00000513);
  assert.equal(enc.jalr(REG.zero, REG.ra, 0), 0x00008067);
  assert.equal(enc.ecall(), 0x00000073);
  assert.equal(enc.sret(), 0x10200073);
  assert.equal(enc.sw(REG.a1, REG.t2, 0), 0x00b3a023);
  assert.equal(enc.lw(REG.t2, REG.t2, 0), 0x0003a383);
  assert.equal(enc.sfenceVma(REG.zero, REG.zero), 0x12000073);
  assert.equal(enc.csrrs(REG.t0, 0x180, REG.zero), 0x180022f3);
});

test("hiLo() splits so that lui + addi rebuilds the value", () => {
  for (const v of [0, 0x800, 0xfffff800, 0xfc000000, 0x12345fff]) {
    const { hi, lo } = hiLo(v);
    assert.equal(((hi << 12) + lo) >>> 0, v >>> 0);
  }
});

test("Asm resolves forward branches and rejects out-of-range immediates", () => {
  const s = new Asm(0x1000);
  s.branch("beq", REG.t0, REG.zero, "end");
  s.emit(enc.addi(REG.a0, REG.zero, 1), "li a0, 1");
  s.label("end");
  const w = s.finish();
  assert.equal(w[0], enc.beq(REG.t0, REG.zero, 8));
  assert.match(s.listing[0]!, /^0x00001000  0x00028463  beq/);
  assert.throws(() => enc.addi(1, 1, 4096), RangeError);
});
