/**
 * `pvkit machine run IMAGE [--harts N] [--mem MiB] [--max-insns N] [--input FILE|-] [--trace]`
 *
 * Runs a bare-metal RV32 image on the virt board, streaming its console to stdout.
 * Exit codes (docs/machine.md): 0 pass; the finisher's fail code (1 if it is 0 mod
 * 256); 2 bad arguments or image; 100 tohost sub-test failed; 101 reset requested;
 * 124 instruction limit; 125 hang; 126 stopped by host code; 130 Ctrl-A x; 70 internal
 * error.
 *
 * UART input:
 * - `--input FILE` (a regular file): every byte is queued before the run starts and the
 *   line is closed, so the run is one `Machine.run` call, as without input.
 * - `--input -` (stdin, even a pipe) or `--input FIFO`, and stdin when it is a terminal
 *   and no --input is given: bytes are forwarded as they arrive. The line stays open
 *   until end of file, and the machine runs in slices of SLICE_INSNS so Node's event
 *   loop can deliver input between them; a run where every hart waits for input awaits
 *   the next input event instead of ending as a hang. A terminal is put in raw mode
 *   (restored on every way out); Ctrl-A x ends the run, Ctrl-A Ctrl-A sends Ctrl-A,
 *   Ctrl-A h lists the keys.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { ArgError, intOption, parseArgs } from "./args.js";
import { ElfError, parseElf32 } from "../machine/elf.js";
import { Machine, type RunResult } from "../machine/machine.js";
import type { Uart16550 } from "../machine/devices/uart16550.js";
import { MAX_HARTS, MAX_MEM_MIB, DEFAULT_MEM_MIB } from "../machine/board.js";
import { hex32 } from "../abi/hex.js";

export const EXIT_PASS = 0;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
export const EXIT_TOHOST_FAIL = 100;
export const EXIT_RESET = 101;
export const EXIT_LIMIT = 124;
export const EXIT_HANG = 125;
export const EXIT_HOST = 126;
export const EXIT_QUIT = 130;
export const DEFAULT_MAX_INSNS = 1_000_000_000;
/** Instructions per slice while input is connected: a few milliseconds of guest time. */
export const SLICE_INSNS = 1 << 20;
/** The terminal escape key (Ctrl-A), as in QEMU's -nographic console. */
const ESCAPE = 0x01;

const NAME = "pvkit machine run";
const USAGE = `usage: ${NAME} IMAGE [--harts N] [--mem MiB] [--max-insns N] [--input FILE|-] [--trace]`;
// A terminal in raw mode still turns "\n" into CR LF on output (OPOST stays on).
const KEYS_HELP = "Ctrl-A x  end the run\nCtrl-A Ctrl-A  send Ctrl-A to the guest\nCtrl-A h  this help\n";

export async function main(args: string[]): Promise<number> {
  let opts;
  try {
    const p = parseArgs(args, { flags: ["trace", "help"], options: ["harts", "mem", "max-insns", "input"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_PASS;
    }
    if (p.positional.length !== 1) throw new ArgError(p.positional.length === 0 ? "no IMAGE given" : "more than one IMAGE given");
    opts = {
      image: p.positional[0]!,
      harts: intOption(p, "harts", 1, 1, MAX_HARTS),
      memMiB: intOption(p, "mem", DEFAULT_MEM_MIB, 1, MAX_MEM_MIB),
      maxInsns: intOption(p, "max-insns", DEFAULT_MAX_INSNS, 1, Number.MAX_SAFE_INTEGER),
      trace: p.flags.has("trace"),
      input: p.options.get("input"),
    };
    if (opts.input === "") throw new ArgError("--input needs a file name or -");
  } catch (e) {
    if (e instanceof ArgError) return usageError(`${e.message} (try --help)`);
    throw e;
  }

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(opts.image);
  } catch (e) {
    return usageError(`cannot read ${opts.image}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }

  // Input is read (or opened) before the machine is built, so a bad --input is exit 2.
  let source: InputSource;
  try {
    source = openSource(opts.input);
  } catch (e) {
    return usageError(`cannot read --input ${opts.input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }

  const out = new ConsoleOut();
  const machine = new Machine({ harts: opts.harts, memMiB: opts.memMiB, console: (b) => out.byte(b) });
  try {
    machine.load(parseElf32(bytes));
  } catch (e) {
    if (e instanceof ElfError) return usageError(`bad image ${opts.image}: ${e.message}`);
    throw e;
  }
  let traceLines: string[] = [];
  if (opts.trace) {
    machine.setTrace((h, pc, insn) => {
      traceLines.push(`${h} ${hex32(pc)} ${hex32(insn)}\n`);
      if (traceLines.length >= 512) {
        process.stderr.write(traceLines.join(""));
        traceLines = [];
      }
    });
  }

  let result: RunResult | "quit";
  let feed: InputFeed | null = null;
  try {
    if (source.kind === "bytes") machine.uart.pushInput(source.bytes);
    if (source.kind === "stream") {
      feed = new InputFeed(machine.uart, source.stream, source.terminal);
      result = await runSliced(machine, opts.maxInsns, feed, out);
    } else {
      result = machine.run(opts.maxInsns);
    }
  } catch (e) {
    feed?.close();
    out.flush();
    process.stderr.write(`${NAME}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_INTERNAL;
  }
  feed?.close();
  out.flush();
  if (traceLines.length > 0) process.stderr.write(traceLines.join(""));
  for (const n of machine.notes) process.stderr.write(`${n}\n`);
  if (result === "quit") {
    process.stderr.write(`${source.kind === "stream" && source.terminal ? "\n" : ""}stopped: Ctrl-A x\n`);
    return EXIT_QUIT;
  }
  return report(result, machine, opts.maxInsns, source.kind !== "none");
}

/**
 * Runs in slices of SLICE_INSNS while input is connected, yielding to the event loop
 * between slices (so input is delivered) and waiting for the next input event when
 * every hart waits for input. `insns` in the result counts every slice.
 */
async function runSliced(machine: Machine, maxInsns: number, feed: InputFeed, out: ConsoleOut): Promise<RunResult | "quit"> {
  let total = 0;
  for (;;) {
    const r = machine.run(Math.min(SLICE_INSNS, maxInsns - total));
    total += r.insns;
    out.flush(); // a guest echoing keys prints no newline
    if (r.reason === "limit" && total < maxInsns) await feed.yieldToHost();
    else if (r.reason === "input") await feed.nextEvent();
    else return { ...r, insns: total };
    if (feed.quit) return "quit";
  }
}

function report(r: RunResult, m: Machine, maxInsns: number, hadInput: boolean): number {
  const pcs = m.harts.map((h) => hex32(h.pc)).join(", ");
  const at = m.harts.length === 1 ? `at pc ${pcs}` : `at pcs ${pcs}`;
  switch (r.reason) {
    case "pass":
      return EXIT_PASS;
    case "fail":
      process.stderr.write(`stopped: finisher reported failure code ${r.code}\n`);
      return r.code % 256 === 0 ? 1 : r.code % 256;
    case "tohost-fail":
      process.stderr.write(`tohost: sub-test ${r.test} failed\n`);
      return EXIT_TOHOST_FAIL;
    case "reset":
      process.stderr.write(`stopped: guest requested a reset ${at}\n`);
      return EXIT_RESET;
    case "limit":
      process.stderr.write(`stopped: instruction limit ${maxInsns} reached ${at}\n`);
      return EXIT_LIMIT;
    case "hang":
    case "input": // only while input is connected, and runSliced waits instead of returning it
      process.stderr.write(`stopped: every hart waits in WFI with no interrupt that can wake it${hadInput ? " (input has ended)" : ""}, ${at}\n`);
      return EXIT_HANG;
    case "host":
      process.stderr.write(`stopped: ${r.message} (code ${r.code})\n`);
      return EXIT_HOST;
  }
}

function usageError(message: string): number {
  process.stderr.write(`${NAME}: ${message}\n`);
  return EXIT_USAGE;
}


/** Streams console bytes to stdout a line (or 4 KiB) at a time. */
class ConsoleOut {
  private buf: Uint8Array;
  private len: number;
  constructor() {
    this.buf = new Uint8Array(4096);
    this.len = 0;
  }
  byte(b: number): void {
    this.buf[this.len++] = b;
    if (b === 0x0a || this.len === this.buf.length) this.flush();
  }
  flush(): void {
    if (this.len === 0) return;
    process.stdout.write(Buffer.from(this.buf.subarray(0, this.len)));
    this.len = 0;
  }
}

type InputSource =
  | { kind: "none" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "stream"; stream: NodeJS.ReadableStream; terminal: boolean };

/**
 * Where UART input comes from: a regular file is read whole; `-`, a FIFO or a device
 * is streamed; no --input streams stdin only when it is a terminal. Throws the fs error
 * for a file that cannot be opened.
 */
function openSource(input: string | undefined): InputSource {
  if (input === undefined) {
    return process.stdin.isTTY ? { kind: "stream", stream: process.stdin, terminal: true } : { kind: "none" };
  }
  if (input === "-") return { kind: "stream", stream: process.stdin, terminal: process.stdin.isTTY === true };
  if (statSync(input).isFile()) return { kind: "bytes", bytes: readFileSync(input) };
  return { kind: "stream", stream: createReadStream(input), terminal: false };
}

/**
 * Connects a byte stream to the UART: opens its line, pushes every chunk, closes the
 * line at end of file (or on a read error, noted on stderr). On a terminal it also
 * holds raw mode and the Ctrl-A escape; `close` undoes everything and is idempotent.
 */
class InputFeed {
  /** Set by Ctrl-A x. */
  quit: boolean;
  private readonly uart: Uart16550;
  private readonly stream: NodeJS.ReadableStream;
  private readonly terminal: boolean;
  private readonly escape: EscapeFilter;
  private waiter: (() => void) | null;
  private closed: boolean;
  private readonly onData: (chunk: Buffer | string) => void;
  private readonly onEnd: () => void;
  private readonly onError: (e: Error) => void;
  private readonly restore: () => void;

  constructor(uart: Uart16550, stream: NodeJS.ReadableStream, terminal: boolean) {
    this.quit = false;
    this.uart = uart;
    this.stream = stream;
    this.terminal = terminal;
    this.escape = new EscapeFilter();
    this.waiter = null;
    this.closed = false;
    this.onData = (chunk) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
      if (this.terminal) {
        const keys = this.escape.feed(bytes);
        if (keys.help) process.stderr.write(`\n${KEYS_HELP}`);
        if (keys.quit) this.quit = true;
        this.uart.pushInput(keys.bytes);
      } else {
        this.uart.pushInput(bytes);
      }
      this.wake();
    };
    this.onEnd = () => {
      this.uart.closeInput();
      this.wake();
    };
    this.onError = (e) => {
      process.stderr.write(`${NAME}: input: ${(e as NodeJS.ErrnoException).code ?? e.message}; treating it as end of file\n`);
      this.onEnd();
    };
    this.restore = () => {
      if (this.terminal && process.stdin.isTTY) process.stdin.setRawMode(false);
    };
    uart.openInput();
    if (terminal && process.stdin.isTTY) {
      process.stdin.setRawMode(true);
      process.once("exit", this.restore); // even if something throws past close()
    }
    stream.on("data", this.onData);
    stream.on("end", this.onEnd);
    stream.on("error", this.onError);
    stream.resume();
  }

  /** Resolves after pending I/O callbacks have run (setImmediate runs after the poll phase). */
  yieldToHost(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Resolves at the next input event: bytes, end of file or Ctrl-A x. */
  nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.removeListener("data", this.onData);
    this.stream.removeListener("end", this.onEnd);
    this.stream.removeListener("error", this.onError);
    this.restore();
    process.removeListener("exit", this.restore);
    this.stream.pause();
    if ("destroy" in this.stream && typeof this.stream.destroy === "function") this.stream.destroy();
    this.uart.closeInput();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}

/**
 * The terminal escape (QEMU -nographic style): Ctrl-A x quits, Ctrl-A Ctrl-A sends one
 * Ctrl-A, Ctrl-A h (or ?) asks for the key list, and any other key after Ctrl-A is
 * dropped. A Ctrl-A at the end of one chunk pairs with the first byte of the next.
 */
export class EscapeFilter {
  private escaped = false;

  /** Returns the bytes for the guest and what the keys asked for. */
  feed(bytes: Iterable<number>): { bytes: number[]; quit: boolean; help: boolean } {
    const out: number[] = [];
    let quit = false;
    let help = false;
    for (const b of bytes) {
      if (!this.escaped) {
        if (b === ESCAPE) this.escaped = true;
        else out.push(b);
        continue;
      }
      this.escaped = false;
      if (b === ESCAPE) out.push(b);
      else if (b === 0x78 || b === 0x58) quit = true; // x X
      else if (b === 0x68 || b === 0x48 || b === 0x3f) help = true; // h H ?
    }
    return { bytes: out, quit, help };
  }
}
