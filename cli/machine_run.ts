/**
 * `pvkit machine run IMAGE [--harts N] [--mem MiB] [--max-insns N] [--trace]`
 *
 * Runs a bare-metal RV32 image on the virt board, streaming its console to stdout.
 * Exit codes (docs/machine.md): 0 pass; the finisher's fail code (1 if it is 0 mod
 * 256); 2 bad arguments or image; 100 tohost sub-test failed; 101 reset requested;
 * 124 instruction limit; 125 hang; 126 stopped by host code; 70 internal error.
 */
import { readFileSync } from "node:fs";
import { ArgError, intOption, parseArgs } from "./args.js";
import { ElfError, parseElf32 } from "../machine/elf.js";
import { Machine, type RunResult } from "../machine/machine.js";
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
export const DEFAULT_MAX_INSNS = 1_000_000_000;

const NAME = "pvkit machine run";
const USAGE = `usage: ${NAME} IMAGE [--harts N] [--mem MiB] [--max-insns N] [--trace]`;

export async function main(args: string[]): Promise<number> {
  let opts;
  try {
    const p = parseArgs(args, { flags: ["trace", "help"], options: ["harts", "mem", "max-insns"] });
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
    };
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

  let result: RunResult;
  try {
    result = machine.run(opts.maxInsns);
  } catch (e) {
    out.flush();
    process.stderr.write(`${NAME}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_INTERNAL;
  }
  out.flush();
  if (traceLines.length > 0) process.stderr.write(traceLines.join(""));
  for (const n of machine.notes) process.stderr.write(`${n}\n`);
  return report(result, machine, opts.maxInsns);
}

function report(r: RunResult, m: Machine, maxInsns: number): number {
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
      process.stderr.write(`stopped: every hart waits in WFI with no interrupt that can wake it, ${at}\n`);
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
