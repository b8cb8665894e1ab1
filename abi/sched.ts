/**
 * sched_op (hypercall 29) — xen/include/public/sched.h.
 *
 *   long HYPERVISOR_sched_op(unsigned int cmd, void *arg)
 *
 * Sub-op docs (IN/OUT, errors) live in the hypercall table (hypercalls.ts); the
 * structs live in structs.ts (sched_shutdown, sched_poll, sched_remote_shutdown,
 * sched_watchdog, sched_pin_override).
 */
import { defineStruct } from "./layout.js";

/** Give up the CPU voluntarily; arg NULL. Always 0. */
export const SCHEDOP_yield = 0;
/**
 * Block until an event is pending; arg NULL. If upcalls are masked, they are
 * unmasked and pending events are checked first (no lost wake-up).
 */
export const SCHEDOP_block = 1;
/** Halt the domain; arg sched_shutdown. -EINVAL for a reason above SHUTDOWN_MAX. */
export const SCHEDOP_shutdown = 2;
/** Block until one of a set of ports is pending or a timeout passes; arg sched_poll. */
export const SCHEDOP_poll = 3;
/** Shut down another domain (privileged); arg sched_remote_shutdown. */
export const SCHEDOP_remote_shutdown = 4;
/** Record the shutdown code without shutting down; arg sched_shutdown. */
export const SCHEDOP_shutdown_code = 5;
/** Create/poke/destroy a domain watchdog; arg sched_watchdog. */
export const SCHEDOP_watchdog = 6;
/** Hardware domain only: override vCPU pinning; arg sched_pin_override. */
export const SCHEDOP_pin_override = 7;

/** Shutdown reasons (sched_shutdown.reason, sched_remote_shutdown.reason). */
export const SHUTDOWN_poweroff = 0;
export const SHUTDOWN_reboot = 1;
export const SHUTDOWN_suspend = 2;
export const SHUTDOWN_crash = 3;
export const SHUTDOWN_watchdog = 4;
export const SHUTDOWN_soft_reset = 5;
export const SHUTDOWN_MAX = 5;

export const SHUTDOWN_NAMES: readonly string[] = ["poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset"];

export const sched_shutdown = defineStruct("sched_shutdown", "SCHEDOP_shutdown / SCHEDOP_shutdown_code argument.", [
  { name: "reason", type: "u32", doc: "IN: SHUTDOWN_*.", ctype: "unsigned int" },
]);
export const sched_poll = defineStruct("sched_poll", "SCHEDOP_poll argument.", [
  { name: "ports", type: "u32", doc: "IN: guest array of nr_ports ports.", ctype: "XEN_GUEST_HANDLE(evtchn_port_t)" },
  { name: "nr_ports", type: "u32", doc: "IN", ctype: "unsigned int" },
  { name: "timeout", type: "u64", doc: "IN: absolute system time (ns); 0 = none." },
]);
export const sched_remote_shutdown = defineStruct("sched_remote_shutdown", "SCHEDOP_remote_shutdown argument.", [
  { name: "domain_id", type: "u16", doc: "IN: domain to shut down.", ctype: "domid_t" },
  { name: "reason", type: "u32", doc: "IN: SHUTDOWN_*.", ctype: "unsigned int" },
]);
export const sched_watchdog = defineStruct("sched_watchdog", "SCHEDOP_watchdog argument.", [
  { name: "id", type: "u32", doc: "IN: 0 creates (OUT via result); else the timer to poke/destroy." },
  { name: "timeout", type: "u32", doc: "IN: seconds; 0 destroys." },
]);
export const sched_pin_override = defineStruct("sched_pin_override", "SCHEDOP_pin_override argument.", [
  { name: "pcpu", type: "i32", doc: "IN: pCPU; negative undoes the override." },
]);

export const SCHED_STRUCTS = [sched_shutdown, sched_poll, sched_remote_shutdown, sched_watchdog, sched_pin_override] as const;
