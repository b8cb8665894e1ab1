/**
 * Makes a hypercall on behalf of a full Xen vCPU from host code, the way the ecall
 * path of fullxen/schedule.ts onTrap does it (live context copied in, dispatch,
 * timers, reschedule, context copied back), but returning the handler's raw result
 * so the fuzzer can check its type. The guest's a0 and pc are left alone: the call
 * is injected between two of its instructions instead of replacing one.
 */
import { dispatch } from "../../fullxen/hypercall.js";
import { fireTimers, loadHart, reschedule } from "../../fullxen/schedule.js";
import type { FullXen } from "../../fullxen/hypervisor.js";
import type { Domain } from "../../fullxen/domain.js";
import type { Vcpu } from "../../fullxen/vcpu.js";

export function guestCall(xen: FullXen, v: Vcpu, nr: number, a: readonly number[]): unknown {
  const p = v.hart >= 0 ? xen.pcpus[v.hart]! : null;
  const onHart = p !== null && p.current === v;
  if (onHart) {
    v.regs.set(p.hart.x);
    v.pc = p.hart.pc >>> 0;
    xen.inTrapHart = p.id;
  }
  const c = xen.hc;
  c.v = v;
  c.d = v.owner as Domain;
  c.jumped = false;
  c.mcDepth = 0;
  let rc: unknown;
  try {
    rc = dispatch(c, nr, a[0]! >>> 0, a[1]! >>> 0, a[2]! >>> 0, a[3]! >>> 0, a[4]! >>> 0);
  } finally {
    c.v = null;
    c.d = null;
  }
  if (onHart) {
    const now = xen.now();
    fireTimers(xen, now);
    reschedule(xen, p, now);
    loadHart(xen, p);
    xen.inTrapHart = -1;
  }
  return c.jumped ? 0 : rc;
}
