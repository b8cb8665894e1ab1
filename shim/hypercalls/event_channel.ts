/**
 * event_channel_op for one domain: VIRQs, IPIs, loopback interdomain channels
 * (alloc_unbound + bind_interdomain to itself) and unbound ports for the shim's
 * own back-ends (remote domain 0).
 *
 * Invariants:
 * - portState[p] is an EVTCHNSTAT_* value; 0 (closed) means free. Port 0 is
 *   never allocated; allocation takes the lowest free port, as Xen does.
 * - An interdomain pair links both ways (portRemote); closing one end returns
 *   the other to unbound (remote = this domain). Closing clears the pending bit.
 * - Pending/mask/selector bits follow abi/evtchn_2l.ts, on the vcpu_info of the
 *   port's notify vCPU (portVcpu: bind_virq/bind_ipi's vcpu, bind_vcpu moves it).
 *   Delivery happens when that vCPU next leaves microxen (traps.ts); an event for a
 *   vCPU other than the caller kicks its hart (timers.ts `kick`: the IPI), and so
 *   does one that a polling vCPU may be waiting for.
 */
import type { Domain } from "../domain.js";
import { kick } from "../timers.js";
import { copyIn, copyOut, EFAULT, isSelf, type HypercallFn } from "./common.js";
import * as E from "../../abi/event_channel.js";
import { evtchnClearPending, evtchnSetPending, evtchnUnmask } from "../../abi/evtchn_2l.js";
import { EVTCHN_2L_NR_CHANNELS, NR_VIRQS, VIRQ_CLASS } from "../../abi/xen.js";
import { XEN_EEXIST, XEN_EINVAL, XEN_ENOENT, XEN_ENOSPC, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM, XEN_ESRCH } from "../../abi/errno.js";

/** The shim's back-ends speak as domain 0. */
export const BACKEND_DOMID = 0;

export function allocPort(d: Domain): number {
  for (let p = 1; p < EVTCHN_2L_NR_CHANNELS; p++) if (d.portState[p] === E.EVTCHNSTAT_closed) return p;
  return -XEN_ENOSPC;
}

const valid = (p: number): boolean => p > 0 && p < EVTCHN_2L_NR_CHANNELS;

export function closePort(d: Domain, p: number): void {
  const st = d.portState[p];
  if (st === E.EVTCHNSTAT_virq) {
    const v = d.vcpus[d.portVcpu[p]!]!;
    if (v.virqPort[d.portVirq[p]!] === p) v.virqPort[d.portVirq[p]!] = 0;
  }
  if (st === E.EVTCHNSTAT_interdomain && d.portRemoteDom[p] === d.domid) {
    const r = d.portRemote[p]!;
    d.portState[r] = E.EVTCHNSTAT_unbound;
    d.portRemoteDom[r] = d.domid;
    d.portRemote[r] = 0;
  }
  d.portState[p] = E.EVTCHNSTAT_closed;
  d.portVirq[p] = 0;
  d.portRemoteDom[p] = 0;
  d.portRemote[p] = 0;
  d.portVcpu[p] = 0;
  evtchnClearPending(d.sharedInfo, p);
}

/** Makes port `p` pending (a send, a VIRQ) for its notify vCPU, kicking the harts that must see it. */
export function raise(d: Domain, p: number): void {
  const target = d.vcpus[d.portVcpu[p]!]!;
  evtchnSetPending(d.sharedInfo, target.vcpuInfo, p);
  for (const v of d.vcpus) {
    if (v !== d.cur && (v === target || v.pollPorts !== null)) kick(d, v);
  }
}

function bindVirq(d: Domain, v: DataView): number {
  const virq = v.getUint32(0, true), vcpu = v.getUint32(4, true);
  if (virq >= NR_VIRQS || VIRQ_CLASS[virq] === undefined) return -XEN_EINVAL;
  if (VIRQ_CLASS[virq] !== "V" && vcpu !== 0) return -XEN_EINVAL;
  const target = d.vcpu(vcpu);
  if (target === undefined) return -XEN_ENOENT;
  if (target.virqPort[virq] !== 0) return -XEN_EEXIST;
  const p = allocPort(d);
  if (p < 0) return p;
  d.portState[p] = E.EVTCHNSTAT_virq;
  d.portVirq[p] = virq;
  d.portVcpu[p] = vcpu;
  target.virqPort[virq] = p;
  v.setUint32(8, p, true);
  return 0;
}

function allocUnbound(d: Domain, v: DataView): number {
  const dom = v.getUint16(0, true), remote = v.getUint16(2, true);
  if (!isSelf(d, dom)) return -XEN_EPERM;
  const rdom = isSelf(d, remote) ? d.domid : remote === BACKEND_DOMID ? BACKEND_DOMID : -1;
  if (rdom < 0) return -XEN_ESRCH;
  const p = allocPort(d);
  if (p < 0) return p;
  d.portState[p] = E.EVTCHNSTAT_unbound;
  d.portRemoteDom[p] = rdom;
  v.setUint32(4, p, true);
  return 0;
}

function bindInterdomain(d: Domain, v: DataView): number {
  const remote = v.getUint16(0, true), rport = v.getUint32(4, true);
  if (!isSelf(d, remote)) return -XEN_ESRCH;
  if (!valid(rport) || d.portState[rport] !== E.EVTCHNSTAT_unbound || d.portRemoteDom[rport] !== d.domid) return -XEN_EINVAL;
  const p = allocPort(d);
  if (p < 0) return p;
  d.portState[p] = E.EVTCHNSTAT_interdomain;
  d.portRemoteDom[p] = d.domid;
  d.portRemote[p] = rport;
  d.portState[rport] = E.EVTCHNSTAT_interdomain;
  d.portRemote[rport] = p;
  v.setUint32(8, p, true);
  raise(d, p); // as Xen: the new local port starts pending
  return 0;
}

function send(d: Domain, p: number): number {
  if (!valid(p)) return -XEN_EINVAL;
  switch (d.portState[p]) {
    case E.EVTCHNSTAT_interdomain:
      if (d.portRemoteDom[p] === d.domid) raise(d, d.portRemote[p]!);
      return 0;
    case E.EVTCHNSTAT_ipi: raise(d, p); return 0;
    case E.EVTCHNSTAT_unbound: return 0; // nobody listens yet: dropped, as Xen does
    default: return -XEN_EINVAL;
  }
}

function status(d: Domain, v: DataView): number {
  const dom = v.getUint16(0, true), p = v.getUint32(4, true);
  if (!isSelf(d, dom)) return -XEN_ESRCH;
  if (p >= EVTCHN_2L_NR_CHANNELS) return -XEN_EINVAL;
  const st = p === 0 ? E.EVTCHNSTAT_closed : d.portState[p]!;
  v.setUint32(8, st, true);
  v.setUint32(12, st === E.EVTCHNSTAT_closed ? 0 : d.portVcpu[p]!, true);
  v.setUint32(16, 0, true);
  v.setUint32(20, 0, true);
  if (st === E.EVTCHNSTAT_unbound) v.setUint16(16, d.portRemoteDom[p]!, true);
  else if (st === E.EVTCHNSTAT_interdomain) {
    v.setUint16(16, d.portRemoteDom[p]!, true);
    v.setUint32(20, d.portRemote[p]!, true);
  } else if (st === E.EVTCHNSTAT_virq) v.setUint32(16, d.portVirq[p]!, true);
  return 0;
}

type Op = { layout: typeof E.evtchn_send; run: (d: Domain, v: DataView) => number; out: boolean };

const OPS: (Op | null)[] = [];
OPS[E.EVTCHNOP_bind_interdomain] = { layout: E.evtchn_bind_interdomain, run: bindInterdomain, out: true };
OPS[E.EVTCHNOP_bind_virq] = { layout: E.evtchn_bind_virq, run: bindVirq, out: true };
OPS[E.EVTCHNOP_close] = {
  layout: E.evtchn_close, out: false,
  run: (d, v) => {
    const p = v.getUint32(0, true);
    if (!valid(p) || d.portState[p] === E.EVTCHNSTAT_closed) return -XEN_EINVAL;
    closePort(d, p);
    return 0;
  },
};
OPS[E.EVTCHNOP_send] = { layout: E.evtchn_send, run: (d, v) => send(d, v.getUint32(0, true)), out: false };
OPS[E.EVTCHNOP_status] = { layout: E.evtchn_status, run: status, out: true };
OPS[E.EVTCHNOP_alloc_unbound] = { layout: E.evtchn_alloc_unbound, run: allocUnbound, out: true };
OPS[E.EVTCHNOP_bind_ipi] = {
  layout: E.evtchn_bind_ipi, out: true,
  run: (d, v) => {
    const vcpu = v.getUint32(0, true);
    if (d.vcpu(vcpu) === undefined) return -XEN_ENOENT;
    const p = allocPort(d);
    if (p < 0) return p;
    d.portState[p] = E.EVTCHNSTAT_ipi;
    d.portVcpu[p] = vcpu;
    v.setUint32(4, p, true);
    return 0;
  },
};
OPS[E.EVTCHNOP_bind_vcpu] = {
  layout: E.evtchn_bind_vcpu, out: false,
  run: (d, v) => {
    // Xen's order: the vCPU first (-ENOENT), then the port.
    const p = v.getUint32(0, true), vcpu = v.getUint32(4, true);
    if (d.vcpu(vcpu) === undefined) return -XEN_ENOENT;
    if (!valid(p)) return -XEN_EINVAL;
    const st = d.portState[p];
    if (st === E.EVTCHNSTAT_virq) {
      const virq = d.portVirq[p]!;
      if (VIRQ_CLASS[virq] === "V") return -XEN_EINVAL;
      const from = d.vcpus[d.portVcpu[p]!]!;
      if (from.virqPort[virq] === p) from.virqPort[virq] = 0;
      d.vcpus[vcpu]!.virqPort[virq] = p;
    } else if (st !== E.EVTCHNSTAT_unbound && st !== E.EVTCHNSTAT_interdomain) {
      return -XEN_EINVAL;
    }
    d.portVcpu[p] = vcpu;
    return 0;
  },
};
OPS[E.EVTCHNOP_unmask] = {
  layout: E.evtchn_unmask, out: false,
  run: (d, v) => {
    const p = v.getUint32(0, true);
    if (p >= EVTCHN_2L_NR_CHANNELS) return -XEN_EINVAL;
    const target = d.vcpus[d.portVcpu[p]!]!;
    evtchnUnmask(d.sharedInfo, target.vcpuInfo, p);
    if (target !== d.cur) kick(d, target);
    return 0;
  },
};
OPS[E.EVTCHNOP_reset] = {
  layout: E.evtchn_reset, out: false,
  run: (d, v) => {
    if (!isSelf(d, v.getUint16(0, true))) return -XEN_ESRCH;
    for (let p = 1; p < EVTCHN_2L_NR_CHANNELS; p++) if (d.portState[p] !== E.EVTCHNSTAT_closed) closePort(d, p);
    return 0;
  },
};

export const event_channel_op: HypercallFn = (d, cmd, arg) => {
  const op = OPS[cmd];
  if (op === undefined || op === null) {
    return cmd === E.EVTCHNOP_bind_pirq || (cmd >= E.EVTCHNOP_init_control && cmd <= E.EVTCHNOP_set_priority)
      ? -XEN_EOPNOTSUPP : -XEN_ENOSYS;
  }
  const v = copyIn(d, arg, op.layout);
  if (v === null) return EFAULT;
  const rc = op.run(d, v);
  if (rc === 0 && op.out && !copyOut(d, arg, v)) return EFAULT;
  return rc;
};

