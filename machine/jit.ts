/**
 * The block compiler: turns straight-line runs of guest instructions into JavaScript
 * functions (`new Function`) that V8 compiles to machine code.
 *
 * A compiled block is a decoded-instruction cache entry taken one step further
 * (CONVENTIONS.md §6): it is keyed the same way (RAM offset, plus the virtual pc it was
 * compiled for), marks its page in `bus.codePages` and is dropped by the same
 * invalidation (any write to the page, FENCE.I).
 *
 * Invariants:
 * - A unit is compiled from one entry pc and holds the basic blocks reachable from it
 *   by direct branches and JAL that have run before (`RanBefore`: the interpreter has
 *   decoded their first instruction; a path never taken yet becomes an exit, so V8's
 *   optimised code is not thrown away when it is first taken), up to UNIT_MAX_INSNS
 *   instructions, in the entry's page
 *   and in at most UNIT_MAX_PAGES - 1 other pages whose fetch translation is in the
 *   fetch TLB at compile time. The caller checked the entry page's translation; every
 *   jump from one page to another checks the fetch TLB still maps the target page to
 *   the same RAM page (else the unit exits there), so each block runs only where the
 *   interpreter would fetch the same words. The pc values (AUIPC, links, targets) are
 *   constants for the virtual addresses the unit was compiled for. Every RAM page a
 *   unit holds code from is reported (`pages`) so the hart drops the unit when any of
 *   them is written.
 * - A basic block ends at a branch, JAL or JALR (included), before a J_STOP
 *   instruction, at the page end, or after BLOCK_MAX_INSNS instructions. A branch with
 *   a misaligned static target is a J_STOP (the interpreter raises the trap).
 * - Budget: a block of K instructions starts only when K more fit in the budget, so a
 *   unit retires exactly what the interpreter would in the same step(budget); nothing
 *   in a unit traps, so everything it counts retires.
 * - Registers live in locals (i32 at all times: `>>>` results are folded back with
 *   `| 0`), loaded at entry and written back to `x` at the one exit; x0 is the
 *   constant 0 and is never written.
 * - Loads/stores take the data-TLB fast path into RAM with the same checks as the
 *   interpreter's. Anything else (TLB miss, misaligned, MMIO, fault) is a side exit
 *   before the instruction: pc = that instruction, nothing of it done, so the
 *   interpreter re-executes it. A store into a page marked in codePages notifies the
 *   bus (which drops this unit if it is on that page) and the unit exits after it.
 * - A unit can be entered at the head of any of its blocks (`heads`): a step that ends
 *   inside a loop resumes in the same unit instead of compiling a new one there.
 * - The unit returns the number of instructions retired (0 = nothing ran: the caller
 *   interprets one instruction) and sets `h.pc` (u32).
 */
import type { Bus } from "./bus.js";
import { mulh, mulhsu, mulhu } from "./hart_mul.js";
import type { ReservationTable } from "./hart_resv.js";
import { J_ALU, J_BRANCH, J_JAL, J_JALR, J_LOAD, J_STOP, J_STORE, jitDecode, type JitInsn } from "./jit_decode.js";

/**
 * A compiled unit entered at its block number `b`: runs at most `budget` instructions,
 * returns how many retired, sets h.pc.
 */
export type BlockFn = (h: { pc: number }, budget: number, b: number) => number;

/** Everything compiled code touches, taken from the hart once. */
export interface JitEnv {
  readonly x: Int32Array;
  readonly ram8: Uint8Array;
  readonly ram8s: Int8Array;
  readonly ram16: Uint16Array;
  readonly ram16s: Int16Array;
  readonly ram32: Int32Array;
  /** The TLB's arrays (mmu.ts Tlb): page offset + 1 per VPN, 0 = no entry. */
  readonly tlbLoad: Int32Array;
  readonly tlbStore: Int32Array;
  readonly tlbFetch: Int32Array;
  readonly codePages: Uint8Array;
  readonly bus: Bus;
  readonly resv: ReservationTable;
  readonly ramBase: number;
}

export const BLOCK_MAX_INSNS = 64;
export const UNIT_MAX_INSNS = 256;
export const UNIT_MAX_PAGES = 4;

const ENV_NAMES = [
  "x", "ram8", "ram8s", "ram16", "ram16s", "ram32", "tlbLoad", "tlbStore", "tlbFetch", "codePages",
  "bus", "resv", "ramBase", "mulh", "mulhsu", "mulhu",
] as const;

interface Block {
  readonly pc: number;
  /** RAM offset of the block's page. */
  readonly pageOff: number;
  readonly insns: JitInsn[];
  /** The last instruction is a branch/JAL/JALR; else the block falls through to `next`. */
  readonly ends: boolean;
  readonly next: number;
  index: number;
}

/** Scans the basic block at `pc` (i32) of the page at RAM offset `pageOff`. */
function scanBlock(ram32: Int32Array, pageOff: number, pc: number): Block {
  const insns: JitInsn[] = [];
  let p = pc;
  for (;;) {
    const d = jitDecode(ram32[(pageOff + (p & 0xfff)) >>> 2]!);
    if (d.kind === J_STOP) break;
    if ((d.kind === J_BRANCH || d.kind === J_JAL) && (((p + d.imm) & 3) !== 0)) break;
    insns.push(d);
    p = (p + 4) | 0;
    if (d.kind === J_BRANCH || d.kind === J_JAL || d.kind === J_JALR) return { pc, pageOff, insns, ends: true, next: p, index: -1 };
    if ((p & 0xfff) === 0 || insns.length >= BLOCK_MAX_INSNS) break;
  }
  return { pc, pageOff, insns, ends: false, next: p, index: -1 };
}

/**
 * RAM offset of the page holding virtual page `vpn` for code, or -1 (not known: the
 * unit does not follow jumps there).
 */
export type CodePageOf = (vpn: number) => number;

/**
 * Whether the instruction at a RAM offset has run before (the hart answers from its
 * decoded-instruction cache). A unit holds only blocks that have: a block first taken
 * after V8 optimised the unit would throw that optimised code away.
 */
export type RanBefore = (off: number) => boolean;

const always: RanBefore = () => true;

/** The blocks of the unit entered at `entry`, in address order; empty if nothing compiles. */
function discover(ram32: Int32Array, pageOff: number, entry: number, pageOf: CodePageOf, ran: RanBefore):
  Map<number, Block> {
  const found = new Map<number, Block>();
  const queue = [entry];
  let total = 0;
  const pages = new Map<number, number>([[entry >>> 12, pageOff]]);
  const pageFor = (t: number): number => {
    const vpn = t >>> 12;
    let off = pages.get(vpn);
    if (off === undefined) {
      off = pages.size < UNIT_MAX_PAGES ? pageOf(vpn) : -1;
      if (off >= 0) pages.set(vpn, off);
    }
    return off;
  };
  while (queue.length > 0 && total < UNIT_MAX_INSNS) {
    const pc = queue.shift()!;
    if (found.has(pc)) continue;
    const po = pageFor(pc);
    if (po < 0 || (pc !== entry && !ran(po + (pc & 0xfff)))) continue;
    const b = scanBlock(ram32, po, pc);
    if (b.insns.length === 0) continue;
    found.set(pc, b);
    total += b.insns.length;
    const last = b.insns[b.insns.length - 1]!;
    const succ: number[] = [];
    if (!b.ends || last.kind === J_BRANCH) succ.push(b.next);
    if (b.ends && (last.kind === J_BRANCH || last.kind === J_JAL)) succ.push((b.next - 4 + last.imm) | 0);
    for (const t of succ) if (!found.has(t)) queue.push(t);
  }
  const sorted = new Map([...found.entries()].sort((a, b) => (a[0] >>> 0) - (b[0] >>> 0)));
  let i = 0;
  for (const b of sorted.values()) b.index = i++;
  return sorted;
}

const reg = (r: number): string => (r === 0 ? "0" : `r${r}`);

/** JS expression for the value an ALU instruction writes to rd. */
function aluExpr(d: JitInsn, pc: number): string {
  const a = reg(d.rs1);
  const b = reg(d.rs2);
  const i = d.imm | 0;
  switch (d.name) {
    case "lui": return `${i}`;
    case "auipc": return `${(pc + i) | 0}`;
    case "addi": return `(${a} + ${i}) | 0`;
    case "slti": return `${a} < ${i} ? 1 : 0`;
    case "sltiu": return `(${a} >>> 0) < ${i >>> 0} ? 1 : 0`;
    case "xori": return `${a} ^ ${i}`;
    case "ori": return `${a} | ${i}`;
    case "andi": return `${a} & ${i}`;
    case "slli": return `${a} << ${i}`;
    case "srli": return i === 0 ? `${a} | 0` : `${a} >>> ${i}`;
    case "srai": return `${a} >> ${i}`;
    case "add": return `(${a} + ${b}) | 0`;
    case "sub": return `(${a} - ${b}) | 0`;
    case "sll": return `${a} << ${b}`;
    case "slt": return `${a} < ${b} ? 1 : 0`;
    case "sltu": return `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`;
    case "xor": return `${a} ^ ${b}`;
    case "srl": return `(${a} >>> ${b}) | 0`;
    case "sra": return `${a} >> ${b}`;
    case "or": return `${a} | ${b}`;
    case "and": return `${a} & ${b}`;
    case "mul": return `Math.imul(${a}, ${b})`;
    case "mulh": return `mulh(${a}, ${b})`;
    case "mulhsu": return `mulhsu(${a}, ${b})`;
    case "mulhu": return `mulhu(${a}, ${b})`;
    case "div": return `${b} === 0 ? -1 : (${a} === -2147483648 && ${b} === -1) ? -2147483648 : (${a} / ${b}) | 0`;
    case "divu": return `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`;
    case "rem": return `${b} === 0 ? ${a} : (${a} === -2147483648 && ${b} === -1) ? 0 : (${a} % ${b}) | 0`;
    case "remu": return `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`;
    default: throw new Error(`compile block: no expression for '${d.name}'`);
  }
}

const LOAD_READ: Record<string, string> = {
  lb: "ram8s[o]", lbu: "ram8[o]", lh: "ram16s[o >>> 1]", lhu: "ram16[o >>> 1]", lw: "ram32[o >>> 2]",
};
const ACCESS_SIZE: Record<string, number> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4, sb: 1, sh: 2, sw: 4 };
const STORE_WRITE: Record<string, string> = { sb: "ram8[o]", sh: "ram16[o >>> 1]", sw: "ram32[o >>> 2]" };
const BRANCH_COND: Record<string, string> = {
  beq: "A === B", bne: "A !== B", blt: "A < B", bge: "A >= B", bltu: "(A >>> 0) < (B >>> 0)", bgeu: "(A >>> 0) >= (B >>> 0)",
};

/** Emits the JS source of one unit. */
function emitUnit(blocks: Map<number, Block>, entry: number): string {
  const used = new Set<number>();
  const written = new Set<number>();
  const out: string[] = [];
  const order = [...blocks.values()];
  const goTo = (t: number, from: Block): string => {
    const b = blocks.get(t);
    if (b === undefined) return `pc = ${t}; break L;`;
    if ((t >>> 12) === (from.pc >>> 12)) return `b = ${b.index}; continue L;`;
    return `if (tlbFetch[${t >>> 12}] === ${b.pageOff + 1}) { b = ${b.index}; continue L; } ` +
      `pc = ${t}; break L;`;
  };
  for (let bi = 0; bi < order.length; bi++) {
    const blk = order[bi]!;
    const k = blk.insns.length;
    out.push(`case ${bi}:`);
    out.push(`if (n > budget - ${k}) { pc = ${blk.pc}; break L; }`);
    out.push(`n += ${k};`);
    for (let i = 0; i < k; i++) {
      const d = blk.insns[i]!;
      const pc = (blk.pc + 4 * i) | 0;
      const side = `{ n -= ${k - i}; pc = ${pc}; break L; }`;
      if (d.rs1 !== 0) used.add(d.rs1);
      if (d.rs2 !== 0) used.add(d.rs2); // the decoder gives rs2 = 0 to forms without rs2
      const rd = d.rd;
      switch (d.kind) {
        case J_ALU:
          if (rd !== 0 && d.name !== "fence") {
            out.push(`r${rd} = ${aluExpr(d, pc)};`);
            written.add(rd);
          }
          break;
        case J_LOAD: {
          const size = ACCESS_SIZE[d.name]!;
          out.push(`va = (${reg(d.rs1)} + ${d.imm}) | 0; e = tlbLoad[va >>> 12];`);
          out.push(`if (e === 0${size > 1 ? ` || (va & ${size - 1}) !== 0` : ""}) ${side}`);
          // e = page offset + 1: an aligned 2- or 4-byte index drops the 1 in its shift.
          out.push(size > 1 ? `o = e + (va & 4095);` : `o = e - 1 + (va & 4095);`);
          if (rd !== 0) {
            out.push(`r${rd} = ${LOAD_READ[d.name]!};`);
            written.add(rd);
          }
          break;
        }
        case J_STORE: {
          const size = ACCESS_SIZE[d.name]!;
          out.push(`va = (${reg(d.rs1)} + ${d.imm}) | 0; e = tlbStore[va >>> 12];`);
          out.push(`if (e === 0${size > 1 ? ` || (va & ${size - 1}) !== 0` : ""}) ${side}`);
          out.push(`o = e - 1 + (va & 4095);`);
          out.push(`${STORE_WRITE[d.name]!} = ${reg(d.rs2)};`);
          out.push(`if (codePages[o >>> 12] !== 0) { bus.noteWrite(o, ${size}); ` +
            `if (rv) resv.store((o + ramBase) | 0, ${size}); n -= ${k - i - 1}; pc = ${(pc + 4) | 0}; break L; }`);
          out.push(`if (rv) resv.store((o + ramBase) | 0, ${size});`);
          break;
        }
        case J_BRANCH: {
          const cond = BRANCH_COND[d.name]!.replace("A", reg(d.rs1)).replace("B", reg(d.rs2));
          out.push(`if (${cond}) { ${goTo((pc + d.imm) | 0, blk)} }`);
          break;
        }
        case J_JAL:
          if (rd !== 0) {
            out.push(`r${rd} = ${(pc + 4) | 0};`);
            written.add(rd);
          }
          break;
        case J_JALR:
          out.push(`va = (${reg(d.rs1)} + ${d.imm}) & -2;`);
          out.push(`if ((va & 3) !== 0) ${side}`);
          if (rd !== 0) {
            out.push(`r${rd} = ${(pc + 4) | 0};`);
            written.add(rd);
          }
          out.push(`pc = va; break L;`);
          break;
      }
    }
    const last = blk.insns[k - 1]!;
    if (last.kind === J_JAL) {
      out.push(goTo((blk.next - 4 + last.imm) | 0, blk));
    } else if (last.kind !== J_JALR) {
      // Fall through into the next case when it is the successor in the same page.
      const nb = blocks.get(blk.next);
      if (nb === undefined || nb.index !== bi + 1 || (blk.next >>> 12) !== (blk.pc >>> 12)) out.push(goTo(blk.next, blk));
    }
  }
  for (const r of written) used.add(r);
  const regs = [...used].sort((a, b) => a - b);
  const load = regs.length > 0 ? `let ${regs.map((r) => `r${r} = x[${r}]`).join(", ")};` : "";
  const store = [...written].sort((a, b) => a - b).map((r) => `x[${r}] = r${r};`).join(" ");
  return [
    `"use strict";`,
    `return function unit_${(entry >>> 0).toString(16)}(h, budget, b) {`,
    load,
    // Nothing in a unit can make a reservation, so `resv.active` read once is enough
    // (a stale true only costs a scan that finds nothing).
    `const rv = resv.active !== 0;`,
    `let n = 0, pc = 0, va = 0, e = 0, o = 0;`,
    `L: for (;;) { switch (b) {`,
    ...out,
    `default: pc = ${entry}; break L;`,
    `} }`,
    store,
    `h.pc = pc >>> 0;`,
    `return n;`,
    `};`,
  ].join("\n");
}

/** Where a unit can be entered: a block's virtual pc, RAM offset and block number. */
export interface UnitHead {
  readonly pc: number;
  readonly off: number;
  readonly index: number;
}

/** A compiled unit, the RAM pages (page numbers) its code comes from, and its entries. */
export interface Unit {
  readonly fn: BlockFn;
  readonly pages: readonly number[];
  /** Every block head; heads[0] is the entry the unit was compiled for. */
  readonly heads: readonly UnitHead[];
}

const entryPageOnly: CodePageOf = () => -1;

/**
 * The JS source of the unit entered at virtual `pc` whose page starts at RAM offset
 * `pageOff`, and the RAM offsets of its pages; null when its first instruction is not
 * compilable. `pageOf` says where other code pages are (none by default).
 */
export function unitSource(ram32: Int32Array, pageOff: number, pc: number, pageOf = entryPageOnly, ran = always):
  { src: string; pageOffs: number[]; heads: UnitHead[] } | null {
  const blocks = discover(ram32, pageOff, pc | 0, pageOf, ran);
  const first = blocks.get(pc | 0);
  if (first === undefined) return null;
  const pageOffs = [...new Set([...blocks.values()].map((b) => b.pageOff))];
  const heads = [first, ...[...blocks.values()].filter((b) => b !== first)]
    .map((b) => ({ pc: b.pc, off: b.pageOff + (b.pc & 0xfff), index: b.index }));
  return { src: emitUnit(blocks, pc | 0), pageOffs, heads };
}

/** Compiles the unit entered at `pc` (see unitSource) into a function bound to `env`. */
export function compileUnit(env: JitEnv, pageOff: number, pc: number, ran: RanBefore = always): Unit | null {
  const pageOf: CodePageOf = (vpn) => env.tlbFetch[vpn]! - 1;
  const u = unitSource(env.ram32, pageOff, pc, pageOf, ran);
  if (u === null) return null;
  const factory = new Function(...ENV_NAMES, u.src) as (...args: unknown[]) => BlockFn;
  const fn = factory(env.x, env.ram8, env.ram8s, env.ram16, env.ram16s, env.ram32, env.tlbLoad, env.tlbStore,
    env.tlbFetch, env.codePages, env.bus, env.resv, env.ramBase, mulh, mulhsu, mulhu);
  return { fn, pages: u.pageOffs.map((o) => o >>> 12), heads: u.heads };
}

/** A unit that never runs: marks an entry whose first instruction the interpreter must take. */
export const NO_BLOCK: BlockFn = () => 0;
