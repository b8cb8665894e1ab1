/**
 * `pvkit run --on microxen`: builds the domain with shim/, streams its console to
 * stdout, writes the trace (JSON lines, abi/trace.ts) and maps how the domain
 * ended to the exit codes of cli/run.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Microxen, MicroxenError, type MicroxenRun } from "../shim/index.js";
import { formatTraceRecord } from "../abi/trace.js";
import { SHUTDOWN_NAMES, SHUTDOWN_poweroff } from "../abi/sched.js";
import {
  EXIT_FAULT, EXIT_HANG, EXIT_INTERNAL, EXIT_LIMIT, EXIT_POWEROFF, EXIT_SHUTDOWN_BASE, EXIT_USAGE, type RunOptions,
} from "./run.js";

const NAME = "pvkit run";

/** Exit code for a finished run (see cli/run.ts). */
export function exitCodeOf(r: MicroxenRun): number {
  const o = r.outcome;
  switch (o.kind) {
    case "shutdown":
      if (o.fault !== null) return EXIT_FAULT;
      return o.reason === SHUTDOWN_poweroff ? EXIT_POWEROFF : EXIT_SHUTDOWN_BASE + o.reason;
    case "limit": return EXIT_LIMIT;
    case "hang": return EXIT_HANG;
    case "machine": return EXIT_INTERNAL;
  }
}

/** One line for stderr saying how the run ended. */
export function describe(r: MicroxenRun): string {
  const o = r.outcome;
  switch (o.kind) {
    case "shutdown":
      return o.fault !== null ? `microxen: domain crashed: ${o.fault}`
        : `microxen: domain shut down: ${SHUTDOWN_NAMES[o.reason] ?? `reason ${o.reason}`}${o.code >= 0 ? ` (code ${o.code})` : ""}`;
    case "limit": return `microxen: stopped after ${r.insns} instructions (limit)`;
    case "hang": return "microxen: the domain is blocked and no timer can wake it";
    case "machine": return `microxen: machine stopped: ${o.detail}`;
  }
}

export async function runMicroxenCommand(o: RunOptions): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(o.image);
  } catch (e) {
    process.stderr.write(`${NAME}: cannot read ${o.image}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return EXIT_USAGE;
  }
  const out: number[] = [];
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(Buffer.from(out));
    out.length = 0;
  };
  const trace: string[] = [];
  let mx: Microxen;
  try {
    mx = new Microxen({
      image: bytes, profile: o.profile, ...(o.memMiB !== undefined ? { memMiB: o.memMiB } : {}),
      ...(o.harts !== undefined ? { harts: o.harts } : {}),
      console: (b) => {
        out.push(b);
        if (b === 0x0a || out.length >= 4096) flush();
      },
      ...(o.trace !== null ? { trace: (r) => void trace.push(formatTraceRecord(r)) } : {}),
    });
  } catch (e) {
    if (e instanceof MicroxenError) {
      process.stderr.write(`${NAME}: ${o.image}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const r = mx.run(o.maxInsns);
  flush();
  if (o.trace !== null) writeFileSync(o.trace, trace.join(""));
  process.stderr.write(`${describe(r)}\n`);
  return exitCodeOf(r);
}
