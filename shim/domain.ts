/**
 * The one domain microxen runs, and its one vCPU: all mutable hypervisor state in
 * one object with a fixed shape (assigned in the constructor, never extended).
 *
 * Invariants:
 * - The domain owns machine frames DOMAIN_BASE_MFN .. + maxPages - 1; `freed[i]`
 *   marks frames given back with decrease_reservation (they may be handed out again).
 * - `vcpuInfo` always points at the live vcpu_info (shared_info slot 0, or where
 *   VCPUOP_register_vcpu_info moved it); the shim data page holds its hole VA for
 *   the in-line code.
 * - Port states use the EVTCHNSTAT_* numbers; port 0 is never allocated.
 * - `shutdown` is set once; after it the machine is stopped and nothing runs.
 */
import type { Machine } from "../machine/machine.js";
import type { Hart } from "../machine/hart.js";
import type { VcpuInfoRef } from "../abi/evtchn_2l.js";
import type { TraceRecord } from "../abi/trace.js";
import { EVTCHN_2L_NR_CHANNELS, NR_VIRQS } from "../abi/xen.js";
import type { GuestImage } from "../abi/image.js";
import type { BootPlan } from "../abi/boot.js";
import { GuestMem } from "./guest_mem.js";
import { DOMAIN_BASE_MFN, holeRootEntries, SHARED_INFO_PA, SHIM_BASE_PA, SHIM_DATA_KERNEL_SP, SHIM_DATA_PA } from "./memmap.js";

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
  readonly hart: Hart;
  readonly mem: GuestMem;
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
  vcpuInfo: VcpuInfoRef;
  vcpuInfoRegistered: boolean;
  readonly trapHandler: Uint32Array;
  readonly trapFlags: Uint8Array;
  eventCallback: number;
  failsafeCallback: number;
  vmAssist: number;
  readonly portState: Uint8Array;
  readonly portVirq: Uint8Array;
  readonly portRemoteDom: Uint16Array;
  readonly portRemote: Uint16Array;
  readonly virqPort: Uint16Array;
  grantFrames: number;
  periodNs: number;
  /** Next periodic deadline and poll deadline, in ticks (Infinity: none). */
  periodicNext: number;
  pollDeadline: number;
  /** Ports a SCHEDOP_poll waits on (null: not polling). */
  pollPorts: Uint32Array | null;
  pollTimedOut: boolean;
  blocked: boolean;
  shutdown: ShutdownState | null;
  shutdownCode: number;
  trace: ((r: TraceRecord) => void) | null;
  /** Console bytes the guest writes (console_io and shim messages). */
  readonly console: (byte: number) => void;

  constructor(o: {
    machine: Machine; image: GuestImage; plan: BootPlan; profile: Profile; console: (byte: number) => void;
  }) {
    this.machine = o.machine;
    this.hart = o.machine.harts[0]!;
    this.mem = new GuestMem(this.hart, o.machine.bus);
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
    this.vcpuInfo = { view: this.sharedInfo, offset: 0 };
    this.vcpuInfoRegistered = false;
    this.trapHandler = new Uint32Array(32);
    this.trapFlags = new Uint8Array(32);
    this.eventCallback = 0;
    this.failsafeCallback = 0;
    this.vmAssist = 0;
    this.portState = new Uint8Array(EVTCHN_2L_NR_CHANNELS);
    this.portVirq = new Uint8Array(EVTCHN_2L_NR_CHANNELS);
    this.portRemoteDom = new Uint16Array(EVTCHN_2L_NR_CHANNELS);
    this.portRemote = new Uint16Array(EVTCHN_2L_NR_CHANNELS);
    this.virqPort = new Uint16Array(NR_VIRQS);
    this.grantFrames = 0;
    this.periodNs = 0;
    this.periodicNext = Infinity;
    this.pollDeadline = Infinity;
    this.pollPorts = null;
    this.pollTimedOut = false;
    this.blocked = false;
    this.shutdown = null;
    this.shutdownCode = -1;
    this.trace = null;
    this.console = o.console;
  }

  /** The stack_switch stack, kept in the shim data page (the hot profile's stub writes it there). */
  get kernelSp(): number {
    return this.shim.getUint32(SHIM_DATA_PA - SHIM_BASE_PA + SHIM_DATA_KERNEL_SP, true);
  }

  set kernelSp(sp: number) {
    this.shim.setUint32(SHIM_DATA_PA - SHIM_BASE_PA + SHIM_DATA_KERNEL_SP, sp >>> 0, true);
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
