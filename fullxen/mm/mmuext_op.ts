/**
 * HYPERVISOR_mmuext_op: pinning, base pointers, TLB flushes, page clear/copy.
 *
 * Sv32 has two levels, so MMUEXT_PIN_L1_TABLE pins a leaf table and
 * MMUEXT_PIN_L2_TABLE pins a root; PIN_L3/PIN_L4 name levels this guest type does not
 * have and are ignored with rc 0 (as Xen ignores levels beyond its paging depth).
 *
 * - PIN_L1/L2: the frame must belong to the page owner (-EINVAL); it takes a type
 *   reference (validating: the validation error, e.g. -EINVAL/-EBUSY) and a general
 *   reference; a second pin is -EINVAL (pins do not nest).
 * - UNPIN_TABLE: -EINVAL unless owned and pinned; drops the pin's references (the
 *   table stays validated while anything else, e.g. a base pointer, holds it).
 * - NEW_BASEPTR: only for the caller itself (-EPERM). Like Xen, the base pointer holds
 *   its own L2 type and general reference, so the root need not be pinned: an unpinned
 *   root is validated here (-EINVAL or the validation error when it is not a valid
 *   root of the caller). The old base's references are dropped after the new one is held.
 * - TLB_FLUSH_LOCAL / INVLPG_LOCAL / *_MULTI / *_ALL: only for the caller (-EPERM);
 *   MULTI reads the guest's vCPU bitmap through MmCpuOps (-EINVAL when it faults).
 *   INVLPG of a hole address is ignored (Xen's __addr_ok).
 * - FLUSH_CACHE: -EACCES unless privileged; FLUSH_CACHE_GLOBAL: -EINVAL unless
 *   privileged (the machine has no caches to write back, so both are no-ops).
 * - CLEAR_PAGE / COPY_PAGE: frames of the page owner; the destination must be able to
 *   take a writable type (not a table in use): -EINVAL otherwise.
 * - MARK_SUPER / UNMARK_SUPER: -EOPNOTSUPP. SET_LDT, NEW_USER_BASEPTR (x86 only) and
 *   unknown commands: -ENOSYS.
 */
import {
  XEN_EACCES, XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM,
} from "../../abi/errno.js";
import {
  MMUEXT_CLEAR_PAGE, MMUEXT_COPY_PAGE, MMUEXT_FLUSH_CACHE, MMUEXT_FLUSH_CACHE_GLOBAL,
  MMUEXT_INVLPG_ALL, MMUEXT_INVLPG_LOCAL, MMUEXT_INVLPG_MULTI, MMUEXT_MARK_SUPER,
  MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE,
  MMUEXT_PIN_L4_TABLE, MMUEXT_TLB_FLUSH_ALL, MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_TLB_FLUSH_MULTI,
  MMUEXT_UNMARK_SUPER, MMUEXT_UNPIN_TABLE,
} from "../../abi/xen.js";
import type { MmContext } from "./context.js";
import { VCPUMASK_ALL } from "./context.js";
import type { MmDomain } from "./domain.js";
import { NO_BASE } from "./domain.js";
import { FRAME_PINNED, PGT_l1_page_table, PGT_l2_page_table, PGT_writable_page } from "./frame_table.js";
import {
  getPage, getPageAndType, getPageType, putPage, putPageAndType, putPageType,
} from "./page_type.js";
import { HOLE_START_VA } from "./pte.js";
import type { MmBatchResult } from "./mmu_update.js";
import { resolvePgOwner } from "./owner.js";

/** One decoded mmuext_op: arg1 is mfn or linear_addr, arg2 is nr_ents, vcpumask pointer or src_mfn. */
export interface MmuextOpReq {
  cmd: number;
  arg1: number;
  arg2: number;
}

export function mmuextOp(
  ctx: MmContext, curr: MmDomain, vcpu: number, ops: ArrayLike<MmuextOpReq>, foreigndom: number,
): MmBatchResult {
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= curr.base.length) {
    throw new Error(`mmuext_op: vcpu ${vcpu} out of range for domain ${curr.domid}`);
  }
  const pg = resolvePgOwner(ctx, curr, foreigndom);
  if (typeof pg === "number") return { rc: pg, done: 0 };
  let i = 0;
  let rc = 0;
  for (; i < ops.length; i++) {
    rc = oneOp(ctx, curr, vcpu, pg, ops[i]!);
    if (rc !== 0) break;
  }
  return { rc, done: i };
}

function oneOp(ctx: MmContext, curr: MmDomain, vcpu: number, pg: MmDomain, op: MmuextOpReq): number {
  const self = curr === pg;
  switch (op.cmd) {
    case MMUEXT_PIN_L1_TABLE:
      return pin(ctx, pg, op.arg1, PGT_l1_page_table);
    case MMUEXT_PIN_L2_TABLE:
      return pin(ctx, pg, op.arg1, PGT_l2_page_table);
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
      return 0;
    case MMUEXT_UNPIN_TABLE:
      return unpin(ctx, pg, op.arg1);
    case MMUEXT_NEW_BASEPTR:
      return self ? newBaseptr(ctx, curr, vcpu, op.arg1) : -XEN_EPERM;
    case MMUEXT_TLB_FLUSH_LOCAL:
      if (!self) return -XEN_EPERM;
      ctx.cpu.flushLocal(curr, vcpu);
      return 0;
    case MMUEXT_INVLPG_LOCAL:
      if (!self) return -XEN_EPERM;
      if (guestVa(op.arg1)) ctx.cpu.invlpgLocal(curr, vcpu, op.arg1 >>> 0);
      return 0;
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI: {
      if (!self) return -XEN_EPERM;
      const mask = ctx.cpu.readVcpuMask(curr, op.arg2);
      if (mask === null) return -XEN_EINVAL;
      if (op.cmd === MMUEXT_TLB_FLUSH_MULTI) ctx.cpu.flushVcpus(curr, mask >>> 0);
      else if (guestVa(op.arg1)) ctx.cpu.invlpgVcpus(curr, mask >>> 0, op.arg1 >>> 0);
      return 0;
    }
    case MMUEXT_TLB_FLUSH_ALL:
      if (!self) return -XEN_EPERM;
      ctx.cpu.flushVcpus(curr, VCPUMASK_ALL);
      return 0;
    case MMUEXT_INVLPG_ALL:
      if (!self) return -XEN_EPERM;
      if (guestVa(op.arg1)) ctx.cpu.invlpgVcpus(curr, VCPUMASK_ALL, op.arg1 >>> 0);
      return 0;
    case MMUEXT_FLUSH_CACHE:
      if (!self) return -XEN_EPERM;
      return curr.isPrivileged ? 0 : -XEN_EACCES;
    case MMUEXT_FLUSH_CACHE_GLOBAL:
      if (!self) return -XEN_EPERM;
      return curr.isPrivileged ? 0 : -XEN_EINVAL;
    case MMUEXT_CLEAR_PAGE:
      return clearPage(ctx, pg, op.arg1);
    case MMUEXT_COPY_PAGE:
      return copyPage(ctx, pg, op.arg1, op.arg2);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
      return -XEN_EOPNOTSUPP;
    default:
      return -XEN_ENOSYS;
  }
}

function guestVa(va: number): boolean {
  return (va >>> 0) < HOLE_START_VA;
}

function pin(ctx: MmContext, pg: MmDomain, mfn: number, type: number): number {
  const rc = getPageAndType(ctx, mfn, pg.domid, type);
  if (rc !== 0) return rc;
  const f = ctx.frames;
  const i = f.index(mfn);
  if ((f.flags[i]! & FRAME_PINNED) !== 0) {
    putPageAndType(ctx, mfn);
    return -XEN_EINVAL;
  }
  f.flags[i] = f.flags[i]! | FRAME_PINNED;
  return 0;
}

function unpin(ctx: MmContext, pg: MmDomain, mfn: number): number {
  if (!getPage(ctx, mfn, pg.domid)) return -XEN_EINVAL;
  const f = ctx.frames;
  const i = f.index(mfn);
  if ((f.flags[i]! & FRAME_PINNED) === 0) {
    putPage(ctx, mfn);
    return -XEN_EINVAL;
  }
  f.flags[i] = f.flags[i]! & ~FRAME_PINNED;
  putPageAndType(ctx, mfn);
  putPage(ctx, mfn);
  return 0;
}

function newBaseptr(ctx: MmContext, curr: MmDomain, vcpu: number, mfn: number): number {
  const old = curr.base[vcpu]!;
  if (old === mfn) {
    ctx.cpu.loadBase(curr, vcpu, mfn);
    return 0;
  }
  const rc = getPageAndType(ctx, mfn, curr.domid, PGT_l2_page_table);
  if (rc !== 0) return rc;
  curr.base[vcpu] = mfn;
  ctx.cpu.loadBase(curr, vcpu, mfn);
  if (old !== NO_BASE) putPageAndType(ctx, old);
  return 0;
}

function clearPage(ctx: MmContext, pg: MmDomain, mfn: number): number {
  if (getPageAndType(ctx, mfn, pg.domid, PGT_writable_page) !== 0) return -XEN_EINVAL;
  ctx.bus.fill(mfn * 4096, 4096, 0);
  putPageAndType(ctx, mfn);
  return 0;
}

function copyPage(ctx: MmContext, pg: MmDomain, dst: number, src: number): number {
  if (!getPage(ctx, src, pg.domid)) return -XEN_EINVAL;
  if (!getPage(ctx, dst, pg.domid)) {
    putPage(ctx, src);
    return -XEN_EINVAL;
  }
  if (getPageType(ctx, dst, PGT_writable_page) !== 0) {
    putPage(ctx, dst);
    putPage(ctx, src);
    return -XEN_EINVAL;
  }
  const bus = ctx.bus;
  const s = src * 4096 - bus.ramBase;
  bus.writeBytes(dst * 4096, bus.ram.slice(s, s + 4096));
  putPageType(ctx, dst);
  putPage(ctx, dst);
  putPage(ctx, src);
  return 0;
}
