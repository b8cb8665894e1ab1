/**
 * Changing one entry of a validated table (Xen's mod_l1_entry / mod_l2_entry).
 *
 * Invariants:
 * - The new entry is checked and its references taken BEFORE the old entry's are
 *   dropped, so an update that keeps the same frame never lets its count touch 0.
 * - The fast path (no new references) is taken only when the old and new stored entries
 *   differ in whitelisted bits alone (pte.ts: A, D, X, U, G, RSW for leaves; G, RSW for
 *   pointers). The frame, V, R and W are never in the whitelist, so a "flags-only"
 *   update can never change the frame, presence or writability (XSA-182, XSA-148).
 * - Root slots 1008..1023 are never changed through here (-EINVAL).
 * - MMU_PT_UPDATE_PRESERVE_AD ORs the current A/D bits of a present leaf into the new
 *   value before the comparison.
 */
import { XEN_EINVAL } from "../../abi/errno.js";
import type { MmContext } from "./context.js";
import type { MmDomain } from "./domain.js";
import {
  adjustL1e, adjustL2e, checkL1e, checkL2e, getL1e, getL2e, putL1e, putL2e,
} from "./pt_validate.js";
import {
  HOLE_FIRST_SLOT, L1_FASTPATH_WHITELIST, L2_FASTPATH_WHITELIST, PTE_A, PTE_D, PTE_V,
  readPte, writePte,
} from "./pte.js";

/**
 * Writes `val` into entry `slot` of validated leaf table `l1mfn`, owned by `l1eOwner`,
 * mapping frames of `pgOwner`. Returns 0 or -XEN_E*; on failure nothing changed.
 */
export function modL1Entry(
  ctx: MmContext, l1mfn: number, slot: number, val: number,
  l1eOwner: MmDomain, pgOwner: MmDomain, preserveAd: boolean,
): number {
  const bus = ctx.bus;
  const ol = readPte(bus, l1mfn, slot);
  let nl = val >>> 0;
  if ((nl & PTE_V) !== 0) {
    const rc = checkL1e(nl);
    if (rc !== 0) return rc;
    nl = adjustL1e(nl);
    if (preserveAd && (ol & PTE_V) !== 0) nl = (nl | (ol & (PTE_A | PTE_D))) >>> 0;
    if ((ol & PTE_V) !== 0 && ((ol ^ nl) & ~L1_FASTPATH_WHITELIST) === 0) {
      writePte(bus, l1mfn, slot, nl);
      return 0;
    }
    const got = getL1e(ctx, nl, l1eOwner, pgOwner);
    if (got !== 0) return got;
  }
  writePte(bus, l1mfn, slot, nl);
  putL1e(ctx, ol);
  return 0;
}

/** Writes `val` into slot `slot` of validated root `l2mfn` of `dom`. Returns 0 or -XEN_E*. */
export function modL2Entry(ctx: MmContext, l2mfn: number, slot: number, val: number, dom: MmDomain): number {
  if (slot >= HOLE_FIRST_SLOT) return -XEN_EINVAL;
  const bus = ctx.bus;
  const ol = readPte(bus, l2mfn, slot);
  let nl = val >>> 0;
  if ((nl & PTE_V) !== 0) {
    const rc = checkL2e(nl);
    if (rc !== 0) return rc;
    nl = adjustL2e(nl);
    if ((ol & PTE_V) !== 0 && ((ol ^ nl) & ~L2_FASTPATH_WHITELIST) === 0) {
      writePte(bus, l2mfn, slot, nl);
      return 0;
    }
    const got = getL2e(ctx, nl, dom);
    if (got !== 0) return got;
  }
  writePte(bus, l2mfn, slot, nl);
  putL2e(ctx, ol);
  return 0;
}
