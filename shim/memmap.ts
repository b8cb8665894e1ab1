/**
 * Where microxen puts things in machine memory and in the hypervisor hole
 * (docs/microxen.md "Memory map").
 *
 *   machine RAM (RAM_BASE = 0x80000000)
 *     +0x000000  shared_info frame
 *     +0x001000  hole code page (the hot profile's in-line routines)
 *     +0x002000  shim data page: one SHIM_DATA_VCPU_STRIDE block per vCPU (words the
 *                hole code reads, see SHIM_DATA_*); hart n's sscratch holds the hole
 *                VA of vCPU n's block
 *     +0x004000  grant-table frames (MAX_GRANT_FRAMES)
 *     +0x400000  the domain: one contiguous run of frames, pfn i = mfn DOMAIN_BASE_MFN + i
 *
 *   hypervisor hole (root slots 1008..1023, installed in every root the guest uses)
 *     0xFC000000  linear map of the domain's memory, 4 MiB megapages, S-mode R/W
 *                 (VA = 0xFC000000 + (PA - DOMAIN_BASE_PA)), up to 60 MiB
 *     0xFFC00000  the shim's first 4 MiB (slot 1023), S-mode R/W/X
 */
import { RAM_BASE } from "../machine/board.js";
import { PTE_A, PTE_D, PTE_R, PTE_V, PTE_W, PTE_X } from "../machine/mmu.js";
import { HYPERVISOR_FIRST_ROOT_SLOT, HYPERVISOR_VIRT_START } from "../abi/xen.js";

export const MIB = 1 << 20;
export const SHIM_BASE_PA = RAM_BASE;
export const SHIM_BYTES = 4 * MIB;
export const SHARED_INFO_PA = SHIM_BASE_PA;
export const HOLE_CODE_PA = SHIM_BASE_PA + 0x1000;
export const SHIM_DATA_PA = SHIM_BASE_PA + 0x2000;
export const GRANT_FRAMES_PA = SHIM_BASE_PA + 0x4000;
export const MAX_GRANT_FRAMES = 4;
export const DOMAIN_BASE_PA = SHIM_BASE_PA + SHIM_BYTES;
export const DOMAIN_BASE_MFN = DOMAIN_BASE_PA / 4096;

export const HOLE_LINEAR_VA = HYPERVISOR_VIRT_START;
export const SHIM_SLOT = 1023;
export const HOLE_SHIM_VA = SHIM_SLOT * 4 * MIB;
export const MAX_DOMAIN_MIB = (SHIM_SLOT - HYPERVISOR_FIRST_ROOT_SLOT) * 4;
export const DEFAULT_DOMAIN_MIB = 16;

/** Shim data words (offsets in a vCPU's block of the shim data page). */
export const SHIM_DATA_VCPU_INFO = 0;
export const SHIM_DATA_KERNEL_SP = 4;
/** Bytes per vCPU block in the shim data page: vCPU n's block is at SHIM_DATA_PA + n * stride. */
export const SHIM_DATA_VCPU_STRIDE = 16;
/** Machine address of vCPU `n`'s block in the shim data page. */
export const shimDataPa = (n: number): number => SHIM_DATA_PA + n * SHIM_DATA_VCPU_STRIDE;

/** Hole VA of a machine address in the shim's first 4 MiB. */
export const shimHoleVa = (pa: number): number => (HOLE_SHIM_VA + (pa - SHIM_BASE_PA)) >>> 0;
/** Hole VA of a machine address in the domain's memory. */
export const linearHoleVa = (pa: number): number => (HOLE_LINEAR_VA + (pa - DOMAIN_BASE_PA)) >>> 0;

/** The root entries microxen owns in every root table: slot and PTE. */
export function holeRootEntries(domainBytes: number): { slot: number; pte: number }[] {
  const out: { slot: number; pte: number }[] = [];
  const slots = Math.ceil(domainBytes / (4 * MIB));
  for (let i = 0; i < slots; i++) {
    const pa = DOMAIN_BASE_PA + i * 4 * MIB;
    out.push({ slot: HYPERVISOR_FIRST_ROOT_SLOT + i, pte: (((pa / 4096) << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D) >>> 0 });
  }
  out.push({ slot: SHIM_SLOT, pte: (((SHIM_BASE_PA / 4096) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D) >>> 0 });
  return out;
}
