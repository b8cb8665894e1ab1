/**
 * memory_op and grant_table_op.
 *
 * memory_op (cmd bits 0-5 the sub-op, bits 6+ the start extent of a continuation):
 * - increase_reservation / populate_physmap / decrease_reservation work extent by
 *   extent: each array element is read (and written) on its own, so every element's
 *   address is checked, not just the array's (XSA-212). A fault stops the batch; the
 *   result is the number of extents done. New frames are scrubbed (never leak another
 *   domain's data). Another domain needs privilege (-EPERM); unknown: -ESRCH. The
 *   reservation stays within max_pages (the hypervisor's own frames in the domain do
 *   not count either way).
 * - current/maximum_reservation, maximum_gpfn take a domid_t; maximum_ram_page the
 *   highest RAM frame; memory_map one RAM region covering the domain's pfns.
 * - machphys_mfn_list, add_to_physmap (no translated guests), machine_memory_map and
 *   exchange: -EOPNOTSUPP; unknown sub-ops -ENOSYS.
 *
 * grant_table_op: setup_table (count must be 1; frames are domain frames the
 * hypervisor holds, up to GNTTAB_MAX_FRAMES), query_size and get_version (v1). Per-op
 * failures go in the struct's status (GNTST_*); every other sub-op is -EOPNOTSUPP.
 */
import { XEN_EFAULT, XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM, XEN_ESRCH } from "../abi/errno.js";
import {
  XENMEM_current_reservation, XENMEM_decrease_reservation, XENMEM_increase_reservation, XENMEM_maximum_gpfn,
  XENMEM_maximum_ram_page, XENMEM_maximum_reservation, XENMEM_memory_map, XENMEM_populate_physmap,
  MEMOP_CMD_MASK, MEMOP_EXTENT_SHIFT, XEN_MEMREGION_RAM,
} from "../abi/memory.js";
import {
  GNTST_bad_domain, GNTST_general_error, GNTST_okay, GNTST_permission_denied, GNTTABOP_get_version,
  GNTTABOP_query_size, GNTTABOP_setup_table,
} from "../abi/grant_table.js";
import { DOMID_SELF, HYPERVISOR_grant_table_op, HYPERVISOR_memory_op, XEN_PAGE_SIZE } from "../abi/xen.js";
import { allocDomainExtent, decreaseReservation, MAX_EXTENT_ORDER } from "./mm/p2m.js";
import { getPage } from "./mm/page_type.js";
import { INVALID_MFN } from "./mm/domain.js";
import { registerHypercall, type HcCtx } from "./hypercall.js";
import { GNTTAB_MAX_FRAMES, type Domain } from "./domain.js";

/** Known XENMEM_* sub-ops full Xen does not offer. */
const MEMOP_UNSUPPORTED = new Set([5, 7, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);

function target(c: HcCtx, domid: number): Domain | number {
  const d = c.dom;
  if (domid === DOMID_SELF || domid === d.domid) return d;
  if (!d.privileged) return -XEN_EPERM;
  const t = c.xen.domain(domid);
  return t === null || t.dying ? -XEN_ESRCH : t;
}

function scrub(c: HcCtx, mfn: number, n: number): void {
  c.xen.machine.bus.fill(mfn * XEN_PAGE_SIZE, n * XEN_PAGE_SIZE, 0);
}

function reservationOp(c: HcCtx, op: number, start: number, arg: number): number {
  const b = c.view(arg, 20);
  if (b === null) return -XEN_EFAULT;
  const list = b.getUint32(0, true);
  const nr = b.getUint32(4, true);
  const order = b.getUint32(8, true);
  const t = target(c, b.getUint16(16, true));
  if (typeof t === "number") return t;
  if (order > MAX_EXTENT_ORDER) return start;
  const ctx = c.xen.mm;
  const n = 2 ** order;
  let i = start;
  for (; i < nr; i++) {
    const at = (list + 4 * i) >>> 0;
    if (op === XENMEM_decrease_reservation) {
      const mfn = c.readU32(at);
      if (mfn === null || decreaseReservation(ctx, t.mm, [mfn], order) !== 1) break;
      continue;
    }
    let pfn = 0;
    if (op === XENMEM_populate_physmap) {
      const p = c.readU32(at);
      if (p === null || p + n > t.mm.p2m.length) break;
      let busy = false;
      for (let j = 0; j < n; j++) if (t.mm.p2m[p + j] !== INVALID_MFN) busy = true;
      if (busy) break;
      pfn = p;
    }
    if (t.reservation() + n > t.maxReservation()) break;
    const mfn = allocDomainExtent(ctx, t.mm, order);
    if (mfn < 0) break;
    scrub(c, mfn, n);
    if (op === XENMEM_populate_physmap) {
      const base = ctx.frames.index(mfn);
      for (let j = 0; j < n; j++) {
        t.mm.p2m[pfn + j] = mfn + j;
        ctx.m2p[base + j] = pfn + j;
      }
    }
    if (list !== 0 && !c.writeU32(at, mfn)) break; // the frames stay the domain's, as in Xen
  }
  return i;
}

function domidArg(c: HcCtx, arg: number): Domain | number {
  const b = c.view(arg, 2);
  if (b === null) return -XEN_EFAULT;
  return target(c, b.getUint16(0, true));
}

function memoryOp(c: HcCtx, cmdWord: number, arg: number): number {
  const op = cmdWord & MEMOP_CMD_MASK;
  const start = cmdWord >>> MEMOP_EXTENT_SHIFT;
  switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
      return reservationOp(c, op, start, arg);
    case XENMEM_maximum_ram_page: {
      const bus = c.xen.machine.bus;
      return (bus.ramBase + bus.ramSize) / XEN_PAGE_SIZE - 1;
    }
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn: {
      const t = domidArg(c, arg);
      if (typeof t === "number") return t;
      if (op === XENMEM_current_reservation) return t.reservation();
      if (op === XENMEM_maximum_reservation) return t.maxReservation();
      return t.mm.p2m.length - 1;
    }
    case XENMEM_memory_map: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      if (b.getUint32(0, true) < 1) return -XEN_EINVAL;
      const e = new Uint8Array(24);
      const ev = new DataView(e.buffer);
      const size = c.dom.mm.p2m.length * XEN_PAGE_SIZE;
      ev.setUint32(8, size % 0x1_0000_0000, true);
      ev.setUint32(12, Math.floor(size / 0x1_0000_0000), true);
      ev.setUint32(16, XEN_MEMREGION_RAM, true);
      if (!c.write(b.getUint32(4, true), e)) return -XEN_EFAULT;
      return c.writeU32(arg, 1) ? 0 : -XEN_EFAULT;
    }
    default:
      return MEMOP_UNSUPPORTED.has(op) ? -XEN_EOPNOTSUPP : -XEN_ENOSYS;
  }
}

function gntStatus(c: HcCtx, at: number, status: number): boolean {
  return c.writeU16(at, status);
}

function setupTable(c: HcCtx, uop: number, count: number): number {
  if (count !== 1) return -XEN_EINVAL;
  const b = c.view(uop, 16);
  if (b === null) return -XEN_EFAULT;
  const domid = b.getUint16(0, true);
  const nr = b.getUint32(4, true);
  const list = b.getUint32(12, true);
  const t = target(c, domid);
  const statusAt = uop + 8;
  if (typeof t === "number") return gntStatus(c, statusAt, t === -XEN_EPERM ? GNTST_permission_denied : GNTST_bad_domain) ? 0 : -XEN_EFAULT;
  if (nr > GNTTAB_MAX_FRAMES) return gntStatus(c, statusAt, GNTST_general_error) ? 0 : -XEN_EFAULT;
  const ctx = c.xen.mm;
  while (t.grantFrames.length < nr) {
    const mfn = allocDomainExtent(ctx, t.mm, 0);
    if (mfn < 0 || !getPage(ctx, mfn, t.domid)) return gntStatus(c, statusAt, GNTST_general_error) ? 0 : -XEN_EFAULT;
    scrub(c, mfn, 1);
    t.grantFrames.push(mfn);
    t.xenFrames.push(mfn);
  }
  for (let i = 0; i < nr; i++) if (!c.writeU32(list + 4 * i, t.grantFrames[i]!)) return -XEN_EFAULT;
  return gntStatus(c, statusAt, GNTST_okay) ? 0 : -XEN_EFAULT;
}

function grantOp(c: HcCtx, cmd: number, uop: number, count: number): number {
  switch (cmd) {
    case GNTTABOP_setup_table:
      return setupTable(c, uop, count);
    case GNTTABOP_query_size: {
      if (count !== 1) return -XEN_EINVAL;
      const b = c.view(uop, 16);
      if (b === null) return -XEN_EFAULT;
      const t = target(c, b.getUint16(0, true));
      if (typeof t === "number") return gntStatus(c, uop + 12, t === -XEN_EPERM ? GNTST_permission_denied : GNTST_bad_domain) ? 0 : -XEN_EFAULT;
      if (!c.writeU32(uop + 4, t.grantFrames.length) || !c.writeU32(uop + 8, GNTTAB_MAX_FRAMES)) return -XEN_EFAULT;
      return gntStatus(c, uop + 12, GNTST_okay) ? 0 : -XEN_EFAULT;
    }
    case GNTTABOP_get_version: {
      if (count !== 1) return -XEN_EINVAL;
      const b = c.view(uop, 8);
      if (b === null) return -XEN_EFAULT;
      const t = target(c, b.getUint16(0, true));
      if (typeof t === "number") return t;
      return c.writeU32(uop + 4, 1) ? 0 : -XEN_EFAULT;
    }
    default:
      return cmd <= 12 ? -XEN_EOPNOTSUPP : -XEN_ENOSYS;
  }
}

registerHypercall(HYPERVISOR_memory_op, (c, cmd, arg) => memoryOp(c, cmd, arg));
registerHypercall(HYPERVISOR_grant_table_op, (c, cmd, uop, count) => grantOp(c, cmd, uop, count));
