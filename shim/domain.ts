/**
 * The one domain microxen runs and its vCPUs (shim/vcpu.ts): all mutable
 * hypervisor state in objects with a fixed shape (assigned in the constructor,
 * never extended).
 *
 * Invariants:
 * - The domain owns machine frames DOMAIN_BASE_MFN .. + maxPages - 1; `freed[i]`
 *   marks frames given back with decrease_reservation (they may be handed out again).
 * - One vCPU per hart: vcpus[n] runs on machine.harts[n]; nr_vcpus = harts.
 * - `cur` is the vCPU whose hart trapped into microxen: every trap handler sets it
 *   first, so hypercall handlers act for the calling vCPU. `hart` and `mem` are its.
 * - Port states use the EVTCHNSTAT_* numbers; port 0 is never allocated;
 *   portVcpu[p] is the vCPU a port notifies.
 * - `shutdown` is set once; after it the machine is stopped and nothing runs.
 */
import type { Machine } from "../machine/machine.js";
import type { Hart } from "../machine/hart.js";
import type { TraceRecord } from "../abi/trace.js";
import { EVTCHN_2L_NR_CHANNELS, vcpu_info } from "../abi/xen.js";
import type { GuestImage } from "../abi/image.js";
import type { BootPlan } from "../abi/boot.js";
import type { GuestMem } from "./guest_mem.js";
import { DOMAIN_BASE_MFN, holeRootEntries, SHARED_INFO_PA, SHIM_BASE_PA } from "./memmap.js";
import { Vcpu } from "./vcpu.js";

export type Profile = "none" | "hot";
export const PROFILES: readonly Profile[] = ["none", "hot"];
export const DOMID = 1;

export interface ShutdownState {
  reason: number;
  code: number;
  /** Set when microxen crashed the domain (unhandled trap, unusable frame): what happened. */
  fault: string | null;
}

export class Domain {
  readonly machine: Machine;
  readonly vcpus: readonly Vcpu[];
  /** The calling vCPU (set on every entry into microxen). */
  cur: Vcpu;
  readonly image: GuestImage;
  readonly plan: BootPlan;
  readonly profile: Profile;
  readonly domid: number;
  readonly maxPages: number;
  totPages: number;
  readonly freed: Uint8Array;
  /** 1 for frames in use as a root table (bootstrap, pinned L2, NEW_BASEPTR): their hole slots are microxen's. */
  readonly isRoot: Uint8Array;
  /** microxen's root entries (hypervisor hole), installed in every root. */
  readonly hole: readonly { slot: number; pte: number }[];
  /** MMU_MACHPHYS_UPDATE values per domain frame (pfn the guest claims for it). */
  readonly m2p: Uint32Array;
  /** View over the shim's 4 MiB (shared_info, shim data, grant frames). */
  readonly shim: DataView;
  readonly sharedInfo: DataView;
  vmAssist: number;
  readonly portState: Uint8Array;
  readonly portVirq: Uint8Array;
  readonly portRemoteDom: Uint16Array;
  readonly portRemote: Uint16Array;
  readonly portVcpu: Uint8Array;
  grantFrames: number;
  shutdown: ShutdownState | null;
  shutdownCode: number;
  trace: ((r: TraceRecord) => void) | null;
  /** Console bytes the guest writes (console_io and shim messages). */
  readonly console: (byte: number) => void;

  constructor(o: {
    machine: Machine; image: GuestImage; plan: BootPlan; profile: Profile; console: (byte: number) => void;
  }) {
    this.machine = o.machine;
    this.image = o.image;
    this.plan = o.plan;
    this.profile = o.profile;
    this.domid = DOMID;
    this.maxPages = o.plan.nrPages;
    this.totPages = o.plan.nrPages;
    this.freed = new Uint8Array(o.plan.nrPages);
    this.isRoot = new Uint8Array(o.plan.nrPages);
    this.hole = holeRootEntries(o.plan.nrPages * 4096);
    this.m2p = new Uint32Array(o.plan.nrPages);
    for (let i = 0; i < this.m2p.length; i++) this.m2p[i] = i;
    const ram = o.machine.bus.ram;
    this.shim = new DataView(ram.buffer, ram.byteOffset + (SHIM_BASE_PA - o.machine.bus.ramBase), 4 << 20);
    this.sharedInfo = new DataView(ram.buffer, ram.byteOffset + (SHARED_INFO_PA - o.machine.bus.ramBase), 4096);
    const vcpus: Vcpu[] = [];
    for (const h of o.machine.harts) {
      vcpus.push(new Vcpu(h.id, h, o.machine.bus, this.shim, { view: this.sharedInfo, offset: h.id * vcpu_info.size }));
    }
    this.vcpus = vcpus;
    this.cur = vcpus[0]!;
    this.vmAssist = 0;
    this.portState = new Uint8Array(EVTCHN_2L_NR_CHANNELS);
    this.portVirq = new Uint8Array(EVTCHN_2L_NR_CHANNELS);
    this.portRemoteDom = new Uint16Array(EVTCHN_2L_NR_CHANNELS);
    this.portRemote = new Uint16Array(EVTCHN_2L_NR_CHANNELS);
    this.portVcpu = new Uint8Array(EVTCHN_2L_NR_CHANNELS);
    this.grantFrames = 0;
    this.shutdown = null;
    this.shutdownCode = -1;
    this.trace = null;
    this.console = o.console;
  }

  /** The calling vCPU's hart. */
  get hart(): Hart {
    return this.cur.hart;
  }

  /** Guest memory as the calling vCPU sees it. */
  get mem(): GuestMem {
    return this.cur.mem;
  }

  /** nr_vcpus: one per hart. */
  get nrVcpus(): number {
    return this.vcpus.length;
  }

  /** vCPU `id`, or undefined when the domain has no such vCPU (-ENOENT). */
  vcpu(id: number): Vcpu | undefined {
    return Number.isInteger(id) && id >= 0 && id < this.vcpus.length ? this.vcpus[id] : undefined;
  }

  /** True when `mfn` is one of the domain's frames (and not given back). */
  ownsMfn(mfn: number): boolean {
    const i = mfn - DOMAIN_BASE_MFN;
    return i >= 0 && i < this.maxPages && this.freed[i] === 0;
  }

  /** Writes a shim message on the console (used for crashes). */
  say(text: string): void {
    for (let i = 0; i < text.length; i++) this.console(text.charCodeAt(i) & 0x7f);
  }
}
