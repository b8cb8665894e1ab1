/**
 * vcpu_op (hypercall 24) — xen/include/public/vcpu.h.
 *
 *   long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *extra_args)
 *
 * Timers count in system time (ns, vcpu_time_info.system_time); expiry raises
 * VIRQ_TIMER on the vCPU.
 */
import { defineStruct } from "./layout.js";

export const VCPUOP_initialise = 0;
export const VCPUOP_up = 1;
export const VCPUOP_down = 2;
export const VCPUOP_is_up = 3;
export const VCPUOP_get_runstate_info = 4;
export const VCPUOP_register_runstate_memory_area = 5;
export const VCPUOP_set_periodic_timer = 6;
export const VCPUOP_stop_periodic_timer = 7;
export const VCPUOP_set_singleshot_timer = 8;
export const VCPUOP_stop_singleshot_timer = 9;
export const VCPUOP_register_vcpu_info = 10;
export const VCPUOP_send_nmi = 11;
export const VCPUOP_get_physid = 12;
export const VCPUOP_register_vcpu_time_memory_area = 13;
export const VCPUOP_register_runstate_phys_area = 14;
export const VCPUOP_register_vcpu_time_phys_area = 15;

export const RUNSTATE_running = 0;
export const RUNSTATE_runnable = 1;
export const RUNSTATE_blocked = 2;
export const RUNSTATE_offline = 3;
/** Bit 63 of state_entry_time: set while the area is being updated. */
export const XEN_RUNSTATE_UPDATE = 1n << 63n;

/** set_singleshot_timer.flags: fail with -ETIME if the timeout is already past. */
export const VCPU_SSHOTTMR_future = 1 << 0;
export const _VCPU_SSHOTTMR_future = 0;

export const vcpu_runstate_info = defineStruct("vcpu_runstate_info", "VCPUOP_get_runstate_info: time spent in each RUNSTATE_*.", [
  { name: "state", type: "i32", doc: "OUT: RUNSTATE_*.", owner: "XEN", ctype: "int" },
  { name: "state_entry_time", type: "u64", doc: "OUT: system time of entry to state.", owner: "XEN" },
  { name: "time", type: { array: "u64", length: 4 }, doc: "OUT: ns spent in each state.", owner: "XEN" },
]);
export const vcpu_register_runstate_memory_area = defineStruct("vcpu_register_runstate_memory_area", "VCPUOP_register_runstate_memory_area.", [
  { name: "addr", type: "u64", doc: "IN: guest VA of a vcpu_runstate_info kept up to date.",
    ctype: "union { XEN_GUEST_HANDLE(vcpu_runstate_info_t) h; struct vcpu_runstate_info *v; uint64_t p; }" },
]);
export const vcpu_set_periodic_timer = defineStruct("vcpu_set_periodic_timer", "VCPUOP_set_periodic_timer.", [
  { name: "period_ns", type: "u64", doc: "IN" },
]);
export const vcpu_set_singleshot_timer = defineStruct("vcpu_set_singleshot_timer", "VCPUOP_set_singleshot_timer.", [
  { name: "timeout_abs_ns", type: "u64", doc: "IN: absolute system time." },
  { name: "flags", type: "u32", doc: "IN: VCPU_SSHOTTMR_*." },
]);
export const vcpu_register_vcpu_info = defineStruct("vcpu_register_vcpu_info", "VCPUOP_register_vcpu_info: move vcpu_info out of shared_info.", [
  { name: "mfn", type: "u64", doc: "IN: frame holding the new vcpu_info." },
  { name: "offset", type: "u32", doc: "IN: offset in it; the whole vcpu_info must fit in the page." },
  { name: "rsvd", type: "u32", doc: "Reserved, 0." },
]);
export const vcpu_get_physid = defineStruct("vcpu_get_physid", "VCPUOP_get_physid.", [
  { name: "phys_id", type: "u64", doc: "OUT", owner: "XEN" },
]);

export const VCPU_STRUCTS = [vcpu_runstate_info, vcpu_register_runstate_memory_area, vcpu_set_periodic_timer,
  vcpu_set_singleshot_timer, vcpu_register_vcpu_info, vcpu_get_physid] as const;
