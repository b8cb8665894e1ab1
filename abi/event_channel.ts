/**
 * event_channel_op (hypercall 32) — xen/include/public/event_channel.h.
 *
 *   long HYPERVISOR_event_channel_op(int cmd, void *arg)
 *
 * rv32 uses the 2-level ABI: 1024 ports (32 words of 32 bits) in shared_info.
 * Delivery (set pending): test-and-set evtchn_pending[p]; if it was clear and
 * evtchn_mask[p] is clear, test-and-set bit p/32 of the vCPU's evtchn_pending_sel;
 * if that was clear, set evtchn_upcall_pending and kick the vCPU. Unmask mirrors it.
 * The FIFO ABI (init_control, expand_array, set_priority) is declared for
 * completeness; both hypervisors return -EOPNOTSUPP/-ENOSYS for it.
 */
import { defineStruct } from "./layout.js";

export const EVTCHNOP_bind_interdomain = 0;
export const EVTCHNOP_bind_virq = 1;
export const EVTCHNOP_bind_pirq = 2;
export const EVTCHNOP_close = 3;
export const EVTCHNOP_send = 4;
export const EVTCHNOP_status = 5;
export const EVTCHNOP_alloc_unbound = 6;
export const EVTCHNOP_bind_ipi = 7;
export const EVTCHNOP_bind_vcpu = 8;
export const EVTCHNOP_unmask = 9;
export const EVTCHNOP_reset = 10;
export const EVTCHNOP_init_control = 11;
export const EVTCHNOP_expand_array = 12;
export const EVTCHNOP_set_priority = 13;

/** evtchn_status.status */
export const EVTCHNSTAT_closed = 0;
export const EVTCHNSTAT_unbound = 1;
export const EVTCHNSTAT_interdomain = 2;
export const EVTCHNSTAT_pirq = 3;
export const EVTCHNSTAT_virq = 4;
export const EVTCHNSTAT_ipi = 5;

export const BIND_PIRQ__WILL_SHARE = 1;

/** FIFO ABI constants. */
export const EVTCHN_FIFO_PRIORITY_MAX = 0;
export const EVTCHN_FIFO_PRIORITY_DEFAULT = 7;
export const EVTCHN_FIFO_PRIORITY_MIN = 15;
export const EVTCHN_FIFO_MAX_QUEUES = 16;
/** Bit numbers in a FIFO event word. */
export const EVTCHN_FIFO_PENDING = 31;
export const EVTCHN_FIFO_MASKED = 30;
export const EVTCHN_FIFO_LINKED = 29;
export const EVTCHN_FIFO_BUSY = 28;
export const EVTCHN_FIFO_LINK_BITS = 17;
export const EVTCHN_FIFO_LINK_MASK = (1 << 17) - 1;
export const EVTCHN_FIFO_NR_CHANNELS = 1 << 17;

const port = (name: string, doc: string, owner?: "XEN" | "GST"): { name: string; type: "u32"; doc: string; ctype: string; owner?: "XEN" | "GST" } =>
  owner === undefined ? { name, type: "u32", doc, ctype: "evtchn_port_t" } : { name, type: "u32", doc, ctype: "evtchn_port_t", owner };

/** EVTCHNOP_alloc_unbound: IN dom (must be DOMID_SELF unless privileged), remote_dom; OUT port. */
export const evtchn_alloc_unbound = defineStruct("evtchn_alloc_unbound", "Allocate a port for remote_dom to bind later.", [
  { name: "dom", type: "u16", doc: "IN: DOMID_SELF (or a domain, if privileged).", ctype: "domid_t" },
  { name: "remote_dom", type: "u16", doc: "IN: the domain that may bind (DOMID_SELF: loopback).", ctype: "domid_t" },
  port("port", "OUT: the new port.", "XEN"),
]);
export const evtchn_bind_interdomain = defineStruct("evtchn_bind_interdomain", "Bind to a remote domain's unbound port; the new local port is marked pending.", [
  { name: "remote_dom", type: "u16", doc: "IN", ctype: "domid_t" },
  port("remote_port", "IN: an unbound port of remote_dom that allows us."),
  port("local_port", "OUT", "XEN"),
]);
export const evtchn_bind_virq = defineStruct("evtchn_bind_virq", "Bind a VIRQ on a vCPU.", [
  { name: "virq", type: "u32", doc: "IN: VIRQ_*." },
  { name: "vcpu", type: "u32", doc: "IN: vCPU (0 for D/G VIRQs)." },
  port("port", "OUT", "XEN"),
]);
export const evtchn_bind_pirq = defineStruct("evtchn_bind_pirq", "Bind a physical IRQ (privileged).", [
  { name: "pirq", type: "u32", doc: "IN" },
  { name: "flags", type: "u32", doc: "IN: BIND_PIRQ__WILL_SHARE." },
  port("port", "OUT", "XEN"),
]);
export const evtchn_bind_ipi = defineStruct("evtchn_bind_ipi", "Bind an inter-vCPU notification.", [
  { name: "vcpu", type: "u32", doc: "IN: vCPU to notify." },
  port("port", "OUT", "XEN"),
]);
export const evtchn_close = defineStruct("evtchn_close", "Close a port; an interdomain peer goes back to unbound.", [port("port", "IN")]);
export const evtchn_send = defineStruct("evtchn_send", "Notify the other end of a port.", [port("port", "IN")]);
export const evtchn_status = defineStruct("evtchn_status", "Query a port's state.", [
  { name: "dom", type: "u16", doc: "IN: DOMID_SELF (or a domain, if privileged).", ctype: "domid_t" },
  port("port", "IN"),
  { name: "status", type: "u32", doc: "OUT: EVTCHNSTAT_*.", owner: "XEN" },
  { name: "vcpu", type: "u32", doc: "OUT: vCPU notified.", owner: "XEN" },
  { name: "u", type: { array: "u32", length: 2 }, doc: "OUT: unbound{dom} | interdomain{dom, port} | pirq | virq.", owner: "XEN",
    ctype: "union { struct { domid_t dom; } unbound; struct { domid_t dom; evtchn_port_t port; } interdomain; uint32_t pirq; uint32_t virq; }" },
]);
export const evtchn_bind_vcpu = defineStruct("evtchn_bind_vcpu", "Change the vCPU a port notifies.", [
  port("port", "IN"),
  { name: "vcpu", type: "u32", doc: "IN" },
]);
export const evtchn_unmask = defineStruct("evtchn_unmask", "Unmask a port (re-delivering if pending).", [port("port", "IN")]);
export const evtchn_reset = defineStruct("evtchn_reset", "Close every port of a domain.", [
  { name: "dom", type: "u16", doc: "IN: DOMID_SELF (or a domain, if privileged).", ctype: "domid_t" },
]);
export const evtchn_init_control = defineStruct("evtchn_init_control", "FIFO ABI: register a control block.", [
  { name: "control_gfn", type: "u64", doc: "IN" },
  { name: "offset", type: "u32", doc: "IN" },
  { name: "vcpu", type: "u32", doc: "IN" },
  { name: "link_bits", type: "u8", doc: "OUT", owner: "XEN" },
  { name: "_pad", type: { array: "u8", length: 7 }, doc: "Reserved." },
]);
export const evtchn_expand_array = defineStruct("evtchn_expand_array", "FIFO ABI: add an event array page.", [
  { name: "array_gfn", type: "u64", doc: "IN" },
]);
export const evtchn_set_priority = defineStruct("evtchn_set_priority", "FIFO ABI: set a port's priority.", [
  port("port", "IN"),
  { name: "priority", type: "u32", doc: "IN" },
]);

export const EVENT_CHANNEL_STRUCTS = [
  evtchn_alloc_unbound, evtchn_bind_interdomain, evtchn_bind_virq, evtchn_bind_pirq, evtchn_bind_ipi,
  evtchn_close, evtchn_send, evtchn_status, evtchn_bind_vcpu, evtchn_unmask, evtchn_reset,
  evtchn_init_control, evtchn_expand_array, evtchn_set_priority,
] as const;
