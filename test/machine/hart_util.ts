/** Shared setup for hart tests: a bus with RAM at 0x8000_0000, a settable clock, a loader. */
import { Bus } from "../../machine/bus.js";
import { Hart, type TimeSource } from "../../machine/hart.js";

export const RAM = 0x8000_0000;

export class FakeTime implements TimeSource {
  t = 0;
  now(): number {
    return this.t;
  }
}

export interface Rig {
  bus: Bus;
  hart: Hart;
  clock: FakeTime;
}

/** A hart at RAM base in M-mode with `code` loaded there (1 MiB of RAM by default). */
export function rig(code: readonly number[] = [], size = 0x10_0000): Rig {
  const bus = new Bus(RAM, size);
  const clock = new FakeTime();
  const hart = new Hart(0, bus, clock);
  load(bus, RAM, code);
  hart.pc = RAM;
  return { bus, hart, clock };
}

/** Writes instruction words at physical `pa`. */
export function load(bus: Bus, pa: number, words: readonly number[]): void {
  words.forEach((w, k) => bus.write(pa + 4 * k, 4, w));
}

/** Register value as u32. */
export function u32(hart: Hart, reg: number): number {
  return hart.x[reg]! >>> 0;
}

export interface HostTrap {
  cause: number;
  tval: number;
  pc: number;
  priv: number;
}

/**
 * Loads `code` followed by EBREAK, runs it in M-mode (unless `setup` changes that) with a
 * host M-level handler that records the first trap and stops. Returns the rig and trap.
 */
export function runProgram(code: readonly number[], setup?: (r: Rig) => void, budget = 10_000): Rig & { trap: HostTrap | null } {
  const rg = rig([...code, 0x00100073]);
  let trap: HostTrap | null = null;
  rg.hart.hostTrap[3] = (h, cause, tval) => {
    trap ??= { cause, tval, pc: h.pc, priv: h.priv };
    h.stopRequested = true;
  };
  setup?.(rg);
  rg.hart.step(budget);
  return { ...rg, trap };
}
