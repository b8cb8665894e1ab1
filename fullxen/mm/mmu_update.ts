/**
 * HYPERVISOR_mmu_update: a batch of checked page-table writes and m2p updates.
 *
 * Each request is { ptr, val } already copied from the guest (both uint64 as numbers).
 * ptr & 3 is the command:
 * - MMU_NORMAL_PT_UPDATE / MMU_PT_UPDATE_NO_TRANSLATE (same thing for PV): write `val`
 *   to the entry at machine address ptr & ~3. The frame must belong to the page-table
 *   owner (-EINVAL). A validated L1 goes through modL1Entry (frames of the page owner),
 *   a validated L2 through modL2Entry (only when page owner == table owner, else
 *   -EINVAL); any other frame is written plainly if it can take a writable type (it is
 *   not a table in use), else -EINVAL.
 * - MMU_PT_UPDATE_PRESERVE_AD: as normal, keeping the entry's current A/D bits.
 * - MMU_MACHPHYS_UPDATE: m2p[ptr >> 12] = val, only by the table owner itself (-EPERM),
 *   only for a frame the page owner owns (-EINVAL); the domain's p2m follows.
 * `val` wider than an Sv32 entry is -EINVAL. The batch stops at the first failure;
 * `done` counts the requests completed. After any root change every vCPU of the table
 * owner is flushed (XSA-286: a root change must not leave translations through the old
 * leaf table in some TLB).
 */
import { XEN_EINVAL, XEN_EPERM } from "../../abi/errno.js";
import {
  MMU_MACHPHYS_UPDATE, MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_NO_TRANSLATE, MMU_PT_UPDATE_PRESERVE_AD,
} from "../../abi/xen.js";
import type { MmContext } from "./context.js";
import { VCPUMASK_ALL } from "./context.js";
import type { MmDomain } from "./domain.js";
import { INVALID_MFN } from "./domain.js";
import { FRAME_VALIDATED, PGT_l1_page_table, PGT_l2_page_table, PGT_writable_page } from "./frame_table.js";
import { getPage, getPageType, putPage, putPageType } from "./page_type.js";
import { modL1Entry, modL2Entry } from "./pt_update.js";
import { resolvePgOwner, resolvePtOwner } from "./owner.js";

export interface MmuUpdateReq {
  ptr: number;
  val: number;
}

/** Result of a batch: rc is 0 or the first failure's -XEN_E*; done counts completed requests. */
export interface MmBatchResult {
  rc: number;
  done: number;
}

const MAX_U32 = 0xffffffff;

export function mmuUpdate(
  ctx: MmContext, curr: MmDomain, reqs: ArrayLike<MmuUpdateReq>, foreigndom: number,
): MmBatchResult {
  const pt = resolvePtOwner(ctx, curr, foreigndom);
  if (typeof pt === "number") return { rc: pt, done: 0 };
  const pg = resolvePgOwner(ctx, curr, foreigndom);
  if (typeof pg === "number") return { rc: pg, done: 0 };
  let rootChanged = false;
  let i = 0;
  let rc = 0;
  for (; i < reqs.length; i++) {
    const r = reqs[i]!;
    const ptr = r.ptr;
    const cmd = ptr % 4;
    if (!Number.isSafeInteger(ptr) || ptr < 0 || !Number.isSafeInteger(r.val) || r.val < 0) {
      rc = -XEN_EINVAL;
      break;
    }
    if (cmd === MMU_MACHPHYS_UPDATE) {
      rc = machphysUpdate(ctx, curr, pt, pg, Math.floor(ptr / 4096), r.val);
    } else if (cmd === MMU_NORMAL_PT_UPDATE || cmd === MMU_PT_UPDATE_PRESERVE_AD ||
               cmd === MMU_PT_UPDATE_NO_TRANSLATE) {
      if (r.val > MAX_U32) {
        rc = -XEN_EINVAL;
      } else {
        const res = ptUpdate(ctx, pt, pg, ptr - cmd, r.val, cmd === MMU_PT_UPDATE_PRESERVE_AD);
        if (res === 1) rootChanged = true;
        rc = res > 0 ? 0 : res;
      }
    }
    if (rc !== 0) break;
  }
  if (rootChanged) ctx.cpu.flushVcpus(pt, VCPUMASK_ALL);
  return { rc, done: i };
}

/** Returns 0 (leaf or plain write), 1 (a root entry changed) or -XEN_E*. */
function ptUpdate(ctx: MmContext, pt: MmDomain, pg: MmDomain, pa: number, val: number, preserveAd: boolean): number {
  const f = ctx.frames;
  const mfn = Math.floor(pa / 4096);
  const slot = (pa % 4096) / 4;
  if (!getPage(ctx, mfn, pt.domid)) return -XEN_EINVAL;
  const i = f.index(mfn);
  let rc: number;
  const inUse = f.typeCount[i]! > 0 && (f.flags[i]! & FRAME_VALIDATED) !== 0;
  if (inUse && f.type[i] === PGT_l1_page_table) {
    rc = modL1Entry(ctx, mfn, slot, val, pt, pg, preserveAd);
  } else if (inUse && f.type[i] === PGT_l2_page_table) {
    rc = pg !== pt ? -XEN_EINVAL : modL2Entry(ctx, mfn, slot, val, pt);
    if (rc === 0) rc = 1;
  } else if (getPageType(ctx, mfn, PGT_writable_page) === 0) {
    ctx.bus.write(mfn * 4096 + slot * 4, 4, val);
    putPageType(ctx, mfn);
    rc = 0;
  } else {
    rc = -XEN_EINVAL;
  }
  putPage(ctx, mfn);
  return rc;
}

function machphysUpdate(ctx: MmContext, curr: MmDomain, pt: MmDomain, pg: MmDomain, mfn: number, pfn: number): number {
  if (curr !== pt) return -XEN_EPERM;
  if (!getPage(ctx, mfn, pg.domid)) return -XEN_EINVAL;
  const i = ctx.frames.index(mfn);
  const p = pfn > MAX_U32 ? MAX_U32 : pfn;
  const old = ctx.m2p[i]!;
  if (old < pg.p2m.length && pg.p2m[old] === mfn) pg.p2m[old] = INVALID_MFN;
  ctx.m2p[i] = p;
  if (p < pg.p2m.length) pg.p2m[p] = mfn;
  putPage(ctx, mfn);
  return 0;
}
