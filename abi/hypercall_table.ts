/**
 * The shape of the one hypercall table (CONVENTIONS §2). The data is in
 * hypercalls.ts; each hypervisor declares how it handles every entry in its own
 * HandlingTable (shim/handling.ts, fullxen/handling.ts). Dispatch, docs and C
 * headers are all generated from these.
 */

/**
 * inline: done by native code in the transfer page (microxen only);
 * local: done by the hypervisor without type checks;
 * checked: done by the hypervisor with full validation (page types, ownership);
 * unsupported: returns -ENOSYS (or -EOPNOTSUPP for a sub-op) as Xen does.
 */
export type Handling = "inline" | "local" | "checked" | "unsupported";

export interface HypercallArg {
  name: string;
  /** C type, e.g. "unsigned int", "XEN_GUEST_HANDLE(mmu_update_t)". */
  ctype: string;
  doc: string;
}

export interface SubOp {
  /** Xen's spelling, e.g. "EVTCHNOP_send". */
  name: string;
  value: number;
  /** Name of the argument layout in ALL_STRUCTS, or null when the argument is unused/NULL. */
  struct: string | null;
  doc: string;
  errors: string[];
}

export interface Hypercall {
  /** Xen's number, e.g. 1. */
  nr: number;
  /** Xen's name without __HYPERVISOR_, e.g. "mmu_update". */
  name: string;
  args: HypercallArg[];
  /** Prose for the result. */
  returns: string;
  doc: string;
  notes: string[];
  /** Empty when the call has none. */
  subops: SubOp[];
  /** errno names, e.g. ["EINVAL", "EFAULT"]. */
  errors: string[];
  /** Names of layouts in ALL_STRUCTS this call uses. */
  structs: string[];
}

export interface HandlingEntry {
  handling: Handling;
  note?: string;
  subops?: Record<string, Handling>;
}

export interface HandlingTable {
  hypervisor: "microxen" | "fullxen";
  /** Keyed by Hypercall.name; sub-ops keyed by SubOp.name. */
  calls: Record<string, HandlingEntry>;
}
