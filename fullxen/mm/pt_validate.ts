/**
 * Validation of page-table contents: what a present entry may hold, the references it
 * takes (get_page_from_l?e), the references it gives back (put_page_from_l?e), and the
 * promotion/demotion of a whole table.
 *
 * Rules (Sv32 binding of Xen's §6.3):
 * - L1 (leaf table) entry, present: must be a leaf (R or X; a pointer at the last level
 *   would fault on the hart, so it is refused -EINVAL, like reserved W-without-R). It
 *   maps a RAM frame owned by the page owner (-EBUSY otherwise, Xen's could_not_pin)
 *   unless the grant hook allows it; non-RAM frames are refused -EPERM (no I/O memory
 *   mappings in this layer). A writable leaf takes a writable type reference (-EBUSY
 *   when the target is a table); any leaf takes a general reference. The stored entry
 *   gets U=1 and G=0: U and G belong to the hypervisor (the guest kernel runs in U-mode;
 *   G would leak a mapping into other domains' address spaces). The guest reads back
 *   the stored entry, U and G included.
 * - L2 (root) entry, present: must be a pointer (V only, plus G/RSW). A leaf is a
 *   megapage: refused -EINVAL (no PV superpages, XSA-148). U, A, D are reserved on
 *   pointers: -EINVAL. It points to a frame of the same domain that takes an L1 type
 *   (-EINVAL otherwise). A root pointing to a root is refused by that type check: on Sv32
 *   the x86 linear-page-table trick cannot work (a pointer at the last level faults), so
 *   there are no linear tables at all (XSA-240, XSA-185).
 * - Root slots 1008..1023 (the hole) belong to the hypervisor: at validation each must be
 *   0 or already hold the hypervisor's entry, and is then (re)written with the
 *   hypervisor's entries; devalidation zeroes them. They never take references.
 * - Non-present entries may hold anything and take no references.
 */
import { XEN_EBUSY, XEN_EINVAL, XEN_EPERM } from "../../abi/errno.js";
import type { MmContext } from "./context.js";
import type { MmDomain } from "./domain.js";
import { PGT_l1_page_table, PGT_l2_page_table, PGT_writable_page } from "./frame_table.js";
import {
  getPage, getPageAndType, getPageType, putPage, putPageAndType, putPageType,
} from "./page_type.js";
import {
  HOLE_FIRST_SLOT, PTE_A, PTE_D, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PT_ENTRIES,
  isWritableLeaf, pteMfn, readPte, writePte,
} from "./pte.js";

/** Flag check of a present leaf-table entry: 0 or -XEN_EINVAL. */
export function checkL1e(pte: number): number {
  if ((pte & (PTE_R | PTE_X)) === 0) return -XEN_EINVAL;
  if ((pte & (PTE_R | PTE_W)) === PTE_W) return -XEN_EINVAL;
  return 0;
}

/** The entry the hypervisor stores for a present guest leaf. */
export function adjustL1e(pte: number): number {
  return ((pte | PTE_U) & ~PTE_G) >>> 0;
}

/** Flag check of a present root entry: 0 or -XEN_EINVAL. */
export function checkL2e(pte: number): number {
  if ((pte & (PTE_R | PTE_W | PTE_X)) !== 0) return -XEN_EINVAL;
  if ((pte & (PTE_U | PTE_A | PTE_D)) !== 0) return -XEN_EINVAL;
  return 0;
}

export function adjustL2e(pte: number): number {
  return (pte & ~PTE_G) >>> 0;
}

/**
 * References for a present, checked leaf entry in a table of `l1eOwner` mapping a
 * frame of `pgOwner`. Returns 0 or -XEN_E*; on failure nothing is held.
 */
export function getL1e(ctx: MmContext, pte: number, l1eOwner: MmDomain, pgOwner: MmDomain): number {
  const mfn = pteMfn(pte);
  const f = ctx.frames;
  const i = f.index(mfn);
  if (i < 0) return -XEN_EPERM;
  const writable = (pte & PTE_W) !== 0;
  const owner = f.owner[i]!;
  if (owner !== pgOwner.domid && !ctx.hooks.grantMapAllowed(l1eOwner, mfn, writable)) return -XEN_EBUSY;
  if (!getPage(ctx, mfn, owner)) return -XEN_EBUSY;
  if (writable && getPageType(ctx, mfn, PGT_writable_page) !== 0) {
    putPage(ctx, mfn);
    return -XEN_EBUSY;
  }
  return 0;
}

/** Gives back what getL1e took for a stored entry (no-op when not present). */
export function putL1e(ctx: MmContext, pte: number): void {
  if ((pte & PTE_V) === 0) return;
  const mfn = pteMfn(pte);
  if (isWritableLeaf(pte)) putPageType(ctx, mfn);
  putPage(ctx, mfn);
}

/** References for a present, checked root entry of `dom`: an L1 type on a frame of `dom`. */
export function getL2e(ctx: MmContext, pte: number, dom: MmDomain): number {
  return getPageAndType(ctx, pteMfn(pte), dom.domid, PGT_l1_page_table);
}

export function putL2e(ctx: MmContext, pte: number): void {
  if ((pte & PTE_V) === 0) return;
  putPageAndType(ctx, pteMfn(pte));
}

/** Validates table `mfn` for `type` (called by getPageType on 0 -> 1). Returns 0 or -XEN_E*. */
export function validateTable(ctx: MmContext, mfn: number, type: number): number {
  const dom = ctx.domain(ctx.frames.owner[ctx.frames.index(mfn)]!);
  if (dom === null) return -XEN_EINVAL;
  return type === PGT_l2_page_table ? validateL2(ctx, mfn, dom) : validateL1(ctx, mfn, dom);
}

export function devalidateTable(ctx: MmContext, mfn: number, type: number): void {
  const bus = ctx.bus;
  if (type === PGT_l2_page_table) {
    for (let k = 0; k < HOLE_FIRST_SLOT; k++) putL2e(ctx, readPte(bus, mfn, k));
    for (let k = HOLE_FIRST_SLOT; k < PT_ENTRIES; k++) writePte(bus, mfn, k, 0);
  } else {
    for (let k = 0; k < PT_ENTRIES; k++) putL1e(ctx, readPte(bus, mfn, k));
  }
}

function validateL1(ctx: MmContext, mfn: number, dom: MmDomain): number {
  const bus = ctx.bus;
  for (let k = 0; k < PT_ENTRIES; k++) {
    const pte = readPte(bus, mfn, k);
    if ((pte & PTE_V) === 0) continue;
    let rc = checkL1e(pte);
    if (rc === 0) rc = getL1e(ctx, pte, dom, dom);
    if (rc !== 0) {
      for (let j = 0; j < k; j++) putL1e(ctx, readPte(bus, mfn, j));
      return rc;
    }
  }
  // All references held: now store the hypervisor's form of every present entry.
  for (let k = 0; k < PT_ENTRIES; k++) {
    const pte = readPte(bus, mfn, k);
    if ((pte & PTE_V) !== 0 && adjustL1e(pte) !== pte) writePte(bus, mfn, k, adjustL1e(pte));
  }
  return 0;
}

function validateL2(ctx: MmContext, mfn: number, dom: MmDomain): number {
  const bus = ctx.bus;
  const hole = ctx.holeScratch;
  ctx.hooks.holeEntries(dom, hole);
  for (let k = HOLE_FIRST_SLOT; k < PT_ENTRIES; k++) {
    const pte = readPte(bus, mfn, k);
    if (pte !== 0 && pte !== hole[k - HOLE_FIRST_SLOT]) return -XEN_EINVAL;
  }
  for (let k = 0; k < HOLE_FIRST_SLOT; k++) {
    const pte = readPte(bus, mfn, k);
    if ((pte & PTE_V) === 0) continue;
    let rc = checkL2e(pte);
    if (rc === 0) rc = getL2e(ctx, pte, dom);
    if (rc !== 0) {
      for (let j = 0; j < k; j++) putL2e(ctx, readPte(bus, mfn, j));
      return rc;
    }
  }
  for (let k = 0; k < HOLE_FIRST_SLOT; k++) {
    const pte = readPte(bus, mfn, k);
    if ((pte & PTE_V) !== 0 && adjustL2e(pte) !== pte) writePte(bus, mfn, k, adjustL2e(pte));
  }
  for (let k = HOLE_FIRST_SLOT; k < PT_ENTRIES; k++) writePte(bus, mfn, k, hole[k - HOLE_FIRST_SLOT]!);
  return 0;
}
