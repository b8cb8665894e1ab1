/**
 * microxen's public entry: build the domain, run it, report how it ended.
 */
import type { RunResult } from "../machine/machine.js";
import { buildDomain, type BuiltDomain, type MicroxenOptions } from "./build.js";
import { STOP_SHUTDOWN } from "./deliver.js";

export type MicroxenOutcome =
  | { kind: "shutdown"; reason: number; code: number; fault: string | null }
  | { kind: "limit" }
  | { kind: "hang" }
  | { kind: "machine"; detail: string };

export interface MicroxenRun {
  outcome: MicroxenOutcome;
  insns: number;
}

export class Microxen {
  readonly built: BuiltDomain;

  constructor(o: MicroxenOptions) {
    this.built = buildDomain(o);
  }

  /** Runs until the domain shuts down, `maxInsns` instructions, or nothing can happen any more. */
  run(maxInsns: number): MicroxenRun {
    const r: RunResult = this.built.machine.run(maxInsns);
    const d = this.built.domain;
    if (d.shutdown !== null) return { outcome: { kind: "shutdown", ...d.shutdown }, insns: r.insns };
    if (r.reason === "limit") return { outcome: { kind: "limit" }, insns: r.insns };
    if (r.reason === "hang") return { outcome: { kind: "hang" }, insns: r.insns };
    const detail = r.reason === "host" ? `${r.message} (${r.code === STOP_SHUTDOWN ? "shutdown" : r.code})` : r.reason;
    return { outcome: { kind: "machine", detail }, insns: r.insns };
  }
}

/** Builds and runs an image in one call. */
export function runMicroxen(o: MicroxenOptions, maxInsns: number): MicroxenRun {
  return new Microxen(o).run(maxInsns);
}
