/**
 * The block compiler against the interpreter: every program runs on a hart with the
 * compiler on and on one with it off, and the two must agree on registers, pc,
 * instret, step() results, traps, CSRs and all of RAM. Each program loops well past
 * the compile threshold, and the compiled side must really have compiled units.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as a from "./asm.js";
import { RAM } from "./hart_util.js";
import { diff, Rng, runSide } from "./jit_util.js";
import { JIT_THRESHOLD } from "../../machine/block_cache.js";
import { unitSource } from "../../machine/jit.js";

const DATA = RAM + 0x8_0000;
const LOOPS = 3 * JIT_THRESHOLD + 7;

/** `body` in a loop run `times` times (x31 counts), then EBREAK. */
function loop(setup: number[], body: number[], times = LOOPS): number[] {
  const back = -4 * (body.length + 1);
  return [...setup, ...a.li(31, times), ...body, a.addi(31, 31, -1), a.bne(31, 0, back), a.ebreak()];
}

test("unitSource() compiles straight-line code and refuses a system instruction at the entry", () => {
  const ram32 = new Int32Array(1024);
  [a.addi(1, 1, 1), a.add(2, 1, 1), a.jal(0, -8)].forEach((w, i) => (ram32[i] = w | 0));
  const src = unitSource(ram32, 0, RAM | 0)?.src;
  assert.ok(src !== undefined && src.includes("r2 = (r1 + r1) | 0;"), `unexpected source:\n${src}`);
  ram32[0] = a.csrrs(1, 0x300, 0) | 0;
  assert.equal(unitSource(ram32, 0, RAM | 0), null);
});

test("ALU and M-extension results (overflow, division by zero, shifts) match the interpreter", () => {
  const ops = [a.add, a.sub, a.sll, a.slt, a.sltu, a.xor, a.srl, a.sra, a.or, a.and,
    a.mul, a.mulh, a.mulhsu, a.mulhu, a.div, a.divu, a.rem, a.remu];
  const body: number[] = [
    // x1 walks an LCG; x2 cycles through 0, -1, INT_MIN, 1 and the LCG value.
    ...a.li(5, 1103515245), a.mul(1, 1, 5), a.addi(1, 1, 12345),
    a.andi(6, 31, 3), a.slli(6, 6, 2), a.add(6, 6, 30), a.lw(2, 6, 0),
  ];
  ops.forEach((op, k) => body.push(op(7, 1, 2), op(8, 2, 1), op(9, 2, 2), a.add(10, 10, 7), a.xor(10, 10, 8), a.add(11, 11, 9)));
  body.push(a.slti(12, 1, -5), a.sltiu(13, 1, -5), a.xori(14, 1, -1), a.ori(15, 1, 0x7f), a.srai(16, 1, 31),
    a.srli(17, 1, 0), a.srli(18, 1, 31), a.lui(19, 0xfffff000), a.auipc(20, 0x1000), a.sw(10, 29, 0), a.addi(29, 29, 4));
  const consts = [0, -1, -0x8000_0000, 1];
  const setup = [...a.li(30, DATA), ...a.li(29, DATA + 0x100), ...a.li(1, 7)];
  const side = diff(loop(setup, body), "ALU mix", {
    setup: (s) => consts.forEach((v, i) => s.bus.write(DATA + 4 * i, 4, v >>> 0)),
  });
  assert.ok(side.hart.blocks.compiled > 0, "nothing was compiled");
});

test("loads and stores of every width, aligned and misaligned, match the interpreter", () => {
  const body = [
    a.andi(5, 31, 15), a.add(6, 30, 5), // x6 = DATA + (i & 15): every alignment
    a.lb(7, 6, 0), a.lbu(8, 6, 1), a.lh(9, 6, 2), a.lhu(10, 6, 3), a.lw(11, 6, 4),
    a.add(12, 7, 8), a.add(12, 12, 9), a.add(12, 12, 10), a.add(12, 12, 11),
    a.sb(12, 6, 5), a.sh(12, 6, 6), a.sw(12, 6, 7), a.sw(31, 6, 4092 - 2048), // crosses a page at some i
  ];
  const side = diff(loop([...a.li(30, DATA + 0x7f8)], body), "memory widths", {
    setup: (s) => { for (let i = 0; i < 64; i++) s.bus.write(DATA + 0x7f8 + i, 1, (i * 37 + 11) & 0xff); },
  });
  assert.ok(side.hart.blocks.compiled > 0);
});

test("a load from MMIO inside a hot loop leaves compiled code and gives the device's values", () => {
  // A counting device: every read returns the next number, so a repeated or skipped
  // access shows in the sum.
  const body = [a.lw(5, 30, 0), a.add(6, 6, 5), a.sw(6, 30, 4)];
  const side = diff(loop([...a.li(30, 0x2000_0000)], body), "MMIO loop", {
    setup: (s) => {
      let n = 0;
      s.bus.map(0x2000_0000, 0x1000, { read: () => ++n, write: () => {} }, "counter");
    },
  });
  assert.equal(side.hart.x[6], (LOOPS * (LOOPS + 1)) / 2);
});

test("budgets of every size give the same step() results and states", () => {
  const body = [a.addi(5, 5, 3), a.xor(6, 6, 5), a.beq(5, 0, 8), a.addi(7, 7, 1), a.sw(7, 30, 0), a.lw(8, 30, 0)];
  for (const budgets of [[1], [2], [3], [5, 7, 11], [64], [8192], [300, 1, 2, 3, 5, 7, 11, 13, 64]]) {
    const side = diff(loop([...a.li(30, DATA)], body, 2000), `budgets ${budgets.join(",")}`, { budgets });
    // Units are compiled only with room for a whole block left in the step.
    assert.equal(side.hart.blocks.compiled > 0, budgets[0]! > 64, `budgets ${budgets.join(",")}: compiled`);
  }
});

test("a store that rewrites the next instruction of the running block takes effect at once", () => {
  // Twice (x31 = 150, then 1, both after the loop is compiled) the SW patches the word
  // right after it to `addi x9, x9, x31 & 7`, which must run in the same iteration.
  const body = [
    a.andi(5, 31, 7), a.slli(5, 5, 20), a.or(5, 5, 28), // x5 = addi x9,x9,(x31 & 7)
    a.addi(7, 31, -150), a.beq(7, 0, 16),
    a.addi(7, 31, -1), a.beq(7, 0, 8),
    a.jal(0, 12),
    a.auipc(6, 0), a.sw(5, 6, 8),
    a.addi(0, 0, 0), // patched
    a.add(10, 10, 9),
  ];
  const side = diff(loop([...a.li(28, a.addi(9, 9, 0))], body, 200), "self-modifying block");
  assert.equal(side.hart.x[9], 6 * 149 + 1); // 150 & 7 = 6 for x31 = 150..2, then 1 & 7 once
  assert.ok(side.hart.blocks.compiled >= 2, `compiled ${side.hart.blocks.compiled} units`);
});

test("a store into another compiled page drops that page's units", () => {
  // Two routines in two pages; the loop calls the second and then rewrites its
  // immediate, so stale compiled code would return the old value.
  const at = RAM + 0x2000;
  const callee = RAM + 0x3000;
  const main = loop([...a.li(20, callee)], [
    a.jalr(1, 20, 0), a.add(10, 10, 5),
    a.andi(6, 31, 15), a.slli(6, 6, 20), a.or(6, 6, 21), a.sw(6, 20, 0),
  ]);
  const sub = [a.addi(5, 0, 0), a.jalr(0, 1, 0)];
  const opts = {
    at,
    setup: (s: { bus: import("../../machine/bus.js").Bus; hart: import("../../machine/hart.js").Hart }) => {
      sub.forEach((w, i) => s.bus.write(callee + 4 * i, 4, w));
      s.hart.x[21] = a.addi(5, 0, 0) | 0;
    },
  };
  const side = diff(main, "cross-page patch", opts);
  assert.ok(side.hart.blocks.compiled > 0);
});

test("generated programs (ALU, memory, branches, jumps, page crossing) match the interpreter", () => {
  const regs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const rOps = [a.add, a.sub, a.sll, a.slt, a.sltu, a.xor, a.srl, a.sra, a.or, a.and,
    a.mul, a.mulh, a.mulhsu, a.mulhu, a.div, a.divu, a.rem, a.remu];
  const iOps = [a.addi, a.slti, a.sltiu, a.xori, a.ori, a.andi];
  const loads = [a.lb, a.lh, a.lw, a.lbu, a.lhu];
  const stores = [a.sb, a.sh, a.sw];
  const branches = [a.beq, a.bne, a.blt, a.bge, a.bltu, a.bgeu];
  let compiled = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const rng = new Rng(seed);
    const setup: number[] = [...a.li(13, DATA)];
    for (let r = 1; r <= 12; r++) setup.push(...a.li(r, rng.next() | 0));
    const body: number[] = [];
    const n = 20 + rng.below(60);
    while (body.length < n) {
      const k = rng.below(20);
      const rd = rng.pick(regs);
      if (k < 6) body.push(rng.pick(rOps)(rd, rng.pick(regs), rng.pick(regs)));
      else if (k < 9) body.push(rng.pick(iOps)(rd, rng.pick(regs), (rng.next() & 0xfff) - 0x800));
      else if (k < 10) body.push([a.slli, a.srli, a.srai][rng.below(3)]!(rd, rng.pick(regs), rng.below(32)));
      else if (k < 11) body.push(rng.below(2) === 0 ? a.lui(rd, rng.next() & 0xfffff000) : a.auipc(rd, rng.next() & 0xfffff000));
      else if (k < 14) body.push(rng.pick(loads)(rd, 13, rng.below(2040)));
      else if (k < 17) body.push(rng.pick(stores)(rng.pick(regs), 13, rng.below(2040)));
      else if (k < 19) body.push(rng.pick(branches)(rng.pick(regs), rng.pick(regs), 4 * (2 + rng.below(3))), a.addi(rd, rd, 1), a.xori(rd, rd, 5), a.addi(rd, rd, 9));
      else if (rng.below(2) === 0) body.push(a.jal(rd === 13 ? 0 : rd, 8), a.addi(1, 1, 1));
      else body.push(a.auipc(14, 0), a.jalr(0, 14, 12), a.addi(2, 2, 1));
    }
    // Start near the end of a page so the loop body straddles a page boundary.
    const at = RAM + 0x1000 - 4 * (setup.length + 2 + rng.below(n));
    const budgets = [[1000], [8192], [37, 5, 100]][seed % 3]!;
    const side = diff(loop(setup, body), `seed ${seed}`, { at, budgets, resumeTraps: true });
    compiled += side.hart.blocks.compiled;
  }
  assert.ok(compiled > 40, `only ${compiled} units compiled over 40 programs`);
});

test("turning the compiler off between steps keeps running from the same state", () => {
  const prog = loop([...a.li(30, DATA)], [a.addi(5, 5, 1), a.sw(5, 30, 0), a.lw(6, 30, 0), a.add(7, 7, 6)], 500);
  const ref = runSide(prog, false);
  const mixed = runSide(prog, true, { maxSteps: 3, budgets: [400] });
  mixed.hart.jit = false;
  while (mixed.hart.step(1000) > 0 && mixed.traps.length === 0) { /* run to the EBREAK */ }
  assert.deepEqual([...mixed.hart.x], [...ref.hart.x]);
  assert.equal(mixed.hart.instret, ref.hart.instret);
  assert.equal(mixed.hart.pc, ref.hart.pc);
});

test("one physical page run at two virtual addresses gets a unit per address", () => {
  // S-mode with Sv32: VA 0x4000_0000 and 0x4000_1000 both map the frame at CODE; the
  // routine there sums its own AUIPC value, which differs between the two addresses.
  const ROOT = RAM + 0x1_0000;
  const L2 = RAM + 0x1_1000;
  const CODE = RAM + 0x2_0000;
  const V = 1, R = 2, W = 4, X = 8, A = 64, D = 128;
  const leaf = (pa: number, flags: number): number => (((pa >>> 12) << 10) | flags | V) >>> 0;
  const routine = [a.auipc(5, 0), a.add(10, 10, 5), a.addi(31, 31, -1), a.bne(31, 0, -12), a.jalr(0, 1, 0)];
  const main = [
    ...a.li(31, 100), ...a.li(20, 0x4000_0000), a.jalr(1, 20, 0),
    ...a.li(31, 100), ...a.li(20, 0x4000_1000), a.jalr(1, 20, 0),
    a.ebreak(),
  ];
  const side = diff(main, "aliased code page", {
    setup: (s) => {
      s.bus.write(ROOT + 4 * (RAM >>> 22), 4, leaf(RAM, R | W | X | A | D)); // identity megapage
      s.bus.write(ROOT + 4 * (0x4000_0000 >>> 22), 4, (((L2 >>> 12) << 10) | V) >>> 0);
      s.bus.write(L2, 4, leaf(CODE, R | X | A));
      s.bus.write(L2 + 4, 4, leaf(CODE, R | X | A));
      routine.forEach((w, i) => s.bus.write(CODE + 4 * i, 4, w));
      s.hart.writeCsr(0x180, 0x8000_0000 | (ROOT >>> 12)); // satp
      s.hart.priv = 1;
    },
  });
  assert.equal(side.hart.x[10], (100 * 0x4000_0000 + 100 * 0x4000_1000) | 0);
  assert.ok(side.hart.blocks.compiled >= 2, `compiled ${side.hart.blocks.compiled} units`);
});

test("unitSource() leaves out a path that has not run before: it becomes an exit", () => {
  const ram32 = new Int32Array(1024);
  // 0: addi; 4: beq x1, x2, +12 (-> 16); 8: addi; 12: jal -12 (-> 0); 16: addi x5 (not run yet)
  [a.addi(1, 1, 1), a.beq(1, 2, 12), a.addi(3, 3, 1), a.jal(0, -12), a.addi(5, 5, 1)]
    .forEach((w, i) => (ram32[i] = w | 0));
  const all = unitSource(ram32, 0, RAM | 0)!;
  assert.equal(all.heads.length, 3);
  assert.ok(all.src.includes("r5 = (r5 + 1) | 0;"));
  const ran = (off: number): boolean => off < 16;
  const warm = unitSource(ram32, 0, RAM | 0, undefined, ran)!;
  assert.deepEqual(warm.heads.map((h) => h.off), [0, 8]);
  assert.ok(!warm.src.includes("r5"), `the cold block was compiled:\n${warm.src}`);
  assert.ok(warm.src.includes(`pc = ${(RAM + 16) | 0}; break L;`), "no exit to the cold block");
});
