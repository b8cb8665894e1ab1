/**
 * Compares two runs of one image (certify): console line by line, how the domain
 * ended, and the hypercall trace record by record, with the values that may
 * legitimately differ between hypervisors masked.
 *
 * What is masked (docs/conformance.md "What certify masks"):
 * - Argument registers a hypercall does not take. The table in abi/hypercalls.ts
 *   gives each call's arguments (a uint64_t takes two registers); the registers
 *   after them hold whatever the guest's code left there, which is not ABI.
 * - Machine frame numbers. The guest hands them over in PTE values
 *   (update_va_mapping[_otherdomain] `val`: the PPN field, bits 31..10 of the low
 *   word, and the high word) and gets them back from XENMEM_maximum_ram_page.
 *   PTE flag bits (9..0) are compared. MFNs inside guest memory (mmu_update,
 *   mmuext_op requests) are behind pointers and never reach the trace.
 * - Nothing else: domain ids, vCPUs, pointers, results, trap and event records and
 *   the shutdown record are compared as they are.
 */
import { hypercallByNr } from "../../abi/hypercalls.js";
import { XENMEM_maximum_ram_page } from "../../abi/memory.js";
import { HYPERVISOR_memory_op, HYPERVISOR_update_va_mapping, HYPERVISOR_update_va_mapping_otherdomain } from "../../abi/xen.js";
import { SHUTDOWN_NAMES } from "../../abi/sched.js";
import type { TraceRecord } from "../../abi/trace.js";
import type { GuestRun } from "./run_guest.js";

/** One comparable field: `shown` is what the report prints; `key` is what is compared. */
interface Cell { shown: string; key: string }

export interface Row {
  /** 1-based position in its section. */
  index: number;
  left: string | null;
  right: string | null;
  same: boolean;
}

export interface Section {
  title: string;
  rows: Row[];
  divergent: number;
}

export interface Comparison {
  leftName: string;
  rightName: string;
  same: boolean;
  sections: Section[];
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
const MASKED_MFN = "<mfn>";

/** How many argument registers call `nr` takes (5 for a number the table does not know). */
export function argRegisters(nr: number): number {
  const h = hypercallByNr(nr);
  if (h === undefined) return 5;
  let n = 0;
  for (const a of h.args) n += a.ctype === "uint64_t" ? 2 : 1;
  return Math.min(n, 5);
}

function argCell(nr: number, i: number, v: number): Cell {
  const isPte = nr === HYPERVISOR_update_va_mapping || nr === HYPERVISOR_update_va_mapping_otherdomain;
  if (isPte && i === 1) {
    const flags = `0x${(v & 0x3ff).toString(16).padStart(3, "0")}`;
    return { shown: `${MASKED_MFN}|${flags}`, key: `pte:${v & 0x3ff}` };
  }
  if (isPte && i === 2) return { shown: MASKED_MFN, key: "pte-hi" };
  return { shown: hex(v), key: String(v >>> 0) };
}

function resultCell(r: Extract<TraceRecord, { kind: "hypercall" }>): Cell {
  if (r.nr === HYPERVISOR_memory_op && (r.args[0]! & 0xffff) === XENMEM_maximum_ram_page && r.result >= 0) {
    return { shown: MASKED_MFN, key: "mfn" };
  }
  return { shown: String(r.result), key: String(r.result) };
}

/** A trace record as printed in the report and as compared. */
export function traceCell(r: TraceRecord): Cell {
  switch (r.kind) {
    case "hypercall": {
      const n = argRegisters(r.nr);
      const args = r.args.slice(0, n).map((v, i) => argCell(r.nr, i, v));
      const res = resultCell(r);
      return {
        shown: `d${r.dom}v${r.vcpu} ${r.name}(${args.map((a) => a.shown).join(", ")}) = ${res.shown}`,
        key: `h ${r.dom} ${r.vcpu} ${r.nr} ${args.map((a) => a.key).join(",")} ${res.key}`,
      };
    }
    case "trap": {
      const s = `d${r.dom}v${r.vcpu} trap cause ${r.cause} pc ${hex(r.pc)} stval ${hex(r.stval)} -> ${hex(r.handler)}`;
      return { shown: s, key: s };
    }
    case "event": {
      const s = `d${r.dom}v${r.vcpu} event pc ${hex(r.pc)} sel ${hex(r.sel)} -> ${hex(r.handler)}`;
      return { shown: s, key: s };
    }
    case "shutdown": {
      const s = `d${r.dom} shutdown ${SHUTDOWN_NAMES[r.reason] ?? r.reason} (code ${r.code})`;
      return { shown: s, key: s };
    }
  }
}

function section(title: string, left: readonly Cell[], right: readonly Cell[]): Section {
  const rows: Row[] = [];
  let divergent = 0;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const a = left[i];
    const b = right[i];
    const same = a !== undefined && b !== undefined && a.key === b.key;
    if (!same) divergent++;
    rows.push({ index: i + 1, left: a?.shown ?? null, right: b?.shown ?? null, same });
  }
  return { title, rows, divergent };
}

const plain = (s: string): Cell => ({ shown: s, key: s });

/** How a run ended, as one comparable line. */
export function endingOf(r: GuestRun): string {
  const why = r.reason >= 0 ? (SHUTDOWN_NAMES[r.reason] ?? `reason ${r.reason}`) : "-";
  switch (r.ended) {
    case "shutdown": return `shutdown ${why}`;
    case "crashed": return `crashed by the hypervisor (${why})`;
    default: return `${r.ended}: ${r.detail}`;
  }
}

/** Compares two runs; traces are compared only when both have one. */
export function compareRuns(a: GuestRun, b: GuestRun, leftName = a.target, rightName = b.target): Comparison {
  const sections = [
    section("console", a.lines.map(plain), b.lines.map(plain)),
    section("shutdown", [plain(endingOf(a))], [plain(endingOf(b))]),
  ];
  if (a.trace !== null && b.trace !== null) sections.push(section("hypercall trace", a.trace.map(traceCell), b.trace.map(traceCell)));
  return { leftName, rightName, same: sections.every((s) => s.divergent === 0), sections };
}
