/**
 * Resolving the `foreigndom` argument of mmu_update / mmuext_op (Xen's get_pg_owner).
 *
 * - DOMID_SELF: the caller.
 * - The caller's own domid spelled out: -ESRCH (Xen refuses "itself as foreign").
 * - DOMID_IO / DOMID_XEN / an unknown domain: -ESRCH (this layer has no dom_io).
 * - Another domain: only a privileged caller may act on it (-EPERM otherwise, Xen's
 *   XSM_TARGET check).
 */
import { XEN_EPERM, XEN_ESRCH } from "../../abi/errno.js";
import { DOMID_SELF } from "../../abi/xen.js";
import type { MmContext } from "./context.js";
import type { MmDomain } from "./domain.js";

/** The page owner named by `domid` for `curr`, or -XEN_E*. */
export function resolvePgOwner(ctx: MmContext, curr: MmDomain, domid: number): MmDomain | number {
  domid &= 0xffff;
  if (domid === DOMID_SELF) return curr;
  if (domid === curr.domid) return -XEN_ESRCH;
  const d = ctx.domain(domid);
  if (d === null) return -XEN_ESRCH;
  if (!curr.isPrivileged) return -XEN_EPERM;
  return d;
}

/** The page-table owner named by bits 31:16 of mmu_update's foreigndom (0 = caller, x = domain x-1). */
export function resolvePtOwner(ctx: MmContext, curr: MmDomain, foreigndom: number): MmDomain | number {
  const pfd = (foreigndom >>> 16) & 0xffff;
  if (pfd === 0) return curr;
  const d = ctx.domain(pfd - 1);
  if (d === null) return -XEN_ESRCH;
  if (d !== curr && !curr.isPrivileged) return -XEN_EPERM;
  return d;
}
