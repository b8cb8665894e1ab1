/**
 * HYPERVISOR_update_va_mapping: change the leaf entry for one VA in the calling vCPU's
 * current address space, then flush as asked.
 *
 * - A VA in the hypervisor hole (>= 0xFC000000): -EINVAL.
 * - No base pointer, or no present pointer in the root slot for the VA: -EINVAL.
 * - The entry goes through modL1Entry (checked, references moved new-before-old).
 * - flags & 3: UVMF_NONE, UVMF_TLB_FLUSH, UVMF_INVLPG (3: no flush, as Xen).
 *   flags & ~3: 0 = this vCPU (UVMF_LOCAL), 4 = all vCPUs (UVMF_ALL), anything else is a
 *   guest pointer to a vCPU bitmap (-EFAULT when unreadable). Flushes happen only after
 *   a successful update.
 */
import { XEN_EFAULT, XEN_EINVAL } from "../../abi/errno.js";
import { UVMF_ALL, UVMF_FLUSHTYPE_MASK, UVMF_INVLPG, UVMF_TLB_FLUSH } from "../../abi/xen.js";
import type { MmContext } from "./context.js";
import { VCPUMASK_ALL } from "./context.js";
import type { MmDomain } from "./domain.js";
import { NO_BASE } from "./domain.js";
import { modL1Entry } from "./pt_update.js";
import { HOLE_START_VA, PTE_R, PTE_V, PTE_W, PTE_X, pteMfn, readPte } from "./pte.js";

export function updateVaMapping(
  ctx: MmContext, dom: MmDomain, vcpu: number, va: number, val: number, flags: number,
): number {
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= dom.base.length) {
    throw new Error(`update_va_mapping: vcpu ${vcpu} out of range for domain ${dom.domid}`);
  }
  va = va >>> 0;
  if (va >= HOLE_START_VA) return -XEN_EINVAL;
  if (!Number.isSafeInteger(val) || val < 0 || val > 0xffffffff) return -XEN_EINVAL;
  const root = dom.base[vcpu]!;
  if (root === NO_BASE) return -XEN_EINVAL;
  const l2e = readPte(ctx.bus, root, va >>> 22);
  if ((l2e & (PTE_V | PTE_R | PTE_W | PTE_X)) !== PTE_V) return -XEN_EINVAL;
  const rc = modL1Entry(ctx, pteMfn(l2e), (va >>> 12) & 0x3ff, val, dom, dom, false);
  if (rc !== 0) return rc;
  const kind = flags & UVMF_FLUSHTYPE_MASK;
  if (kind !== UVMF_TLB_FLUSH && kind !== UVMF_INVLPG) return 0;
  const target = (flags & ~UVMF_FLUSHTYPE_MASK) >>> 0;
  let mask = -1;
  if (target === UVMF_ALL) {
    mask = VCPUMASK_ALL;
  } else if (target !== 0) {
    const m = ctx.cpu.readVcpuMask(dom, target);
    if (m === null) return -XEN_EFAULT;
    mask = m >>> 0;
  }
  if (mask === -1) {
    if (kind === UVMF_TLB_FLUSH) ctx.cpu.flushLocal(dom, vcpu);
    else ctx.cpu.invlpgLocal(dom, vcpu, va);
  } else if (kind === UVMF_TLB_FLUSH) {
    ctx.cpu.flushVcpus(dom, mask);
  } else {
    ctx.cpu.invlpgVcpus(dom, mask, va);
  }
  return 0;
}
