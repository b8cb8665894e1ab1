/**
 * The PV MMU calls without type checks: mmu_update, update_va_mapping, mmuext_op.
 *
 * microxen trusts its guest, so a PTE is written as given. What it still checks,
 * so a bad value gets an error instead of corrupting the shim: a page-table
 * address must be in one of the domain's frames (-EINVAL), a guest array must be
 * readable (-EFAULT), a 64-bit PTE must have a zero high word (Sv32, -EINVAL).
 *
 * TLB: after mmu_update the whole TLB is flushed; update_va_mapping flushes at
 * least the page it changed (UVMF_TLB_FLUSH: everything). A flush that names
 * other vCPUs (UVMF_ALL, a vCPU mask, the *_ALL and *_MULTI mmuext ops) is done
 * on every hart of the domain (more than asked, never less). The hot profile's
 * in-line code does exactly the same, so both profiles see the same memory.
 * Every root the guest pins as L2 or switches to gets microxen's hole entries.
 */
import type { Domain } from "../domain.js";
import { EFAULT, isSelf, type HypercallFn } from "./common.js";
import * as X from "../../abi/xen.js";
import { XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_ESRCH } from "../../abi/errno.js";
import { XEN_MAX_MMU_BATCH } from "../../abi/guest_visible.js";
import { DOMAIN_BASE_MFN } from "../memmap.js";
import type { Hart } from "../../machine/hart.js";
import { PTE_A, PTE_D, PTE_R, PTE_V, PTE_X, SATP_MODE_SV32 } from "../../machine/mmu.js";

/** Byte offset of the first hypervisor slot in a root table. */
export const HOLE_SLOT_OFFSET = X.HYPERVISOR_FIRST_ROOT_SLOT * 4;

/** Writes microxen's hole entries into the root table in frame `mfn`. */
export function installHole(d: Domain, mfn: number): void {
  const bus = d.machine.bus;
  d.isRoot[mfn - DOMAIN_BASE_MFN] = 1;
  for (const e of d.hole) bus.write(mfn * 4096 + e.slot * 4, 4, e.pte);
}

/** Switches hart `h` to the root in frame `mfn` (hole installed, TLB flushed). */
export function newBaseptr(d: Domain, h: Hart, mfn: number): void {
  installHole(d, mfn);
  h.satp = (SATP_MODE_SV32 | (mfn & 0x3fffff)) >>> 0;
  h.flushTlb();
}

/** True when a hart of the domain runs on the root in frame `mfn`. */
function inUseAsRoot(d: Domain, mfn: number): boolean {
  for (const v of d.vcpus) if ((v.hart.satp & 0x3fffff) === mfn) return true;
  return false;
}

/** Flushes every hart's TLB: everything, or the page of `va` (va >= 0). */
function flushEveryHart(d: Domain, va: number): void {
  for (const v of d.vcpus) {
    if (va < 0) v.hart.flushTlb();
    else v.hart.tlb.flushPage(va);
  }
}

/** Machine address of the L1 PTE mapping `va` in the current root, or -1. */
export function l1PteAddress(d: Domain, va: number): number {
  const root = (d.hart.satp & 0x3fffff) * 4096;
  const bus = d.machine.bus;
  if (!d.ownsMfn(root / 4096)) return -1;
  const pde = bus.read(root + (va >>> 22) * 4, 4);
  if ((pde & PTE_V) === 0 || (pde & (PTE_R | PTE_X)) !== 0) return -1;
  const l1 = pde >>> 10;
  if (!d.ownsMfn(l1)) return -1;
  return l1 * 4096 + ((va >>> 12) & 0x3ff) * 4;
}

/** The vCPU bitmap of a *_MULTI request must be readable (every hart is flushed). */
function readMask(d: Domain, va: number): boolean {
  return d.mem.read32(va) >= 0;
}

export const update_va_mapping: HypercallFn = (d, va, lo, hi, flags) => {
  if (va >>> 0 >= X.HYPERVISOR_VIRT_START || hi !== 0) return -XEN_EINVAL;
  const pte = l1PteAddress(d, va);
  if (pte < 0) return -XEN_EINVAL;
  d.machine.bus.write(pte, 4, lo);
  const target = (flags & ~X.UVMF_FLUSHTYPE_MASK) >>> 0;
  if ((flags & X.UVMF_FLUSHTYPE_MASK) === X.UVMF_TLB_FLUSH) d.hart.flushTlb();
  else d.hart.tlb.flushPage(va);
  if (target !== 0 && target !== X.UVMF_ALL && !readMask(d, target)) return EFAULT;
  if (target !== 0) flushEveryHart(d, (flags & X.UVMF_FLUSHTYPE_MASK) === X.UVMF_TLB_FLUSH ? -1 : va >>> 0);
  return 0;
};

export const mmu_update: HypercallFn = (d, reqs, count, pdone, foreigndom) => {
  count >>>= 0;
  if (count > XEN_MAX_MMU_BATCH) return -XEN_EINVAL; // also a count with MMU_UPDATE_PREEMPTED
  if (!isSelf(d, foreigndom & 0xffff) || foreigndom >>> 16 !== 0) return -XEN_ESRCH;
  const bus = d.machine.bus;
  let rc = 0;
  let done = 0;
  for (; done < count; done++) {
    const b = d.mem.read(reqs + done * 16, 16);
    if (b === null) {
      rc = EFAULT;
      break;
    }
    const v = new DataView(b.buffer);
    const ptr = v.getUint32(0, true), ptrHi = v.getUint32(4, true), val = v.getUint32(8, true), valHi = v.getUint32(12, true);
    const cmd = ptr & 3;
    const pa = (ptr & ~3) >>> 0;
    if (ptrHi !== 0) rc = -XEN_EINVAL;
    else if (cmd === X.MMU_NORMAL_PT_UPDATE || cmd === X.MMU_PT_UPDATE_PRESERVE_AD) {
      const mfn = Math.floor(pa / 4096);
      if (valHi !== 0 || !d.ownsMfn(mfn)) rc = -XEN_EINVAL;
      else if ((d.isRoot[mfn - DOMAIN_BASE_MFN] === 1 || inUseAsRoot(d, mfn)) && (pa & 0xfff) >= HOLE_SLOT_OFFSET) rc = -XEN_EINVAL;
      else {
        const ad = cmd === X.MMU_PT_UPDATE_PRESERVE_AD ? bus.read(pa, 4) & (PTE_A | PTE_D) : 0;
        bus.write(pa, 4, (val | ad) >>> 0);
      }
    } else if (cmd === X.MMU_MACHPHYS_UPDATE) {
      const mfn = Math.floor(pa / 4096);
      if (!d.ownsMfn(mfn)) rc = -XEN_EINVAL;
      else d.m2p[mfn - DOMAIN_BASE_MFN] = val;
    } else {
      rc = -XEN_EOPNOTSUPP;
    }
    if (rc !== 0) break;
  }
  d.hart.flushTlb();
  if (pdone !== 0 && !d.mem.write32(pdone, done)) return EFAULT;
  return rc;
};

function mmuextOne(d: Domain, cmd: number, arg1: number, arg2: number): number {
  const bus = d.machine.bus;
  switch (cmd) {
    case X.MMUEXT_PIN_L1_TABLE:
      return d.ownsMfn(arg1) ? 0 : -XEN_EINVAL;
    case X.MMUEXT_UNPIN_TABLE:
      if (!d.ownsMfn(arg1)) return -XEN_EINVAL;
      if (!inUseAsRoot(d, arg1)) d.isRoot[arg1 - DOMAIN_BASE_MFN] = 0;
      return 0;
    case X.MMUEXT_PIN_L2_TABLE:
      if (!d.ownsMfn(arg1)) return -XEN_EINVAL;
      installHole(d, arg1);
      return 0;
    case X.MMUEXT_PIN_L3_TABLE: return -XEN_EINVAL;
    case X.MMUEXT_PIN_L4_TABLE: return 0;
    case X.MMUEXT_NEW_BASEPTR:
      if (!d.ownsMfn(arg1)) return -XEN_EINVAL;
      newBaseptr(d, d.hart, arg1);
      return 0;
    case X.MMUEXT_TLB_FLUSH_MULTI:
      if (!readMask(d, arg2)) return EFAULT;
      flushEveryHart(d, -1);
      return 0;
    case X.MMUEXT_TLB_FLUSH_LOCAL:
      d.hart.flushTlb();
      return 0;
    case X.MMUEXT_TLB_FLUSH_ALL:
      flushEveryHart(d, -1);
      return 0;
    case X.MMUEXT_INVLPG_MULTI:
      if (!readMask(d, arg2)) return EFAULT;
      flushEveryHart(d, arg1 >>> 0);
      return 0;
    case X.MMUEXT_INVLPG_LOCAL:
      d.hart.tlb.flushPage(arg1);
      return 0;
    case X.MMUEXT_INVLPG_ALL:
      flushEveryHart(d, arg1 >>> 0);
      return 0;
    case X.MMUEXT_FLUSH_CACHE: case X.MMUEXT_FLUSH_CACHE_GLOBAL: return 0;
    case X.MMUEXT_SET_LDT: return arg2 === 0 ? 0 : -XEN_EINVAL; // rv32 has no LDT
    case X.MMUEXT_NEW_USER_BASEPTR: return -XEN_EINVAL; // 64-bit guests only
    case X.MMUEXT_CLEAR_PAGE:
      if (!d.ownsMfn(arg1)) return -XEN_EINVAL;
      bus.fill(arg1 * 4096, 4096, 0);
      return 0;
    case X.MMUEXT_COPY_PAGE: {
      if (!d.ownsMfn(arg1) || !d.ownsMfn(arg2)) return -XEN_EINVAL;
      const page = new Uint8Array(4096);
      bus.readBytes(arg2 * 4096, page);
      bus.writeBytes(arg1 * 4096, page);
      return 0;
    }
    case X.MMUEXT_MARK_SUPER: case X.MMUEXT_UNMARK_SUPER: return -XEN_EOPNOTSUPP;
    default: return -XEN_ENOSYS;
  }
}

export const mmuext_op: HypercallFn = (d, ops, count, pdone, foreigndom) => {
  count >>>= 0;
  if (count > XEN_MAX_MMU_BATCH) return -XEN_EINVAL; // also a count with MMU_UPDATE_PREEMPTED
  if (!isSelf(d, foreigndom & 0xffff)) return -XEN_ESRCH;
  let rc = 0;
  let done = 0;
  for (; done < count; done++) {
    const b = d.mem.read(ops + done * 12, 12);
    if (b === null) {
      rc = EFAULT;
      break;
    }
    const v = new DataView(b.buffer);
    rc = mmuextOne(d, v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true));
    if (rc !== 0) break;
  }
  if (pdone !== 0 && !d.mem.write32(pdone, done)) return EFAULT;
  return rc;
};
