import { test } from "node:test";
import assert from "node:assert/strict";
import * as a from "./asm.js";
import { load, RAM, rig } from "./hart_util.js";
import * as C from "../../machine/csr.js";
import { Hart } from "../../machine/hart.js";
import { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, PRIV_M, PRIV_S, PRIV_U } from "../../machine/trap.js";

const MTVEC = RAM + 0x400;
const STVEC = RAM + 0x800;

/** A rig with trap vectors set and `code` at RAM, running at `priv`. */
function at(priv: number, code: number[]) {
  const r = rig(code);
  r.hart.writeCsr(C.CSR_MTVEC, MTVEC);
  r.hart.writeCsr(C.CSR_STVEC, STVEC);
  r.hart.priv = priv;
  return r;
}

test("ECALL from U, S and M enters M with cause 8, 9, 11 and the mstatus stack updated", () => {
  for (const [priv, cause] of [[PRIV_U, 8], [PRIV_S, 9], [PRIV_M, 11]] as const) {
    const { hart } = at(priv, [a.ecall()]);
    hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MIE);
    assert.equal(hart.step(1), 0);
    assert.equal(hart.pc, MTVEC);
    assert.equal(hart.priv, PRIV_M);
    assert.equal(hart.readCsr(C.CSR_MEPC), RAM);
    assert.equal(hart.readCsr(C.CSR_MCAUSE), cause);
    assert.equal(hart.readCsr(C.CSR_MTVAL), 0);
    assert.equal(hart.readCsr(C.CSR_MSTATUS), C.MSTATUS_MPIE | (priv << 11));
  }
});

test("medeleg sends U/S exceptions to S with SPP/SPIE set, never from M", () => {
  const { hart } = at(PRIV_U, [a.ecall()]);
  hart.writeCsr(C.CSR_MEDELEG, 0xffff);
  hart.writeCsr(C.CSR_SSTATUS, C.MSTATUS_SIE);
  hart.step(1);
  assert.equal(hart.priv, PRIV_S);
  assert.equal(hart.pc, STVEC);
  assert.equal(hart.readCsr(C.CSR_SEPC), RAM);
  assert.equal(hart.readCsr(C.CSR_SCAUSE), 8);
  assert.equal(hart.readCsr(C.CSR_SSTATUS), C.MSTATUS_SPIE);
  const s = at(PRIV_S, [a.ebreak()]);
  s.hart.writeCsr(C.CSR_MEDELEG, 0xffff);
  s.hart.step(1);
  assert.equal(s.hart.readCsr(C.CSR_SCAUSE), 3);
  assert.equal(s.hart.readCsr(C.CSR_STVAL), RAM); // EBREAK: tval = pc
  assert.equal(s.hart.readCsr(C.CSR_SSTATUS) & C.MSTATUS_SPP, C.MSTATUS_SPP);
  const m = at(PRIV_M, [a.ebreak()]);
  m.hart.writeCsr(C.CSR_MEDELEG, 0xffff);
  m.hart.step(1);
  assert.equal(m.hart.priv, PRIV_M);
  assert.equal(m.hart.readCsr(C.CSR_MCAUSE), 3);
});

test("MRET restores MPP/MIE, sets MPIE, clears MPP and MPRV when leaving M", () => {
  const { hart } = at(PRIV_M, [a.mret()]);
  hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MPIE | (PRIV_S << 11) | C.MSTATUS_MPRV);
  hart.writeCsr(C.CSR_MEPC, RAM + 0x100);
  assert.equal(hart.step(1), 1);
  assert.equal(hart.priv, PRIV_S);
  assert.equal(hart.pc, RAM + 0x100);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), C.MSTATUS_MIE | C.MSTATUS_MPIE);
});

test("SRET returns to SPP; it is illegal in U and in S with TSR; MRET is illegal in S", () => {
  const { hart } = at(PRIV_S, [a.sret()]);
  hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SPIE | C.MSTATUS_MPRV);
  hart.writeCsr(C.CSR_SEPC, RAM + 0x40);
  hart.step(1);
  assert.equal(hart.priv, PRIV_U);
  assert.equal(hart.pc, RAM + 0x40);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), C.MSTATUS_SIE | C.MSTATUS_SPIE);
  for (const [priv, tsr, insn] of [[PRIV_U, 0, a.sret()], [PRIV_S, C.MSTATUS_TSR, a.sret()], [PRIV_S, 0, a.mret()]] as const) {
    const r = at(priv, [insn]);
    r.hart.writeCsr(C.CSR_MSTATUS, tsr);
    r.hart.step(1);
    assert.equal(r.hart.readCsr(C.CSR_MCAUSE), 2);
    assert.equal(r.hart.readCsr(C.CSR_MTVAL), insn);
  }
});

test("WFI, SFENCE.VMA illegal in U; WFI illegal in S with TW, SFENCE.VMA with TVM; FENCE legal in U", () => {
  const cases: Array<[number, number, number, number]> = [
    [PRIV_U, 0, a.wfi(), 2], [PRIV_S, C.MSTATUS_TW, a.wfi(), 2], [PRIV_U, 0, a.sfencevma(0, 0), 2],
    [PRIV_S, C.MSTATUS_TVM, a.sfencevma(0, 0), 2], [PRIV_U, 0, a.fence(), 11], [PRIV_U, 0, a.fencei(), 11],
  ];
  for (const [priv, st, insn, cause] of cases) {
    const r = at(priv, [insn, a.ecall()]);
    r.hart.writeCsr(C.CSR_MSTATUS, st);
    r.hart.step(2);
    assert.equal(r.hart.readCsr(C.CSR_MCAUSE), cause === 11 ? 8 : cause, `insn ${insn.toString(16)}`);
  }
});

test("an enabled M interrupt is taken at step start with mepc = next pc", () => {
  const { hart } = at(PRIV_M, [a.addi(1, 0, 1), a.addi(2, 0, 2)]);
  hart.writeCsr(C.CSR_MIE, 1 << IRQ_MTI);
  hart.setPending(IRQ_MTI, true);
  assert.equal(hart.step(1), 1); // MIE=0 in M: not taken
  assert.equal(hart.pc, RAM + 4);
  hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MIE);
  assert.equal(hart.step(1), 0);
  assert.equal(hart.pc, MTVEC);
  assert.equal(hart.readCsr(C.CSR_MEPC), RAM + 4);
  assert.equal(hart.readCsr(C.CSR_MCAUSE), 0x8000_0007);
  assert.equal(hart.readCsr(C.CSR_MSTATUS), C.MSTATUS_MPIE | (PRIV_M << 11));
});

test("M interrupts are taken from S and U regardless of MIE; S interrupts never from M", () => {
  const s = at(PRIV_S, [a.addi(1, 0, 1)]);
  s.hart.writeCsr(C.CSR_MIE, 1 << IRQ_MSI);
  s.hart.setPending(IRQ_MSI, true);
  s.hart.step(1);
  assert.equal(s.hart.readCsr(C.CSR_MCAUSE), 0x8000_0003);
  assert.equal(s.hart.priv, PRIV_M);
  const m = at(PRIV_M, [a.addi(1, 0, 1)]);
  m.hart.writeCsr(C.CSR_MIDELEG, 0x222);
  m.hart.writeCsr(C.CSR_MIE, 0x222);
  m.hart.writeCsr(C.CSR_MIP, 0x2);
  m.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SIE | C.MSTATUS_MIE);
  assert.equal(m.hart.step(1), 1);
  assert.equal(m.hart.pc, RAM + 4);
  const u = at(PRIV_U, [a.addi(1, 0, 1)]);
  u.hart.writeCsr(C.CSR_MIDELEG, 0x222);
  u.hart.writeCsr(C.CSR_MIE, 0x222);
  u.hart.writeCsr(C.CSR_MIP, 0x2);
  u.hart.step(1); // SIE=0 but U < S: taken into S
  assert.equal(u.hart.priv, PRIV_S);
  assert.equal(u.hart.readCsr(C.CSR_SCAUSE), 0x8000_0001);
  assert.equal(u.hart.readCsr(C.CSR_SEPC), RAM);
});

test("interrupt priority is MEI > MSI > MTI > SEI > SSI > STI", () => {
  const { hart } = at(PRIV_U, []);
  hart.writeCsr(C.CSR_MIE, 0xaaa);
  hart.writeCsr(C.CSR_MIP, 0x222);
  assert.equal(hart.pendingInterrupt(), IRQ_SEI);
  hart.setPending(IRQ_MTI, true);
  assert.equal(hart.pendingInterrupt(), IRQ_MTI);
  hart.setPending(IRQ_MSI, true);
  assert.equal(hart.pendingInterrupt(), IRQ_MSI);
  hart.setPending(IRQ_MEI, true);
  assert.equal(hart.pendingInterrupt(), IRQ_MEI);
  const h2 = at(PRIV_U, []).hart;
  h2.writeCsr(C.CSR_MIE, 0x022);
  h2.writeCsr(C.CSR_MIP, 0x022);
  assert.equal(h2.pendingInterrupt(), 1); // SSI before STI
  h2.writeCsr(C.CSR_MIDELEG, 0x2); // M-level STI beats a delegated SSI
  assert.equal(h2.pendingInterrupt(), 5);
});

test("vectored mtvec: interrupts go to base + 4*cause, exceptions to base", () => {
  const { hart } = at(PRIV_M, [a.ecall()]);
  hart.writeCsr(C.CSR_MTVEC, MTVEC | 1);
  hart.step(1);
  assert.equal(hart.pc, MTVEC);
  const r = at(PRIV_S, [a.addi(1, 0, 1)]);
  r.hart.writeCsr(C.CSR_MTVEC, MTVEC | 1);
  r.hart.writeCsr(C.CSR_MIE, 1 << IRQ_MEI);
  r.hart.setPending(IRQ_MEI, true);
  r.hart.step(1);
  assert.equal(r.hart.pc, MTVEC + 44);
});

test("WFI stalls step() until an interrupt is pending in mip & mie, even with MIE=0", () => {
  const { hart } = at(PRIV_M, [a.wfi(), a.addi(1, 0, 5)]);
  hart.writeCsr(C.CSR_MIE, 1 << IRQ_MTI);
  assert.equal(hart.step(100), 1);
  assert.equal(hart.wfi, true);
  assert.equal(hart.step(100), 0);
  hart.setPending(IRQ_MTI, true);
  assert.equal(hart.wfi, false);
  assert.equal(hart.step(1), 1); // MIE=0: no trap, continues after WFI
  assert.equal(hart.x[1], 5);
});

test("Sstc: STIP follows time >= stimecmp and raises a delegated S timer interrupt", () => {
  const { hart, clock } = at(PRIV_S, [a.addi(1, 0, 1), a.addi(1, 0, 2)]);
  hart.writeCsr(C.CSR_MENVCFGH, C.MENVCFGH_STCE);
  hart.writeCsr(C.CSR_MIDELEG, 0x20);
  hart.writeCsr(C.CSR_MIE, 0x20);
  hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SIE);
  hart.writeCsr(C.CSR_STIMECMPH, 0);
  hart.writeCsr(C.CSR_STIMECMP, 1000);
  assert.equal(hart.nextTimerDeadline(), 1000);
  clock.t = 999;
  assert.equal(hart.step(1), 1);
  assert.equal(hart.readCsr(C.CSR_MIP) & 0x20, 0);
  clock.t = 1000;
  assert.equal(hart.readCsr(C.CSR_SIP), 0x20);
  hart.step(1);
  assert.equal(hart.pc, STVEC);
  assert.equal(hart.readCsr(C.CSR_SCAUSE), 0x8000_0005);
  hart.writeCsr(C.CSR_MIE, 0);
  assert.equal(hart.nextTimerDeadline(), Infinity);
});

test("hostTrap handlers replace the trap entry; execution resumes at hart.pc", () => {
  const { hart } = at(PRIV_U, [a.addi(10, 0, 7), a.ecall(), a.addi(11, 10, 1), a.ebreak()]);
  hart.writeCsr(C.CSR_MEDELEG, 1 << 8);
  const seen: Array<[number, number, number, number]> = [];
  hart.hostTrap[PRIV_S] = (h: Hart, cause, tval) => {
    seen.push([cause, tval, h.pc, h.priv]);
    h.x[10] = 41;
    h.pc += 4;
  };
  hart.hostTrap[PRIV_M] = (h: Hart, cause, tval) => {
    seen.push([cause, tval, h.pc, h.priv]);
    h.stopRequested = true;
  };
  assert.equal(hart.step(100), 2);
  assert.deepEqual(seen, [[8, 0, RAM + 4, PRIV_U], [3, RAM + 12, RAM + 12, PRIV_U]]);
  assert.equal(hart.x[11], 42);
  assert.equal(hart.readCsr(C.CSR_SCAUSE), 0); // architectural state untouched
  assert.equal(hart.step(100), 0); // stopRequested stays set until the host clears it
});

test("a host interrupt handler sees the next pc", () => {
  const { hart } = at(PRIV_S, [a.addi(1, 0, 1), a.addi(1, 0, 2)]);
  hart.writeCsr(C.CSR_MIE, 1 << IRQ_MTI);
  let pcSeen = 0;
  hart.hostTrap[PRIV_M] = (h, cause) => {
    assert.equal(cause, 0x8000_0007);
    pcSeen = h.pc;
    h.setPending(IRQ_MTI, false);
  };
  hart.step(1);
  hart.setPending(IRQ_MTI, true);
  assert.equal(hart.step(2), 1); // the interrupt entry uses budget but retires nothing
  assert.equal(pcSeen, RAM + 4);
  assert.equal(hart.x[1], 2);
});

test("self-modifying code: a store then FENCE.I runs the new instruction", () => {
  // loop twice over `target`; the first pass rewrites it from addi x5,x5,1 to addi x5,x5,100.
  const newInsn = a.addi(5, 5, 100);
  const code = [
    ...a.li(1, newInsn), ...a.li(2, RAM + 4 * 9), a.addi(3, 0, 2), // 0..4
    a.addi(0, 0, 0), // 5
    a.addi(3, 3, -1), // 6
    a.sw(1, 2, 0), // 7
    a.fencei(), // 8
    a.addi(5, 5, 1), // 9: target
    a.bne(3, 0, -16), // 10: back to 6
    a.ebreak(),
  ];
  const { hart } = rig(code);
  hart.hostTrap[PRIV_M] = (h) => { h.stopRequested = true; };
  // Run the target once before it is rewritten so it sits in the decode cache.
  hart.step(1000);
  assert.equal(hart.x[5], 200);
});

test("a rewritten instruction is re-decoded even without FENCE.I when written through the bus", () => {
  const { hart, bus } = rig([a.addi(5, 5, 1), a.jal(0, -4)]);
  hart.step(10);
  assert.equal(hart.x[5], 5);
  load(bus, RAM, [a.addi(5, 5, 10)]);
  hart.step(2);
  assert.equal(hart.x[5], 15);
});
