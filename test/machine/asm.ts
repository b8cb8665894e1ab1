/**
 * A tiny RV32 assembler for hart tests: encoders for the R/I/S/B/U/J formats plus named
 * helpers for the instructions the tests use. Register arguments are numbers (x0-x31).
 */

export const r = (f7: number, rs2: number, rs1: number, f3: number, rd: number, opc: number): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc) >>> 0;
export const i = (imm: number, rs1: number, f3: number, rd: number, opc: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc) >>> 0;
export const s = (imm: number, rs2: number, rs1: number, f3: number, opc: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | opc) >>> 0;
export const b = (imm: number, rs2: number, rs1: number, f3: number): number =>
  ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63) >>> 0;
export const u = (imm: number, rd: number, opc: number): number => ((imm & 0xfffff000) | (rd << 7) | opc) >>> 0;
export const j = (imm: number, rd: number): number =>
  ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
    (imm & 0xff000) | (rd << 7) | 0x6f) >>> 0;

// RV32I
export const lui = (rd: number, imm: number) => u(imm, rd, 0x37);
export const auipc = (rd: number, imm: number) => u(imm, rd, 0x17);
export const jal = (rd: number, off: number) => j(off, rd);
export const jalr = (rd: number, rs1: number, off: number) => i(off, rs1, 0, rd, 0x67);
export const beq = (a: number, c: number, off: number) => b(off, c, a, 0);
export const bne = (a: number, c: number, off: number) => b(off, c, a, 1);
export const blt = (a: number, c: number, off: number) => b(off, c, a, 4);
export const bge = (a: number, c: number, off: number) => b(off, c, a, 5);
export const bltu = (a: number, c: number, off: number) => b(off, c, a, 6);
export const bgeu = (a: number, c: number, off: number) => b(off, c, a, 7);
export const lb = (rd: number, rs1: number, off: number) => i(off, rs1, 0, rd, 0x03);
export const lh = (rd: number, rs1: number, off: number) => i(off, rs1, 1, rd, 0x03);
export const lw = (rd: number, rs1: number, off: number) => i(off, rs1, 2, rd, 0x03);
export const lbu = (rd: number, rs1: number, off: number) => i(off, rs1, 4, rd, 0x03);
export const lhu = (rd: number, rs1: number, off: number) => i(off, rs1, 5, rd, 0x03);
export const sb = (rs2: number, rs1: number, off: number) => s(off, rs2, rs1, 0, 0x23);
export const sh = (rs2: number, rs1: number, off: number) => s(off, rs2, rs1, 1, 0x23);
export const sw = (rs2: number, rs1: number, off: number) => s(off, rs2, rs1, 2, 0x23);
export const addi = (rd: number, rs1: number, imm: number) => i(imm, rs1, 0, rd, 0x13);
export const slti = (rd: number, rs1: number, imm: number) => i(imm, rs1, 2, rd, 0x13);
export const sltiu = (rd: number, rs1: number, imm: number) => i(imm, rs1, 3, rd, 0x13);
export const xori = (rd: number, rs1: number, imm: number) => i(imm, rs1, 4, rd, 0x13);
export const ori = (rd: number, rs1: number, imm: number) => i(imm, rs1, 6, rd, 0x13);
export const andi = (rd: number, rs1: number, imm: number) => i(imm, rs1, 7, rd, 0x13);
export const slli = (rd: number, rs1: number, sh: number) => i(sh, rs1, 1, rd, 0x13);
export const srli = (rd: number, rs1: number, sh: number) => i(sh, rs1, 5, rd, 0x13);
export const srai = (rd: number, rs1: number, sh: number) => i(0x400 | sh, rs1, 5, rd, 0x13);
const op = (f7: number, f3: number) => (rd: number, rs1: number, rs2: number) => r(f7, rs2, rs1, f3, rd, 0x33);
export const add = op(0, 0), sub = op(0x20, 0), sll = op(0, 1), slt = op(0, 2), sltu = op(0, 3);
export const xor = op(0, 4), srl = op(0, 5), sra = op(0x20, 5), or = op(0, 6), and = op(0, 7);
// M
export const mul = op(1, 0), mulh = op(1, 1), mulhsu = op(1, 2), mulhu = op(1, 3);
export const div = op(1, 4), divu = op(1, 5), rem = op(1, 6), remu = op(1, 7);
// A (aq/rl clear); operands in assembly order: `amoadd.w rd, rs2, (rs1)`
const amo = (f5: number) => (rd: number, rs2: number, rs1: number) => r(f5 << 2, rs2, rs1, 2, rd, 0x2f);
export const lrw = (rd: number, rs1: number) => r(0x02 << 2, 0, rs1, 2, rd, 0x2f);
export const scw = amo(0x03), amoswap = amo(0x01), amoadd = amo(0x00), amoxor = amo(0x04);
export const amoand = amo(0x0c), amoor = amo(0x08), amomin = amo(0x10), amomax = amo(0x14);
export const amominu = amo(0x18), amomaxu = amo(0x1c);
// System
export const ecall = () => 0x00000073;
export const ebreak = () => 0x00100073;
export const mret = () => 0x30200073;
export const sret = () => 0x10200073;
export const wfi = () => 0x10500073;
export const fence = () => 0x0ff0000f;
export const fencei = () => 0x0000100f;
export const sfencevma = (rs1: number, rs2: number) => r(0x09, rs2, rs1, 0, 0, 0x73);
export const csrrw = (rd: number, csr: number, rs1: number) => i(csr, rs1, 1, rd, 0x73);
export const csrrs = (rd: number, csr: number, rs1: number) => i(csr, rs1, 2, rd, 0x73);
export const csrrc = (rd: number, csr: number, rs1: number) => i(csr, rs1, 3, rd, 0x73);
export const csrrwi = (rd: number, csr: number, uimm: number) => i(csr, uimm, 5, rd, 0x73);
export const csrrsi = (rd: number, csr: number, uimm: number) => i(csr, uimm, 6, rd, 0x73);
export const csrrci = (rd: number, csr: number, uimm: number) => i(csr, uimm, 7, rd, 0x73);

/** `li rd, value` as lui + addi (always two instructions). */
export function li(rd: number, value: number): number[] {
  const lo = (value << 20) >> 20;
  const hi = (value - lo) | 0;
  return [lui(rd, hi), addi(rd, rd, lo)];
}
