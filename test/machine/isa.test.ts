import { test } from "node:test";
import assert from "node:assert/strict";
import * as a from "./asm.js";
import { load, RAM, runProgram, u32 } from "./hart_util.js";
import { Hart } from "../../machine/hart.js";

const DATA = RAM + 0x8000;

test("ALU register-immediate ops compute RV32I results", () => {
  const { hart, trap } = runProgram([
    a.addi(1, 0, -5), a.slti(2, 1, -4), a.sltiu(3, 1, 5), a.xori(4, 1, 0x7ff), a.ori(5, 0, 0x123),
    a.andi(6, 1, 0xf0), a.addi(7, 0, 2047), a.addi(8, 7, 1),
  ]);
  assert.equal(trap?.cause, 3);
  assert.equal(hart.x[1], -5);
  assert.equal(hart.x[2], 1);
  assert.equal(hart.x[3], 0); // 0xfffffffb < 5 unsigned is false
  assert.equal(hart.x[4], -5 ^ 0x7ff);
  assert.equal(hart.x[5], 0x123);
  assert.equal(hart.x[6], 0xf0 & -5);
  assert.equal(hart.x[8], 2048);
});

test("ALU register-register ops and x0 stays zero", () => {
  const { hart } = runProgram([
    ...a.li(1, 0x8000_0001), a.addi(2, 0, 3),
    a.add(3, 1, 2), a.sub(4, 2, 1), a.slt(5, 1, 2), a.sltu(6, 1, 2), a.xor(7, 1, 2), a.or(8, 1, 2),
    a.and(9, 1, 2), a.addi(0, 0, 99), a.add(10, 0, 0),
  ]);
  assert.equal(u32(hart, 3), 0x8000_0004);
  assert.equal(u32(hart, 4), (3 - 0x8000_0001) >>> 0);
  assert.equal(hart.x[5], 1);
  assert.equal(hart.x[6], 0);
  assert.equal(u32(hart, 7), 0x8000_0002);
  assert.equal(u32(hart, 8), 0x8000_0003);
  assert.equal(hart.x[9], 1);
  assert.equal(hart.x[0], 0);
  assert.equal(hart.x[10], 0);
});

test("shifts use the low 5 bits of the amount and SRA keeps the sign", () => {
  const { hart } = runProgram([
    ...a.li(1, 0x8000_00f0), a.addi(2, 0, 36), // 36 & 31 = 4
    a.sll(3, 1, 2), a.srl(4, 1, 2), a.sra(5, 1, 2), a.slli(6, 1, 31), a.srli(7, 1, 31), a.srai(8, 1, 31),
  ]);
  assert.equal(u32(hart, 3), 0x0000_0f00);
  assert.equal(u32(hart, 4), 0x0800_000f);
  assert.equal(u32(hart, 5), 0xf800_000f);
  assert.equal(u32(hart, 6), 0);
  assert.equal(u32(hart, 7), 1);
  assert.equal(u32(hart, 8), 0xffff_ffff);
});

test("SLLI with shamt[5] set is an illegal instruction", () => {
  const bad = a.i(0x20, 1, 1, 2, 0x13); // slli x2, x1, 32
  const { trap } = runProgram([bad]);
  assert.deepEqual(trap, { cause: 2, tval: bad, pc: RAM, priv: 3 });
});

test("LUI and AUIPC", () => {
  const { hart } = runProgram([a.lui(1, 0xabcde000), a.auipc(2, 0x1000)]);
  assert.equal(u32(hart, 1), 0xabcde000);
  assert.equal(u32(hart, 2), RAM + 4 + 0x1000);
});

test("branches: each condition taken and not taken, signed vs unsigned", () => {
  // For each branch: x10 accumulates bits of taken branches.
  const code = [a.addi(1, 0, -1), a.addi(2, 0, 1)];
  const branches = [
    a.beq(1, 1, 8), a.bne(1, 2, 8), a.blt(1, 2, 8), a.bge(2, 1, 8), a.bltu(2, 1, 8), a.bgeu(1, 2, 8), // taken
    a.beq(1, 2, 8), a.bne(1, 1, 8), a.blt(2, 1, 8), a.bge(1, 2, 8), a.bltu(1, 2, 8), a.bgeu(2, 1, 8), // not taken
  ];
  for (const br of branches) code.push(a.slli(10, 10, 1), br, a.ori(10, 10, 1));
  const { hart } = runProgram(code);
  // A taken branch skips its ori; a not-taken branch runs it. First branch = top bit.
  assert.equal(hart.x[10], 0b000000_111111);
});

test("JAL and JALR link pc+4 and JALR clears bit 0 of the target", () => {
  const { hart, trap } = runProgram([
    a.jal(1, 8), a.addi(5, 0, 1), // skipped
    a.auipc(2, 0), a.jalr(3, 2, 13), // target = pc_of_auipc + 13 -> +12 after clearing bit 0
    a.addi(5, 0, 2), // skipped (at +16 from auipc? no: auipc at 8, jalr at 12, this at 16, target 20)
    a.addi(6, 0, 7),
  ]);
  assert.equal(u32(hart, 1), RAM + 4);
  assert.equal(u32(hart, 3), RAM + 16);
  assert.equal(hart.x[5], 0);
  assert.equal(hart.x[6], 7);
  assert.equal(trap?.pc, RAM + 24);
});

test("a jump to a target with bit 1 set raises misaligned fetch on the jump, rd untouched", () => {
  const { hart, trap } = runProgram([a.addi(1, 0, 5), a.jal(1, 6)]);
  assert.deepEqual(trap, { cause: 0, tval: RAM + 4 + 6, pc: RAM + 4, priv: 3 });
  assert.equal(hart.x[1], 5);
});

test("loads and stores of every width with sign and zero extension", () => {
  const { hart, bus } = runProgram([
    ...a.li(1, DATA), ...a.li(2, 0x8899aabb),
    a.sw(2, 1, 0), a.sh(2, 1, 4), a.sb(2, 1, 6),
    a.lw(3, 1, 0), a.lh(4, 1, 0), a.lhu(5, 1, 0), a.lb(6, 1, 0), a.lbu(7, 1, 0), a.lh(8, 1, 2), a.lb(9, 1, 3),
    a.lw(10, 1, 4),
  ]);
  assert.equal(u32(hart, 3), 0x8899aabb);
  assert.equal(u32(hart, 4), 0xffffaabb);
  assert.equal(u32(hart, 5), 0xaabb);
  assert.equal(u32(hart, 6), 0xffffffbb);
  assert.equal(u32(hart, 7), 0xbb);
  assert.equal(u32(hart, 8), 0xffff8899);
  assert.equal(u32(hart, 9), 0xffffff88);
  assert.equal(u32(hart, 10), 0x00bbaabb);
  assert.equal(bus.read(DATA + 4, 4), 0x00bbaabb);
});

test("misaligned loads and stores are emulated, including across a page", () => {
  const edge = RAM + 0x1ffe; // crosses into the next page
  const { hart, bus, trap } = runProgram([
    ...a.li(1, edge), ...a.li(2, 0x11223344),
    a.sw(2, 1, 0), a.lw(3, 1, 0), a.lh(4, 1, 1), a.sh(2, 1, 3), a.lhu(5, 1, 3), a.lw(6, 1, -1),
  ]);
  assert.equal(trap?.cause, 3);
  assert.equal(bus.read(RAM + 0x1ffe, 2), 0x3344);
  assert.equal(bus.read(RAM + 0x2000, 1), 0x22);
  assert.equal(u32(hart, 3), 0x11223344);
  assert.equal(u32(hart, 4), 0x2233); // bytes 0x33 0x22 (at +1, +2)
  assert.equal(u32(hart, 5), 0x3344);
  assert.equal(bus.read(RAM + 0x2001, 2), 0x3344);
});

test("M extension: MUL, MULH signedness, division by zero and overflow", () => {
  const { hart } = runProgram([
    ...a.li(1, 0x8000_0000), ...a.li(2, -1), ...a.li(3, 0x7fff_ffff), a.addi(4, 0, 7), a.addi(5, 0, -2),
    a.mul(6, 3, 3), a.mulh(7, 1, 1), a.mulhu(8, 2, 2), a.mulhsu(9, 2, 2), a.mulh(10, 5, 4),
    a.div(11, 1, 2), a.rem(12, 1, 2), a.div(13, 4, 0), a.divu(14, 4, 0), a.rem(15, 4, 0), a.remu(16, 4, 0),
    a.div(17, 5, 4), a.rem(18, 5, 4), a.divu(19, 2, 4), a.remu(20, 2, 4), a.div(21, 4, 5), a.rem(22, 4, 5),
  ]);
  assert.equal(u32(hart, 6), 1); // 0x7fffffff^2 = 0x3fffffff_00000001
  assert.equal(u32(hart, 7), 0x4000_0000); // (-2^31)^2 = 2^62
  assert.equal(u32(hart, 8), 0xffff_fffe); // (2^32-1)^2 high = 2^32-2
  assert.equal(u32(hart, 9), 0xffff_ffff); // -1 * (2^32-1) = -(2^32-1): high = -1
  assert.equal(u32(hart, 10), 0xffff_ffff); // -2 * 7 = -14: high = -1
  assert.equal(u32(hart, 11), 0x8000_0000);
  assert.equal(hart.x[12], 0);
  assert.equal(hart.x[13], -1);
  assert.equal(u32(hart, 14), 0xffff_ffff);
  assert.equal(hart.x[15], 7);
  assert.equal(hart.x[16], 7);
  assert.equal(hart.x[17], 0); // -2 / 7 truncates to 0
  assert.equal(hart.x[18], -2);
  assert.equal(hart.x[19], Math.floor(0xffff_ffff / 7));
  assert.equal(hart.x[20], 0xffff_ffff % 7);
  assert.equal(hart.x[21], -3);
  assert.equal(hart.x[22], 1);
});

test("A extension: LR/SC succeeds on a held reservation, fails after another store", () => {
  const { hart, bus } = runProgram([
    ...a.li(1, DATA), a.addi(2, 0, 42), a.addi(3, 0, 43),
    a.lrw(4, 1), a.scw(5, 2, 1), // success: rd = 0
    a.scw(6, 3, 1), // no reservation: fails
    a.lrw(7, 1), a.sw(0, 1, 0), a.scw(8, 3, 1), // reservation lost to a store
    a.lw(9, 1, 0),
  ], (r) => r.bus.write(DATA, 4, 10));
  assert.equal(hart.x[4], 10);
  assert.equal(hart.x[5], 0);
  assert.equal(hart.x[6], 1);
  assert.equal(hart.x[7], 42);
  assert.equal(hart.x[8], 1);
  assert.equal(hart.x[9], 0);
  assert.equal(bus.read(DATA, 4), 0);
});

test("A extension: each AMO returns the old value and stores the result", () => {
  const cases: Array<[(rd: number, rs1: number, rs2: number) => number, number, number, number]> = [
    [a.amoswap, 5, -3, -3], [a.amoadd, 5, -3, 2], [a.amoxor, 5, 3, 6], [a.amoand, 6, 3, 2],
    [a.amoor, 5, 2, 7], [a.amomin, 5, -3, -3], [a.amomax, 5, -3, 5], [a.amominu, 5, -3, 5],
    [a.amomaxu, 5, -3, -3],
  ];
  for (const [insn, mem, operand, result] of cases) {
    const { hart, bus } = runProgram([...a.li(1, DATA), ...a.li(2, operand), insn(3, 2, 1)],
      (r) => r.bus.write(DATA, 4, mem));
    assert.equal(hart.x[3], mem);
    assert.equal(bus.read(DATA, 4) | 0, result);
  }
});

test("LR/SC/AMO on a misaligned address raise 4 (LR) or 6 (SC, AMO)", () => {
  for (const [insn, cause] of [[a.lrw(3, 1), 4], [a.scw(3, 2, 1), 6], [a.amoadd(3, 2, 1), 6]] as const) {
    const { trap } = runProgram([...a.li(1, DATA + 2), insn]);
    assert.deepEqual(trap, { cause, tval: DATA + 2, pc: RAM + 8, priv: 3 });
  }
});

test("an unknown opcode is an illegal instruction with the bits in mtval", () => {
  const { trap } = runProgram([0xffff_ffff]);
  assert.deepEqual(trap, { cause: 2, tval: 0xffff_ffff, pc: RAM, priv: 3 });
});

test("a load from an address with nothing behind it is a load access fault", () => {
  const { trap } = runProgram([...a.li(1, 0x4000_0000), a.lw(2, 1, 0)]);
  assert.deepEqual(trap, { cause: 5, tval: 0x4000_0000, pc: RAM + 8, priv: 3 });
  const st = runProgram([...a.li(1, 0x4000_0000), a.sb(2, 1, 3)]);
  assert.deepEqual(st.trap, { cause: 7, tval: 0x4000_0003, pc: RAM + 8, priv: 3 });
});

test("a store by another hart to the reserved word makes SC fail", () => {
  const { hart, bus } = runProgram([...a.li(1, DATA), a.lrw(4, 1)]);
  const other = new Hart(1, bus, { now: () => 0 });
  load(bus, RAM + 0x100, [...a.li(1, DATA), a.sw(0, 1, 0)]);
  other.pc = RAM + 0x100;
  other.step(3);
  load(bus, RAM + 0x200, [a.addi(3, 0, 5), a.scw(5, 3, 1)]);
  hart.stopRequested = false;
  hart.pc = RAM + 0x200;
  hart.step(2);
  assert.equal(hart.x[5], 1);
  assert.equal(bus.read(DATA, 4), 0);
});
