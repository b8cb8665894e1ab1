/**
 * Instruction decoding for the block compiler (jit.ts): which instructions a compiled
 * block may hold, and their fields.
 *
 * Invariants:
 * - Only instructions whose whole effect is registers, the pc and a RAM access through
 *   the data TLB are compilable: RV32I ALU, loads, stores, branches, JAL, JALR, RV32M and
 *   FENCE (a no-op on this machine, as in the interpreter). Everything else (system,
 *   CSR, LR/SC, AMOs, FENCE.I, illegal encodings) is J_STOP: a block ends before it and
 *   the interpreter executes it.
 * - Field extraction follows the same encodings as Hart.decodeInto; the differential
 *   tests (test/machine/jit*.test.ts) hold the two in step.
 */

/** Kinds of instruction for block building. */
export const J_STOP = 0;
/** Writes rd only (or nothing): ALU, LUI, AUIPC, M extension, FENCE. */
export const J_ALU = 1;
export const J_LOAD = 2;
export const J_STORE = 3;
/** Conditional branch: ends a block, two successors. */
export const J_BRANCH = 4;
/** Direct jump: ends a block, one static successor. */
export const J_JAL = 5;
/** Indirect jump: ends a block and the compiled unit. */
export const J_JALR = 6;

/** A decoded instruction (compile time only, never on the hot path). */
export interface JitInsn {
  readonly kind: number;
  /** Mnemonic in lower case ("addi", "lw", "beq", ...). */
  readonly name: string;
  readonly rd: number;
  readonly rs1: number;
  /** 0 for forms that have no rs2 (the compiler loads only the registers named here). */
  readonly rs2: number;
  /** Sign-extended immediate (shift amount for shifts by immediate; 0 when none). */
  readonly imm: number;
}

const STOP: JitInsn = { kind: J_STOP, name: "stop", rd: 0, rs1: 0, rs2: 0, imm: 0 };

const BRANCHES = ["beq", "bne", "", "", "blt", "bge", "bltu", "bgeu"] as const;
const LOADS = ["lb", "lh", "lw", "", "lbu", "lhu", "", ""] as const;
const STORES = ["sb", "sh", "sw", "", "", "", "", ""] as const;
const OPS = ["add", "sll", "slt", "sltu", "xor", "srl", "or", "and"] as const;
const MULS = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"] as const;
const OPIMMS = ["addi", "", "slti", "sltiu", "xori", "", "ori", "andi"] as const;

function insn(kind: number, name: string, rd: number, rs1: number, rs2: number, imm: number): JitInsn {
  return name === "" ? STOP : { kind, name, rd, rs1, rs2, imm };
}

/** Decodes one 32-bit instruction word for the block compiler. */
export function jitDecode(raw: number): JitInsn {
  raw = raw | 0;
  const rd = (raw >>> 7) & 31;
  const f3 = (raw >>> 12) & 7;
  const rs1 = (raw >>> 15) & 31;
  const rs2 = (raw >>> 20) & 31;
  const f7 = raw >>> 25;
  switch (raw & 0x7f) {
    case 0x37: return insn(J_ALU, "lui", rd, 0, 0, raw & 0xfffff000);
    case 0x17: return insn(J_ALU, "auipc", rd, 0, 0, raw & 0xfffff000);
    case 0x6f: {
      const imm = ((raw >> 31) << 20) | (raw & 0xff000) | (((raw >>> 20) & 1) << 11) | (((raw >>> 21) & 0x3ff) << 1);
      return insn(J_JAL, "jal", rd, 0, 0, imm);
    }
    case 0x67: return f3 === 0 ? insn(J_JALR, "jalr", rd, rs1, 0, raw >> 20) : STOP;
    case 0x63: {
      const imm = ((raw >> 31) << 12) | (((raw >>> 7) & 1) << 11) | (((raw >>> 25) & 0x3f) << 5) | (((raw >>> 8) & 0xf) << 1);
      return insn(J_BRANCH, BRANCHES[f3]!, 0, rs1, rs2, imm);
    }
    case 0x03: return insn(J_LOAD, LOADS[f3]!, rd, rs1, 0, raw >> 20);
    case 0x23: return insn(J_STORE, STORES[f3]!, 0, rs1, rs2, ((raw >> 25) << 5) | rd);
    case 0x13:
      if (f3 === 1) return f7 === 0 ? insn(J_ALU, "slli", rd, rs1, 0, rs2) : STOP;
      if (f3 === 5) {
        if (f7 === 0) return insn(J_ALU, "srli", rd, rs1, 0, rs2);
        return f7 === 0x20 ? insn(J_ALU, "srai", rd, rs1, 0, rs2) : STOP;
      }
      return insn(J_ALU, OPIMMS[f3]!, rd, rs1, 0, raw >> 20);
    case 0x33:
      if (f7 === 0) return insn(J_ALU, OPS[f3]!, rd, rs1, rs2, 0);
      if (f7 === 1) return insn(J_ALU, MULS[f3]!, rd, rs1, rs2, 0);
      if (f7 === 0x20 && f3 === 0) return insn(J_ALU, "sub", rd, rs1, rs2, 0);
      if (f7 === 0x20 && f3 === 5) return insn(J_ALU, "sra", rd, rs1, rs2, 0);
      return STOP;
    case 0x0f: return f3 === 0 ? insn(J_ALU, "fence", 0, 0, 0, 0) : STOP;
    default: return STOP;
  }
}
