/**
 * microxen's public entry: build the domain, run it, report how it ended.
 */
import type { RunResult } from "../machine/machine.js";
import type { Hart } from "../machine/hart.js";
import { CSR_MIE, CSR_MIP } from "../machine/csr.js";
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
    const m = this.built.machine;
    let r: RunResult = m.run(maxInsns);
    // The machine counts a hart it skipped as waiting for the whole round, even when a
    // later hart's IPI woke it; its 'hang' is only believed when every hart still waits.
    let insns = r.insns;
    while (r.reason === "hang" && insns < maxInsns && m.harts.some((h) => !waiting(h))) {
      r = m.run(maxInsns - insns);
      insns += r.insns;
      if (r.insns === 0) break; // no hart could run after all: the hang stands
    }
    r = { ...r, insns };
    const d = this.built.domain;
    if (d.shutdown !== null) return { outcome: { kind: "shutdown", ...d.shutdown }, insns: r.insns };
    if (r.reason === "limit") return { outcome: { kind: "limit" }, insns: r.insns };
    if (r.reason === "hang") return { outcome: { kind: "hang" }, insns: r.insns };
    const detail = r.reason === "host" ? `${r.message} (${r.code === STOP_SHUTDOWN ? "shutdown" : r.code})` : r.reason;
    return { outcome: { kind: "machine", detail }, insns: r.insns };
  }
}

/** True when the hart waits in WFI and no enabled interrupt is pending. */
function waiting(h: Hart): boolean {
  return h.wfi && (h.readCsr(CSR_MIP) & h.readCsr(CSR_MIE)) === 0;
}

/** Builds and runs an image in one call. */
export function runMicroxen(o: MicroxenOptions, maxInsns: number): MicroxenRun {
  return new Microxen(o).run(maxInsns);
}
