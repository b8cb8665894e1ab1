/**
 * A small RV32 assembler for the transfer-page stubs and the hole code: one encode
 * function per instruction form, plus `Asm`, a buffer with labels whose branches
 * and jumps are fixed up when the code is finished.
 *
 * Only what the stubs use is here. Immediates are range-checked; an out-of-range
 * one is a bug in the stub generator and throws.
 */
import { hex32 } from "../abi/hex.js";
import { CSR_SATP, CSR_SEPC, CSR_SSCRATCH, CSR_SSTATUS, CSR_STIMECMP, CSR_STIMECMPH } from "../machine/csr.js";

export const REG = {
  zero: 0, ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9,
  a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17, t3: 28, t4: 29, t5: 30, t6: 31,
} as const;

/** The CSRs the stubs use, by their assembler names (numbers from machine/csr.ts). */
export const CSR = {
  sstatus: CSR_SSTATUS, sscratch: CSR_SSCRATCH, sepc: CSR_SEPC, satp: CSR_SATP, stimecmp: CSR_STIMECMP, stimecmph: CSR_STIMECMPH,
} as const;

function imm(v: number, bits: number, what: string): number {
  const min = -(1 << (bits - 1));
  const max = (1 << (bits - 1)) - 1;
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`encode ${what}: immediate ${v} does not fit in ${bits} bits`);
  return v;
}

const r = (f7: number, rs2: number, rs1: number, f3: number, rd: number, op: number): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const i = (v: number, rs1: number, f3: number, rd: number, op: number, what: string): number =>
  ((imm(v, 12, what) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const s = (v: number, rs2: number, rs1: number, f3: number, what: string): number => {
  imm(v, 12, what);
  return ((((v >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((v & 0x1f) << 7) | 0x23) >>> 0;
};
const b = (off: number, rs1: number, rs2: number, f3: number): number => {
  if ((off & 1) !== 0) throw new RangeError(`encode branch: offset ${off} is odd`);
  imm(off, 13, "branch");
  return ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;
};

export const enc = {
  lui: (rd: number, hi20: number): number => (((hi20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0,
  addi: (rd: number, rs1: number, v: number): number => i(v, rs1, 0, rd, 0x13, "addi"),
  andi: (rd: number, rs1: number, v: number): number => i(v, rs1, 7, rd, 0x13, "andi"),
  ori: (rd: number, rs1: number, v: number): number => i(v, rs1, 6, rd, 0x13, "ori"),
  slli: (rd: number, rs1: number, sh: number): number => r(0, sh & 31, rs1, 1, rd, 0x13),
  srli: (rd: number, rs1: number, sh: number): number => r(0, sh & 31, rs1, 5, rd, 0x13),
  add: (rd: number, rs1: number, rs2: number): number => r(0, rs2, rs1, 0, rd, 0x33),
  sub: (rd: number, rs1: number, rs2: number): number => r(0x20, rs2, rs1, 0, rd, 0x33),
  or: (rd: number, rs1: number, rs2: number): number => r(0, rs2, rs1, 6, rd, 0x33),
  and: (rd: number, rs1: number, rs2: number): number => r(0, rs2, rs1, 7, rd, 0x33),
  sltu: (rd: number, rs1: number, rs2: number): number => r(0, rs2, rs1, 3, rd, 0x33),
  divu: (rd: number, rs1: number, rs2: number): number => r(1, rs2, rs1, 5, rd, 0x33),
  remu: (rd: number, rs1: number, rs2: number): number => r(1, rs2, rs1, 7, rd, 0x33),
  lw: (rd: number, rs1: number, off: number): number => i(off, rs1, 2, rd, 0x03, "lw"),
  lbu: (rd: number, rs1: number, off: number): number => i(off, rs1, 4, rd, 0x03, "lbu"),
  sw: (rs2: number, rs1: number, off: number): number => s(off, rs2, rs1, 2, "sw"),
  sb: (rs2: number, rs1: number, off: number): number => s(off, rs2, rs1, 0, "sb"),
  beq: (rs1: number, rs2: number, off: number): number => b(off, rs1, rs2, 0),
  bne: (rs1: number, rs2: number, off: number): number => b(off, rs1, rs2, 1),
  bltu: (rs1: number, rs2: number, off: number): number => b(off, rs1, rs2, 6),
  bgeu: (rs1: number, rs2: number, off: number): number => b(off, rs1, rs2, 7),
  jal: (rd: number, off: number): number => {
    imm(off, 21, "jal");
    return ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) |
      (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;
  },
  jalr: (rd: number, rs1: number, off: number): number => i(off, rs1, 0, rd, 0x67, "jalr"),
  csrrw: (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (1 << 12) | (rd << 7) | 0x73) >>> 0,
  csrrs: (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x73) >>> 0,
  csrrc: (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (3 << 12) | (rd << 7) | 0x73) >>> 0,
  ecall: (): number => 0x00000073,
  sret: (): number => 0x10200073,
  sfenceVma: (rs1: number, rs2: number): number => r(0x09, rs2, rs1, 0, 0, 0x73),
};

/** Splits a 32-bit value into lui/addi parts (addi sign-extends its 12 bits). */
export function hiLo(v: number): { hi: number; lo: number } {
  const lo = ((v & 0xfff) << 20) >> 20;
  return { hi: ((v - lo) >>> 12) & 0xfffff, lo };
}

type Fixup = { at: number; label: string; kind: "b"; f3: number; rs1: number; rs2: number } | { at: number; label: string; kind: "jal"; rd: number };

/** Code at a fixed VA, with labels; `finish()` resolves branches and returns the words. */
export class Asm {
  readonly base: number;
  readonly words: number[];
  private readonly labels: Map<string, number>;
  private readonly fixups: Fixup[];
  /** Listing lines "address  word  text", for the docs. */
  readonly listing: string[];
  /** Listing line of each word (fixed up words are re-rendered by finish). */
  private readonly listingAt: number[];

  constructor(base: number) {
    this.base = base >>> 0;
    this.words = [];
    this.labels = new Map();
    this.fixups = [];
    this.listing = [];
    this.listingAt = [];
  }

  get pc(): number {
    return (this.base + this.words.length * 4) >>> 0;
  }

  emit(word: number, text: string): this {
    this.listingAt.push(this.listing.length);
    this.listing.push(`${hex32(this.pc)}  ${hex32(word)}  ${text}`);
    this.words.push(word >>> 0);
    return this;
  }

  label(name: string): this {
    if (this.labels.has(name)) throw new Error(`assemble: label ${name} defined twice`);
    this.labels.set(name, this.pc);
    this.listing.push(`${name}:`);
    return this;
  }

  addressOf(name: string): number {
    const a = this.labels.get(name);
    if (a === undefined) throw new Error(`assemble: no label ${name}`);
    return a;
  }

  /** Branch (beq/bne/bltu/bgeu by funct3) to a label. */
  branch(op: "beq" | "bne" | "bltu" | "bgeu", rs1: number, rs2: number, label: string): this {
    const f3 = { beq: 0, bne: 1, bltu: 6, bgeu: 7 }[op];
    this.fixups.push({ at: this.words.length, label, kind: "b", f3, rs1, rs2 });
    return this.emit(0, `${op} x${rs1}, x${rs2}, ${label}`);
  }

  jal(rd: number, label: string): this {
    this.fixups.push({ at: this.words.length, label, kind: "jal", rd });
    return this.emit(0, `jal x${rd}, ${label}`);
  }

  /** Always two instructions (lui + addi), so layouts do not depend on values. */
  li(rd: number, value: number, text = `li x${rd}, ${hex32(value)}`): this {
    const { hi, lo } = hiLo(value >>> 0);
    this.emit(enc.lui(rd, hi), text);
    return this.emit(enc.addi(rd, rd, lo), "");
  }

  /** Jump to an absolute address through `tmp` (lui + jalr). */
  jumpAbs(tmp: number, target: number, text = `j ${hex32(target)}`): this {
    const { hi, lo } = hiLo(target >>> 0);
    this.emit(enc.lui(tmp, hi), text);
    return this.emit(enc.jalr(0, tmp, lo), "");
  }

  finish(): Uint32Array {
    for (const f of this.fixups) {
      const target = this.addressOf(f.label);
      const off = target - (this.base + f.at * 4);
      const w = f.kind === "b" ? b(off, f.rs1, f.rs2, f.f3) : enc.jal(f.rd, off);
      this.words[f.at] = w;
      const line = this.listingAt[f.at]!;
      this.listing[line] = `${hex32(this.base + f.at * 4)}  ${hex32(w)}${this.listing[line]!.slice(22)}`;
    }
    return Uint32Array.from(this.words);
  }
}
