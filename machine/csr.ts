/**
 * Control and status registers: numbers, legality checks, reads and writes (WARL masks
 * and side effects). The state lives in the Hart; these functions are its slow path.
 *
 * Invariants:
 * - `csrCheck` decides legality for an instruction (existence, privilege csr[9:8],
 *   read-only csr[11:10] == 3 on write, TVM for satp, mcounteren/scounteren for the
 *   user counters, mcounteren.TM + menvcfg.STCE for stimecmp from S). `csrRead` and
 *   `csrWrite` never check; the host API uses them directly.
 * - Only implemented mstatus bits are stored: MIE SIE MPIE SPIE MPP SPP MPRV SUM MXR TVM
 *   TW TSR. UBE/SBE/MBE, FS/VS/XS and SD read 0. MPP is WARL: writing 2 keeps the old value.
 * - mip is the OR of software-written bits (SSIP, SEIP, and STIP while menvcfg.STCE = 0),
 *   device lines (MSIP, MTIP, MEIP, SEIP) and, with STCE = 1, STIP = (time >= stimecmp).
 *   A read-modify-write of mip (csrrs/csrrc) uses the software SEIP bit, not the OR.
 * - sip/sie show mip/mie masked by mideleg; only delegated bits are writable there.
 * - Counters: mcycle and minstret are the retired-instruction count plus a 64-bit
 *   offset kept as two u32 halves, so a guest write never perturbs `Hart.instret`
 *   (which drives virtual time). A write sets the value the next instruction reads.
 * - PMP: pmpcfg0-15 and pmpaddr0-63 are plain WARL storage. PMP is NOT enforced.
 * - mcountinhibit, mhpmcounter3-31(h) and mhpmevent3-31 read 0 and ignore writes.
 */
import type { Hart } from "./hart.js";
import { PRIV_M, PRIV_S, PRIV_U } from "./trap.js";

// Unprivileged counters (read-only).
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
export const CSR_CYCLEH = 0xc80;
export const CSR_TIMEH = 0xc81;
export const CSR_INSTRETH = 0xc82;
// Supervisor.
export const CSR_SSTATUS = 0x100;
export const CSR_SIE = 0x104;
export const CSR_STVEC = 0x105;
export const CSR_SCOUNTEREN = 0x106;
export const CSR_SENVCFG = 0x10a;
export const CSR_SSCRATCH = 0x140;
export const CSR_SEPC = 0x141;
export const CSR_SCAUSE = 0x142;
export const CSR_STVAL = 0x143;
export const CSR_SIP = 0x144;
export const CSR_STIMECMP = 0x14d;
export const CSR_STIMECMPH = 0x15d;
export const CSR_SATP = 0x180;
// Machine information.
export const CSR_MVENDORID = 0xf11;
export const CSR_MARCHID = 0xf12;
export const CSR_MIMPID = 0xf13;
export const CSR_MHARTID = 0xf14;
export const CSR_MCONFIGPTR = 0xf15;
// Machine trap setup and handling.
export const CSR_MSTATUS = 0x300;
export const CSR_MISA = 0x301;
export const CSR_MEDELEG = 0x302;
export const CSR_MIDELEG = 0x303;
export const CSR_MIE = 0x304;
export const CSR_MTVEC = 0x305;
export const CSR_MCOUNTEREN = 0x306;
export const CSR_MENVCFG = 0x30a;
export const CSR_MSTATUSH = 0x310;
export const CSR_MENVCFGH = 0x31a;
export const CSR_MCOUNTINHIBIT = 0x320;
export const CSR_MHPMEVENT3 = 0x323;
export const CSR_MSCRATCH = 0x340;
export const CSR_MEPC = 0x341;
export const CSR_MCAUSE = 0x342;
export const CSR_MTVAL = 0x343;
export const CSR_MIP = 0x344;
export const CSR_PMPCFG0 = 0x3a0;
export const CSR_PMPADDR0 = 0x3b0;
// Machine counters.
export const CSR_MCYCLE = 0xb00;
export const CSR_MINSTRET = 0xb02;
export const CSR_MHPMCOUNTER3 = 0xb03;
export const CSR_MCYCLEH = 0xb80;
export const CSR_MINSTRETH = 0xb82;
export const CSR_MHPMCOUNTER3H = 0xb83;

// mstatus fields.
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
const MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP |
  MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
export const SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

/** RV32 (MXL=1) with A, I, M, S, U. */
export const MISA_VALUE = 0x4000_0000 | (1 << 0) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);
/** Exceptions medeleg can delegate: 0-9, 12, 13, 15 (never 11, ecall from M). */
export const MEDELEG_MASK = 0xb3ff;
/** Interrupts mideleg can delegate: SSI, STI, SEI. */
export const MIDELEG_MASK = (1 << 1) | (1 << 5) | (1 << 9);
export const MIE_MASK = 0xaaa;
export const MIP_SSIP = 1 << 1;
export const MIP_MSIP = 1 << 3;
export const MIP_STIP = 1 << 5;
export const MIP_MTIP = 1 << 7;
export const MIP_SEIP = 1 << 9;
export const MIP_MEIP = 1 << 11;
export const MENVCFG_FIOM = 1;
/** menvcfg.STCE is bit 63, i.e. bit 31 of menvcfgh. */
export const MENVCFGH_STCE = 0x8000_0000;
export const COUNTEREN_TM = 1 << 1;

const TWO32 = 0x1_0000_0000;

/** True when `csr` names a CSR this hart implements. */
export function csrExists(csr: number): boolean {
  if (csr >= CSR_PMPCFG0 && csr <= 0x3ef) return true; // pmpcfg0-15, pmpaddr0-63
  if (csr >= CSR_MHPMEVENT3 && csr <= 0x33f) return true;
  if (csr >= CSR_MCYCLE && csr <= 0xb1f && csr !== 0xb01) return true;
  if (csr >= CSR_MCYCLEH && csr <= 0xb9f && csr !== 0xb81) return true;
  if (csr >= CSR_CYCLE && csr <= 0xc1f) return true;
  if (csr >= CSR_CYCLEH && csr <= 0xc9f) return true;
  switch (csr) {
    case CSR_SSTATUS: case CSR_SIE: case CSR_STVEC: case CSR_SCOUNTEREN: case CSR_SENVCFG:
    case CSR_SSCRATCH: case CSR_SEPC: case CSR_SCAUSE: case CSR_STVAL: case CSR_SIP:
    case CSR_STIMECMP: case CSR_STIMECMPH: case CSR_SATP:
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MHARTID: case CSR_MCONFIGPTR:
    case CSR_MSTATUS: case CSR_MISA: case CSR_MEDELEG: case CSR_MIDELEG: case CSR_MIE:
    case CSR_MTVEC: case CSR_MCOUNTEREN: case CSR_MENVCFG: case CSR_MSTATUSH: case CSR_MENVCFGH:
    case CSR_MCOUNTINHIBIT: case CSR_MSCRATCH: case CSR_MEPC: case CSR_MCAUSE: case CSR_MTVAL:
    case CSR_MIP:
      return true;
  }
  return false;
}

/** Legality of a CSR instruction's access at the hart's current privilege. */
export function csrCheck(h: Hart, csr: number, write: boolean): boolean {
  if (!csrExists(csr)) return false;
  const priv = h.priv;
  if (((csr >>> 8) & 3) > priv) return false;
  if (write && (csr >>> 10) === 3) return false;
  if (csr === CSR_SATP) return !(priv === PRIV_S && (h.mstatus & MSTATUS_TVM) !== 0);
  if (csr === CSR_STIMECMP || csr === CSR_STIMECMPH) {
    if (priv === PRIV_M) return true;
    return (h.mcounteren & COUNTEREN_TM) !== 0 && (h.menvcfgh & MENVCFGH_STCE) !== 0;
  }
  if ((csr >= CSR_CYCLE && csr <= 0xc1f) || (csr >= CSR_CYCLEH && csr <= 0xc9f)) {
    const bit = 1 << (csr & 31);
    if (priv < PRIV_M && (h.mcounteren & bit) === 0) return false;
    if (priv === PRIV_U && (h.scounteren & bit) === 0) return false;
  }
  return true;
}

/** The current 64-bit mtime split in halves. */
function timeLo(h: Hart): number {
  return h.time.now() % TWO32;
}
function timeHi(h: Hart): number {
  return Math.floor(h.time.now() / TWO32) >>> 0;
}

/** Low/high half of (instret + delta) mod 2^64, with `bias` extra instructions. */
function counterLo(h: Hart, dLo: number, bias: number): number {
  return ((h.instret + bias) % TWO32 + dLo) >>> 0;
}
function counterHi(h: Hart, dLo: number, dHi: number, bias: number): number {
  const n = h.instret + bias;
  const carry = (n % TWO32) + dLo >= TWO32 ? 1 : 0;
  return (Math.floor(n / TWO32) + dHi + carry) >>> 0;
}

/** Reads a CSR (no checks). Unknown CSRs read 0; callers check csrExists first. */
export function csrRead(h: Hart, csr: number): number {
  if (csr >= CSR_PMPCFG0 && csr <= 0x3af) return h.pmpcfg[csr - CSR_PMPCFG0]!;
  if (csr >= CSR_PMPADDR0 && csr <= 0x3ef) return h.pmpaddr[csr - CSR_PMPADDR0]!;
  switch (csr) {
    case CSR_CYCLE: case CSR_MCYCLE: return counterLo(h, h.cycleDelta[0]!, 0);
    case CSR_CYCLEH: case CSR_MCYCLEH: return counterHi(h, h.cycleDelta[0]!, h.cycleDelta[1]!, 0);
    case CSR_INSTRET: case CSR_MINSTRET: return counterLo(h, h.instretDelta[0]!, 0);
    case CSR_INSTRETH: case CSR_MINSTRETH:
      return counterHi(h, h.instretDelta[0]!, h.instretDelta[1]!, 0);
    case CSR_TIME: return timeLo(h);
    case CSR_TIMEH: return timeHi(h);
    case CSR_SSTATUS: return (h.mstatus & SSTATUS_MASK) >>> 0;
    case CSR_SIE: return (h.mie & h.mideleg) >>> 0;
    case CSR_STVEC: return h.stvec >>> 0;
    case CSR_SCOUNTEREN: return h.scounteren >>> 0;
    case CSR_SENVCFG: return h.senvcfg >>> 0;
    case CSR_SSCRATCH: return h.sscratch >>> 0;
    case CSR_SEPC: return h.sepc >>> 0;
    case CSR_SCAUSE: return h.scause >>> 0;
    case CSR_STVAL: return h.stval >>> 0;
    case CSR_SIP: return (h.mipValue() & h.mideleg) >>> 0;
    case CSR_STIMECMP: return h.stimecmpLo >>> 0;
    case CSR_STIMECMPH: return h.stimecmpHi >>> 0;
    case CSR_SATP: return h.satp >>> 0;
    case CSR_MHARTID: return h.id >>> 0;
    case CSR_MSTATUS: return h.mstatus >>> 0;
    case CSR_MISA: return MISA_VALUE >>> 0;
    case CSR_MEDELEG: return h.medeleg >>> 0;
    case CSR_MIDELEG: return h.mideleg >>> 0;
    case CSR_MIE: return h.mie >>> 0;
    case CSR_MTVEC: return h.mtvec >>> 0;
    case CSR_MCOUNTEREN: return h.mcounteren >>> 0;
    case CSR_MENVCFG: return h.menvcfg >>> 0;
    case CSR_MENVCFGH: return h.menvcfgh >>> 0;
    case CSR_MSCRATCH: return h.mscratch >>> 0;
    case CSR_MEPC: return h.mepc >>> 0;
    case CSR_MCAUSE: return h.mcause >>> 0;
    case CSR_MTVAL: return h.mtval >>> 0;
    case CSR_MIP: return h.mipValue() >>> 0;
  }
  return 0; // mvendorid, marchid, mimpid, mconfigptr, mstatush, mcountinhibit, hpm*
}

/** xtvec WARL: modes 0 (direct) and 1 (vectored); a reserved mode keeps the old one. */
function tvec(old: number, v: number): number {
  const mode = (v & 3) <= 1 ? v & 3 : old & 3;
  return ((v & ~3) | mode) >>> 0;
}

/**
 * Writes a CSR (no checks) with its WARL masking and side effects. `bias` is the number
 * of instructions that will still retire before the write should be observed (1 when a
 * CSR instruction writes a counter: its own retirement must not bump the written value).
 */
export function csrWrite(h: Hart, csr: number, v: number, bias = 0): void {
  v = v >>> 0;
  if (csr >= CSR_PMPCFG0 && csr <= 0x3af) {
    // Per byte: R W X A (bits 0-4) and L (bit 7); bits 5-6 read 0. W without R is
    // reserved: store it with W cleared.
    let out = 0;
    for (let b = 0; b < 4; b++) {
      let cfg = (v >>> (8 * b)) & 0x9f;
      if ((cfg & 3) === 2) cfg &= ~2;
      out |= cfg << (8 * b);
    }
    h.pmpcfg[csr - CSR_PMPCFG0] = out >>> 0;
    return;
  }
  if (csr >= CSR_PMPADDR0 && csr <= 0x3ef) {
    h.pmpaddr[csr - CSR_PMPADDR0] = v;
    return;
  }
  switch (csr) {
    case CSR_MCYCLE: case CSR_MINSTRET: {
      const d = csr === CSR_MCYCLE ? h.cycleDelta : h.instretDelta;
      const hi = counterHi(h, d[0]!, d[1]!, bias);
      const n = h.instret + bias;
      d[0] = (v - (n % TWO32)) >>> 0;
      const carry = (n % TWO32) + d[0]! >= TWO32 ? 1 : 0;
      d[1] = (hi - Math.floor(n / TWO32) - carry) >>> 0;
      return;
    }
    case CSR_MCYCLEH: case CSR_MINSTRETH: {
      const d = csr === CSR_MCYCLEH ? h.cycleDelta : h.instretDelta;
      const n = h.instret + bias;
      const carry = (n % TWO32) + d[0]! >= TWO32 ? 1 : 0;
      d[1] = (v - Math.floor(n / TWO32) - carry) >>> 0;
      return;
    }
    case CSR_SSTATUS:
      setMstatus(h, (h.mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK));
      return;
    case CSR_MSTATUS:
      setMstatus(h, v);
      return;
    case CSR_SIE:
      h.mie = ((h.mie & ~h.mideleg) | (v & h.mideleg)) >>> 0;
      return;
    case CSR_MIE:
      h.mie = v & MIE_MASK;
      return;
    case CSR_SIP: {
      const m = h.mideleg & MIP_SSIP;
      h.mipSw = ((h.mipSw & ~m) | (v & m)) >>> 0;
      return;
    }
    case CSR_MIP: {
      let m = MIP_SSIP | MIP_SEIP;
      if ((h.menvcfgh & MENVCFGH_STCE) === 0) m |= MIP_STIP;
      h.mipSw = ((h.mipSw & ~m) | (v & m)) >>> 0;
      return;
    }
    case CSR_STVEC: h.stvec = tvec(h.stvec, v); return;
    case CSR_MTVEC: h.mtvec = tvec(h.mtvec, v); return;
    case CSR_SCOUNTEREN: h.scounteren = v; return;
    case CSR_MCOUNTEREN: h.mcounteren = v; return;
    case CSR_SENVCFG: h.senvcfg = v & MENVCFG_FIOM; return;
    case CSR_MENVCFG: h.menvcfg = v & MENVCFG_FIOM; return;
    case CSR_MENVCFGH: {
      h.menvcfgh = (v & MENVCFGH_STCE) >>> 0;
      // With Sstc on, STIP is the comparator; the software bit no longer exists.
      if (h.menvcfgh !== 0) h.mipSw &= ~MIP_STIP;
      return;
    }
    case CSR_SSCRATCH: h.sscratch = v; return;
    case CSR_MSCRATCH: h.mscratch = v; return;
    case CSR_SEPC: h.sepc = (v & ~3) >>> 0; return;
    case CSR_MEPC: h.mepc = (v & ~3) >>> 0; return;
    case CSR_SCAUSE: h.scause = v; return;
    case CSR_MCAUSE: h.mcause = v; return;
    case CSR_STVAL: h.stval = v; return;
    case CSR_MTVAL: h.mtval = v; return;
    case CSR_STIMECMP: h.stimecmpLo = v; return;
    case CSR_STIMECMPH: h.stimecmpHi = v; return;
    case CSR_SATP:
      h.satp = v;
      h.flushTlb();
      return;
    case CSR_MEDELEG: h.medeleg = v & MEDELEG_MASK; return;
    case CSR_MIDELEG: h.mideleg = v & MIDELEG_MASK; return;
  }
  // misa (WARL, fixed), read-only ids, mstatush, mcountinhibit, hpm counters/events: ignored.
}

function setMstatus(h: Hart, v: number): void {
  let next = v & MSTATUS_WRITABLE;
  if (((next & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT) === 2) {
    next = (next & ~MSTATUS_MPP) | (h.mstatus & MSTATUS_MPP);
  }
  h.mstatus = next >>> 0;
  h.contextChanged();
}
