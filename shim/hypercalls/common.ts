/**
 * What every hypercall handler shares: its signature, the "does not return"
 * sentinel, and copying argument structs in and out of guest memory.
 *
 * A handler gets the five argument registers as u32 and returns the value for a0
 * (0, a count, or -XEN_E*), never throwing for a guest mistake. A handler that
 * set the guest's registers itself (iret) returns NO_RETURN.
 */
import type { Domain } from "../domain.js";
import { XEN_EFAULT } from "../../abi/errno.js";
import { DOMID_SELF } from "../../abi/xen.js";
import type { StructLayout } from "../../abi/layout.js";
import { HYPERCALLS } from "../../abi/hypercalls.js";

const NAMES: string[] = [];
for (const h of HYPERCALLS) NAMES[h.nr] = h.name;

/** Records one hypercall in the domain's trace (callers check d.trace first). */
export function traceCall(d: Domain, nr: number, args: readonly number[], result: number): void {
  d.trace?.({
    kind: "hypercall", dom: d.domid, vcpu: d.cur.id, nr, name: NAMES[nr] ?? `hypercall_${nr}`,
    args: [args[0]! >>> 0, args[1]! >>> 0, args[2]! >>> 0, args[3]! >>> 0, args[4]! >>> 0], result: result | 0,
  });
}

export type HypercallFn = (d: Domain, a0: number, a1: number, a2: number, a3: number, a4: number) => number;

/** Not an i32: the handler resumed the guest elsewhere; a0 and pc are left as it set them. */
export const NO_RETURN = 0x1_0000_0000;
export const EFAULT = -XEN_EFAULT;

/** A copy of a guest struct as a DataView, or null (-EFAULT) when unreadable. */
export function copyIn(d: Domain, va: number, layout: StructLayout): DataView | null {
  const b = d.mem.read(va, layout.size);
  return b === null ? null : new DataView(b.buffer);
}

/** Writes a (possibly modified) struct copy back; false on fault. */
export function copyOut(d: Domain, va: number, v: DataView): boolean {
  return d.mem.write(va, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** DOMID_SELF or the domain's own id. */
export const isSelf = (d: Domain, domid: number): boolean => domid === DOMID_SELF || domid === d.domid;

/** u64 from two halves of a DataView at `off` as a double (exact below 2^53). */
export function u64(v: DataView, off: number): number {
  return v.getUint32(off + 4, true) * 0x1_0000_0000 + v.getUint32(off, true);
}
