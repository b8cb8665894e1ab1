/**
 * Differential runs for the block compiler: the same program on two harts, one with
 * the compiler on and one with it off (the interpreter, the reference), compared on
 * everything a guest or host can see.
 */
import assert from "node:assert/strict";
import { Bus } from "../../machine/bus.js";
import * as C from "../../machine/csr.js";
import { Hart } from "../../machine/hart.js";
import { FakeTime, load, RAM } from "./hart_util.js";

export interface Side {
  bus: Bus;
  hart: Hart;
  /** Return value of every step() call, in order. */
  steps: number[];
  /** Traps seen by the host M-level handler (cause, tval, pc). */
  traps: number[][];
}

export interface DiffOptions {
  /** Where the code goes (physical = virtual in M-mode); RAM base by default. */
  at?: number;
  /** step() budget of each call (cycled); [1000] by default. */
  budgets?: readonly number[];
  /** At most this many step() calls. */
  maxSteps?: number;
  /** Extra set-up on each side (devices, CSRs, registers). */
  setup?: (side: Side) => void;
  /** Traps after which the run continues at the next instruction (default: stop at the first). */
  resumeTraps?: boolean;
}

/** Runs `code` with the compiler `jit` on or off until EBREAK (or a trap), a stop or maxSteps. */
export function runSide(code: readonly number[], jit: boolean, opts: DiffOptions = {}): Side {
  const at = opts.at ?? RAM;
  const bus = new Bus(RAM, 0x10_0000);
  const hart = new Hart(0, bus, new FakeTime(), { jit });
  load(bus, at, code);
  hart.pc = at;
  const side: Side = { bus, hart, steps: [], traps: [] };
  let done = false;
  hart.hostTrap[3] = (h, cause, tval) => {
    side.traps.push([cause, tval, h.pc]);
    if (cause === 3 || !opts.resumeTraps) {
      done = true;
      h.stopRequested = true;
    } else {
      h.pc = (h.pc + 4) >>> 0;
    }
  };
  opts.setup?.(side);
  const budgets = opts.budgets ?? [1000];
  const maxSteps = opts.maxSteps ?? 100_000;
  for (let k = 0; k < maxSteps && !done && !hart.stopRequested; k++) {
    side.steps.push(hart.step(budgets[k % budgets.length]!));
  }
  return side;
}

/** Asserts that the two sides ended in the same state. */
export function assertSame(on: Side, off: Side, what: string): void {
  assert.deepEqual([...on.hart.x], [...off.hart.x], `${what}: registers`);
  assert.equal(on.hart.pc, off.hart.pc, `${what}: pc`);
  assert.equal(on.hart.instret, off.hart.instret, `${what}: instret`);
  assert.equal(on.hart.priv, off.hart.priv, `${what}: privilege`);
  assert.deepEqual(on.traps, off.traps, `${what}: traps`);
  assert.deepEqual(on.steps, off.steps, `${what}: step() results`);
  for (const csr of [C.CSR_MEPC, C.CSR_MCAUSE, C.CSR_MTVAL, C.CSR_MSTATUS]) {
    assert.equal(on.hart.readCsr(csr), off.hart.readCsr(csr), `${what}: CSR 0x${csr.toString(16)}`);
  }
  assert.ok(Buffer.from(on.bus.ram).equals(Buffer.from(off.bus.ram)), `${what}: RAM differs`);
}

/** Runs `code` both ways, checks they agree, and returns the compiled side. */
export function diff(code: readonly number[], what: string, opts: DiffOptions = {}): Side {
  const on = runSide(code, true, opts);
  const off = runSide(code, false, opts);
  assert.equal(off.hart.blocks.compiled, 0, `${what}: the interpreter side compiled something`);
  assertSame(on, off, what);
  return on;
}

/** A small deterministic PRNG (xorshift32) for generated programs. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}
