import { test } from "node:test";
import assert from "node:assert/strict";
import * as a from "./asm.js";
import { type HostTrap, RAM, rig, type Rig } from "./hart_util.js";
import * as C from "../../machine/csr.js";
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, Tlb, TLB_CAPACITY } from "../../machine/mmu.js";
import { PRIV_M, PRIV_S, PRIV_U } from "../../machine/trap.js";

const ROOT = RAM + 0x10000;
const L0 = RAM + 0x11000;
const PAGE = RAM + 0x20000; // backs VA 0x0040_0000
const VA = 0x0040_0000;
const RWXAD = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;

const pte = (pa: number, flags: number): number => (((pa >>> 12) << 10) | flags) >>> 0;

/**
 * Paging on: RAM identity-mapped by a megapage (code), VA 0x0040_0000 -> PAGE with
 * `leaf` flags, a megapage at 0xC000_0000 -> RAM, a misaligned megapage at 0xC040_0000,
 * and a pointer into nothing for 0x0080_0000. Runs `code` (then EBREAK) at `priv`.
 */
function paged(code: number[], leaf: number, priv = PRIV_S, setup?: (r: Rig) => void): Rig & { trap: HostTrap | null } {
  const r = rig([...code, a.ebreak()]);
  const { bus, hart } = r;
  bus.write(ROOT + 4 * 0x200, 4, pte(RAM, RWXAD | (priv === PRIV_U ? PTE_U : 0)));
  bus.write(ROOT + 4 * 1, 4, pte(L0, PTE_V));
  bus.write(L0, 4, pte(PAGE, leaf));
  bus.write(ROOT + 4 * 0x300, 4, pte(RAM, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  bus.write(ROOT + 4 * 0x301, 4, pte(RAM + 0x1000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  bus.write(ROOT + 4 * 2, 4, pte(0x4000_0000, PTE_V));
  hart.writeCsr(C.CSR_SATP, 0x8000_0000 | (ROOT >>> 12));
  hart.priv = priv;
  let trap: HostTrap | null = null;
  hart.hostTrap[PRIV_M] = (h, cause, tval) => {
    trap ??= { cause, tval, pc: h.pc, priv: h.priv };
    h.stopRequested = true;
  };
  setup?.(r);
  hart.step(1000);
  return { ...r, trap };
}

test("Sv32 4 KiB page: store then load, A and D set by the walk", () => {
  const { hart, bus, trap } = paged([...a.li(1, VA), a.addi(2, 0, 99), a.sw(2, 1, 8), a.lw(3, 1, 8)],
    PTE_V | PTE_R | PTE_W);
  assert.equal(trap?.cause, 3);
  assert.equal(bus.read(PAGE + 8, 4), 99);
  assert.equal(hart.x[3], 99);
  assert.equal(bus.read(L0, 4), pte(PAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
});

test("a load sets A but not D", () => {
  const { bus } = paged([...a.li(1, VA), a.lw(3, 1, 0)], PTE_V | PTE_R | PTE_W);
  assert.equal(bus.read(L0, 4), pte(PAGE, PTE_V | PTE_R | PTE_W | PTE_A));
});

test("a megapage maps 4 MiB; a misaligned megapage is a page fault", () => {
  const ok = paged([...a.li(1, 0xc000_8000), a.lw(3, 1, 4)], RWXAD, PRIV_S, (r) => r.bus.write(RAM + 0x8004, 4, 1234));
  assert.equal(ok.hart.x[3], 1234);
  const bad = paged([...a.li(1, 0xc040_0010), a.lw(3, 1, 0)], RWXAD);
  assert.deepEqual(bad.trap, { cause: 13, tval: 0xc040_0010, pc: RAM + 8, priv: PRIV_S });
});

test("W without R is a page fault even for a store", () => {
  const { trap } = paged([...a.li(1, VA), a.sw(0, 1, 0)], PTE_V | PTE_W | PTE_A | PTE_D);
  assert.deepEqual(trap, { cause: 15, tval: VA, pc: RAM + 8, priv: PRIV_S });
});

test("a store to a read-only page faults with stval = VA; an invalid PTE faults loads", () => {
  const ro = paged([...a.li(1, VA), a.lw(2, 1, 0), a.sb(0, 1, 0x123)], PTE_V | PTE_R);
  assert.deepEqual(ro.trap, { cause: 15, tval: VA + 0x123, pc: RAM + 12, priv: PRIV_S });
  const inv = paged([...a.li(1, VA), a.lw(2, 1, 0)], PTE_R | PTE_W);
  assert.equal(inv.trap?.cause, 13);
});

test("S may touch U pages only with SUM and never execute them", () => {
  const u = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U;
  assert.equal(paged([...a.li(1, VA), a.lw(2, 1, 0)], u).trap?.cause, 13);
  const sum = paged([...a.li(1, VA), a.lw(2, 1, 0)], u, PRIV_S, (r) => r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SUM));
  assert.equal(sum.trap?.cause, 3);
  const exec = paged([...a.li(1, VA), a.jalr(0, 1, 0)], u, PRIV_S, (r) => r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SUM));
  assert.deepEqual(exec.trap, { cause: 12, tval: VA, pc: VA, priv: PRIV_S });
  assert.equal(exec.hart.translate(VA, 2, PRIV_S), -1);
  assert.equal(exec.hart.translate(VA, 2, PRIV_U), PAGE);
});

test("U may not touch pages without the U bit", () => {
  const { trap } = paged([...a.li(1, VA), a.lw(2, 1, 0)], PTE_V | PTE_R | PTE_W, PRIV_U);
  assert.deepEqual(trap, { cause: 13, tval: VA, pc: RAM + 8, priv: PRIV_U });
});

test("MXR makes execute-only pages readable", () => {
  const xo = PTE_V | PTE_X;
  assert.equal(paged([...a.li(1, VA), a.lw(2, 1, 0)], xo).trap?.cause, 13);
  const mxr = paged([...a.li(1, VA), a.lw(2, 1, 0)], xo, PRIV_S, (r) => r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MXR));
  assert.equal(mxr.trap?.cause, 3);
});

test("a walk that reads nothing is an access fault of the access type", () => {
  const ld = paged([...a.li(1, 0x0080_0000), a.lw(2, 1, 0)], RWXAD);
  assert.deepEqual(ld.trap, { cause: 5, tval: 0x0080_0000, pc: RAM + 8, priv: PRIV_S });
  const st = paged([...a.li(1, 0x0080_0004), a.sw(2, 1, 0)], RWXAD);
  assert.equal(st.trap?.cause, 7);
  const fe = paged([...a.li(1, 0x0080_0000), a.jalr(0, 1, 0)], RWXAD);
  assert.deepEqual(fe.trap, { cause: 1, tval: 0x0080_0000, pc: 0x0080_0000, priv: PRIV_S });
});

test("MPRV makes M-mode loads and stores use MPP's translation", () => {
  const { hart, trap } = paged([...a.li(1, VA), a.lw(2, 1, 0)], PTE_V | PTE_R, PRIV_M, (r) => {
    r.bus.write(PAGE, 4, 777);
    r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MPRV | (PRIV_S << 11));
  });
  assert.equal(trap?.cause, 3);
  assert.equal(hart.x[2], 777);
  const u = paged([...a.li(1, VA), a.lw(2, 1, 0)], PTE_V | PTE_R, PRIV_M, (r) => {
    r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_MPRV | (PRIV_U << 11));
  });
  assert.deepEqual(u.trap, { cause: 13, tval: VA, pc: RAM + 8, priv: PRIV_M });
});

test("SFENCE.VMA makes a changed PTE take effect", () => {
  const other = RAM + 0x30000;
  const code = [...a.li(1, VA), a.lw(2, 1, 0), ...a.li(4, pte(other, PTE_V | PTE_R | PTE_A)), ...a.li(5, L0),
    a.sw(4, 5, 0), a.sfencevma(1, 0), a.lw(3, 1, 0)];
  const { hart } = paged(code, PTE_V | PTE_R | PTE_A, PRIV_S, (r) => {
    r.bus.write(PAGE, 4, 1);
    r.bus.write(other, 4, 2);
  });
  assert.equal(hart.x[2], 1);
  assert.equal(hart.x[3], 2);
});

test("SFENCE.VMA with x0 flushes everything, and a satp write flushes too", () => {
  const other = RAM + 0x30000;
  const { hart } = paged([...a.li(1, VA), a.lw(2, 1, 0)], PTE_V | PTE_R | PTE_A, PRIV_S, (r) => {
    r.bus.write(PAGE, 4, 1);
    r.bus.write(other, 4, 2);
  });
  assert.equal(hart.x[2], 1);
  hart.bus.write(L0, 4, pte(other, PTE_V | PTE_R | PTE_A));
  hart.writeCsr(C.CSR_SATP, hart.readCsr(C.CSR_SATP));
  assert.equal(hart.translate(VA, 0), other);
  hart.stopRequested = false;
  hart.pc = RAM + 8;
  hart.step(1);
  assert.equal(hart.x[2], 2);
});

test("translate() reports the mapping without touching A/D and -1 when it would fault", () => {
  const { hart, bus } = paged([], PTE_V | PTE_R | PTE_W);
  assert.equal(hart.translate(VA + 0x10, 1), PAGE + 0x10);
  assert.equal(bus.read(L0, 4), pte(PAGE, PTE_V | PTE_R | PTE_W));
  assert.equal(hart.translate(0xc040_0000, 0), -1);
  assert.equal(hart.translate(0x1234_5678, 0, PRIV_M), 0x1234_5678);
});

test("a misaligned store crossing into an unmapped page faults on that page and writes nothing", () => {
  const { trap, bus } = paged([...a.li(1, VA + 0xffe), ...a.li(2, -1), a.sw(2, 1, 0)], RWXAD, PRIV_S, (r) => {
    r.bus.write(L0 + 4, 4, 0);
  });
  assert.deepEqual(trap, { cause: 15, tval: VA + 0x1000, pc: RAM + 16, priv: PRIV_S });
  assert.equal(bus.read(PAGE + 0xffc, 4), 0);
});

test("changing SUM invalidates cached permissions", () => {
  const u = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
  const code = [...a.li(1, VA), a.lw(2, 1, 0), a.csrrc(0, C.CSR_SSTATUS, 3), a.lw(2, 1, 0)];
  const { trap } = paged(code, u, PRIV_S, (r) => {
    r.hart.writeCsr(C.CSR_MSTATUS, C.MSTATUS_SUM);
    r.hart.x[3] = C.MSTATUS_SUM;
  });
  // li clobbers nothing in x3; the second load must fault once SUM is cleared.
  assert.deepEqual(trap, { cause: 13, tval: VA, pc: RAM + 16, priv: PRIV_S });
});

test("Tlb: an entry is the page offset + 1; flushAll drops every recorded entry", () => {
  const tlb = new Tlb();
  tlb.fillData(5, 0x3000, true, false, false);
  tlb.fillFetch(5, 0x3000, false);
  tlb.fillData(0xfffff, 0, true, true, false);
  assert.equal(tlb.load[5], 0x3001);
  assert.equal(tlb.store[5], 0);
  assert.equal(tlb.fetch[5], 0x3001);
  assert.equal(tlb.store[0xfffff], 1);
  assert.equal(tlb.size, 2);
  tlb.flushAll();
  assert.equal(tlb.size, 0);
  assert.equal(tlb.load[5]! | tlb.fetch[5]! | tlb.load[0xfffff]! | tlb.store[0xfffff]!, 0);
});

test("Tlb: flushPage drops one page, or everything once a megapage was cached", () => {
  const tlb = new Tlb();
  tlb.fillData(1, 0x1000, true, true, false);
  tlb.fillData(2, 0x2000, true, true, false);
  tlb.flushPage(0x1abc);
  assert.equal(tlb.load[1], 0);
  assert.equal(tlb.load[2], 0x2001);
  tlb.fillFetch(0x400, 0x5000, true);
  tlb.flushPage(0x1000);
  assert.equal(tlb.load[2], 0);
  assert.equal(tlb.fetch[0x400], 0);
  assert.equal(tlb.megaEntries, 0);
});

test("Tlb: past TLB_CAPACITY pages the oldest is dropped, never a newer one", () => {
  const tlb = new Tlb();
  for (let v = 0; v < TLB_CAPACITY + 3; v++) tlb.fillData(v, v * 4096, true, true, false);
  assert.equal(tlb.size, TLB_CAPACITY);
  for (let v = 0; v < 3; v++) assert.equal(tlb.load[v], 0, `page ${v} kept`);
  for (let v = 3; v < TLB_CAPACITY + 3; v++) assert.equal(tlb.load[v], v * 4096 + 1, `page ${v} dropped`);
  tlb.fillFetch(TLB_CAPACITY + 2, 0, false); // already recorded: nothing evicted
  assert.equal(tlb.load[3], 3 * 4096 + 1);
  tlb.flushAll();
  for (let v = 0; v < TLB_CAPACITY + 3; v++) assert.equal(tlb.load[v]! | tlb.fetch[v]!, 0);
});
