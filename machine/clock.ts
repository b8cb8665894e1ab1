/**
 * Machine time: the one counter behind CLINT `mtime` and the hart's `time` CSR.
 *
 * Time model (see docs/machine.md):
 * - The timebase is 10 MHz (one tick = 100 ns), as on QEMU's virt board.
 * - Virtual mode (the default) is deterministic: time is derived from retired
 *   instructions, one tick per 10 instructions of progress (a virtual 100 MIPS
 *   machine), plus an offset. The run loop credits progress between chunks with
 *   `advance`, so time is constant inside a chunk. When every hart waits in WFI the run
 *   loop calls `fastForward` to jump to the next timer deadline.
 * - Wall mode follows the host's monotonic clock; `advance` does nothing there, and
 *   `fastForward` still moves time (the run loop sleeps first when it can).
 * - `set` (a guest write to mtime) moves the offset; time may go backwards then, as on
 *   real hardware.
 */
export const TIMEBASE_HZ = 10_000_000;
export const INSNS_PER_TICK = 10;

export type TimeMode = "virtual" | "wall";

export class Clock {
  readonly mode: TimeMode;
  /** Instructions of progress credited so far (virtual mode). */
  private insns: number;
  /** Ticks added by fast-forward and mtime writes. */
  private offset: number;
  private readonly wallStart: number;

  constructor(mode: TimeMode = "virtual") {
    this.mode = mode;
    this.insns = 0;
    this.offset = 0;
    this.wallStart = performance.now();
  }

  /** Current time in ticks (a non-negative integer below 2^53). */
  now(): number {
    if (this.mode === "virtual") return Math.floor(this.insns / INSNS_PER_TICK) + this.offset;
    return Math.floor((performance.now() - this.wallStart) * (TIMEBASE_HZ / 1000)) + this.offset;
  }

  /** Credits `insns` instructions of progress (virtual mode only). */
  advance(insns: number): void {
    if (this.mode === "virtual") this.insns += insns;
  }

  /** Moves time forward to `ticks` if it is in the future; never moves it back. */
  fastForward(ticks: number): void {
    const now = this.now();
    if (ticks > now && Number.isFinite(ticks)) this.offset += ticks - now;
  }

  /** Sets the current time (a guest write to mtime). */
  set(ticks: number): void {
    this.offset += ticks - this.now();
  }

  /** Instructions of progress that take the clock `ticks` forward (at least 1). */
  static insnsFor(ticks: number): number {
    return Math.max(1, Math.ceil(ticks) * INSNS_PER_TICK);
  }

  /** Milliseconds of wall time `ticks` stand for. */
  static ticksToMs(ticks: number): number {
    return ticks / (TIMEBASE_HZ / 1000);
  }
}
