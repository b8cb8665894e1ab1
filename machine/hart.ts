/**
 * One RV32IMA + Zicsr + Zifencei + Sstc hart with M, S and U modes and Sv32 paging.
 *
 * Invariants and choices:
 * - State is typed arrays and numbers assigned in the constructor. `step(budget)` is the
 *   one hot loop with one `switch` on a dense op number from the decoded-instruction
 *   cache. Traps are integers: a slow path records `exc`/`excTval` and returns a
 *   sentinel; the loop then leaves and `trap()` enters the handler.
 * - Decoded-instruction cache: direct-mapped, keyed by the RAM offset of the
 *   instruction. A page holding decoded code is marked in `bus.codePages`; any write to
 *   it (store, A/D update, host write through Bus) calls our listener, which drops that
 *   page's entries. FENCE.I drops everything. Code fetched from MMIO is never cached.
 * - The `pc` is kept as an i32 inside the loop and stored as a u32 in `this.pc`.
 * - x0: written freely by the switch and zeroed before every instruction.
 * - Misaligned loads and stores are emulated (as QEMU does): byte by byte, translating
 *   both pages first when the access crosses a page, so a page fault on the second
 *   page leaves memory untouched (xtval = the first byte of that page). LR/SC/AMO on a
 *   misaligned address raise load-address-misaligned (4, LR) or store/AMO-address-
 *   misaligned (6, SC and AMOs), xtval = the address.
 * - LR/SC: the reservation granule is the aligned 32-bit word (hart_resv.ts). Any SC
 *   drops this hart's reservation; any store by any hart to the word drops it.
 * - Instructions retire or trap; a trapping instruction does not count in instret.
 *   `cycle` = `instret` + a guest-writable offset.
 * - FENCE and FENCE.I are legal in every mode (unprivileged). SFENCE.VMA is illegal in
 *   U and in S with TVM=1; SRET is illegal in U and in S with TSR=1; WFI is illegal in
 *   U and, in S with TW=1, illegal at once (no time limit). MRET is illegal below M.
 * - EBREAK sets xtval = pc of the EBREAK. ECALL sets xtval = 0.
 * - Interrupts are checked at the start of step() and whenever the loop leaves its inner
 *   part: after every CSR instruction, xRET, WFI, SFENCE.VMA, FENCE.I and trap. STIP under
 *   Sstc (menvcfg.STCE=1) is evaluated from time.now() at those points.
 * - PMP CSRs exist as storage only; PMP is not enforced.
 * - stopRequested is checked after every trap, system instruction and slow-path (MMIO,
 *   misaligned, TLB-miss) memory access; the instruction that caused it retires first.
 *   step() never clears it: the host does.
 * - Host code changes mstatus/satp through writeCsr() (which keeps the TLB coherent),
 *   not by assigning the fields.
 * - Compiled units (jit.ts, block_cache.ts) are decoded-instruction cache entries taken
 *   one step further: keyed by the RAM offset AND virtual pc of an entry, marked in
 *   `bus.codePages`, dropped by the same listener (and with FENCE.I). The interpreter
 *   stays the reference and the fallback (`jit` = false runs it alone). A unit is
 *   entered only from the inner loop, at a pc whose fetch translation hits the fetch
 *   TLB (the same probe fetchSlow makes); it holds no system, CSR, atomic or FENCE.I
 *   instruction, never traps and retires only whole blocks that fit in the budget, so
 *   instret, step() results, interrupt points and stop checks are those of the
 *   interpreter. Whatever a unit cannot do on its fast path (TLB miss, MMIO,
 *   misaligned access, a trap) is a side exit before that instruction, which the
 *   interpreter then executes; a unit returning 0 means "interpret one instruction".
 * - Units are looked up, and entries counted, only where code is entered (after a
 *   taken jump, a unit or an inner-loop exit): straight-line interpretation pays no
 *   lookup. An entry is compiled after JIT_THRESHOLD interpreted visits, only with room
 *   for a whole block left in the step, so a straight run or the tail of a step does
 *   not turn each instruction into an entry of its own. The compiler is told which
 *   instructions have run (their decoded-instruction cache slot holds them) and leaves
 *   the other paths out of the unit.
 * - The TLB (mmu.ts) is flat per-VPN arrays of page offset + 1; the hot paths index it
 *   with `va >>> 12` and treat 0 as a miss.
 */
import type { Bus } from "./bus.js";
import {
  CSR_MIP, csrCheck, csrExists, csrRead, csrWrite, MENVCFGH_STCE, MIP_MEIP, MIP_MSIP, MIP_MTIP,
  MIP_SEIP, MIP_STIP, MSTATUS_MIE, MSTATUS_MPIE, MSTATUS_MPP, MSTATUS_MPP_SHIFT, MSTATUS_MPRV,
  MSTATUS_MXR, MSTATUS_SIE, MSTATUS_SPIE, MSTATUS_SPP, MSTATUS_SUM, MSTATUS_TSR, MSTATUS_TVM,
  MSTATUS_TW,
} from "./csr.js";
import { mulh, mulhsu, mulhu } from "./hart_mul.js";
import { type ReservationTable, reservationTableFor } from "./hart_resv.js";
import { BLOCK_MASK, BlockCache, JIT_THRESHOLD } from "./block_cache.js";
import { BLOCK_MAX_INSNS, compileUnit, type JitEnv, NO_BLOCK } from "./jit.js";
import {
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, PTE_D, pteAllows, SATP_MODE_SV32, sv32Walk, Tlb, WALK_PAGE_FAULT,
} from "./mmu.js";
import {
  CAUSE_BREAKPOINT, CAUSE_FETCH_ACCESS, CAUSE_FETCH_PAGE_FAULT, CAUSE_ILLEGAL_INSTRUCTION,
  CAUSE_INTERRUPT, CAUSE_LOAD_ACCESS, CAUSE_LOAD_PAGE_FAULT, CAUSE_MISALIGNED_FETCH,
  CAUSE_MISALIGNED_LOAD, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS, CAUSE_STORE_PAGE_FAULT,
  CAUSE_USER_ECALL, IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI, PRIV_M, PRIV_S, PRIV_U,
} from "./trap.js";

/** The platform's clock: current mtime in ticks (an integer-valued double < 2^53). */
export interface TimeSource {
  now(): number;
}

/** Options of one hart. */
export interface HartOptions {
  /** Run hot code through the block compiler (default true; env PVKIT_JIT=0 turns it off). */
  jit?: boolean;
}

/** The default of HartOptions.jit: on, unless the environment says PVKIT_JIT=0. */
function jitDefault(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.["PVKIT_JIT"] !== "0";
}

/** A host-code trap handler for one privilege level (see Hart.hostTrap). */
export type HostTrapHandler = (hart: Hart, cause: number, tval: number) => void;

const DC_BITS = 16;
const DC_SIZE = 1 << DC_BITS;
const DC_MASK = DC_SIZE - 1;
/** Decode slot for instructions fetched from MMIO (never tagged). */
const DC_SCRATCH = DC_SIZE;
const TWO32 = 0x1_0000_0000;

/** Dense op numbers of decoded instructions (inlined by the compiler: keep it in this file). */
const enum Op {
  ILLEGAL = 0,
  LUI, AUIPC, JAL, JALR,
  BEQ, BNE, BLT, BGE, BLTU, BGEU,
  LB, LH, LW, LBU, LHU, SB, SH, SW,
  ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI,
  ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
  FENCE, FENCE_I, ECALL, EBREAK, MRET, SRET, WFI, SFENCE_VMA,
  CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
  LR, SC, AMOSWAP, AMOADD, AMOXOR, AMOAND, AMOOR, AMOMIN, AMOMAX, AMOMINU, AMOMAXU,
}

// Decode tables indexed by funct3.
const BRANCH_OPS: readonly Op[] = [Op.BEQ, Op.BNE, Op.ILLEGAL, Op.ILLEGAL, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU];
const LOAD_OPS: readonly Op[] = [Op.LB, Op.LH, Op.LW, Op.ILLEGAL, Op.LBU, Op.LHU, Op.ILLEGAL, Op.ILLEGAL];
const STORE_OPS: readonly Op[] = [Op.SB, Op.SH, Op.SW, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL];
const ALU_OPS: readonly Op[] = [Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND];
const MUL_OPS: readonly Op[] = [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU];
const CSR_OPS: readonly Op[] = [Op.ILLEGAL, Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.ILLEGAL, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI];

export class Hart {
  readonly id: number;
  readonly bus: Bus;
  readonly time: TimeSource;
  readonly x: Int32Array;
  /** u32 as a non-negative number. */
  pc: number;
  private privLevel: number;
  wfi: boolean;
  stopRequested: boolean;
  /** Instructions retired (double). */
  instret: number;
  /**
   * Index by privilege (PRIV_S or PRIV_M). A trap that the delegation rules would take
   * into that level calls the handler instead of the architectural trap entry. On entry
   * hart.pc = the trapping instruction (exceptions) or the next one (interrupts) and
   * hart.priv = the privilege the trap came from; execution resumes at hart.pc in hart.priv.
   */
  hostTrap: Array<HostTrapHandler | null>;
  /**
   * Block compiler on/off. May be changed between steps; off, every instruction goes
   * through the interpreter (the reference the compiled code is tested against).
   */
  jit: boolean;

  // CSR state (see csr.ts for the masks).
  mstatus: number;
  mtvec: number;
  stvec: number;
  medeleg: number;
  mideleg: number;
  mie: number;
  /** Software-written mip bits: SSIP, SEIP, STIP (when Sstc is off). */
  mipSw: number;
  /** Device-driven mip bits: MSIP, MTIP, MEIP, SEIP. */
  mipHw: number;
  mepc: number;
  sepc: number;
  mcause: number;
  scause: number;
  mtval: number;
  stval: number;
  mscratch: number;
  sscratch: number;
  satp: number;
  mcounteren: number;
  scounteren: number;
  menvcfg: number;
  menvcfgh: number;
  senvcfg: number;
  stimecmpLo: number;
  stimecmpHi: number;
  /** mcycle - instret and minstret - instret, mod 2^64, as [lo, hi]. */
  readonly cycleDelta: Uint32Array;
  readonly instretDelta: Uint32Array;
  readonly pmpcfg: Uint32Array;
  readonly pmpaddr: Uint32Array;

  // Internal machinery.
  readonly tlb: Tlb;
  /** Pending exception cause recorded by a slow path, or -1. */
  exc: number;
  excTval: number;
  private ctxDirty: boolean;
  private ctxKey: number;
  private fetchVpn: number;
  private fetchOff: number;
  private readonly walkOut: Int32Array;
  private splitPa0: number;
  private splitPa1: number;
  private readonly resv: ReservationTable;
  private readonly resvSlot: number;
  private readonly ramBase: number;
  private readonly ramSize: number;
  private readonly ram8: Uint8Array;
  private readonly ram8s: Int8Array;
  private readonly ram16: Uint16Array;
  private readonly ram16s: Int16Array;
  private readonly ram32: Int32Array;
  /** Decoded-instruction cache, 4 words per slot: tag (RAM offset or -1), packed op|rd|rs1|rs2, imm, raw. */
  private readonly dc: Int32Array;
  /** Compiled units (jit.ts) and what they are bound to. */
  readonly blocks: BlockCache;
  private readonly jitEnv: JitEnv;
  /** For the compiler: has the instruction at this RAM offset been decoded (run) before? */
  private readonly ranBefore: (off: number) => boolean;

  constructor(id: number, bus: Bus, time: TimeSource, opts: HartOptions = {}) {
    if (bus.ram.byteOffset !== 0 || new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
      throw new Error("create hart: RAM must start its buffer and the host must be little-endian");
    }
    this.id = id;
    this.bus = bus;
    this.time = time;
    this.x = new Int32Array(32);
    this.pc = 0;
    this.privLevel = PRIV_M;
    this.wfi = false;
    this.stopRequested = false;
    this.instret = 0;
    this.hostTrap = [null, null, null, null];
    this.jit = opts.jit ?? jitDefault();
    this.mstatus = 0;
    this.mtvec = 0;
    this.stvec = 0;
    this.medeleg = 0;
    this.mideleg = 0;
    this.mie = 0;
    this.mipSw = 0;
    this.mipHw = 0;
    this.mepc = 0;
    this.sepc = 0;
    this.mcause = 0;
    this.scause = 0;
    this.mtval = 0;
    this.stval = 0;
    this.mscratch = 0;
    this.sscratch = 0;
    this.satp = 0;
    this.mcounteren = 0;
    this.scounteren = 0;
    this.menvcfg = 0;
    this.menvcfgh = 0;
    this.senvcfg = 0;
    this.stimecmpLo = 0xffff_ffff;
    this.stimecmpHi = 0xffff_ffff;
    this.cycleDelta = new Uint32Array(2);
    this.instretDelta = new Uint32Array(2);
    this.pmpcfg = new Uint32Array(16);
    this.pmpaddr = new Uint32Array(64);
    this.tlb = new Tlb();
    this.exc = -1;
    this.excTval = 0;
    this.ctxDirty = true;
    this.ctxKey = -1;
    this.fetchVpn = -1;
    this.fetchOff = 0;
    this.walkOut = new Int32Array(2);
    this.splitPa0 = 0;
    this.splitPa1 = 0;
    this.resv = reservationTableFor(bus);
    this.resvSlot = this.resv.register();
    this.ramBase = bus.ramBase;
    this.ramSize = bus.ramSize;
    const buf = bus.ram.buffer;
    this.ram8 = bus.ram;
    this.ram8s = new Int8Array(buf, 0, bus.ramSize);
    this.ram16 = new Uint16Array(buf, 0, bus.ramSize >>> 1);
    this.ram16s = new Int16Array(buf, 0, bus.ramSize >>> 1);
    this.ram32 = new Int32Array(buf, 0, bus.ramSize >>> 2);
    this.dc = new Int32Array((DC_SIZE + 1) * 4);
    this.blocks = new BlockCache(bus.ramSize >>> 12);
    this.jitEnv = {
      x: this.x, ram8: this.ram8, ram8s: this.ram8s, ram16: this.ram16, ram16s: this.ram16s, ram32: this.ram32,
      tlbLoad: this.tlb.load, tlbStore: this.tlb.store, tlbFetch: this.tlb.fetch,
      codePages: bus.codePages, bus, resv: this.resv, ramBase: this.ramBase,
    };
    this.ranBefore = (off) => this.dc[((off >>> 2) & DC_MASK) << 2] === off;
    this.flushDecodeCache();
    bus.codeWriteListeners.push((page) => this.invalidateCodePage(page));
  }

  get priv(): number {
    return this.privLevel;
  }

  set priv(p: number) {
    if (p !== PRIV_U && p !== PRIV_S && p !== PRIV_M) throw new Error(`set priv: ${p} is not U, S or M`);
    this.privLevel = p;
    this.ctxDirty = true;
  }

  /** Something the TLB's cached permissions depend on may have changed (priv, mstatus). */
  contextChanged(): void {
    this.ctxDirty = true;
  }

  flushTlb(): void {
    this.tlb.flushAll();
    this.fetchVpn = -1;
  }

  /** Drops every decoded instruction and compiled unit. */
  flushDecodeCache(): void {
    const dc = this.dc;
    for (let k = 0; k < dc.length; k += 4) dc[k] = -1;
    this.blocks.flush();
  }

  private invalidateCodePage(page: number): void {
    const start = ((page << 10) & DC_MASK) * 4;
    const dc = this.dc;
    for (let k = start; k < start + 4096; k += 4) dc[k] = -1;
    this.blocks.invalidatePage(page);
  }

  /**
   * Compiles the unit entered at `pc` (RAM offset `off`) into block slot `slot`; true
   * when there is one (false: its first instruction is left to the interpreter).
   */
  private compileBlock(pc: number, off: number, slot: number): boolean {
    if (this.blocks.hits[slot]! < this.blocks.needed(off >>> 12)) return false;
    const unit = compileUnit(this.jitEnv, off - (pc & 0xfff), pc, this.ranBefore);
    const codePages = this.bus.codePages;
    codePages[off >>> 12] = 1;
    if (unit === null) {
      this.blocks.set(slot, off, pc, NO_BLOCK);
      return false;
    }
    // Every block head of the unit becomes an entry (the first one is `slot`).
    const blocks = this.blocks;
    for (const h of unit.heads) {
      blocks.set((h.off >>> 2) & BLOCK_MASK, h.off, h.pc, unit.fn, h.index, unit.pages);
    }
    blocks.compiled++;
    for (const p of unit.pages) codePages[p] = 1;
    return true;
  }

  /** Flushes the TLB if priv/MPRV/MPP/SUM/MXR changed since it was filled. */
  private syncContext(): void {
    this.ctxDirty = false;
    const key = (this.mstatus & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR)) | this.privLevel;
    if (key !== this.ctxKey) {
      this.ctxKey = key;
      this.flushTlb();
    }
  }

  /** The privilege data accesses use: MPP when MPRV=1 in M-mode. */
  dataPriv(): number {
    if (this.privLevel === PRIV_M && (this.mstatus & MSTATUS_MPRV) !== 0) {
      return (this.mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
    }
    return this.privLevel;
  }

  // ---- interrupts -------------------------------------------------------------------

  /** Sstc comparator as a double (exact below 2^53; larger values never fire). */
  private stimecmp(): number {
    return this.stimecmpHi * TWO32 + this.stimecmpLo;
  }

  /** The architectural mip value. */
  mipValue(): number {
    let v = this.mipSw | this.mipHw;
    if ((this.menvcfgh & MENVCFGH_STCE) !== 0 && this.time.now() >= this.stimecmp()) v |= MIP_STIP;
    return v >>> 0;
  }

  /** Sets or clears a device-driven pending bit (MSIP, MTIP, SEIP, MEIP). */
  setPending(irq: number, level: boolean): void {
    if (irq !== IRQ_MSI && irq !== IRQ_MTI && irq !== IRQ_SEI && irq !== IRQ_MEI) {
      throw new Error(`set pending interrupt ${irq}: not a device-driven interrupt`);
    }
    const bit = 1 << irq;
    this.mipHw = level ? (this.mipHw | bit) : (this.mipHw & ~bit);
    if (level && this.wfi && (this.mipValue() & this.mie) !== 0) this.wfi = false;
  }

  /** stimecmp when Sstc is on and STIE is set, else Infinity. A comparator at or past
   *  2^53 ticks (e.g. all ones, "never") is never reached by time, so it is Infinity too. */
  nextTimerDeadline(): number {
    if ((this.menvcfgh & MENVCFGH_STCE) === 0 || (this.mie & MIP_STIP) === 0) return Infinity;
    const t = this.stimecmp();
    return t < 2 ** 53 ? t : Infinity;
  }

  /** The interrupt to take now (its IRQ number) or -1. */
  pendingInterrupt(): number {
    const pending = this.mipValue() & this.mie;
    if (pending === 0) return -1;
    const priv = this.privLevel;
    const m = pending & ~this.mideleg;
    if (m !== 0 && (priv < PRIV_M || (this.mstatus & MSTATUS_MIE) !== 0)) return highestIrq(m);
    const s = pending & this.mideleg;
    if (s !== 0 && (priv < PRIV_S || (priv === PRIV_S && (this.mstatus & MSTATUS_SIE) !== 0))) {
      return highestIrq(s);
    }
    return -1;
  }

  // ---- traps ------------------------------------------------------------------------

  /** Enters the trap `cause` (u32; bit 31 = interrupt) from the current pc and priv. */
  trap(cause: number, tval: number): void {
    cause = cause >>> 0;
    const interrupt = cause >= CAUSE_INTERRUPT;
    const code = cause & 0x7fff_ffff;
    const priv = this.privLevel;
    const deleg = interrupt ? this.mideleg : this.medeleg;
    const target = priv <= PRIV_S && ((deleg >>> code) & 1) !== 0 ? PRIV_S : PRIV_M;
    this.wfi = false;
    const host = this.hostTrap[target];
    if (host) {
      host(this, cause, tval >>> 0);
      this.ctxDirty = true;
      this.fetchVpn = -1;
      return;
    }
    let st = this.mstatus;
    let vec: number;
    if (target === PRIV_S) {
      this.sepc = this.pc >>> 0;
      this.scause = cause;
      this.stval = tval >>> 0;
      st = (st & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP)) |
        ((st & MSTATUS_SIE) !== 0 ? MSTATUS_SPIE : 0) | (priv === PRIV_S ? MSTATUS_SPP : 0);
      vec = this.stvec;
    } else {
      this.mepc = this.pc >>> 0;
      this.mcause = cause;
      this.mtval = tval >>> 0;
      st = (st & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP)) |
        ((st & MSTATUS_MIE) !== 0 ? MSTATUS_MPIE : 0) | (priv << MSTATUS_MPP_SHIFT);
      vec = this.mtvec;
    }
    this.mstatus = st >>> 0;
    const base = vec & ~3;
    this.pc = ((vec & 1) !== 0 && interrupt ? base + 4 * code : base) >>> 0;
    this.privLevel = target;
    this.ctxDirty = true;
  }

  private mret(): void {
    const st = this.mstatus;
    const to = (st & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
    let next = (st & ~(MSTATUS_MIE | MSTATUS_MPP)) | MSTATUS_MPIE | ((st & MSTATUS_MPIE) !== 0 ? MSTATUS_MIE : 0);
    if (to !== PRIV_M) next &= ~MSTATUS_MPRV;
    this.mstatus = next >>> 0;
    this.privLevel = to;
    this.pc = this.mepc >>> 0;
    this.ctxDirty = true;
  }

  private sret(): void {
    const st = this.mstatus;
    const to = (st & MSTATUS_SPP) !== 0 ? PRIV_S : PRIV_U;
    const next = (st & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) | MSTATUS_SPIE |
      ((st & MSTATUS_SPIE) !== 0 ? MSTATUS_SIE : 0);
    this.mstatus = next >>> 0;
    this.privLevel = to;
    this.pc = this.sepc >>> 0;
    this.ctxDirty = true;
  }

  // ---- CSR access -------------------------------------------------------------------

  readCsr(csr: number): number {
    if (!csrExists(csr)) throw new Error(`read CSR 0x${csr.toString(16)}: no such CSR`);
    return csrRead(this, csr);
  }

  writeCsr(csr: number, value: number): void {
    if (!csrExists(csr)) throw new Error(`write CSR 0x${csr.toString(16)}: no such CSR`);
    csrWrite(this, csr, value, 0);
    this.ctxDirty = true;
  }

  /** Executes a CSR instruction; returns the old value or records an illegal instruction. */
  private csrInsn(op: number, rd: number, src: number, csr: number, raw: number): number {
    const imm = op >= Op.CSRRWI;
    const kind = imm ? op - Op.CSRRWI : op - Op.CSRRW; // 0 = write, 1 = set, 2 = clear
    const operand = imm ? src : this.x[src]! >>> 0;
    const write = kind === 0 || src !== 0;
    const read = kind !== 0 || rd !== 0;
    if (!csrCheck(this, csr, write)) {
      this.exc = CAUSE_ILLEGAL_INSTRUCTION;
      this.excTval = raw >>> 0;
      return 0;
    }
    const old = read ? csrRead(this, csr) : 0;
    if (write) {
      // A read-modify-write of mip uses the software SEIP bit, not the line.
      const base = csr === CSR_MIP ? (old & ~MIP_SEIP) | (this.mipSw & MIP_SEIP) : old;
      const value = kind === 0 ? operand : kind === 1 ? base | operand : base & ~operand;
      csrWrite(this, csr, value, 1);
    }
    return old;
  }

  // ---- memory slow paths ------------------------------------------------------------

  /**
   * Translates `va` for `access` at the current context, filling the TLB for RAM pages.
   * Returns the physical address, or -1 after recording the fault in exc/excTval.
   */
  private xlate(va: number, access: number): number {
    va = va >>> 0;
    const priv = access === ACCESS_FETCH ? this.privLevel : this.dataPriv();
    let pa: number;
    let pte = -1;
    let mega = false;
    const st = this.mstatus;
    const sum = (st & MSTATUS_SUM) !== 0;
    const mxr = (st & MSTATUS_MXR) !== 0;
    if (priv === PRIV_M || (this.satp & SATP_MODE_SV32) === 0) {
      pa = va;
    } else {
      pa = sv32Walk(this.bus, this.satp, va, access, priv, sum, mxr, true, this.walkOut);
      if (pa < 0) {
        const pf = pa === WALK_PAGE_FAULT;
        this.exc = access === ACCESS_FETCH ? (pf ? CAUSE_FETCH_PAGE_FAULT : CAUSE_FETCH_ACCESS)
          : access === ACCESS_LOAD ? (pf ? CAUSE_LOAD_PAGE_FAULT : CAUSE_LOAD_ACCESS)
          : (pf ? CAUSE_STORE_PAGE_FAULT : CAUSE_STORE_ACCESS);
        this.excTval = va;
        return -1;
      }
      pte = this.walkOut[0]!;
      mega = this.walkOut[1] === 1;
    }
    const pageOff = pa - (va & 0xfff) - this.ramBase;
    if (pageOff >= 0 && pageOff < this.ramSize) {
      const vpn = va >>> 12;
      if (access === ACCESS_FETCH) {
        this.tlb.fillFetch(vpn, pageOff, mega);
      } else if (pte === -1) {
        this.tlb.fillData(vpn, pageOff, true, true, false);
      } else {
        const load = pteAllows(pte, ACCESS_LOAD, priv, sum, mxr);
        const store = (pte & PTE_D) !== 0 && pteAllows(pte, ACCESS_STORE, priv, sum, mxr);
        this.tlb.fillData(vpn, pageOff, load, store, mega);
      }
    }
    return pa;
  }

  private physRead(pa: number, size: number, va: number): number {
    const bus = this.bus;
    bus.fault = false;
    const v = bus.read(pa, size);
    if (bus.fault) {
      bus.fault = false;
      this.exc = CAUSE_LOAD_ACCESS;
      this.excTval = va >>> 0;
    }
    return v;
  }

  private physWrite(pa: number, size: number, value: number, va: number): void {
    const bus = this.bus;
    bus.fault = false;
    bus.write(pa, size, value);
    if (bus.fault) {
      bus.fault = false;
      this.exc = CAUSE_STORE_ACCESS;
      this.excTval = va >>> 0;
      return;
    }
    if (this.resv.active !== 0) this.resv.store(pa | 0, size);
  }

  /** Translates both pages of a possibly page-crossing access into splitPa0/splitPa1. */
  private xlateSpan(va: number, size: number, access: number): boolean {
    const pa0 = this.xlate(va, access);
    if (pa0 < 0) return false;
    this.splitPa0 = pa0;
    const last = (va + size - 1) >>> 0;
    if ((last >>> 12) !== (va >>> 12)) {
      const pa1 = this.xlate(last & ~0xfff, access);
      if (pa1 < 0) return false;
      this.splitPa1 = pa1;
    }
    return true;
  }

  /** A load that missed the fast path: returns the unsigned value, or 0 with exc set. */
  loadSlow(va: number, size: number): number {
    va = va >>> 0;
    if ((va & (size - 1)) === 0) {
      const pa = this.xlate(va, ACCESS_LOAD);
      if (pa < 0) return 0;
      return this.physRead(pa, size, va);
    }
    if (!this.xlateSpan(va, size, ACCESS_LOAD)) return 0;
    let v = 0;
    for (let i = 0; i < size; i++) {
      const a = (va + i) >>> 0;
      const pa = (a >>> 12) === (va >>> 12) ? this.splitPa0 + i : this.splitPa1 + (a & 0xfff);
      const b = this.physRead(pa, 1, va);
      if (this.exc >= 0) return 0;
      v |= b << (8 * i);
    }
    return v >>> 0;
  }

  /** A store that missed the fast path; records exc on a fault. */
  storeSlow(va: number, size: number, value: number): void {
    va = va >>> 0;
    if ((va & (size - 1)) === 0) {
      const pa = this.xlate(va, ACCESS_STORE);
      if (pa >= 0) this.physWrite(pa, size, value, va);
      return;
    }
    if (!this.xlateSpan(va, size, ACCESS_STORE)) return;
    for (let i = 0; i < size; i++) {
      const a = (va + i) >>> 0;
      const pa = (a >>> 12) === (va >>> 12) ? this.splitPa0 + i : this.splitPa1 + (a & 0xfff);
      this.physWrite(pa, 1, value >>> (8 * i), va);
      if (this.exc >= 0) return;
    }
  }

  /** LR, SC and the AMOs. Returns the value for rd, or records exc. */
  private atomic(op: number, va: number, operand: number): number {
    va = va >>> 0;
    if ((va & 3) !== 0) {
      this.exc = op === Op.LR ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE;
      this.excTval = va;
      return 0;
    }
    const resv = this.resv;
    if (op === Op.LR) {
      const pa = this.xlate(va, ACCESS_LOAD);
      if (pa < 0) return 0;
      const v = this.physRead(pa, 4, va);
      if (this.exc >= 0) return 0;
      resv.set(this.resvSlot, pa | 0);
      return v | 0;
    }
    if (op === Op.SC) {
      const held = resv.addr[this.resvSlot]!;
      resv.clear(this.resvSlot);
      if (held === -1) return 1;
      const pa = this.xlate(va, ACCESS_STORE);
      if (pa < 0) return 0;
      if ((pa | 0) !== held) return 1;
      this.physWrite(pa, 4, operand, va);
      return 0;
    }
    const pa = this.xlate(va, ACCESS_STORE);
    if (pa < 0) return 0;
    const bus = this.bus;
    bus.fault = false;
    const old = bus.read(pa, 4) | 0;
    if (bus.fault) {
      bus.fault = false;
      this.exc = CAUSE_STORE_ACCESS;
      this.excTval = va;
      return 0;
    }
    let v: number;
    switch (op) {
      case Op.AMOSWAP: v = operand; break;
      case Op.AMOADD: v = (old + operand) | 0; break;
      case Op.AMOXOR: v = old ^ operand; break;
      case Op.AMOAND: v = old & operand; break;
      case Op.AMOOR: v = old | operand; break;
      case Op.AMOMIN: v = old < operand ? old : operand; break;
      case Op.AMOMAX: v = old > operand ? old : operand; break;
      case Op.AMOMINU: v = (old >>> 0) < (operand >>> 0) ? old : operand; break;
      default: v = (old >>> 0) > (operand >>> 0) ? old : operand; break; // AMOMAXU
    }
    this.physWrite(pa, 4, v, va);
    return old;
  }

  /** Translates a VA without side effects; -1 when the access would fault. */
  translate(va: number, access: 0 | 1 | 2, priv?: number): number {
    va = va >>> 0;
    const p = priv ?? (access === ACCESS_FETCH ? this.privLevel : this.dataPriv());
    if (p === PRIV_M || (this.satp & SATP_MODE_SV32) === 0) return va;
    const st = this.mstatus;
    const pa = sv32Walk(this.bus, this.satp, va, access, p, (st & MSTATUS_SUM) !== 0,
      (st & MSTATUS_MXR) !== 0, false, this.walkOut);
    return pa < 0 ? -1 : pa;
  }

  // ---- fetch and decode -------------------------------------------------------------

  /**
   * Fetch that missed the "same page" fast path: translates pc, sets fetchVpn/fetchOff
   * (fetchVpn = -1 for MMIO code) and returns the decode slot, or -1 with exc set.
   */
  private fetchSlow(pc: number): number {
    pc = pc >>> 0;
    if ((pc & 3) !== 0) {
      this.exc = CAUSE_MISALIGNED_FETCH;
      this.excTval = pc;
      return -1;
    }
    const vpn = pc >>> 12;
    const fetch = this.tlb.fetch;
    let pageOff: number;
    if (fetch[vpn] !== 0) {
      pageOff = fetch[vpn]! - 1;
    } else {
      const pa = this.xlate(pc, ACCESS_FETCH);
      if (pa < 0) return -1;
      if (fetch[vpn] === 0) {
        // Not RAM: fetch through the bus, uncached.
        const bus = this.bus;
        bus.fault = false;
        const raw = bus.read(pa, 4);
        if (bus.fault) {
          bus.fault = false;
          this.exc = CAUSE_FETCH_ACCESS;
          this.excTval = pc;
          return -1;
        }
        this.fetchVpn = -1;
        this.decodeInto(DC_SCRATCH * 4, raw | 0);
        return DC_SCRATCH * 4;
      }
      pageOff = fetch[vpn]! - 1;
    }
    this.fetchVpn = vpn;
    this.fetchOff = pageOff;
    const off = pageOff + (pc & 0xfff);
    const di = ((off >>> 2) & DC_MASK) << 2;
    if (this.dc[di] !== off) this.decodeAt(off, di);
    return di;
  }

  private decodeAt(off: number, di: number): void {
    this.decodeInto(di, this.ram32[off >>> 2]!);
    this.dc[di] = off;
    this.bus.codePages[off >>> 12] = 1;
  }

  private decodeInto(di: number, raw: number): void {
    const rd = (raw >>> 7) & 31;
    const f3 = (raw >>> 12) & 7;
    const rs1 = (raw >>> 15) & 31;
    const rs2 = (raw >>> 20) & 31;
    const f7 = raw >>> 25;
    let op = Op.ILLEGAL;
    let imm = 0;
    switch (raw & 0x7f) {
      case 0x37: op = Op.LUI; imm = raw & 0xfffff000; break;
      case 0x17: op = Op.AUIPC; imm = raw & 0xfffff000; break;
      case 0x6f:
        op = Op.JAL;
        imm = ((raw >> 31) << 20) | (raw & 0xff000) | (((raw >>> 20) & 1) << 11) | (((raw >>> 21) & 0x3ff) << 1);
        break;
      case 0x67: if (f3 === 0) { op = Op.JALR; imm = raw >> 20; } break;
      case 0x63: {
        op = BRANCH_OPS[f3]!;
        imm = ((raw >> 31) << 12) | (((raw >>> 7) & 1) << 11) | (((raw >>> 25) & 0x3f) << 5) | (((raw >>> 8) & 0xf) << 1);
        break;
      }
      case 0x03: {
        op = LOAD_OPS[f3]!;
        imm = raw >> 20;
        break;
      }
      case 0x23: {
        op = STORE_OPS[f3]!;
        imm = ((raw >> 25) << 5) | rd;
        break;
      }
      case 0x13:
        imm = raw >> 20;
        switch (f3) {
          case 0: op = Op.ADDI; break;
          case 2: op = Op.SLTI; break;
          case 3: op = Op.SLTIU; break;
          case 4: op = Op.XORI; break;
          case 6: op = Op.ORI; break;
          case 7: op = Op.ANDI; break;
          case 1: if (f7 === 0) { op = Op.SLLI; imm = rs2; } break;
          default: // 5
            if (f7 === 0) { op = Op.SRLI; imm = rs2; } else if (f7 === 0x20) { op = Op.SRAI; imm = rs2; }
        }
        break;
      case 0x33:
        if (f7 === 0) {
          op = ALU_OPS[f3]!;
        } else if (f7 === 0x20) {
          op = f3 === 0 ? Op.SUB : f3 === 5 ? Op.SRA : Op.ILLEGAL;
        } else if (f7 === 1) {
          op = MUL_OPS[f3]!;
        }
        break;
      case 0x0f:
        if (f3 === 0) op = Op.FENCE;
        else if (f3 === 1) op = Op.FENCE_I;
        break;
      case 0x73:
        if (f3 === 0) {
          if (raw === 0x00000073) op = Op.ECALL;
          else if (raw === 0x00100073) op = Op.EBREAK;
          else if (raw === 0x30200073) op = Op.MRET;
          else if (raw === 0x10200073) op = Op.SRET;
          else if (raw === 0x10500073) op = Op.WFI;
          else if (f7 === 0x09 && rd === 0) op = Op.SFENCE_VMA;
        } else if (f3 !== 4) {
          op = CSR_OPS[f3]!;
          imm = raw >>> 20;
        }
        break;
      case 0x2f:
        if (f3 === 2) {
          switch (f7 >>> 2) {
            case 0x02: if (rs2 === 0) op = Op.LR; break;
            case 0x03: op = Op.SC; break;
            case 0x01: op = Op.AMOSWAP; break;
            case 0x00: op = Op.AMOADD; break;
            case 0x04: op = Op.AMOXOR; break;
            case 0x0c: op = Op.AMOAND; break;
            case 0x08: op = Op.AMOOR; break;
            case 0x10: op = Op.AMOMIN; break;
            case 0x14: op = Op.AMOMAX; break;
            case 0x18: op = Op.AMOMINU; break;
            case 0x1c: op = Op.AMOMAXU; break;
          }
        }
        break;
    }
    const dc = this.dc;
    dc[di + 1] = op | (rd << 8) | (rs1 << 13) | (rs2 << 18);
    dc[di + 2] = imm;
    dc[di + 3] = raw;
  }

  // ---- the hot loop -----------------------------------------------------------------

  /** Runs up to `budget` instructions; returns how many retired. */
  step(budget: number): number {
    const x = this.x;
    const tlb = this.tlb;
    const tlbLoad = tlb.load;
    const tlbStore = tlb.store;
    const ram8 = this.ram8;
    const ram8s = this.ram8s;
    const ram16 = this.ram16;
    const ram16s = this.ram16s;
    const ram32 = this.ram32;
    const codePages = this.bus.codePages;
    const resv = this.resv;
    const dc = this.dc;
    const jitOn = this.jit;
    const tlbFetch = tlb.fetch;
    const blocks = this.blocks;
    const blkOff = blocks.off;
    const blkPc = blocks.pc;
    const blkHits = blocks.hits;
    const blkFn = blocks.fn;
    const blkEntry = blocks.entry;
    const inst0 = this.instret;
    // iters counts attempts (the budget); lost counts those that retired nothing
    // (exceptions, interrupt entries). Retired so far = iters - lost.
    let iters = 0;
    let lost = 0;
    // True when pc starts a run of code (after a taken jump, a unit, a trap or a system
    // instruction): only such pcs count towards compiling a unit, so the instructions
    // after a side exit or a step boundary do not each become a unit of their own.
    let entry = false;

    while (iters < budget && !this.stopRequested) {
      if (this.ctxDirty) this.syncContext();
      if (this.wfi) {
        if ((this.mipValue() & this.mie) === 0) break;
        this.wfi = false;
      }
      const irq = this.pendingInterrupt();
      if (irq >= 0) {
        iters++;
        lost++;
        this.instret = inst0 + iters - lost;
        this.trap(CAUSE_INTERRUPT | irq, 0);
        continue;
      }
      let pc = this.pc | 0;
      let fVpn = -1;
      let fOff = 0;
      inner: while (iters < budget) {
        if (entry && jitOn) {
          // Same probe as fetchSlow's TLB hit; a miss or MMIO code leaves it to the interpreter.
          if ((pc >>> 12) !== fVpn && (pc & 3) === 0) {
            const e = tlbFetch[pc >>> 12]!;
            if (e !== 0) {
              fVpn = pc >>> 12;
              fOff = e - 1;
            }
          }
          if ((pc >>> 12) === fVpn) {
            const off = fOff + (pc & 0xfff);
            const bi = (off >>> 2) & BLOCK_MASK;
            if ((blkOff[bi] === off && blkPc[bi] === pc) ||
              (budget - iters >= BLOCK_MAX_INSNS && ++blkHits[bi]! >= JIT_THRESHOLD &&
                this.compileBlock(pc, off, bi))) {
              // Run a fresh unit at once: interpreting on would count (and compile) every
              // instruction after it as an entry of its own.
              const n = blkFn[bi]!(this, budget - iters, blkEntry[bi]!);
              if (n !== 0) {
                iters += n;
                pc = this.pc | 0;
                entry = true;
                continue inner;
              }
              // n = 0: the first instruction needs the interpreter (or the budget is short).
            }
          }
        }
        iters++;
        x[0] = 0;
        let di: number;
        if ((pc >>> 12) === fVpn) {
          const off = fOff + (pc & 0xfff);
          di = ((off >>> 2) & DC_MASK) << 2;
          if (dc[di] !== off) this.decodeAt(off, di);
        } else {
          di = this.fetchSlow(pc);
          if (di < 0) break inner;
          fVpn = this.fetchVpn;
          fOff = this.fetchOff;
        }
        const pk = dc[di + 1]!;
        const op = pk & 0xff;
        const rd = (pk >>> 8) & 31;
        const rs1 = (pk >>> 13) & 31;
        const rs2 = (pk >>> 18) & 31;
        const imm = dc[di + 2]!;
        let npc = (pc + 4) | 0;
        switch (op) {
          case Op.ADDI: x[rd] = x[rs1]! + imm; break;
          case Op.ADD: x[rd] = x[rs1]! + x[rs2]!; break;
          case Op.LW: {
            const va = (x[rs1]! + imm) | 0;
            const e = tlbLoad[va >>> 12]!;
            if (e !== 0 && (va & 3) === 0) {
              x[rd] = ram32[(e + (va & 0xfff)) >>> 2]!; // e = page offset + 1 (see Tlb)
            } else {
              const v = this.loadSlow(va, 4);
              if (this.exc >= 0) break inner;
              x[rd] = v;
              if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            }
            break;
          }
          case Op.SW: {
            const va = (x[rs1]! + imm) | 0;
            const e = tlbStore[va >>> 12]!;
            if (e !== 0 && (va & 3) === 0) {
              const off = e - 1 + (va & 0xfff);
              ram32[off >>> 2] = x[rs2]!;
              if (codePages[off >>> 12] !== 0) this.bus.noteWrite(off, 4);
              if (resv.active !== 0) resv.store((off + this.ramBase) | 0, 4);
            } else {
              this.storeSlow(va, 4, x[rs2]!);
              if (this.exc >= 0) break inner;
              if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            }
            break;
          }
          case Op.BEQ: if (x[rs1] === x[rs2]) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.BNE: if (x[rs1] !== x[rs2]) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.BLT: if (x[rs1]! < x[rs2]!) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.BGE: if (x[rs1]! >= x[rs2]!) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.BLTU: if ((x[rs1]! >>> 0) < (x[rs2]! >>> 0)) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.BGEU: if ((x[rs1]! >>> 0) >= (x[rs2]! >>> 0)) { npc = (pc + imm) | 0; if ((npc & 3) !== 0) { this.misalignedJump(npc); break inner; } } break;
          case Op.LUI: x[rd] = imm; break;
          case Op.AUIPC: x[rd] = pc + imm; break;
          case Op.JAL: {
            const t = (pc + imm) | 0;
            if ((t & 3) !== 0) { this.misalignedJump(t); break inner; }
            x[rd] = npc;
            npc = t;
            break;
          }
          case Op.JALR: {
            const t = (x[rs1]! + imm) & ~1;
            if ((t & 3) !== 0) { this.misalignedJump(t); break inner; }
            x[rd] = npc;
            npc = t;
            break;
          }
          case Op.LB: case Op.LBU: {
            const va = (x[rs1]! + imm) | 0;
            const e = tlbLoad[va >>> 12]!;
            if (e !== 0) {
              const off = e - 1 + (va & 0xfff);
              x[rd] = op === Op.LB ? ram8s[off]! : ram8[off]!;
            } else {
              const v = this.loadSlow(va, 1);
              if (this.exc >= 0) break inner;
              x[rd] = op === Op.LB ? (v << 24) >> 24 : v;
              if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            }
            break;
          }
          case Op.LH: case Op.LHU: {
            const va = (x[rs1]! + imm) | 0;
            const e = tlbLoad[va >>> 12]!;
            if (e !== 0 && (va & 1) === 0) {
              const h = (e + (va & 0xfff)) >>> 1;
              x[rd] = op === Op.LH ? ram16s[h]! : ram16[h]!;
            } else {
              const v = this.loadSlow(va, 2);
              if (this.exc >= 0) break inner;
              x[rd] = op === Op.LH ? (v << 16) >> 16 : v;
              if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            }
            break;
          }
          case Op.SB: case Op.SH: {
            const size = op === Op.SB ? 1 : 2;
            const va = (x[rs1]! + imm) | 0;
            const e = tlbStore[va >>> 12]!;
            if (e !== 0 && (va & (size - 1)) === 0) {
              const off = e - 1 + (va & 0xfff);
              if (size === 1) ram8[off] = x[rs2]!;
              else ram16[off >>> 1] = x[rs2]!;
              if (codePages[off >>> 12] !== 0) this.bus.noteWrite(off, size);
              if (resv.active !== 0) resv.store((off + this.ramBase) | 0, size);
            } else {
              this.storeSlow(va, size, x[rs2]!);
              if (this.exc >= 0) break inner;
              if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            }
            break;
          }
          case Op.SLTI: x[rd] = x[rs1]! < imm ? 1 : 0; break;
          case Op.SLTIU: x[rd] = (x[rs1]! >>> 0) < (imm >>> 0) ? 1 : 0; break;
          case Op.XORI: x[rd] = x[rs1]! ^ imm; break;
          case Op.ORI: x[rd] = x[rs1]! | imm; break;
          case Op.ANDI: x[rd] = x[rs1]! & imm; break;
          case Op.SLLI: x[rd] = x[rs1]! << imm; break;
          case Op.SRLI: x[rd] = x[rs1]! >>> imm; break;
          case Op.SRAI: x[rd] = x[rs1]! >> imm; break;
          case Op.SUB: x[rd] = x[rs1]! - x[rs2]!; break;
          case Op.SLL: x[rd] = x[rs1]! << (x[rs2]! & 31); break;
          case Op.SLT: x[rd] = x[rs1]! < x[rs2]! ? 1 : 0; break;
          case Op.SLTU: x[rd] = (x[rs1]! >>> 0) < (x[rs2]! >>> 0) ? 1 : 0; break;
          case Op.XOR: x[rd] = x[rs1]! ^ x[rs2]!; break;
          case Op.SRL: x[rd] = x[rs1]! >>> (x[rs2]! & 31); break;
          case Op.SRA: x[rd] = x[rs1]! >> (x[rs2]! & 31); break;
          case Op.OR: x[rd] = x[rs1]! | x[rs2]!; break;
          case Op.AND: x[rd] = x[rs1]! & x[rs2]!; break;
          case Op.MUL: x[rd] = Math.imul(x[rs1]!, x[rs2]!); break;
          case Op.MULH: x[rd] = mulh(x[rs1]!, x[rs2]!); break;
          case Op.MULHSU: x[rd] = mulhsu(x[rs1]!, x[rs2]!); break;
          case Op.MULHU: x[rd] = mulhu(x[rs1]!, x[rs2]!); break;
          case Op.DIV: {
            const a = x[rs1]!;
            const b = x[rs2]!;
            x[rd] = b === 0 ? -1 : (a === -0x8000_0000 && b === -1) ? a : (a / b) | 0;
            break;
          }
          case Op.DIVU: {
            const b = x[rs2]! >>> 0;
            x[rd] = b === 0 ? -1 : ((x[rs1]! >>> 0) / b) >>> 0;
            break;
          }
          case Op.REM: {
            const a = x[rs1]!;
            const b = x[rs2]!;
            x[rd] = b === 0 ? a : (a === -0x8000_0000 && b === -1) ? 0 : a % b;
            break;
          }
          case Op.REMU: {
            const b = x[rs2]! >>> 0;
            x[rd] = b === 0 ? x[rs1]! : (x[rs1]! >>> 0) % b;
            break;
          }
          case Op.FENCE: break;
          case Op.LR: case Op.SC: case Op.AMOSWAP: case Op.AMOADD: case Op.AMOXOR: case Op.AMOAND:
          case Op.AMOOR: case Op.AMOMIN: case Op.AMOMAX: case Op.AMOMINU: case Op.AMOMAXU: {
            const v = this.atomic(op, x[rs1]!, x[rs2]!);
            if (this.exc >= 0) break inner;
            x[rd] = v;
            if (this.stopRequested) { pc = npc; break inner; } // a device asked to stop
            break;
          }
          case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI: {
            this.pc = pc >>> 0;
            this.instret = inst0 + iters - lost - 1;
            const v = this.csrInsn(op, rd, rs1, imm, dc[di + 3]!);
            if (this.exc >= 0) break inner;
            x[rd] = v;
            pc = npc;
            break inner;
          }
          case Op.ECALL:
            this.exc = CAUSE_USER_ECALL + this.privLevel;
            this.excTval = 0;
            break inner;
          case Op.EBREAK:
            this.exc = CAUSE_BREAKPOINT;
            this.excTval = pc >>> 0;
            break inner;
          case Op.MRET:
            if (this.privLevel !== PRIV_M) { this.illegal(di); break inner; }
            this.mret();
            pc = this.pc | 0;
            break inner;
          case Op.SRET: {
            const p = this.privLevel;
            if (p === PRIV_U || (p === PRIV_S && (this.mstatus & MSTATUS_TSR) !== 0)) { this.illegal(di); break inner; }
            this.sret();
            pc = this.pc | 0;
            break inner;
          }
          case Op.WFI: {
            const p = this.privLevel;
            if (p === PRIV_U || (p === PRIV_S && (this.mstatus & MSTATUS_TW) !== 0)) { this.illegal(di); break inner; }
            this.wfi = true;
            pc = npc;
            break inner;
          }
          case Op.SFENCE_VMA: {
            const p = this.privLevel;
            if (p === PRIV_U || (p === PRIV_S && (this.mstatus & MSTATUS_TVM) !== 0)) { this.illegal(di); break inner; }
            if (rs1 !== 0) tlb.flushPage(x[rs1]!);
            else tlb.flushAll();
            pc = npc;
            break inner;
          }
          case Op.FENCE_I:
            this.flushDecodeCache();
            pc = npc;
            break inner;
          default:
            this.illegal(di);
            break inner;
        }
        entry = npc !== ((pc + 4) | 0);
        pc = npc;
      }
      entry = true;
      // Left the inner loop: budget spent, a system instruction, a stop, or an exception.
      x[0] = 0;
      this.pc = pc >>> 0;
      if (this.exc >= 0) {
        lost++;
        this.instret = inst0 + iters - lost;
        const cause = this.exc;
        this.exc = -1;
        this.trap(cause, this.excTval);
      }
    }
    this.instret = inst0 + iters - lost;
    return iters - lost;
  }

  private illegal(di: number): void {
    this.exc = CAUSE_ILLEGAL_INSTRUCTION;
    this.excTval = this.dc[di + 3]! >>> 0;
  }

  private misalignedJump(target: number): void {
    this.exc = CAUSE_MISALIGNED_FETCH;
    this.excTval = target >>> 0;
  }
}

/** The highest-priority interrupt in `bits`: MEI, MSI, MTI, SEI, SSI, STI. */
function highestIrq(bits: number): number {
  if ((bits & MIP_MEIP) !== 0) return IRQ_MEI;
  if ((bits & MIP_MSIP) !== 0) return IRQ_MSI;
  if ((bits & MIP_MTIP) !== 0) return IRQ_MTI;
  if ((bits & MIP_SEIP) !== 0) return IRQ_SEI;
  if ((bits & (1 << IRQ_SSI)) !== 0) return IRQ_SSI;
  if ((bits & MIP_STIP) !== 0) return IRQ_STI;
  return -1;
}
