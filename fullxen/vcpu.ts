/**
 * A virtual CPU: its saved context, its trap table and callbacks, its timers and its
 * scheduling state.
 *
 * Invariants:
 * - `regs`/`pc` hold the guest context whenever the hypervisor runs on its behalf: the
 *   host trap handler copies the hart's registers in on entry and back on exit, so
 *   every handler edits the vCPU, never the hart.
 * - `kernelMode` is the guest's own mode (both guest modes run in U-mode on the hart).
 * - `runnable()` is the one definition of "may run"; `inSched` says whether the
 *   scheduler currently counts the vCPU as runnable (queued or running), `hart` where it
 *   runs (-1 when not running). The core keeps the two in step (see sched_rr.ts).
 * - Timers are absolute times in ticks of the machine clock; -1 = not armed.
 * - The vcpu_info is at `view`/`offset`: in shared_info until
 *   VCPUOP_register_vcpu_info moves it (`viMfn` then names the frame, held by a
 *   writable type reference).
 */
import type { SchedVcpu } from "./sched/types.js";
import type { VcpuInfoRef } from "../abi/evtchn_2l.js";
import { NR_VIRQS } from "../abi/xen.js";
import { RUNSTATE_offline } from "../abi/vcpu.js";

/** Trap vectors a trap table can name (RISC-V exception codes 0..15). */
export const NR_TRAP_VECTORS = 16;

export interface VcpuOwner {
  readonly domid: number;
  weight: number;
  cap: number;
  paused: number;
  isShutdown: boolean;
  dying: boolean;
}

export class Vcpu implements SchedVcpu, VcpuInfoRef {
  readonly dom: number;
  readonly id: number;
  readonly owner: VcpuOwner;
  readonly regs: Int32Array;
  pc: number;
  kernelMode: boolean;
  /** Kernel stack for deliveries from guest user mode (stack_switch). */
  kernelSp: number;
  readonly trapAddr: Uint32Array;
  readonly trapFlags: Uint8Array;
  eventCallback: number;
  failsafeCallback: number;
  /** VCPUOP_up done (vCPU 0 starts up). */
  online: boolean;
  /** Has a context (vCPU 0 from the builder). */
  initialised: boolean;
  blocked: boolean;
  /** Ports a SCHEDOP_poll waits on (empty: not polling). */
  pollPorts: number[];
  inSched: boolean;
  hart: number;
  yieldRequested: boolean;
  singleshot: number;
  periodTicks: number;
  periodicNext: number;
  pollDeadline: number;
  /** VIRQ -> port on this vCPU (0 = unbound). */
  readonly virqPort: Int32Array;
  view: DataView;
  offset: number;
  viMfn: number;
  /** Runstate: current state, entry time (ticks) and ticks spent in each state. */
  runstate: number;
  runstateEntry: number;
  readonly runstateTicks: Float64Array;

  constructor(owner: VcpuOwner, id: number, sharedInfo: DataView, viOffset: number) {
    this.dom = owner.domid;
    this.id = id;
    this.owner = owner;
    this.regs = new Int32Array(32);
    this.pc = 0;
    this.kernelMode = true;
    this.kernelSp = 0;
    this.trapAddr = new Uint32Array(NR_TRAP_VECTORS);
    this.trapFlags = new Uint8Array(NR_TRAP_VECTORS);
    this.eventCallback = 0;
    this.failsafeCallback = 0;
    this.online = false;
    this.initialised = false;
    this.blocked = false;
    this.pollPorts = [];
    this.inSched = false;
    this.hart = -1;
    this.yieldRequested = false;
    this.singleshot = -1;
    this.periodTicks = 0;
    this.periodicNext = -1;
    this.pollDeadline = -1;
    this.virqPort = new Int32Array(NR_VIRQS);
    this.view = sharedInfo;
    this.offset = viOffset;
    this.viMfn = -1;
    this.runstate = RUNSTATE_offline;
    this.runstateEntry = 0;
    this.runstateTicks = new Float64Array(4);
  }

  weight(): number {
    return this.owner.weight;
  }

  cap(): number {
    return this.owner.cap;
  }

  runnable(): boolean {
    const o = this.owner;
    return this.online && !this.blocked && o.paused === 0 && !o.isShutdown && !o.dying;
  }

  /** Earliest armed timer of this vCPU (ticks), or Infinity. */
  nextDeadline(): number {
    let t = Infinity;
    if (this.singleshot >= 0) t = this.singleshot;
    if (this.periodicNext >= 0 && this.periodicNext < t) t = this.periodicNext;
    if (this.pollDeadline >= 0 && this.pollDeadline < t) t = this.pollDeadline;
    return t;
  }

  /** Moves the runstate accounting to `state` at `now` (ticks). */
  setRunstate(state: number, now: number): void {
    if (state === this.runstate) return;
    this.runstateTicks[this.runstate]! += Math.max(0, now - this.runstateEntry);
    this.runstate = state;
    this.runstateEntry = now;
  }
}
