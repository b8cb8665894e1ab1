/**
 * vCPU time and timers (docs/microxen.md "Time").
 *
 * - System time is ns since machine reset: 100 ns per tick of the 10 MHz `time`
 *   counter, so vcpu_time_info is constant (tsc_timestamp 0, system_time 0,
 *   tsc_to_system_mul 0xC8000000 with tsc_shift 7, version 2). It is written by
 *   abi/guest_visible.ts's writeVcpuTimeInfo, as full Xen writes it: at build
 *   into every shared_info slot and again on VCPUOP_register_vcpu_info.
 * - Every timer is per vCPU, on its own hart. The single-shot timer (set_timer_op,
 *   VCPUOP_set_singleshot_timer) is the hart's Sstc stimecmp: STIP is not delegated,
 *   so it traps to microxen, which raises the vCPU's VIRQ_TIMER. The hot profile's
 *   set_timer_op writes stimecmp in-line.
 * - The periodic timer and SCHEDOP_poll's timeout share the CLINT's mtimecmp[hart] (MTIP).
 * - The IPI (`kick`: an event made pending for a vCPU by another one) is that same
 *   comparator set due at once: the hart takes a machine-timer interrupt, wakes
 *   from WFI, and microxen checks its events. A due timer deadline is what the
 *   machine's run loop wakes waiting harts by, so a kick is never missed there.
 * - A deadline is ceil(ns / 100) ticks, so the timer never fires before its time.
 */
import { CLINT_BASE } from "../machine/board.js";
import { CLINT_MTIMECMP } from "../machine/devices/clint.js";
import { VIRQ_TIMER } from "../abi/xen.js";
import { VCPU_TIME_NS_PER_TICK } from "../abi/guest_visible.js";
import type { Domain } from "./domain.js";
import type { Vcpu } from "./vcpu.js";
import { raise } from "./hypercalls/event_channel.js";

export const NS_PER_TICK = VCPU_TIME_NS_PER_TICK;
const NEVER_LO = 0xffffffff;

export const nowTicks = (d: Domain): number => d.machine.clock.now();
export const nowNs = (d: Domain): number => d.machine.clock.now() * NS_PER_TICK;
/** u64 ns given as two u32 halves -> a deadline in ticks (a double; exact below 2^53 ns). */
export const nsToTicks = (lo: number, hi: number): number => Math.ceil(((hi >>> 0) * 0x1_0000_0000 + (lo >>> 0)) / NS_PER_TICK);

/** Arms vCPU `v`'s single-shot timer at `ticks`; Infinity stops it. */
export function setSingleshot(v: Vcpu, ticks: number): void {
  const h = v.hart;
  if (!Number.isFinite(ticks) || ticks >= 2 ** 53) {
    h.stimecmpLo = NEVER_LO;
    h.stimecmpHi = NEVER_LO;
    return;
  }
  h.stimecmpLo = ticks % 0x1_0000_0000 >>> 0;
  h.stimecmpHi = Math.floor(ticks / 0x1_0000_0000) >>> 0;
}

/** Programs vCPU `v`'s mtimecmp (its hart's) with the earlier of its periodic and poll deadlines (0 when kicked). */
export function reprogramMachineTimer(d: Domain, v: Vcpu): void {
  const next = v.kicked ? 0 : Math.min(v.periodicNext, v.pollDeadline);
  const bus = d.machine.bus;
  const at = CLINT_BASE + CLINT_MTIMECMP + 8 * v.hart.id;
  bus.write(at, 4, NEVER_LO);
  bus.write(at + 4, 4, NEVER_LO);
  if (Number.isFinite(next)) {
    bus.write(at + 4, 4, Math.floor(next / 0x1_0000_0000) >>> 0);
    bus.write(at, 4, next % 0x1_0000_0000 >>> 0);
  }
  d.machine.clint.update();
}

/** The IPI: makes vCPU `v`'s hart enter microxen to look at its events (nothing if it is down). */
export function kick(d: Domain, v: Vcpu): void {
  if (!v.up || v.kicked) return;
  v.kicked = true;
  reprogramMachineTimer(d, v);
}

/** Raises vCPU `v`'s VIRQ_TIMER on its bound port, if any. */
export function sendTimerVirq(d: Domain, v: Vcpu): void {
  const port = v.virqPort[VIRQ_TIMER]!;
  if (port !== 0) raise(d, port);
}

/** The calling vCPU's single-shot timer fired (STIP). */
export function singleshotFired(d: Domain): void {
  setSingleshot(d.cur, Infinity);
  sendTimerVirq(d, d.cur);
}

/** The calling vCPU's mtimecmp fired: a kick, a periodic tick and/or a poll timeout. */
export function machineTimerFired(d: Domain): void {
  const v = d.cur;
  const now = nowTicks(d);
  v.kicked = false;
  if (v.periodicNext <= now) {
    sendTimerVirq(d, v);
    v.periodicNext = now + Math.max(1, Math.ceil(v.periodNs / NS_PER_TICK));
  }
  if (v.pollDeadline <= now) {
    v.pollDeadline = Infinity;
    v.pollTimedOut = true;
  }
  reprogramMachineTimer(d, v);
}
