/**
 * A domain: its memory (fullxen/mm), its vCPUs, its event channels, its console and
 * its life cycle.
 *
 * Invariants:
 * - Life cycle: running (paused > 0 stops every vCPU) -> shut down (isShutdown: no vCPU
 *   runs again; reason and code recorded once) -> dying (destroy: ports closed, frames
 *   returned) -> gone. A crash is a shutdown with reason SHUTDOWN_crash.
 * - `xenFrames` are domain frames the hypervisor itself uses (shared_info, grant
 *   frames): each holds one general reference taken by the hypervisor, dropped only at
 *   destruction, so a frame the guest gives back lingers instead of being reused while
 *   the hypervisor still writes to it. They are not part of the p2m and are not counted
 *   as the guest's reservation.
 */
import type { EvtDomain, EvtchnTable } from "./event_channel.js";
import type { MmDomain } from "./mm/domain.js";
import type { BootPlan } from "../abi/boot.js";
import type { Vcpu, VcpuOwner } from "./vcpu.js";

/** Grant-table frames a domain may set up (GNTTABOP_query_size max_nr_frames). */
export const GNTTAB_MAX_FRAMES = 4;
/** Frames the hypervisor may hold in a domain beyond its reservation: shared_info + grant frames. */
export const XEN_EXTRA_PAGES = 1 + GNTTAB_MAX_FRAMES;

export class Domain implements EvtDomain, VcpuOwner {
  readonly domid: number;
  readonly name: string;
  readonly privileged: boolean;
  readonly mm: MmDomain;
  readonly vcpus: Vcpu[];
  readonly evtchn: EvtchnTable;
  weight: number;
  cap: number;
  paused: number;
  isShutdown: boolean;
  shutdownReason: number;
  /** SCHEDOP_shutdown_code, or -1. */
  shutdownCode: number;
  dying: boolean;
  readonly sharedInfoMfn: number;
  readonly sharedInfo: DataView;
  readonly xenFrames: number[];
  readonly grantFrames: number[];
  vmAssist: number;
  readonly plan: BootPlan;
  /** Console bytes of the line being written. */
  consoleLine: string;

  constructor(init: {
    domid: number; name: string; privileged: boolean; mm: MmDomain; evtchn: EvtchnTable; weight: number; cap: number;
    sharedInfoMfn: number; sharedInfo: DataView; plan: BootPlan;
  }) {
    this.domid = init.domid;
    this.name = init.name;
    this.privileged = init.privileged;
    this.mm = init.mm;
    this.vcpus = [];
    this.evtchn = init.evtchn;
    this.weight = init.weight;
    this.cap = init.cap;
    this.paused = 0;
    this.isShutdown = false;
    this.shutdownReason = -1;
    this.shutdownCode = -1;
    this.dying = false;
    this.sharedInfoMfn = init.sharedInfoMfn;
    this.sharedInfo = init.sharedInfo;
    this.xenFrames = [init.sharedInfoMfn];
    this.grantFrames = [];
    this.vmAssist = 0;
    this.plan = init.plan;
    this.consoleLine = "";
  }

  nrVcpus(): number {
    return this.vcpus.length;
  }

  virqPorts(vcpu: number): Int32Array {
    const v = this.vcpus[vcpu];
    if (v === undefined) throw new Error(`virq ports: domain ${this.domid} has no vCPU ${vcpu}`);
    return v.virqPort;
  }

  /** Pages the guest holds as its reservation (tot_pages without the hypervisor's frames). */
  reservation(): number {
    return this.mm.totPages - this.xenFrames.length;
  }

  maxReservation(): number {
    return this.mm.maxPages - XEN_EXTRA_PAGES;
  }
}
