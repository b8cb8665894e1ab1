/**
 * One vCPU of the microxen domain. microxen does no multiplexing: vCPU n runs
 * natively on hart n for its whole life, so everything per-vCPU lives here and
 * everything per-hart (stimecmp, the CLINT's mtimecmp[n] and msip[n], sscratch,
 * satp) is that hart's.
 *
 * Invariants:
 * - `vcpuInfo` points at the live vcpu_info: shared_info slot `id`, or where
 *   VCPUOP_register_vcpu_info moved it; the vCPU's block in the shim data page
 *   holds its hole VA, and the kernel stack, for the in-line code, which finds
 *   the block through the hart's sscratch.
 * - A vCPU that is not up has its hart parked: WFI with mie = 0, so nothing wakes
 *   it and the machine's run loop counts it as waiting. vCPU 0 is initialised and
 *   up from the start; the others start neither.
 * - `blocked` is true while the vCPU waits in SCHEDOP_block/poll (its hart in WFI
 *   with its interrupts enabled); an event for it kicks the hart (timers.ts `kick`).
 */
import type { Hart } from "../machine/hart.js";
import type { VcpuInfoRef } from "../abi/evtchn_2l.js";
import { NR_VIRQS } from "../abi/xen.js";
import { GuestMem } from "./guest_mem.js";
import { SHIM_BASE_PA, SHIM_DATA_KERNEL_SP, shimDataPa } from "./memmap.js";
import type { Bus } from "../machine/bus.js";
import { CSR_MIE, MIP_MTIP, MIP_STIP } from "../machine/csr.js";

export class Vcpu {
  readonly id: number;
  readonly hart: Hart;
  /** Guest memory as this vCPU sees it (through its hart's satp). */
  readonly mem: GuestMem;
  /** Offset of this vCPU's block in the shim view (the shim's 4 MiB). */
  readonly dataOff: number;
  private readonly shim: DataView;
  vcpuInfo: VcpuInfoRef;
  vcpuInfoRegistered: boolean;
  readonly trapHandler: Uint32Array;
  readonly trapFlags: Uint8Array;
  eventCallback: number;
  failsafeCallback: number;
  /** Per-vCPU VIRQ -> port (0: unbound); global VIRQs are bound on vCPU 0 only. */
  readonly virqPort: Uint16Array;
  periodNs: number;
  /** Next periodic deadline and poll deadline, in ticks (Infinity: none). */
  periodicNext: number;
  pollDeadline: number;
  /** Ports a SCHEDOP_poll waits on (null: not polling). */
  pollPorts: Uint32Array | null;
  pollTimedOut: boolean;
  blocked: boolean;
  /** VCPUOP_initialise done (vCPU 0: by the domain builder). */
  initialised: boolean;
  /** Running on its hart (else parked). */
  up: boolean;
  /** An IPI is on its way (its mtimecmp is due now, timers.ts `kick`). */
  kicked: boolean;

  constructor(id: number, hart: Hart, bus: Bus, shim: DataView, vcpuInfo: VcpuInfoRef) {
    this.id = id;
    this.hart = hart;
    this.mem = new GuestMem(hart, bus);
    this.dataOff = shimDataPa(id) - SHIM_BASE_PA;
    this.shim = shim;
    this.vcpuInfo = vcpuInfo;
    this.vcpuInfoRegistered = false;
    this.trapHandler = new Uint32Array(32);
    this.trapFlags = new Uint8Array(32);
    this.eventCallback = 0;
    this.failsafeCallback = 0;
    this.virqPort = new Uint16Array(NR_VIRQS);
    this.periodNs = 0;
    this.periodicNext = Infinity;
    this.pollDeadline = Infinity;
    this.pollPorts = null;
    this.pollTimedOut = false;
    this.blocked = false;
    this.initialised = false;
    this.up = false;
    this.kicked = false;
  }

  /** The stack_switch stack, kept in the shim data page (the hot profile's stub writes it there). */
  get kernelSp(): number {
    return this.shim.getUint32(this.dataOff + SHIM_DATA_KERNEL_SP, true);
  }

  set kernelSp(sp: number) {
    this.shim.setUint32(this.dataOff + SHIM_DATA_KERNEL_SP, sp >>> 0, true);
  }
}

/** Interrupts a vCPU that is up takes on its hart: its timers (the IPI included, timers.ts). */
export const VCPU_MIE = MIP_STIP | MIP_MTIP;

/** Parks vCPU `v`'s hart: WFI with nothing enabled (the run loop counts it as waiting). */
export function parkVcpu(v: Vcpu): void {
  v.up = false;
  v.hart.writeCsr(CSR_MIE, 0);
  v.hart.wfi = true;
}

/** Lets vCPU `v`'s hart run again (still waiting if the vCPU is blocked). */
export function unparkVcpu(v: Vcpu): void {
  v.up = true;
  v.hart.writeCsr(CSR_MIE, VCPU_MIE);
  v.hart.wfi = v.blocked;
}
