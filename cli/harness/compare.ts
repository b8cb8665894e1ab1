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
 *   word; the high word of an Sv32 PTE is 0 and compared exactly) and gets them back
 *   from XENMEM_maximum_ram_page.
 *   PTE flag bits (9..0) are compared except U and G: those belong to the
 *   hypervisor (DESIGN.md §7, docs/abi.md), full Xen stores leaves with U=1 and
 *   G=0, and a guest that writes back an entry it read passes them on. MFNs
 *   inside guest memory (mmu_update,
 *   mmuext_op requests) are behind pointers and never reach the trace.
 * - Where inside the transfer page, or the hypervisor hole, the guest was when a
 *   trap or event came. Each hypervisor writes its own stubs (DESIGN.md §3-4: how a
 *   stub reaches the hypervisor is the hypervisor's business), so a pc in the
 *   transfer page is compared by slot (`hcpage[slot]`), and a pc in the hole as
 *   `hole`. Handlers and every pc in the guest's own code are compared exactly.
 * - Console: a hex number (0x...) that names a frame of the run's machine RAM, as
 *   a frame number or as a machine address, is shown and compared as `<mfn>` /
 *   `<maddr>`: a guest printing its start_info (shared_info, console and store
 *   frames) prints values each hypervisor chose. Decimal numbers and hex numbers
 *   outside RAM (guest virtual addresses, flags, results) are compared exactly.
 * - Nothing else: domain ids, vCPUs, pointers, results, trap and event records and
 *   the shutdown record are compared as they are.
 */
import { hypercallByNr } from "../../abi/hypercalls.js";
import { XENMEM_maximum_ram_page } from "../../abi/memory.js";
import { HYPERVISOR_memory_op, HYPERVISOR_update_va_mapping, HYPERVISOR_update_va_mapping_otherdomain } from "../../abi/xen.js";
import { SHUTDOWN_NAMES } from "../../abi/sched.js";
import type { TraceRecord } from "../../abi/trace.js";
import type { GuestRun } from "./run_guest.js";
import { TRANSFER_PAGE_SIZE, TRANSFER_SLOT_SIZE } from "../../abi/transfer_page.js";
import { HYPERVISOR_VIRT_START } from "../../abi/xen.js";

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

/** Sv32 PTE bits 9..0 without U (bit 4) and G (bit 5), which belong to the hypervisor. */
const PTE_GUEST_FLAGS = 0x3ff & ~0x30;

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
    const flags = v & PTE_GUEST_FLAGS;
    return { shown: `${MASKED_MFN}|0x${flags.toString(16).padStart(3, "0")}`, key: `pte:${flags}` };
  }
  // i === 2, the PTE's high word: an Sv32 PTE is 32 bits, so it is 0 unless the guest
  // errs, and it is compared exactly like any other argument.
  return { shown: hex(v), key: String(v >>> 0) };
}

function resultCell(r: Extract<TraceRecord, { kind: "hypercall" }>): Cell {
  if (r.nr === HYPERVISOR_memory_op && (r.args[0]! & 0xffff) === XENMEM_maximum_ram_page && r.result >= 0) {
    return { shown: MASKED_MFN, key: "mfn" };
  }
  return { shown: String(r.result), key: String(r.result) };
}

/** A guest pc: exact, except inside the transfer page (by slot) and the hole. */
function pcText(pc: number, transferPage: number | null): string {
  const v = pc >>> 0;
  if (transferPage !== null && v >= transferPage && v < transferPage + TRANSFER_PAGE_SIZE) {
    return `hcpage[${Math.floor((v - transferPage) / TRANSFER_SLOT_SIZE)}]`;
  }
  if (v >= HYPERVISOR_VIRT_START) return "hole";
  return hex(v);
}

/**
 * A trace record as printed in the report and as compared. `transferPage` is the
 * VA of the image's hypercall page (null: pcs are compared exactly).
 */
export function traceCell(r: TraceRecord, transferPage: number | null = null): Cell {
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
      const s = `d${r.dom}v${r.vcpu} trap cause ${r.cause} pc ${pcText(r.pc, transferPage)} stval ${hex(r.stval)} -> ${hex(r.handler)}`;
      return { shown: s, key: s };
    }
    case "event": {
      const s = `d${r.dom}v${r.vcpu} event pc ${pcText(r.pc, transferPage)} sel ${hex(r.sel)} -> ${hex(r.handler)}`;
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

/** A console line with the run's machine frame numbers and addresses masked. */
export function consoleCell(line: string, ram: { base: number; bytes: number }): Cell {
  if (ram.bytes === 0) return plain(line);
  const lo = ram.base / 4096;
  const hi = (ram.base + ram.bytes) / 4096;
  const masked = line.replace(/\b0x[0-9a-fA-F]{1,8}\b/g, (t) => {
    const v = parseInt(t, 16);
    if (v >= lo && v < hi) return MASKED_MFN;
    if (v >= ram.base && v < ram.base + ram.bytes) return "<maddr>";
    return t;
  });
  return { shown: line, key: masked };
}

/** How a run ended, as one comparable line. */
export function endingOf(r: GuestRun): string {
  const why = r.reason >= 0 ? (SHUTDOWN_NAMES[r.reason] ?? `reason ${r.reason}`) : "-";
  switch (r.ended) {
    case "shutdown": return `shutdown ${why}`;
    case "crashed": return `crashed by the hypervisor (${why})`;
    default: return `${r.ended}: ${r.detail}`;
  }
}

export interface CompareOptions {
  leftName?: string;
  rightName?: string;
  /** VA of the image's hypercall page (abi/image.ts GuestImage.hypercallPage). */
  transferPage?: number | null;
}

/** Compares two runs; traces are compared only when both have one. */
export function compareRuns(a: GuestRun, b: GuestRun, o: CompareOptions = {}): Comparison {
  const tp = o.transferPage ?? null;
  const leftName = o.leftName ?? a.target;
  const rightName = o.rightName ?? b.target;
  const sections = [
    section("console", a.lines.map((l) => consoleCell(l, a.ram)), b.lines.map((l) => consoleCell(l, b.ram))),
    section("shutdown", [plain(endingOf(a))], [plain(endingOf(b))]),
  ];
  if (a.trace !== null && b.trace !== null) sections.push(section("hypercall trace", a.trace.map((r) => traceCell(r, tp)), b.trace.map((r) => traceCell(r, tp))));
  return { leftName, rightName, same: sections.every((s) => s.divergent === 0), sections };
}
