/**
 * CLINT (core-local interruptor) as on QEMU's virt board: per-hart software interrupt
 * (msip) and timer compare (mtimecmp) registers and the shared mtime counter.
 *
 * Map (offsets in the 64 KiB region):
 *   0x0000 + 4*h   msip[h]      bit 0 drives hart h's MSIP line
 *   0x4000 + 8*h   mtimecmp[h]  64-bit, low word then high word
 *   0xBFF8         mtime        64-bit, read from the Clock
 *
 * Invariants:
 * - MTIP[h] == (mtime >= mtimecmp[h]); it is recomputed on every mtimecmp write and by
 *   `update()`, which the run loop calls between chunks (time is constant inside one).
 * - mtimecmp resets to all-ones (never fires), so a hart that never programs it has no
 *   armed timer. Values are held as two u32 words; comparisons use numbers, exact below
 *   2^53, and anything at or above 2^53 counts as "never".
 * - Writes to mtime are accepted and move the machine Clock (so the `time` CSR follows).
 */
import type { Device, IrqLine } from "../bus.js";
import type { Clock } from "../clock.js";

export const CLINT_MSIP = 0x0000;
export const CLINT_MTIMECMP = 0x4000;
export const CLINT_MTIME = 0xbff8;
export const CLINT_SIZE = 0x10000;

const TWO32 = 0x1_0000_0000;
const NEVER = 2 ** 53;

export interface ClintLines {
  msip: IrqLine;
  mtip: IrqLine;
}

export interface ClintState {
  msip: number[];
  /** mtimecmp as [lo, hi] word pairs, flattened: 2*h, 2*h+1. */
  mtimecmp: number[];
}

export class Clint implements Device {
  readonly state: ClintState;
  private readonly clock: Clock;
  private readonly lines: readonly ClintLines[];
  private readonly mtipLevel: Uint8Array;

  constructor(clock: Clock, lines: readonly ClintLines[]) {
    const n = lines.length;
    this.state = { msip: new Array<number>(n).fill(0), mtimecmp: new Array<number>(2 * n).fill(0xffffffff) };
    this.clock = clock;
    this.lines = lines;
    this.mtipLevel = new Uint8Array(n);
  }

  /** mtimecmp of hart `h` as a number (NEVER-or-above means unarmed). */
  timecmp(h: number): number {
    return (this.state.mtimecmp[2 * h + 1] ?? 0xffffffff) * TWO32 + (this.state.mtimecmp[2 * h] ?? 0xffffffff);
  }

  /** Earliest future-or-present mtimecmp over all harts, or Infinity when none is armed. */
  nextDeadline(): number {
    let best = Infinity;
    for (let h = 0; h < this.lines.length; h++) {
      const t = this.timecmp(h);
      if (t < NEVER && t < best) best = t;
    }
    return best;
  }

  /** mtimecmp deadline of one hart, or Infinity when unarmed. */
  deadlineOf(h: number): number {
    const t = this.timecmp(h);
    return t < NEVER ? t : Infinity;
  }

  /** Recomputes every MTIP line against the current time. */
  update(): void {
    const now = this.clock.now();
    for (let h = 0; h < this.lines.length; h++) this.updateTimer(h, now);
  }

  read(offset: number, size: number): number {
    const n = this.lines.length;
    if (offset < CLINT_MSIP + 4 * n && size === 4 && (offset & 3) === 0) {
      return this.state.msip[offset >>> 2] ?? 0;
    }
    if (offset >= CLINT_MTIMECMP && offset < CLINT_MTIMECMP + 8 * n && (offset & 3) === 0 && size === 4) {
      return this.state.mtimecmp[(offset - CLINT_MTIMECMP) >>> 2] ?? 0;
    }
    if ((offset === CLINT_MTIME || offset === CLINT_MTIME + 4) && size === 4) {
      const t = this.clock.now();
      return offset === CLINT_MTIME ? t % TWO32 : Math.floor(t / TWO32) >>> 0;
    }
    return 0;
  }

  write(offset: number, size: number, value: number): void {
    const n = this.lines.length;
    if (size !== 4 || (offset & 3) !== 0) return; // only aligned word accesses
    if (offset < CLINT_MSIP + 4 * n) {
      const h = offset >>> 2;
      const bit = value & 1;
      this.state.msip[h] = bit;
      this.lines[h]!.msip.set(bit !== 0);
      return;
    }
    if (offset >= CLINT_MTIMECMP && offset < CLINT_MTIMECMP + 8 * n) {
      const w = (offset - CLINT_MTIMECMP) >>> 2;
      this.state.mtimecmp[w] = value >>> 0;
      this.updateTimer(w >>> 1, this.clock.now());
      return;
    }
    if (offset === CLINT_MTIME || offset === CLINT_MTIME + 4) {
      const t = this.clock.now();
      const lo = offset === CLINT_MTIME ? value >>> 0 : t % TWO32;
      const hi = offset === CLINT_MTIME ? Math.floor(t / TWO32) : value >>> 0;
      this.clock.set(hi * TWO32 + lo);
      this.update();
    }
  }

  private updateTimer(h: number, now: number): void {
    const level = now >= this.timecmp(h) ? 1 : 0;
    if (level !== this.mtipLevel[h]) {
      this.mtipLevel[h] = level;
      this.lines[h]!.mtip.set(level !== 0);
    }
  }
}
