/**
 * PLIC (platform-level interrupt controller) laid out as on QEMU's virt board.
 *
 * Map (offsets in the 64 MiB region):
 *   0x000000 + 4*src           priority[src]       (3 bits; 0 = never interrupts)
 *   0x001000 + 4*word          pending bits        (read-only)
 *   0x002000 + 0x80*ctx + 4*w  enable bits of context ctx
 *   0x200000 + 0x1000*ctx      threshold of context ctx
 *   0x200004 + 0x1000*ctx      claim (read) / complete (write)
 * Context 2h is hart h's M-mode (drives MEIP), 2h+1 its S-mode (drives SEIP).
 *
 * Invariants (level-triggered gateway):
 * - pending[src] == level[src] && !inFlight[src]. A claim clears pending and sets
 *   inFlight; only a complete of that source clears inFlight, after which a line still
 *   high is pending again. Source 0 does not exist: never pending, never claimed.
 * - Context ctx's line is high iff some src has pending & enabled[ctx] &
 *   priority > threshold[ctx]. Claim picks the highest priority above the threshold,
 *   lowest source number on ties, and returns 0 when there is none.
 * - Every line is recomputed after each state change; it is only `set` on a change.
 */
import type { Device, IrqLine } from "../bus.js";

export const PLIC_PRIORITY = 0x000000;
export const PLIC_PENDING = 0x001000;
export const PLIC_ENABLE = 0x002000;
export const PLIC_ENABLE_STRIDE = 0x80;
export const PLIC_CONTEXT = 0x200000;
export const PLIC_CONTEXT_STRIDE = 0x1000;
export const PLIC_SIZE = 0x4000000;
export const PLIC_PRIORITY_MASK = 7;

export interface PlicState {
  priority: number[];
  level: number[];
  pending: number[];
  inFlight: number[];
  /** enable[ctx * words + w]: bit s of word w enables source 32*w + s. */
  enable: number[];
  threshold: number[];
}

export class Plic implements Device {
  readonly state: PlicState;
  readonly numSources: number;
  private readonly words: number;
  private readonly contexts: readonly IrqLine[];
  private readonly lineLevel: Uint8Array;

  /** `numSources` counts source 0, so sources are 1..numSources-1. */
  constructor(contexts: readonly IrqLine[], numSources = 64) {
    if (numSources < 2 || numSources > 1024) throw new Error(`create PLIC: ${numSources} sources is out of range`);
    this.numSources = numSources;
    this.words = Math.ceil(numSources / 32);
    this.contexts = contexts;
    this.lineLevel = new Uint8Array(contexts.length);
    this.state = {
      priority: new Array<number>(numSources).fill(0),
      level: new Array<number>(numSources).fill(0),
      pending: new Array<number>(numSources).fill(0),
      inFlight: new Array<number>(numSources).fill(0),
      enable: new Array<number>(contexts.length * this.words).fill(0),
      threshold: new Array<number>(contexts.length).fill(0),
    };
  }

  /** The IrqLine a device uses to drive source `src`. */
  source(src: number): IrqLine {
    if (src < 1 || src >= this.numSources) throw new Error(`PLIC source ${src}: out of range 1..${this.numSources - 1}`);
    return { set: (level: boolean) => this.setLevel(src, level) };
  }

  setLevel(src: number, level: boolean): void {
    const s = this.state;
    s.level[src] = level ? 1 : 0;
    s.pending[src] = level && s.inFlight[src] === 0 ? 1 : 0;
    this.update();
  }

  read(offset: number, size: number): number {
    if (size !== 4 || (offset & 3) !== 0) return 0;
    const s = this.state;
    const nctx = this.contexts.length;
    if (offset < PLIC_PENDING) return s.priority[offset >>> 2] ?? 0;
    if (offset < PLIC_ENABLE) {
      const w = (offset - PLIC_PENDING) >>> 2;
      return w < this.words ? this.packPending(w) : 0;
    }
    if (offset < PLIC_CONTEXT) {
      const ctx = Math.floor((offset - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const w = ((offset - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >>> 2;
      return ctx < nctx && w < this.words ? (s.enable[ctx * this.words + w] ?? 0) >>> 0 : 0;
    }
    const ctx = Math.floor((offset - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
    const reg = (offset - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
    if (ctx >= nctx) return 0;
    if (reg === 0) return s.threshold[ctx] ?? 0;
    if (reg === 4) return this.claim(ctx);
    return 0;
  }

  write(offset: number, size: number, value: number): void {
    if (size !== 4 || (offset & 3) !== 0) return;
    const s = this.state;
    const nctx = this.contexts.length;
    if (offset < PLIC_PENDING) {
      const src = offset >>> 2;
      if (src >= 1 && src < this.numSources) s.priority[src] = value & PLIC_PRIORITY_MASK;
    } else if (offset < PLIC_ENABLE) {
      return; // pending bits are read-only
    } else if (offset < PLIC_CONTEXT) {
      const ctx = Math.floor((offset - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const w = ((offset - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >>> 2;
      if (ctx >= nctx || w >= this.words) return;
      let mask = value >>> 0;
      if (w === 0) mask &= ~1; // source 0 does not exist
      if (w === this.words - 1 && this.numSources % 32 !== 0) mask &= (1 << this.numSources % 32) - 1;
      s.enable[ctx * this.words + w] = mask >>> 0;
    } else {
      const ctx = Math.floor((offset - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
      const reg = (offset - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
      if (ctx >= nctx) return;
      if (reg === 0) s.threshold[ctx] = value & PLIC_PRIORITY_MASK;
      else if (reg === 4) this.complete(ctx, value >>> 0);
      else return;
    }
    this.update();
  }

  /** True when context `ctx`'s interrupt line is high. */
  lineOf(ctx: number): boolean {
    return this.lineLevel[ctx] === 1;
  }

  private enabled(ctx: number, src: number): boolean {
    return (((this.state.enable[ctx * this.words + (src >>> 5)] ?? 0) >>> (src & 31)) & 1) === 1;
  }

  /** Best claimable source for `ctx`, or 0. */
  private best(ctx: number): number {
    const s = this.state;
    let bestSrc = 0;
    let bestPrio = s.threshold[ctx] ?? 0;
    for (let src = 1; src < this.numSources; src++) {
      const p = s.priority[src] ?? 0;
      if (s.pending[src] === 1 && p > bestPrio && this.enabled(ctx, src)) {
        bestSrc = src;
        bestPrio = p;
      }
    }
    return bestSrc;
  }

  private claim(ctx: number): number {
    const src = this.best(ctx);
    if (src !== 0) {
      this.state.pending[src] = 0;
      this.state.inFlight[src] = 1;
      this.update();
    }
    return src;
  }

  private complete(ctx: number, src: number): void {
    const s = this.state;
    // As on QEMU: completing a source the context does not enable is ignored.
    if (src < 1 || src >= this.numSources || !this.enabled(ctx, src)) return;
    s.inFlight[src] = 0;
    s.pending[src] = s.level[src] === 1 ? 1 : 0;
  }

  private packPending(w: number): number {
    let v = 0;
    for (let b = 0; b < 32; b++) {
      const src = 32 * w + b;
      if (src < this.numSources && this.state.pending[src] === 1) v |= 1 << b;
    }
    return v >>> 0;
  }

  private update(): void {
    for (let ctx = 0; ctx < this.contexts.length; ctx++) {
      const level = this.best(ctx) !== 0 ? 1 : 0;
      if (level !== this.lineLevel[ctx]) {
        this.lineLevel[ctx] = level;
        this.contexts[ctx]!.set(level === 1);
      }
    }
  }
}
