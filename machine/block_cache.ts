/**
 * The table of compiled units of one hart (see jit.ts), direct-mapped like the
 * decoded-instruction cache.
 *
 * Invariants:
 * - Slot = (RAM offset of the entry >>> 2) & BLOCK_MASK. A slot holds one unit, tagged
 *   by the entry's RAM offset AND its virtual pc (a page mapped at two addresses gives
 *   two different units: the pc constants differ). Tag -1 = empty.
 * - A slot whose entry is not compilable holds NO_BLOCK (returns 0), so the hart does
 *   not try again until the slot is dropped.
 * - The 1024 slots of a page are contiguous; `invalidatePage` drops them (and whatever
 *   other pages share them): a unit never spans pages, so that drops every unit
 *   compiled from the page.
 * - `hits` counts interpreted executions per slot; a unit is compiled when it reaches
 *   JIT_THRESHOLD, so code run only a few times is never compiled.
 */
import { type BlockFn, NO_BLOCK } from "./jit.js";

export const BLOCK_BITS = 16;
export const BLOCK_SIZE = 1 << BLOCK_BITS;
export const BLOCK_MASK = BLOCK_SIZE - 1;
/** Interpreted executions of an entry before it is compiled. */
export const JIT_THRESHOLD = 16;

export class BlockCache {
  /** RAM offset of the entry, or -1. */
  readonly off: Int32Array;
  /** Virtual pc (i32) of the entry. */
  readonly pc: Int32Array;
  readonly hits: Uint8Array;
  readonly fn: BlockFn[];
  /** Units compiled since creation (statistics). */
  compiled: number;

  constructor() {
    this.off = new Int32Array(BLOCK_SIZE).fill(-1);
    this.pc = new Int32Array(BLOCK_SIZE);
    this.hits = new Uint8Array(BLOCK_SIZE);
    this.fn = new Array<BlockFn>(BLOCK_SIZE).fill(NO_BLOCK);
    this.compiled = 0;
  }

  /** Installs a unit (or NO_BLOCK) for the entry at RAM offset `off`, virtual `pc`. */
  set(slot: number, off: number, pc: number, fn: BlockFn): void {
    this.off[slot] = off;
    this.pc[slot] = pc | 0;
    this.fn[slot] = fn;
    this.hits[slot] = 0;
    if (fn !== NO_BLOCK) this.compiled++;
  }

  /** Drops every unit of RAM page `page` (and of pages sharing its slots). */
  invalidatePage(page: number): void {
    const start = (page << 10) & BLOCK_MASK;
    this.off.fill(-1, start, start + 1024);
    this.fn.fill(NO_BLOCK, start, start + 1024);
  }

  flush(): void {
    this.off.fill(-1);
    this.fn.fill(NO_BLOCK);
  }
}
