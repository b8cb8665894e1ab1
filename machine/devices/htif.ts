/**
 * HTIF `tohost`/`fromhost`, the riscv-tests convention, for images with a `tohost` symbol.
 *
 * tohost is an ordinary 64-bit word in RAM, so the run loop polls it between chunks and
 * whenever a hart waits in WFI. Encoding: device in bits 63..56, command in 55..48,
 * payload below.
 *   - 1                       pass
 *   - odd v (not 1), high 0   fail: sub-test v >> 1
 *   - device 1 (bcd) cmd 1    putchar: the low byte goes to the console; the host
 *                             clears tohost and answers in fromhost (if there is one)
 *   - any other non-zero      not supported: cleared, reported once through `onNote`
 *
 * Invariant: an RV32 guest writes the 64-bit word as two stores, so a poll may see half
 * of it. A value is acted on only when the same value is seen again after at least
 * SETTLE_INSNS more instructions of progress; a guest waits for tohost to clear before
 * writing the next command, so nothing is lost. When every hart waits in WFI nothing can
 * change tohost, so the run loop polls with `quiescent` and the value counts at once.
 */
import type { Bus } from "../bus.js";

export const SETTLE_INSNS = 64;
export const HTIF_DEV_BCD = 1;
export const HTIF_BCD_PUTCHAR = 1;

export type HtifEvent = { kind: "none" } | { kind: "pass" } | { kind: "fail"; test: number };

export class Htif {
  readonly tohost: number;
  /** Address of fromhost, or -1 when the image has none. */
  readonly fromhost: number;
  private readonly bus: Bus;
  private readonly putchar: (byte: number) => void;
  private readonly onNote: (note: string) => void;
  private seenLo: number;
  private seenHi: number;
  private seenAt: number;
  private noted: boolean;

  constructor(
    bus: Bus,
    tohost: number,
    fromhost: number,
    putchar: (byte: number) => void,
    onNote: (note: string) => void = () => {},
  ) {
    this.bus = bus;
    this.tohost = tohost >>> 0;
    this.fromhost = fromhost < 0 ? -1 : fromhost >>> 0;
    this.putchar = putchar;
    this.onNote = onNote;
    this.seenLo = 0;
    this.seenHi = 0;
    this.seenAt = 0;
    this.noted = false;
  }

  /**
   * Checks tohost; `progress` is the machine's retired-instruction count so far.
   * `quiescent` says no hart can write tohost before the next poll (all wait in WFI),
   * so the value is acted on at once.
   */
  poll(progress: number, quiescent = false): HtifEvent {
    if (!this.bus.isRam(this.tohost, 8)) return NONE;
    const lo = this.bus.read(this.tohost, 4);
    const hi = this.bus.read(this.tohost + 4, 4);
    if (lo === 0 && hi === 0) {
      this.seenLo = this.seenHi = 0;
      return NONE;
    }
    if (quiescent) return this.act(lo, hi);
    if (lo !== this.seenLo || hi !== this.seenHi) {
      this.seenLo = lo;
      this.seenHi = hi;
      this.seenAt = progress;
      return NONE;
    }
    if (progress - this.seenAt < SETTLE_INSNS) return NONE;
    return this.act(lo, hi);
  }

  /** Acts on a settled non-zero tohost value. */
  private act(lo: number, hi: number): HtifEvent {
    const device = hi >>> 24;
    const cmd = (hi >>> 16) & 0xff;
    if (hi === 0 && (lo & 1) === 1) return lo === 1 ? PASS : { kind: "fail", test: lo >>> 1 };
    this.bus.write(this.tohost, 4, 0);
    this.bus.write(this.tohost + 4, 4, 0);
    this.seenLo = this.seenHi = 0;
    if (device === HTIF_DEV_BCD && cmd === HTIF_BCD_PUTCHAR) {
      this.putchar(lo & 0xff);
      if (this.fromhost >= 0 && this.bus.isRam(this.fromhost, 8)) {
        this.bus.write(this.fromhost, 4, 0x100 | (lo & 0xff));
        this.bus.write(this.fromhost + 4, 4, hi & 0xffff0000);
      }
      return NONE;
    }
    if (!this.noted) {
      this.noted = true;
      const v = `0x${hi.toString(16).padStart(8, "0")}${lo.toString(16).padStart(8, "0")}`;
      this.onNote(`htif: ignored tohost command ${v} (device ${device} command ${cmd}); only pass/fail and bcd putchar are supported`);
    }
    return NONE;
  }
}

const NONE: HtifEvent = { kind: "none" };
const PASS: HtifEvent = { kind: "pass" };
