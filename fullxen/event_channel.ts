/**
 * Event channels between domains (Xen's common/event_channel.c), 2-level ABI.
 *
 * Invariants:
 * - A domain has EVTCHN_2L_NR_CHANNELS (1024) ports. Every port number from a guest
 *   is bounds-checked before any array is touched (XSA-221/317: no port beyond the
 *   table, ever); port 0 is ECS_RESERVED and never allocated, so 0 can mean "none".
 * - Port state is numeric (ECS_*) in typed arrays, one entry per port:
 *     ECS_FREE         closed; every other field is 0
 *     ECS_UNBOUND      remoteDom = the domain allowed to bind to it
 *     ECS_INTERDOMAIN  remoteDom/remotePort = the peer; the peer names us back
 *     ECS_VIRQ         virq = which; the vCPU's virqPort[virq] = this port
 *     ECS_IPI          notifies notifyVcpu of the same domain
 * - Interdomain links are symmetric: if (d, p) -> (r, q) then (r, q) -> (d, p). Closing
 *   one end returns the other to ECS_UNBOUND for the closer's domain (Xen's rule).
 * - A V-class VIRQ is bound at most once per vCPU; a G/D-class VIRQ only on vCPU 0.
 * - Only the domain itself, or a privileged one, may name a domain other than
 *   DOMID_SELF where the ABI allows it (alloc_unbound.dom, status.dom, reset.dom).
 * - Delivery itself (pending/mask/selector bits) is abi/evtchn_2l.ts, reached through
 *   EvtWorld so both hypervisors share one implementation.
 */
import {
  XEN_EEXIST, XEN_EINVAL, XEN_ENOENT, XEN_ENOSPC, XEN_EPERM, XEN_ESRCH,
} from "../abi/errno.js";
import {
  EVTCHNSTAT_closed, EVTCHNSTAT_interdomain, EVTCHNSTAT_ipi, EVTCHNSTAT_unbound, EVTCHNSTAT_virq,
} from "../abi/event_channel.js";
import { DOMID_SELF, EVTCHN_2L_NR_CHANNELS, NR_VIRQS, VIRQ_CLASS } from "../abi/xen.js";

export const ECS_FREE = 0;
export const ECS_RESERVED = 1;
export const ECS_UNBOUND = 2;
export const ECS_INTERDOMAIN = 3;
export const ECS_PIRQ = 4;
export const ECS_VIRQ = 5;
export const ECS_IPI = 6;

export const NR_PORTS = EVTCHN_2L_NR_CHANNELS;

export class EvtchnTable {
  readonly state: Uint8Array;
  readonly notifyVcpu: Uint16Array;
  readonly remoteDom: Int32Array;
  readonly remotePort: Int32Array;
  readonly virq: Uint8Array;

  constructor() {
    this.state = new Uint8Array(NR_PORTS);
    this.notifyVcpu = new Uint16Array(NR_PORTS);
    this.remoteDom = new Int32Array(NR_PORTS);
    this.remotePort = new Int32Array(NR_PORTS);
    this.virq = new Uint8Array(NR_PORTS);
    this.state[0] = ECS_RESERVED;
  }

  /** Lowest free port, or -XEN_ENOSPC. */
  allocPort(): number {
    const s = this.state;
    for (let p = 1; p < NR_PORTS; p++) if (s[p] === ECS_FREE) return p;
    return -XEN_ENOSPC;
  }

  freePort(p: number): void {
    this.state[p] = ECS_FREE;
    this.notifyVcpu[p] = 0;
    this.remoteDom[p] = 0;
    this.remotePort[p] = 0;
    this.virq[p] = 0;
  }

  /** Ports not free (port 0 excluded). */
  countOpen(): number {
    let n = 0;
    for (let p = 1; p < NR_PORTS; p++) if (this.state[p] !== ECS_FREE) n++;
    return n;
  }
}

/** What the event-channel code needs to know about a domain. */
export interface EvtDomain {
  readonly domid: number;
  readonly privileged: boolean;
  readonly evtchn: EvtchnTable;
  nrVcpus(): number;
  /** Port bound to each VIRQ on vCPU `vcpu` (0 = none), NR_VIRQS entries. */
  virqPorts(vcpu: number): Int32Array;
}

/** The hypervisor around the event channels: domain lookup and 2-level delivery. */
export interface EvtWorld {
  lookup(domid: number): EvtDomain | null;
  /** Sets `port` pending in `d` (evtchn_2l set_pending on its notify vCPU) and kicks. */
  setPending(d: EvtDomain, port: number): void;
  /** EVTCHNOP_unmask's delivery part (evtchn_2l unmask) on the port's notify vCPU. */
  unmask(d: EvtDomain, port: number): void;
  clearPending(d: EvtDomain, port: number): void;
}

export const portValid = (port: number): boolean => Number.isInteger(port) && port >= 0 && port < NR_PORTS;

/** DOMID_SELF or an id: the domain, or -ESRCH; another domain needs privilege (-EPERM). */
function resolve(w: EvtWorld, cur: EvtDomain, domid: number, needPriv: boolean): EvtDomain | number {
  if (domid === DOMID_SELF || domid === cur.domid) return cur;
  if (needPriv && !cur.privileged) return -XEN_EPERM;
  return w.lookup(domid) ?? -XEN_ESRCH;
}

/** EVTCHNOP_alloc_unbound: a port of `dom` that `remoteDom` may bind. Returns the port or -E. */
export function allocUnbound(w: EvtWorld, cur: EvtDomain, dom: number, remoteDom: number): number {
  const d = resolve(w, cur, dom, true);
  if (typeof d === "number") return d;
  // Like Xen, the remote domain need not exist yet (a toolstack pre-allocates ports).
  const remote = remoteDom === DOMID_SELF ? cur.domid : remoteDom & 0xffff;
  const p = d.evtchn.allocPort();
  if (p < 0) return p;
  d.evtchn.state[p] = ECS_UNBOUND;
  d.evtchn.remoteDom[p] = remote;
  return p;
}

/** EVTCHNOP_bind_interdomain: connect a new local port to (remoteDom, remotePort). */
export function bindInterdomain(w: EvtWorld, cur: EvtDomain, remoteDom: number, remotePort: number): number {
  const r = resolve(w, cur, remoteDom, false);
  if (typeof r === "number") return r;
  const lt = cur.evtchn;
  const lp = lt.allocPort();
  if (lp < 0) return lp;
  if (!portValid(remotePort)) return -XEN_EINVAL;
  const rt = r.evtchn;
  if (rt.state[remotePort] !== ECS_UNBOUND || rt.remoteDom[remotePort] !== cur.domid) return -XEN_EINVAL;
  lt.state[lp] = ECS_INTERDOMAIN;
  lt.remoteDom[lp] = r.domid;
  lt.remotePort[lp] = remotePort;
  rt.state[remotePort] = ECS_INTERDOMAIN;
  rt.remoteDom[remotePort] = cur.domid;
  rt.remotePort[remotePort] = lp;
  // Xen marks the new local port pending: the binder learns of anything it missed.
  w.setPending(cur, lp);
  return lp;
}

/** EVTCHNOP_bind_virq. */
export function bindVirq(_w: EvtWorld, cur: EvtDomain, virq: number, vcpu: number): number {
  if (!Number.isInteger(virq) || virq < 0 || virq >= NR_VIRQS) return -XEN_EINVAL;
  const cls = VIRQ_CLASS[virq];
  if (cls === undefined) return -XEN_EINVAL;
  if (cls !== "V" && vcpu !== 0) return -XEN_EINVAL;
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= cur.nrVcpus()) return -XEN_ENOENT;
  const ports = cur.virqPorts(vcpu);
  if (ports[virq] !== 0) return -XEN_EEXIST;
  const t = cur.evtchn;
  const p = t.allocPort();
  if (p < 0) return p;
  t.state[p] = ECS_VIRQ;
  t.virq[p] = virq;
  t.notifyVcpu[p] = vcpu;
  ports[virq] = p;
  return p;
}

/** EVTCHNOP_bind_ipi. */
export function bindIpi(_w: EvtWorld, cur: EvtDomain, vcpu: number): number {
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= cur.nrVcpus()) return -XEN_ENOENT;
  const t = cur.evtchn;
  const p = t.allocPort();
  if (p < 0) return p;
  t.state[p] = ECS_IPI;
  t.notifyVcpu[p] = vcpu;
  return p;
}

/** EVTCHNOP_close (also used by reset and domain teardown). */
export function closePort(w: EvtWorld, d: EvtDomain, port: number): number {
  if (!portValid(port)) return -XEN_EINVAL;
  const t = d.evtchn;
  switch (t.state[port]) {
    case ECS_FREE:
    case ECS_RESERVED:
      return -XEN_EINVAL;
    case ECS_VIRQ: {
      const ports = d.virqPorts(t.notifyVcpu[port]!);
      if (ports[t.virq[port]!] === port) ports[t.virq[port]!] = 0;
      break;
    }
    case ECS_INTERDOMAIN: {
      const r = w.lookup(t.remoteDom[port]!);
      const rp = t.remotePort[port]!;
      if (r !== null && r.evtchn.state[rp] === ECS_INTERDOMAIN && r.evtchn.remotePort[rp] === port &&
          r.evtchn.remoteDom[rp] === d.domid) {
        r.evtchn.state[rp] = ECS_UNBOUND;
        r.evtchn.remoteDom[rp] = d.domid;
        r.evtchn.remotePort[rp] = 0;
      }
      break;
    }
    default:
      break;
  }
  w.clearPending(d, port);
  t.freePort(port);
  return 0;
}

/** EVTCHNOP_send. Sending on an unbound port is dropped (0), as Xen does. */
export function send(w: EvtWorld, cur: EvtDomain, port: number): number {
  if (!portValid(port)) return -XEN_EINVAL;
  const t = cur.evtchn;
  switch (t.state[port]) {
    case ECS_INTERDOMAIN: {
      const r = w.lookup(t.remoteDom[port]!);
      if (r !== null) w.setPending(r, t.remotePort[port]!);
      return 0;
    }
    case ECS_IPI:
      w.setPending(cur, port);
      return 0;
    case ECS_UNBOUND:
      return 0;
    default:
      return -XEN_EINVAL;
  }
}

export interface EvtchnStatus {
  status: number;
  vcpu: number;
  u0: number;
  u1: number;
}

/** EVTCHNOP_status. Returns the status or -E. */
export function status(w: EvtWorld, cur: EvtDomain, dom: number, port: number): EvtchnStatus | number {
  const d = resolve(w, cur, dom, true);
  if (typeof d === "number") return d;
  if (!portValid(port)) return -XEN_EINVAL;
  const t = d.evtchn;
  const out: EvtchnStatus = { status: EVTCHNSTAT_closed, vcpu: t.notifyVcpu[port]!, u0: 0, u1: 0 };
  switch (t.state[port]) {
    case ECS_UNBOUND:
      out.status = EVTCHNSTAT_unbound;
      out.u0 = t.remoteDom[port]!;
      break;
    case ECS_INTERDOMAIN:
      out.status = EVTCHNSTAT_interdomain;
      out.u0 = t.remoteDom[port]!;
      out.u1 = t.remotePort[port]!;
      break;
    case ECS_VIRQ:
      out.status = EVTCHNSTAT_virq;
      out.u0 = t.virq[port]!;
      break;
    case ECS_IPI:
      out.status = EVTCHNSTAT_ipi;
      break;
    default:
      out.vcpu = 0;
      break;
  }
  return out;
}

/** EVTCHNOP_bind_vcpu: which vCPU a port notifies (per-vCPU VIRQs and IPIs cannot move). */
export function bindVcpu(_w: EvtWorld, cur: EvtDomain, port: number, vcpu: number): number {
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= cur.nrVcpus()) return -XEN_ENOENT;
  if (!portValid(port)) return -XEN_EINVAL;
  const t = cur.evtchn;
  switch (t.state[port]) {
    case ECS_VIRQ: {
      if (VIRQ_CLASS[t.virq[port]!] === "V") return -XEN_EINVAL;
      const virq = t.virq[port]!;
      const from = cur.virqPorts(t.notifyVcpu[port]!);
      const to = cur.virqPorts(vcpu);
      if (from[virq] === port) from[virq] = 0;
      to[virq] = port;
      t.notifyVcpu[port] = vcpu;
      return 0;
    }
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
      t.notifyVcpu[port] = vcpu;
      return 0;
    default:
      return -XEN_EINVAL;
  }
}

/** EVTCHNOP_unmask. */
export function unmask(w: EvtWorld, cur: EvtDomain, port: number): number {
  if (!portValid(port)) return -XEN_EINVAL;
  w.unmask(cur, port);
  return 0;
}

/** EVTCHNOP_reset: close every port of the domain. */
export function reset(w: EvtWorld, cur: EvtDomain, dom: number): number {
  const d = resolve(w, cur, dom, true);
  if (typeof d === "number") return d;
  closeAll(w, d);
  return 0;
}

/** Closes every open port (reset, domain destruction). */
export function closeAll(w: EvtWorld, d: EvtDomain): void {
  const s = d.evtchn.state;
  for (let p = 1; p < NR_PORTS; p++) if (s[p] !== ECS_FREE && s[p] !== ECS_RESERVED) closePort(w, d, p);
}

/** Sends VIRQ `virq` to vCPU `vcpu` of `d` if bound (timer expiry, console). */
export function sendVirq(w: EvtWorld, d: EvtDomain, vcpu: number, virq: number): void {
  const port = d.virqPorts(vcpu)[virq] ?? 0;
  if (port !== 0) w.setPending(d, port);
}
