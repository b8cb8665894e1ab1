import { test } from "node:test";
import assert from "node:assert/strict";
import * as a from "./asm.js";
import { RAM, runProgram, u32 } from "./hart_util.js";
import * as C from "../../machine/csr.js";
import { PRIV_S, PRIV_U } from "../../machine/trap.js";

test("the six CSR instruction forms read the old value and write as specified", () => {
  const { hart } = runProgram([
    a.addi(1, 0, 0x0f0),
    a.csrrw(2, C.CSR_MSCRATCH, 1), // old 0, now 0xf0
    a.addi(1, 0, 0x00f), a.csrrs(3, C.CSR_MSCRATCH, 1), // old 0xf0, now 0xff
    a.addi(1, 0, 0x0f0), a.csrrc(4, C.CSR_MSCRATCH, 1), // old 0xff, now 0x0f
    a.csrrwi(5, C.CSR_MSCRATCH, 0x1f), // old 0x0f, now 0x1f
    a.csrrsi(6, C.CSR_MSCRATCH, 0x0), // read only
    a.csrrci(7, C.CSR_MSCRATCH, 0x3), // old 0x1f, now 0x1c
    a.csrrs(8, C.CSR_MSCRATCH, 0),
  ]);
  assert.deepEqual([2, 3, 4, 5, 6, 7, 8].map((r) => hart.x[r]), [0, 0xf0, 0xff, 0x0f, 0x1f, 0x1f, 0x1c]);
});

test("a write to a read-only CSR is illegal, a read with rs1=x0 is not", () => {
  const ok = runProgram([a.csrrs(1, C.CSR_MHARTID, 0), a.csrrsi(2, C.CSR_MISA, 0)]);
  assert.equal(ok.trap?.cause, 3);
  assert.equal(u32(ok.hart, 2), 0x4014_1101);
  const bad = a.csrrw(0, C.CSR_MVENDORID, 1);
  const r = runProgram([bad]);
  assert.deepEqual(r.trap, { cause: 2, tval: bad, pc: RAM, priv: 3 });
  const bad2 = a.csrrsi(0, C.CSR_CYCLE, 1);
  assert.equal(runProgram([bad2]).trap?.tval, bad2);
});

test("an unknown CSR and a CSR above the current privilege are illegal", () => {
  const unknown = a.csrrs(1, 0x7c0, 0);
  assert.deepEqual(runProgram([unknown]).trap, { cause: 2, tval: unknown, pc: RAM, priv: 3 });
  const mFromS = a.csrrs(1, C.CSR_MSTATUS, 0);
  const r = runProgram([mFromS], (rg) => { rg.hart.priv = PRIV_S; });
  assert.deepEqual(r.trap, { cause: 2, tval: mFromS, pc: RAM, priv: PRIV_S });
  const sFromU = a.csrrs(1, C.CSR_SSTATUS, 0);
  assert.equal(runProgram([sFromU], (rg) => { rg.hart.priv = PRIV_U; }).trap?.cause, 2);
});

test("WARL fields: misa ignores writes, medeleg cannot delegate ecall-from-M, mideleg only S interrupts", () => {
  const { hart } = runProgram([
    a.addi(1, 0, -1),
    a.csrrw(0, C.CSR_MISA, 1), a.csrrw(0, C.CSR_MEDELEG, 1), a.csrrw(0, C.CSR_MIDELEG, 1),
    a.csrrw(0, C.CSR_MIE, 1), a.csrrw(0, C.CSR_MTVEC, 1), a.csrrw(0, C.CSR_MEPC, 1),
    a.csrrw(0, C.CSR_MCOUNTINHIBIT, 1), a.csrrw(0, C.CSR_MSTATUSH, 1),
  ]);
  assert.equal(hart.readCsr(C.CSR_MISA), 0x4014_1101);
  assert.equal(hart.readCsr(C.CSR_MEDELEG), 0xb3ff);
  assert.equal(hart.readCsr(C.CSR_MIDELEG), 0x222);
  assert.equal(hart.readCsr(C.CSR_MIE), 0xaaa);
  assert.equal(hart.readCsr(C.CSR_MTVEC), 0xffff_fffc); // reserved mode 3: the old mode (direct) stays
  assert.equal(hart.readCsr(C.CSR_MEPC), 0xffff_fffc);
  assert.equal(hart.readCsr(C.CSR_MCOUNTINHIBIT), 0);
  assert.equal(hart.readCsr(C.CSR_MSTATUSH), 0);
});

test("mstatus keeps only implemented bits, MPP=2 is not stored, sstatus is a view", () => {
  const { hart } = runProgram([]);
  hart.writeCsr(C.CSR_MSTATUS, 0xffff_ffff);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), 0x007e_19aa);
  hart.writeCsr(C.CSR_MSTATUS, 2 << 11);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), 3 << 11); // MPP kept at 3
  hart.writeCsr(C.CSR_MSTATUS, 0);
  hart.writeCsr(C.CSR_SSTATUS, 0xffff_ffff);
  assert.equal(hart.readCsr(C.CSR_SSTATUS), 0x000c_0122);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), 0x000c_0122);
});

test("sip/sie show only delegated bits; SSIP is writable through sip when delegated", () => {
  const { hart } = runProgram([]);
  hart.writeCsr(C.CSR_MIE, 0xaaa);
  assert.equal(hart.readCsr(C.CSR_SIE), 0);
  hart.writeCsr(C.CSR_MIDELEG, 0x222);
  assert.equal(hart.readCsr(C.CSR_SIE), 0x222);
  hart.writeCsr(C.CSR_SIP, 0xffff_ffff);
  assert.equal(hart.readCsr(C.CSR_SIP), 0x2);
  assert.equal(hart.readCsr(C.CSR_MIP), 0x2);
  hart.writeCsr(C.CSR_MIP, 0xffff_ffff); // M may write SSIP, STIP (no Sstc), SEIP
  assert.equal(hart.readCsr(C.CSR_MIP), 0x222);
  hart.setPending(11, true);
  assert.equal(hart.readCsr(C.CSR_MIP), 0xa22);
  hart.writeCsr(C.CSR_MENVCFGH, 0x8000_0000); // Sstc on: STIP is the comparator
  assert.equal(hart.readCsr(C.CSR_MIP) & 0x20, 0);
});

test("csrrc on mip clears the software SEIP bit; the device line still shows", () => {
  const { hart } = runProgram([a.addi(1, 0, 0x200), a.csrrs(0, C.CSR_MIP, 1), a.csrrc(2, C.CSR_MIP, 1)],
    (rg) => rg.hart.setPending(9, true));
  assert.equal(hart.x[2], 0x200);
  assert.equal(hart.mipSw, 0);
  assert.equal(hart.readCsr(C.CSR_MIP), 0x200);
});

test("instret counts retired instructions; minstret writes set the next read", () => {
  const { hart } = runProgram([
    a.addi(1, 0, 1), a.addi(1, 0, 1), a.csrrs(2, C.CSR_INSTRET, 0),
    a.addi(3, 0, 100), a.csrrw(0, C.CSR_MINSTRET, 3), a.csrrs(4, C.CSR_MINSTRET, 0),
    a.csrrs(5, C.CSR_CYCLE, 0), a.csrrs(6, C.CSR_INSTRETH, 0),
  ]);
  assert.equal(hart.x[2], 2);
  assert.equal(hart.x[4], 100);
  assert.equal(hart.x[5], 6);
  assert.equal(hart.x[6], 0);
  assert.equal(hart.instret, 8); // EBREAK does not retire
});

test("mcounteren and scounteren gate the user counters", () => {
  const rd = a.csrrs(1, C.CSR_TIME, 0);
  const s0 = runProgram([rd], (rg) => { rg.hart.priv = PRIV_S; });
  assert.deepEqual(s0.trap, { cause: 2, tval: rd, pc: RAM, priv: PRIV_S });
  const s1 = runProgram([rd], (rg) => {
    rg.hart.priv = PRIV_S;
    rg.hart.writeCsr(C.CSR_MCOUNTEREN, 2);
    rg.clock.t = 0x1_2345_6789;
  });
  assert.equal(s1.trap?.cause, 3);
  assert.equal(u32(s1.hart, 1), 0x2345_6789);
  const u0 = runProgram([rd], (rg) => { rg.hart.priv = PRIV_U; rg.hart.writeCsr(C.CSR_MCOUNTEREN, 2); });
  assert.equal(u0.trap?.cause, 2);
  const u1 = runProgram([a.csrrs(1, C.CSR_TIMEH, 0)], (rg) => {
    rg.hart.priv = PRIV_U;
    rg.hart.writeCsr(C.CSR_MCOUNTEREN, 2);
    rg.hart.writeCsr(C.CSR_SCOUNTEREN, 2);
    rg.clock.t = 0x1_2345_6789;
  });
  assert.equal(u1.trap?.cause, 3);
  assert.equal(u1.hart.x[1], 1);
});

test("stimecmp from S needs mcounteren.TM and menvcfg.STCE", () => {
  const w = a.csrrw(0, C.CSR_STIMECMP, 0);
  assert.equal(runProgram([w], (rg) => { rg.hart.priv = PRIV_S; rg.hart.writeCsr(C.CSR_MCOUNTEREN, 2); }).trap?.cause, 2);
  assert.equal(runProgram([w], (rg) => { rg.hart.priv = PRIV_S; rg.hart.writeCsr(C.CSR_MENVCFGH, 0x8000_0000); }).trap?.cause, 2);
  const ok = runProgram([w], (rg) => {
    rg.hart.priv = PRIV_S;
    rg.hart.writeCsr(C.CSR_MENVCFGH, 0x8000_0000);
    rg.hart.writeCsr(C.CSR_MCOUNTEREN, 2);
  });
  assert.equal(ok.trap?.cause, 3);
  assert.equal(ok.hart.readCsr(C.CSR_STIMECMP), 0);
});

test("satp from S is illegal with TVM=1; PMP CSRs are WARL storage", () => {
  const w = a.csrrw(0, C.CSR_SATP, 0);
  assert.equal(runProgram([w], (rg) => { rg.hart.priv = PRIV_S; rg.hart.writeCsr(C.CSR_MSTATUS, 1 << 20); }).trap?.cause, 2);
  const { hart } = runProgram([]);
  hart.writeCsr(C.CSR_PMPCFG0 + 3, 0xffff_ff06);
  assert.equal(hart.readCsr(C.CSR_PMPCFG0 + 3), 0x9f9f_9f04); // W without R loses W
  hart.writeCsr(C.CSR_PMPADDR0 + 63, 0x1234_5678);
  assert.equal(hart.readCsr(C.CSR_PMPADDR0 + 63), 0x1234_5678);
  assert.throws(() => hart.readCsr(0x7c0), /read CSR 0x7c0: no such CSR/);
});
