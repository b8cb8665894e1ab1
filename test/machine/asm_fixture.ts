/** A few RV32I encoders for hand-assembled test programs (not a test file itself). */
export const ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11;

const i = (imm: number, rs1: number, f3: number, rd: number, op: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const s = (imm: number, rs2: number, rs1: number, f3: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;

export const lui = (rd: number, imm20: number): number => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
export const addi = (rd: number, rs1: number, imm: number): number => i(imm, rs1, 0, rd, 0x13);
export const lw = (rd: number, rs1: number, imm: number): number => i(imm, rs1, 2, rd, 0x03);
export const sw = (rs2: number, rs1: number, imm: number): number => s(imm, rs2, rs1, 2);
export const sb = (rs2: number, rs1: number, imm: number): number => s(imm, rs2, rs1, 0);
export const csrrw = (rd: number, csr: number, rs1: number): number => i(csr, rs1, 1, rd, 0x73);
export const csrrs = (rd: number, csr: number, rs1: number): number => i(csr, rs1, 2, rd, 0x73);
export const ecall = (): number => 0x00000073;
export const wfi = (): number => 0x10500073;
export const mret = (): number => 0x30200073;
export function jal(rd: number, off: number): number {
  const imm = off & 0x1fffff;
  return ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;
}
function branch(f3: number, rs1: number, rs2: number, off: number): number {
  const imm = off & 0x1fff;
  return ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63) >>> 0;
}
export const beq = (rs1: number, rs2: number, off: number): number => branch(0, rs1, rs2, off);
export const bne = (rs1: number, rs2: number, off: number): number => branch(1, rs1, rs2, off);
/** Loads a 32-bit constant with lui + addi (two instructions). */
export function li(rd: number, v: number): number[] {
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}
