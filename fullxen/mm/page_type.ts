/**
 * General and type references on machine frames: the core of the PV page-type system.
 *
 * Invariants (Xen's mm.c rules, on Sv32):
 * 1. A frame has one use at a time: none, L1 (leaf table), L2 (root) or writable. The
 *    type changes only while the type count is 0.
 * 2. A frame typed L1/L2 with a non-zero type count is validated: every present entry
 *    was checked and holds its references (pt_validate.ts). Dropping the last type
 *    reference of a table devalidates it and drops those references.
 * 3. A page table is never mapped writable: a writable leaf takes a writable type
 *    reference on its target, which fails while the target is a table, and a frame
 *    cannot become a table while a writable reference exists.
 * 4. Every type reference comes with a general reference; a frame is freed only when
 *    its general count reaches 0, so nothing still mapped or used is ever reused.
 * 5. Stale TLBs (XSA-401 family): when a frame loses its last writable mapping, or is
 *    freed, it is stamped with the flush epoch. Before such a frame becomes a table, or
 *    is handed out again, every hart is flushed, so no old writable (or any) mapping of
 *    it survives its change of use.
 * 6. Recursion is bounded by the type graph: L2 validation takes L1 types, L1
 *    validation takes only writable types, which never validate. Depth <= 2 (XSA-240:
 *    no linear page tables, so no chains).
 * 7. Counts never wrap: a reference beyond COUNT_MAX fails (-EINVAL), never overflows.
 *
 * Guest mistakes come back as -XEN_E*; a broken invariant (a put without a get) throws.
 */
import { XEN_EINVAL } from "../../abi/errno.js";
import type { MmContext } from "./context.js";
import { INVALID_M2P } from "./context.js";
import { INVALID_MFN } from "./domain.js";
import {
  COUNT_MAX, FRAME_VALIDATED, PGT_l1_page_table, PGT_l2_page_table, PGT_none, PGT_writable_page,
} from "./frame_table.js";
import { devalidateTable, validateTable } from "./pt_validate.js";

export function isPageTableType(t: number): boolean {
  return t === PGT_l1_page_table || t === PGT_l2_page_table;
}

/** Takes a general reference on `mfn` if it is RAM owned by `domid`. */
export function getPage(ctx: MmContext, mfn: number, domid: number): boolean {
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0 || f.owner[i] !== domid) return false;
  const c = f.count[i]!;
  if (c === 0 || c >= COUNT_MAX) return false;
  f.count[i] = c + 1;
  return true;
}

/** Drops a general reference; the last one frees the frame. */
export function putPage(ctx: MmContext, mfn: number): void {
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0 || f.count[i] === 0) throw new Error(`put page 0x${mfn.toString(16)}: no reference held`);
  const c = f.count[i]! - 1;
  f.count[i] = c;
  if (c === 0) freeFrame(ctx, i);
}

function freeFrame(ctx: MmContext, i: number): void {
  const f = ctx.frames;
  if (f.typeCount[i] !== 0) throw new Error(`free frame: ${f.describe(i)} still has type references`);
  const dom = ctx.domain(f.owner[i]!);
  if (dom !== null) {
    dom.totPages--;
    const pfn = ctx.m2p[i]!;
    if (pfn !== INVALID_M2P && pfn < dom.p2m.length && dom.p2m[pfn] === f.mfnOf(i)) {
      dom.p2m[pfn] = INVALID_MFN;
    }
  }
  ctx.m2p[i] = INVALID_M2P;
  f.clear(i);
  f.stamp[i] = ctx.epoch;
  ctx.alloc.release(i);
}

/**
 * Takes a type reference of `type` on `mfn` (the caller holds a general reference).
 * A 0 -> 1 reference of a table type validates the contents. Returns 0 or -XEN_E*.
 */
export function getPageType(ctx: MmContext, mfn: number, type: number): number {
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0 || f.count[i] === 0) throw new Error(`get page type 0x${mfn.toString(16)}: no general reference`);
  const tc = f.typeCount[i]!;
  if (tc > 0) {
    // Another use holds the frame: same type only, and it must already be validated
    // (a table being validated is not yet usable, e.g. a root pointing at itself).
    if (f.type[i] !== type || (f.flags[i]! & FRAME_VALIDATED) === 0) return -XEN_EINVAL;
    if (tc >= COUNT_MAX) return -XEN_EINVAL;
    f.typeCount[i] = tc + 1;
    return 0;
  }
  if (f.type[i] === type && (f.flags[i]! & FRAME_VALIDATED) !== 0) {
    f.typeCount[i] = 1;
    return 0;
  }
  // A change of use. A table must not be reachable through a writable mapping some
  // TLB still holds (invariant 5).
  if (isPageTableType(type) && f.stamp[i] === ctx.epoch) ctx.flushAllHarts();
  f.type[i] = type;
  f.flags[i] = f.flags[i]! & ~FRAME_VALIDATED;
  f.typeCount[i] = 1;
  if (isPageTableType(type)) {
    const rc = validateTable(ctx, mfn, type);
    if (rc !== 0) {
      f.typeCount[i] = 0;
      f.type[i] = PGT_none;
      return rc;
    }
  }
  f.flags[i] = f.flags[i]! | FRAME_VALIDATED;
  return 0;
}

/** Drops a type reference; the last one of a table devalidates it. */
export function putPageType(ctx: MmContext, mfn: number): void {
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0 || f.typeCount[i] === 0) throw new Error(`put page type 0x${mfn.toString(16)}: no type reference held`);
  const tc = f.typeCount[i]! - 1;
  if (tc > 0) {
    f.typeCount[i] = tc;
    return;
  }
  const t = f.type[i]!;
  if (isPageTableType(t) && (f.flags[i]! & FRAME_VALIDATED) !== 0) {
    // Clear validated first: while the entries' references are dropped, nothing may
    // take a new reference on a half-torn-down table.
    f.flags[i] = f.flags[i]! & ~FRAME_VALIDATED;
    devalidateTable(ctx, mfn, t);
  }
  f.typeCount[i] = 0;
  if (t === PGT_writable_page) f.stamp[i] = ctx.epoch;
}

/** General then type reference, both or neither. Returns 0, or -XEN_EINVAL / the validation error. */
export function getPageAndType(ctx: MmContext, mfn: number, domid: number, type: number): number {
  if (!getPage(ctx, mfn, domid)) return -XEN_EINVAL;
  const rc = getPageType(ctx, mfn, type);
  if (rc !== 0) putPage(ctx, mfn);
  return rc;
}

export function putPageAndType(ctx: MmContext, mfn: number): void {
  putPageType(ctx, mfn);
  putPage(ctx, mfn);
}
