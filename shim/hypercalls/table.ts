/**
 * The dispatch table: one handler per hypercall number, built once from the
 * abi/ hypercall table (no string dispatch on the hot path). A number with no
 * handler gets -ENOSYS. multicall runs entries through the same table.
 *
 * multicall: each entry's op and five arguments are read, the call runs, and its
 * result (as xen_ulong_t) is written back. A nested multicall gives that entry
 * -EINVAL; an iret entry ends the batch (the guest resumes from the frame); a
 * shutdown ends it too. An unreadable or unwritable entry: -EFAULT.
 */
import { EFAULT, NO_RETURN, traceCall, type HypercallFn } from "./common.js";
import { HYPERCALLS } from "../../abi/hypercalls.js";
import { HYPERVISOR_iret, HYPERVISOR_multicall, NR_HYPERCALL_SLOTS } from "../../abi/xen.js";
import { XEN_MAX_MULTICALL } from "../../abi/guest_visible.js";
import { XEN_EINVAL, XEN_ENOSYS } from "../../abi/errno.js";
import { console_io, vm_assist, xen_version } from "./xen_version.js";
import { sched_op, set_timer_op } from "./sched.js";
import { vcpu_op } from "./vcpu.js";
import { mmu_update, mmuext_op, update_va_mapping } from "./mm.js";
import { event_channel_op } from "./event_channel.js";
import { grant_table_op, memory_op } from "./memory.js";
import { callback_op, iret, set_callbacks, set_trap_table, stack_switch } from "./callbacks.js";

export const enosys: HypercallFn = () => -XEN_ENOSYS;

const multicall: HypercallFn = (d, list, nr) => {
  if (nr >>> 0 > XEN_MAX_MULTICALL) return -XEN_EINVAL;
  for (let i = 0; i < nr >>> 0; i++) {
    const at = list + i * 32;
    const b = d.mem.read(at, 32);
    if (b === null) return EFAULT;
    const v = new DataView(b.buffer);
    const op = v.getUint32(0, true);
    const a = [8, 12, 16, 20, 24].map((o) => v.getUint32(o, true));
    let rc: number;
    if (op === HYPERVISOR_multicall) rc = -XEN_EINVAL;
    else if (op >= NR_HYPERCALL_SLOTS) rc = -XEN_ENOSYS;
    else rc = TABLE[op]!(d, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    if (d.trace !== null) traceCall(d, op, a, rc === NO_RETURN ? d.hart.x[10]! | 0 : rc);
    if (op === HYPERVISOR_iret) return NO_RETURN;
    if (!d.mem.write32(at + 4, rc)) return EFAULT;
    if (d.shutdown !== null) return 0;
  }
  return 0;
};

/** Handlers by name; every name must be a hypercall of abi/hypercalls.ts. */
export const IMPLEMENTED: Readonly<Record<string, HypercallFn>> = {
  set_trap_table, mmu_update, stack_switch, set_callbacks, memory_op, multicall, update_va_mapping,
  set_timer_op, xen_version, console_io, grant_table_op, vm_assist, iret, vcpu_op, mmuext_op,
  sched_op, callback_op, event_channel_op,
};

function build(): HypercallFn[] {
  const t: HypercallFn[] = new Array<HypercallFn>(NR_HYPERCALL_SLOTS).fill(enosys);
  for (const name of Object.keys(IMPLEMENTED)) {
    const h = HYPERCALLS.find((c) => c.name === name);
    if (h === undefined) throw new Error(`build microxen dispatch table: ${name} is not in the hypercall table`);
    t[h.nr] = IMPLEMENTED[name]!;
  }
  return t;
}

export const TABLE: readonly HypercallFn[] = build();
