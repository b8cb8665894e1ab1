/**
 * Hypercall dispatch: a table indexed by hypercall number (no string dispatch on the
 * hot path), the per-call context handlers use to reach guest memory, and the trace.
 *
 * - An `ecall` from guest kernel mode is a hypercall: number in t0 (the transfer page
 *   loads it), arguments a0-a4, result to a0, then pc += 4 (back to the stub's `ret`).
 *   A handler that replaced the context (iret) sets `jumped`: nothing is written back.
 * - Unknown or unimplemented numbers return -ENOSYS.
 * - Handlers return 0, a value or -XEN_E*; they never throw for a guest mistake. A
 *   guest pointer that cannot be used is -EFAULT.
 */
import { XEN_ENOSYS } from "../abi/errno.js";
import { HYPERCALLS } from "../abi/hypercalls.js";
import { NR_HYPERCALL_SLOTS } from "../abi/xen.js";
import { HYPERCALL_NR_REG } from "./transfer_page.js";
import type { FullXen } from "./hypervisor.js";
import type { Domain } from "./domain.js";
import type { Vcpu } from "./vcpu.js";

export type HcHandler = (c: HcCtx, a0: number, a1: number, a2: number, a3: number, a4: number) => number;

/** The context of the hypercall being handled (one per FullXen, reused). */
export class HcCtx {
  readonly xen: FullXen;
  v: Vcpu | null;
  d: Domain | null;
  /** Set by iret: the vCPU's context was replaced; no result is written back. */
  jumped: boolean;
  /** Depth of multicall nesting (1 inside a multicall). */
  mcDepth: number;
  private readonly scratch: Uint8Array;
  private readonly scratchView: DataView;

  constructor(xen: FullXen) {
    this.xen = xen;
    this.v = null;
    this.d = null;
    this.jumped = false;
    this.mcDepth = 0;
    this.scratch = new Uint8Array(8);
    this.scratchView = new DataView(this.scratch.buffer);
  }

  get vcpu(): Vcpu {
    return this.v!;
  }

  get dom(): Domain {
    return this.d!;
  }

  /** Bytes from guest memory, or null (-EFAULT). */
  read(va: number, len: number): Uint8Array | null {
    return this.xen.mem.read(this.d!.mm, this.v!.id, va, len);
  }

  /** Fills `out` from guest memory; false (-EFAULT) when any byte cannot be read. */
  readInto(va: number, out: Uint8Array): boolean {
    return this.xen.mem.readInto(this.d!.mm, this.v!.id, va, out);
  }

  /** A DataView over a copy of guest bytes, or null. */
  view(va: number, len: number): DataView | null {
    const b = this.read(va, len);
    return b === null ? null : new DataView(b.buffer);
  }

  write(va: number, bytes: Uint8Array): boolean {
    return this.xen.mem.write(this.d!.mm, this.v!.id, va, bytes);
  }

  readU32(va: number): number | null {
    return this.xen.mem.readU32(this.d!.mm, this.v!.id, va);
  }

  writeU32(va: number, value: number): boolean {
    return this.xen.mem.writeU32(this.d!.mm, this.v!.id, va, value);
  }

  writeU16(va: number, value: number): boolean {
    this.scratchView.setUint16(0, value & 0xffff, true);
    return this.write(va, this.scratch.subarray(0, 2));
  }
}

const TABLE: (HcHandler | null)[] = new Array<HcHandler | null>(NR_HYPERCALL_SLOTS).fill(null);
const NAMES: string[] = new Array<string>(NR_HYPERCALL_SLOTS).fill("");
for (const h of HYPERCALLS) NAMES[h.nr] = h.name;

/** Installs the handler for hypercall `nr` (at module load; see hypercalls_all.ts). */
export function registerHypercall(nr: number, fn: HcHandler): void {
  if (!Number.isInteger(nr) || nr < 0 || nr >= NR_HYPERCALL_SLOTS) throw new Error(`register hypercall ${nr}: out of range`);
  TABLE[nr] = fn;
}

/** Whether hypercall `nr` has a handler. */
export function hypercallRegistered(nr: number): boolean {
  return nr >= 0 && nr < NR_HYPERCALL_SLOTS && TABLE[nr] !== null;
}

export function hypercallName(nr: number): string {
  return NAMES[nr] || `hypercall_${nr}`;
}

/** Runs hypercall `nr` for the context's vCPU (direct or from a multicall entry). */
export function dispatch(c: HcCtx, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number): number {
  const fn = nr >= 0 && nr < NR_HYPERCALL_SLOTS ? TABLE[nr] : null;
  if (fn === null || fn === undefined) return -XEN_ENOSYS;
  return fn(c, a0, a1, a2, a3, a4);
}

/**
 * One `hypercall` trace record (callers check xen.tracing first). Both hypervisors
 * record every multicall entry as it completes, then the multicall itself
 * (abi/trace.ts); iret's result is the a0 it restored.
 */
export function traceHypercall(xen: FullXen, v: Vcpu, nr: number, a0: number, a1: number, a2: number, a3: number, a4: number, result: number): void {
  const n = nr >>> 0;
  xen.trace({
    kind: "hypercall", dom: v.dom, vcpu: v.id, nr: n, name: n < NR_HYPERCALL_SLOTS ? hypercallName(n) : `hypercall_${n}`,
    args: [a0 >>> 0, a1 >>> 0, a2 >>> 0, a3 >>> 0, a4 >>> 0], result: result | 0,
  });
}

/** An ecall from guest kernel mode. */
export function hypercall(xen: FullXen, v: Vcpu): void {
  const c = xen.hc;
  const r = v.regs;
  const nr = r[HYPERCALL_NR_REG]! >>> 0;
  const a0 = r[10]! >>> 0, a1 = r[11]! >>> 0, a2 = r[12]! >>> 0, a3 = r[13]! >>> 0, a4 = r[14]! >>> 0;
  c.v = v;
  c.d = v.owner as Domain;
  c.jumped = false;
  c.mcDepth = 0;
  const result = dispatch(c, nr, a0, a1, a2, a3, a4) | 0;
  if (!c.jumped) {
    r[10] = result;
    v.pc = (v.pc + 4) >>> 0;
  }
  if (xen.tracing) traceHypercall(xen, v, nr & 127, a0, a1, a2, a3, a4, result);
  c.v = null;
  c.d = null;
}
