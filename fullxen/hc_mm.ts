/**
 * mmu_update, mmuext_op and update_va_mapping: argument arrays are copied from guest
 * memory element by element (every element's address checked, XSA-212), then handed to
 * the checked memory manager (fullxen/mm). Counts above MAX_MMU_BATCH are -EINVAL
 * (there are no continuations). A fault reading element k applies elements 0..k-1 and
 * returns -EFAULT; `done` (success_count / pdone, when not NULL) is written either way.
 */
import { XEN_EFAULT, XEN_EINVAL } from "../abi/errno.js";
import {
  HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_update_va_mapping,
} from "../abi/xen.js";
import { mmuUpdate, type MmuUpdateReq } from "./mm/mmu_update.js";
import { mmuextOp, type MmuextOpReq } from "./mm/mmuext_op.js";
import { updateVaMapping } from "./mm/update_va_mapping.js";
import { registerHypercall, type HcCtx } from "./hypercall.js";

import { XEN_MAX_MMU_BATCH as MAX_MMU_BATCH } from "../abi/guest_visible.js";

function finish(c: HcCtx, pdone: number, done: number, rc: number): number {
  if (pdone !== 0) c.writeU32(pdone, done); // as Xen, a failed write-back does not change rc
  return rc;
}

function doMmuUpdate(c: HcCtx, req: number, count: number, pdone: number, foreigndom: number): number {
  if (count > MAX_MMU_BATCH) return -XEN_EINVAL;
  const reqs: MmuUpdateReq[] = [];
  let fault = false;
  for (let i = 0; i < count; i++) {
    const b = c.view((req + 16 * i) >>> 0, 16);
    if (b === null) { fault = true; break; }
    reqs.push({
      ptr: b.getUint32(4, true) * 0x1_0000_0000 + b.getUint32(0, true),
      val: b.getUint32(12, true) * 0x1_0000_0000 + b.getUint32(8, true),
    });
  }
  const r = mmuUpdate(c.xen.mm, c.dom.mm, reqs, foreigndom);
  return finish(c, pdone, r.done, r.rc !== 0 ? r.rc : fault ? -XEN_EFAULT : 0);
}

function doMmuextOp(c: HcCtx, uops: number, count: number, pdone: number, foreigndom: number): number {
  if (count > MAX_MMU_BATCH) return -XEN_EINVAL;
  const ops: MmuextOpReq[] = [];
  let fault = false;
  for (let i = 0; i < count; i++) {
    const b = c.view((uops + 12 * i) >>> 0, 12);
    if (b === null) { fault = true; break; }
    ops.push({ cmd: b.getUint32(0, true), arg1: b.getUint32(4, true), arg2: b.getUint32(8, true) });
  }
  const r = mmuextOp(c.xen.mm, c.dom.mm, c.vcpu.id, ops, foreigndom);
  return finish(c, pdone, r.done, r.rc !== 0 ? r.rc : fault ? -XEN_EFAULT : 0);
}

registerHypercall(HYPERVISOR_mmu_update, (c, req, count, pdone, fd) => doMmuUpdate(c, req, count, pdone, fd));
registerHypercall(HYPERVISOR_mmuext_op, (c, uops, count, pdone, fd) => doMmuextOp(c, uops, count, pdone, fd));
registerHypercall(HYPERVISOR_update_va_mapping, (c, va, lo, hi, flags) =>
  updateVaMapping(c.xen.mm, c.dom.mm, c.vcpu.id, va, hi * 0x1_0000_0000 + lo, flags));
