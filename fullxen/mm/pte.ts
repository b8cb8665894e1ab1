/**
 * Sv32 page-table entries as full Xen sees them (DESIGN.md §7).
 *
 * A PTE is one little-endian u32: V=1 R=2 W=4 X=8 U=16 G=32 A=64 D=128, RSW in bits 8-9,
 * PPN in bits 31:10. With V set, R=W=X=0 is a pointer to the next level; R or X makes a
 * leaf; W without R is reserved. The guest writes MACHINE frame numbers in the PPN.
 *
 * A root ("L2") has 1024 entries indexed by VA[31:22]; a leaf table ("L1") has 1024
 * entries indexed by VA[21:12]. Root slots 1008..1023 cover the hypervisor hole
 * (VA 0xFC000000..0xFFFFFFFF) and belong to the hypervisor.
 */
import type { Bus } from "../../machine/bus.js";
import { PTE_A, PTE_D, PTE_G, PTE_U, PTE_V, PTE_W, PTE_X } from "../../machine/mmu.js";
import { HYPERVISOR_FIRST_ROOT_SLOT, HYPERVISOR_VIRT_START } from "../../abi/xen.js";

// The bits are the hardware's (machine/mmu.ts): one definition for the walk and the checks.
export { PTE_A, PTE_D, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from "../../machine/mmu.js";
export const PTE_RSW = 0x300;
export const PTE_PPN_SHIFT = 10;
export const PTE_FLAGS_MASK = 0x3ff;

export const PT_ENTRIES = 1024;
/** First root slot of the hypervisor hole (VA 0xFC000000). */
export const HOLE_FIRST_SLOT = HYPERVISOR_FIRST_ROOT_SLOT;
export const HOLE_SLOTS = PT_ENTRIES - HOLE_FIRST_SLOT;
export const HOLE_START_VA = HYPERVISOR_VIRT_START;

/**
 * Bits a leaf update may change without re-validation (XSA-182): never the frame, V, R
 * or W. X is like x86 NX (no reference depends on it); U and G are rewritten by the
 * hypervisor anyway.
 */
export const L1_FASTPATH_WHITELIST = PTE_X | PTE_U | PTE_G | PTE_A | PTE_D | PTE_RSW;
/** Bits a pointer (root) update may change without re-validation. */
export const L2_FASTPATH_WHITELIST = PTE_G | PTE_RSW;

export function pteMfn(pte: number): number {
  return pte >>> PTE_PPN_SHIFT;
}

export function makePte(mfn: number, flags: number): number {
  return ((mfn << PTE_PPN_SHIFT) | (flags & PTE_FLAGS_MASK)) >>> 0;
}

/** True when the entry would let the hart write through it (a writable leaf). */
export function isWritableLeaf(pte: number): boolean {
  return (pte & (PTE_V | PTE_W)) === (PTE_V | PTE_W);
}

/** Reads entry `index` of the table in RAM frame `mfn` (caller checked it is RAM). */
export function readPte(bus: Bus, mfn: number, index: number): number {
  return bus.ramView.getUint32(mfn * 4096 - bus.ramBase + index * 4, true);
}

/** Writes entry `index` of the table in RAM frame `mfn` (through the bus, so code caches see it). */
export function writePte(bus: Bus, mfn: number, index: number, pte: number): void {
  bus.write(mfn * 4096 + index * 4, 4, pte >>> 0);
}
