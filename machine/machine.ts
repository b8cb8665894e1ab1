/**
 * The Machine: a virt board plus the run loop that interleaves its harts.
 *
 * Invariants:
 * - Harts run in a fixed order (0, 1, ...), each for a chunk of at most CHUNK_INSNS
 *   instructions per round; the same image and options give the same run. Chunks
 *   shrink so that a round ends when the next timer deadline is due, and time (virtual
 *   mode) advances by the most instructions any hart retired in the round: harts run
 *   side by side, not one after another.
 * - Between rounds: CLINT timer lines are updated, the finisher, host stops and HTIF
 *   tohost are checked, then the instruction limit. `insns` counts instructions retired
 *   by all harts in this `run` call and never exceeds `maxInsns`.
 * - A hart in WFI is skipped until (mip & mie) != 0. When every hart waits, time jumps
 *   to the earliest enabled timer deadline (virtual) or the loop sleeps until it (wall).
 *   With no such deadline, only host input could still wake them: while the board says
 *   input may arrive (`Board.inputMayArrive`, e.g. the UART's line is open) the run ends
 *   with 'input' (the caller waits for input, pushes it and calls `run` again);
 *   otherwise nothing can ever wake them and the run ends with 'hang'.
 * - `stop()` (host code, typically a hypervisor's trap handler) and the finisher set
 *   every hart's stopRequested so the current step returns at once; `run` clears the
 *   flags when it starts and when it returns.
 */
import type { Bus } from "./bus.js";
import { Board, type BoardOptions } from "./board.js";
import { Clock, type TimeMode } from "./clock.js";
import type { Clint } from "./devices/clint.js";
import { FIN_FAIL, FIN_NONE, FIN_PASS, type Finisher } from "./devices/finisher.js";
import { Htif } from "./devices/htif.js";
import type { Plic } from "./devices/plic.js";
import type { Uart16550 } from "./devices/uart16550.js";
import { loadElf, type Elf32 } from "./elf.js";
import type { Hart } from "./hart.js";
import { CSR_MIE, CSR_MIP, MIP_MTIP, MIP_STIP } from "./csr.js";
import { ACCESS_FETCH } from "./mmu.js";

/** Instructions per hart per round: 819 ticks of virtual time, about 82 µs. */
export const CHUNK_INSNS = 8192;
/** Rounds in a row with no instruction retired and no hart waiting before giving up. */
const MAX_IDLE_ROUNDS = 1000;

export type StopReason =
  | { reason: "pass" }
  | { reason: "fail"; code: number }
  | { reason: "reset" }
  | { reason: "tohost-fail"; test: number }
  | { reason: "limit" }
  | { reason: "hang" }
  /** Every hart waits, no timer can wake one, and host input may still arrive. */
  | { reason: "input" }
  | { reason: "host"; code: number; message: string };

export type RunResult = StopReason & { insns: number };

export type TraceFn = (hart: number, pc: number, insn: number) => void;

export interface MachineOptions extends BoardOptions {
  timeMode?: TimeMode;
  /** Receives every console byte (UART output, HTIF putchar). More via addConsoleSink. */
  console?: (byte: number) => void;
}

export class Machine {
  readonly board: Board;
  readonly bus: Bus;
  readonly harts: readonly Hart[];
  readonly clock: Clock;
  readonly uart: Uart16550;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly finisher: Finisher;
  /** Set by `load` when the image has a `tohost` symbol. */
  htif: Htif | null;
  /** One-line notes about things the machine ignored (printed by the CLI on stderr). */
  readonly notes: string[];
  private hostStop: { code: number; message: string } | null;
  private trace: TraceFn | null;

  constructor(opts: MachineOptions = {}) {
    this.clock = new Clock(opts.timeMode ?? "virtual");
    const boardOpts: BoardOptions = {};
    if (opts.harts !== undefined) boardOpts.harts = opts.harts;
    if (opts.memMiB !== undefined) boardOpts.memMiB = opts.memMiB;
    this.board = new Board(this.clock, boardOpts);
    this.bus = this.board.bus;
    this.harts = this.board.harts;
    this.uart = this.board.uart;
    this.clint = this.board.clint;
    this.plic = this.board.plic;
    this.finisher = this.board.finisher;
    this.htif = null;
    this.notes = [];
    this.hostStop = null;
    this.trace = null;
    if (opts.console) this.board.consoleSinks.push(opts.console);
  }

  addConsoleSink(sink: (byte: number) => void): void {
    this.board.consoleSinks.push(sink);
  }

  /** Calls `fn` before every instruction (runs with one-instruction chunks); null turns it off. */
  setTrace(fn: TraceFn | null): void {
    this.trace = fn;
  }

  /**
   * Copies the image into RAM and points every hart at its entry in M-mode with
   * a0 = hart id and a1 = 0 (no device tree), as QEMU's reset vector does.
   * Throws ElfError when a segment does not fit in RAM.
   */
  load(elf: Elf32): void {
    loadElf(this.bus, elf);
    for (const h of this.harts) {
      h.pc = elf.entry >>> 0;
      h.x[10] = this.harts.indexOf(h);
      h.x[11] = 0;
    }
    const tohost = elf.symbols.get("tohost");
    const fromhost = elf.symbols.get("fromhost");
    this.htif = tohost === undefined
      ? null
      : new Htif(this.bus, tohost, fromhost ?? -1, (b) => this.board.console(b), (n) => void this.notes.push(n));
  }

  /** Ends the current run with reason 'host' (callable from a trap handler mid-step). */
  stop(code: number, message: string): void {
    if (this.hostStop === null) this.hostStop = { code, message };
    for (const h of this.harts) h.stopRequested = true;
  }

  /** Runs until a stop reason or `maxInsns` instructions retired by all harts together. */
  run(maxInsns: number): RunResult {
    for (const h of this.harts) h.stopRequested = false;
    let insns = 0;
    let idle = 0;
    let result: StopReason | null = null;
    for (;;) {
      result = this.checkStops(insns);
      if (result !== null) break;
      if (insns >= maxInsns) {
        result = { reason: "limit" };
        break;
      }
      const now = this.clock.now();
      let chunk = this.trace !== null ? 1 : CHUNK_INSNS;
      const due = this.nextDeadline(now);
      if (due !== Infinity) chunk = Math.min(chunk, Clock.insnsFor(due - now));
      let most = 0;
      for (let i = 0; i < this.harts.length; i++) {
        const h = this.harts[i]!;
        if (h.wfi) {
          if ((h.readCsr(CSR_MIP) & h.readCsr(CSR_MIE)) === 0) continue;
          h.wfi = false;
        }
        const budget = Math.min(chunk, maxInsns - insns);
        if (budget <= 0) break;
        const r = this.trace !== null ? this.traceStep(i, h) : h.step(budget);
        insns += r;
        if (r > most) most = r;
        if (h.stopRequested) break;
      }
      this.clock.advance(most);
      this.clint.update();
      // Recount: a hart skipped as waiting early in the round may have been woken later in
      // it (by another hart, a device or host code), and harts after a break never ran.
      let waiting = 0;
      for (const h of this.harts) {
        if (h.wfi && (h.readCsr(CSR_MIP) & h.readCsr(CSR_MIE)) === 0) waiting++;
      }
      if (waiting === this.harts.length) {
        result = this.checkStops(insns, true);
        if (result !== null) break;
        const wake = this.wakeDeadline();
        const at = this.clock.now();
        // A deadline already due wakes a hart next round; if it never does, give up.
        if (wake === Infinity) {
          result = this.board.inputMayArrive() ? { reason: "input" } : { reason: "hang" };
          break;
        }
        if (wake <= at && ++idle >= MAX_IDLE_ROUNDS) {
          result = { reason: "hang" };
          break;
        }
        if (wake > at) this.sleepUntil(wake, at);
        this.clint.update();
      } else if (most === 0) {
        if (this.harts.some((h) => h.stopRequested)) continue; // checkStops decides
        if (++idle >= MAX_IDLE_ROUNDS) {
          result = { reason: "host", code: 1, message: "harts make no progress" };
          break;
        }
      } else {
        idle = 0;
      }
    }
    for (const h of this.harts) h.stopRequested = false;
    return { ...result, insns };
  }

  /**
   * Host stop, finisher and HTIF verdicts, in that order; null when the run goes on.
   * `quiescent`: every hart waits, so tohost cannot change and needs no settling.
   */
  private checkStops(insns: number, quiescent = false): StopReason | null {
    if (this.hostStop !== null) {
      const s = this.hostStop;
      this.hostStop = null;
      return { reason: "host", code: s.code, message: s.message };
    }
    const fin = this.finisher.state;
    if (fin.status !== FIN_NONE) {
      const r: StopReason = fin.status === FIN_PASS ? { reason: "pass" }
        : fin.status === FIN_FAIL ? { reason: "fail", code: fin.code }
        : { reason: "reset" };
      this.finisher.clear();
      return r;
    }
    if (this.htif !== null) {
      const ev = this.htif.poll(insns, quiescent);
      if (ev.kind === "pass") return { reason: "pass" };
      if (ev.kind === "fail") return { reason: "tohost-fail", test: ev.test };
    }
    if (this.harts.some((h) => h.stopRequested)) return { reason: "host", code: 0, message: "stop requested" };
    return null;
  }

  /** Earliest timer deadline strictly after `now` (any hart, enabled or not), or Infinity. */
  private nextDeadline(now: number): number {
    let best = Infinity;
    for (let i = 0; i < this.harts.length; i++) {
      const c = this.clint.deadlineOf(i);
      if (c > now && c < best) best = c;
      const s = this.harts[i]!.nextTimerDeadline();
      if (s > now && s < best) best = s;
    }
    return best;
  }

  /** Earliest timer deadline that can wake a waiting hart (its interrupt enabled in mie). */
  private wakeDeadline(): number {
    let wake = Infinity;
    for (let i = 0; i < this.harts.length; i++) {
      const h = this.harts[i]!;
      const mie = h.readCsr(CSR_MIE);
      if ((mie & MIP_MTIP) !== 0) wake = Math.min(wake, this.clint.deadlineOf(i));
      if ((mie & MIP_STIP) !== 0) wake = Math.min(wake, h.nextTimerDeadline());
    }
    return wake;
  }

  /** Every hart waits until `wake`: jump there (virtual time) or sleep towards it (wall). */
  private sleepUntil(wake: number, now: number): void {
    if (this.clock.mode === "wall") sleepMs(Math.min(100, Clock.ticksToMs(wake - now)));
    else this.clock.fastForward(wake);
  }

  private traceStep(i: number, h: Hart): number {
    const pa = h.translate(h.pc, ACCESS_FETCH);
    const insn = pa >= 0 && this.bus.isRam(pa, 4) ? this.bus.read(pa, 4) : 0;
    this.trace!(i, h.pc >>> 0, insn);
    return h.step(1);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}
