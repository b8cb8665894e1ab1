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
 *   other pages share them), which drops every unit entered on the page. A unit that
 *   also holds code from other pages is listed in `extra` under each of them, and
 *   dropped with them too (a listed slot reused since is dropped as well: harmless).
 * - `hits` counts interpreted visits of an entry per slot; a unit is compiled when it
 *   reaches `needed(page)`: JIT_THRESHOLD, doubled for each time the page's units were
 *   dropped, up to 16x. A page that is written again and again (code and data sharing
 *   it) is then recompiled at most once per 16 * JIT_THRESHOLD visits of an entry.
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
  /** Block number of the entry inside its unit (the unit's third argument). */
  readonly entry: Int32Array;
  readonly hits: Uint16Array;
  /** Times the units of each RAM page were dropped (saturates at 255). */
  readonly kills: Uint8Array;
  readonly fn: BlockFn[];
  /** Per RAM page: slots of units entered elsewhere that hold code from this page. */
  private readonly extra: Array<number[] | null>;
  /** Units compiled since creation (statistics; the hart counts them). */
  compiled: number;

  constructor(ramPages: number) {
    this.off = new Int32Array(BLOCK_SIZE).fill(-1);
    this.pc = new Int32Array(BLOCK_SIZE);
    this.entry = new Int32Array(BLOCK_SIZE);
    this.hits = new Uint16Array(BLOCK_SIZE);
    this.kills = new Uint8Array(ramPages);
    this.extra = new Array<number[] | null>(ramPages).fill(null);
    this.fn = new Array<BlockFn>(BLOCK_SIZE).fill(NO_BLOCK);
    this.compiled = 0;
  }

  /**
   * Installs a unit (or NO_BLOCK) entered at its block `index` for the entry at RAM
   * offset `off`, virtual `pc`; `pages` are the RAM pages its code comes from.
   */
  set(slot: number, off: number, pc: number, fn: BlockFn, index = 0, pages: readonly number[] = []): void {
    for (const p of pages) {
      if (p === off >>> 12 || p >= this.extra.length) continue;
      const list = this.extra[p];
      if (list === null || list === undefined) this.extra[p] = [slot];
      else list.push(slot);
    }
    this.off[slot] = off;
    this.pc[slot] = pc | 0;
    this.fn[slot] = fn;
    this.entry[slot] = index;
    this.hits[slot] = 0;
  }

  /** Interpreted visits an entry on RAM page `page` needs before it is compiled. */
  needed(page: number): number {
    return JIT_THRESHOLD << Math.min(this.kills[page] ?? 0, 4);
  }

  /** Drops every unit of RAM page `page` (and of pages sharing its slots). */
  invalidatePage(page: number): void {
    const start = (page << 10) & BLOCK_MASK;
    this.off.fill(-1, start, start + 1024);
    this.fn.fill(NO_BLOCK, start, start + 1024);
    this.hits.fill(0, start, start + 1024);
    const list = this.extra[page];
    if (list !== null && list !== undefined) {
      for (const slot of list) {
        this.off[slot] = -1;
        this.fn[slot] = NO_BLOCK;
      }
      this.extra[page] = null;
    }
    const k = this.kills[page];
    if (k !== undefined && k < 255) this.kills[page] = k + 1;
  }

  flush(): void {
    this.off.fill(-1);
    this.fn.fill(NO_BLOCK);
    this.extra.fill(null);
  }
}
