/**
 * The machine-frame allocator: a free set over the frame table with a low-water hint.
 * Allocation is deterministic: always the lowest free frame (or the lowest naturally
 * aligned free run for an extent of 2^order frames), so the same sequence of calls
 * gives the same frames.
 */
export class FrameAllocator {
  readonly nFrames: number;
  /** 1 when the frame is free. */
  private readonly free: Uint8Array;
  /** No free frame below this index. */
  private hint: number;
  freeCount: number;

  constructor(nFrames: number) {
    this.nFrames = nFrames;
    this.free = new Uint8Array(nFrames).fill(1);
    this.hint = 0;
    this.freeCount = nFrames;
  }

  isFree(i: number): boolean {
    return this.free[i] === 1;
  }

  /** Takes frame `i` out of the free set (boot-time reservations). Returns false if it was not free. */
  take(i: number): boolean {
    if (i < 0 || i >= this.nFrames || this.free[i] !== 1) return false;
    this.free[i] = 0;
    this.freeCount--;
    return true;
  }

  /** Lowest free frame index, or -1. */
  allocOne(): number {
    for (let i = this.hint; i < this.nFrames; i++) {
      if (this.free[i] === 1) {
        this.free[i] = 0;
        this.freeCount--;
        this.hint = i + 1;
        return i;
      }
    }
    this.hint = this.nFrames;
    return -1;
  }

  /** First index of the lowest free, naturally aligned run of 2^order frames, or -1. */
  allocExtent(order: number): number {
    if (order === 0) return this.allocOne();
    const n = 2 ** order;
    if (n > this.freeCount) return -1;
    for (let s = Math.floor(this.hint / n) * n; s + n <= this.nFrames; s += n) {
      let ok = true;
      for (let j = 0; j < n; j++) {
        if (this.free[s + j] !== 1) { ok = false; break; }
      }
      if (!ok) continue;
      this.free.fill(0, s, s + n);
      this.freeCount -= n;
      if (s === this.hint) this.hint = s + n;
      return s;
    }
    return -1;
  }

  release(i: number): void {
    if (this.free[i] !== 0) throw new Error(`release frame index ${i}: frame is already free`);
    this.free[i] = 1;
    this.freeCount++;
    if (i < this.hint) this.hint = i;
  }
}
