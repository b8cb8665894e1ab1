/**
 * A domain's memory: allocation within max_pages, the p2m (pfn -> mfn, per domain) and
 * the global m2p (mfn -> pfn), the XENMEM reservation helpers, and teardown.
 *
 * Invariants:
 * - tot_pages counts frames the domain owns, including frames it let go of that are
 *   still referenced (freed, and uncounted, when the last reference goes); an
 *   allocation never takes tot_pages past max_pages.
 * - A valid p2m entry names a frame the domain owns, and m2p of that frame names the pfn.
 * - A PV guest names frames by MFN: decrease_reservation takes MFNs (Xen's gmfn == mfn
 *   for a non-translated guest). Giving a frame back drops its FRAME_ALLOCATED reference:
 *   a frame still mapped somewhere stays owned until unmapped, never reused while in
 *   use (the XSA-387 family: nothing is freed while still reachable).
 * - destroyDomainMemory drops base pointers, pins and FRAME_ALLOCATED references; the
 *   type graph (root -> leaf table -> writable) has no cycles, so that devalidates every
 *   table and frees every frame nobody else references.
 */
import { XEN_E2BIG, XEN_EINVAL, XEN_ENOMEM } from "../../abi/errno.js";
import type { MmContext } from "./context.js";
import { INVALID_M2P } from "./context.js";
import type { MmDomain } from "./domain.js";
import { INVALID_MFN, NO_BASE } from "./domain.js";
import { FRAME_ALLOCATED, FRAME_PINNED, OWNER_XEN } from "./frame_table.js";
import { putPage, putPageAndType } from "./page_type.js";

/** Largest extent: 2^10 frames (4 MiB, one root slot). */
export const MAX_EXTENT_ORDER = 10;

/**
 * Allocates one naturally aligned extent of 2^order frames to `dom`. Returns the first
 * mfn, or -XEN_E2BIG (over max_pages), -XEN_ENOMEM (no such free extent), -XEN_EINVAL.
 */
export function allocDomainExtent(ctx: MmContext, dom: MmDomain, order: number): number {
  if (!Number.isInteger(order) || order < 0 || order > MAX_EXTENT_ORDER) return -XEN_EINVAL;
  const n = 2 ** order;
  if (dom.isDying) return -XEN_EINVAL;
  if (dom.totPages + n > dom.maxPages) return -XEN_E2BIG;
  const s = ctx.alloc.allocExtent(order);
  if (s < 0) return -XEN_ENOMEM;
  takeFrames(ctx, s, n, dom.domid);
  dom.totPages += n;
  return ctx.frames.mfnOf(s);
}

/** Allocates `n` frames (not necessarily contiguous) for the hypervisor itself. Returns mfns or null. */
export function allocXenFrames(ctx: MmContext, n: number): number[] | null {
  if (n > ctx.alloc.freeCount) return null;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = ctx.alloc.allocOne();
    takeFrames(ctx, i, 1, OWNER_XEN);
    out.push(ctx.frames.mfnOf(i));
  }
  return out;
}

/** Gives a hypervisor frame back (it must hold only its allocation reference). */
export function freeXenFrame(ctx: MmContext, mfn: number): void {
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0 || f.owner[i] !== OWNER_XEN || (f.flags[i]! & FRAME_ALLOCATED) === 0) {
    throw new Error(`free hypervisor frame 0x${mfn.toString(16)}: not a hypervisor frame`);
  }
  f.flags[i] = f.flags[i]! & ~FRAME_ALLOCATED;
  putPage(ctx, mfn);
}

function takeFrames(ctx: MmContext, s: number, n: number, owner: number): void {
  const f = ctx.frames;
  let stale = false;
  for (let j = s; j < s + n; j++) {
    if (f.stamp[j] === ctx.epoch) stale = true;
    f.assign(j, owner);
    ctx.m2p[j] = INVALID_M2P;
  }
  // Some hart may still translate to a just-freed frame: flush before handing it out.
  if (stale) ctx.flushAllHarts();
}

/**
 * XENMEM_increase_reservation: up to `nrExtents` extents of 2^order frames; their first
 * mfns are appended to `out`. Returns the number of extents done (fewer on max_pages or
 * memory exhaustion, as Xen reports).
 */
export function increaseReservation(ctx: MmContext, dom: MmDomain, nrExtents: number, order: number, out: number[]): number {
  let done = 0;
  for (; done < nrExtents; done++) {
    const mfn = allocDomainExtent(ctx, dom, order);
    if (mfn < 0) break;
    out.push(mfn);
  }
  return done;
}

/**
 * XENMEM_populate_physmap: for each pfn in `gpfns`, an extent of 2^order frames mapped at
 * pfn..pfn+2^order-1 in the p2m and m2p; first mfns appended to `out`. A pfn range
 * outside the p2m, or already populated, stops the batch. Returns extents done.
 */
export function populatePhysmap(ctx: MmContext, dom: MmDomain, gpfns: ArrayLike<number>, order: number, out: number[]): number {
  let done = 0;
  const n = 2 ** order;
  for (; done < gpfns.length; done++) {
    const pfn = gpfns[done]!;
    if (!Number.isInteger(pfn) || pfn < 0 || pfn + n > dom.p2m.length) break;
    let busy = false;
    for (let j = 0; j < n; j++) if (dom.p2m[pfn + j] !== INVALID_MFN) busy = true;
    if (busy) break;
    const mfn = allocDomainExtent(ctx, dom, order);
    if (mfn < 0) break;
    const i = ctx.frames.index(mfn);
    for (let j = 0; j < n; j++) {
      dom.p2m[pfn + j] = mfn + j;
      ctx.m2p[i + j] = pfn + j;
    }
    out.push(mfn);
  }
  return done;
}

/**
 * XENMEM_decrease_reservation: gives back extents starting at each mfn of `gmfns`
 * (frames the domain owns and still holds). Stops at the first bad extent. Returns
 * extents done.
 */
export function decreaseReservation(ctx: MmContext, dom: MmDomain, gmfns: ArrayLike<number>, order: number): number {
  if (!Number.isInteger(order) || order < 0 || order > MAX_EXTENT_ORDER) return 0;
  const f = ctx.frames;
  const n = 2 ** order;
  let done = 0;
  for (; done < gmfns.length; done++) {
    const first = gmfns[done]!;
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const i = f.index(first + j);
      ok = i >= 0 && f.owner[i] === dom.domid && (f.flags[i]! & FRAME_ALLOCATED) !== 0;
    }
    if (!ok) break;
    for (let j = 0; j < n; j++) releaseFrame(ctx, dom, first + j);
  }
  return done;
}

/** Drops the owner's hold on a frame: p2m/m2p forgotten, FRAME_ALLOCATED reference dropped. */
function releaseFrame(ctx: MmContext, dom: MmDomain, mfn: number): void {
  const f = ctx.frames;
  const i = f.index(mfn);
  const pfn = ctx.m2p[i]!;
  if (pfn !== INVALID_M2P && pfn < dom.p2m.length && dom.p2m[pfn] === mfn) dom.p2m[pfn] = INVALID_MFN;
  ctx.m2p[i] = INVALID_M2P;
  f.flags[i] = f.flags[i]! & ~FRAME_ALLOCATED;
  putPage(ctx, mfn);
}

/**
 * Tears down a dying domain's memory: base pointers, pins, allocation references.
 * Returns the number of its frames still held by references from elsewhere (0 when
 * every frame went back to the allocator). The domain stays registered until then.
 */
export function destroyDomainMemory(ctx: MmContext, dom: MmDomain): number {
  dom.isDying = true;
  for (let v = 0; v < dom.base.length; v++) {
    const b = dom.base[v]!;
    if (b !== NO_BASE) {
      dom.base[v] = NO_BASE;
      putPageAndType(ctx, b);
    }
  }
  const f = ctx.frames;
  for (let i = 0; i < f.nFrames; i++) {
    if (f.owner[i] === dom.domid && (f.flags[i]! & FRAME_PINNED) !== 0) {
      f.flags[i] = f.flags[i]! & ~FRAME_PINNED;
      putPageAndType(ctx, f.mfnOf(i));
    }
  }
  for (let i = 0; i < f.nFrames; i++) {
    if (f.owner[i] === dom.domid && (f.flags[i]! & FRAME_ALLOCATED) !== 0) releaseFrame(ctx, dom, f.mfnOf(i));
  }
  dom.p2m.fill(INVALID_MFN);
  let left = 0;
  for (let i = 0; i < f.nFrames; i++) if (f.owner[i] === dom.domid) left++;
  return left;
}
