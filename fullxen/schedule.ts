/**
 * The harts: what runs where, the host trap entry, context switches, the hypervisor's
 * own timer and the idle path.
 *
 * Invariants:
 * - A hart (Pcpu) runs one vCPU (`current`) or is idle. While it runs v, the live
 *   context is in the hart; `onTrap` copies it into v on entry and `loadHart` copies
 *   it back on exit, so handlers only ever edit the vCPU.
 * - The hypervisor's timer is the CLINT's mtimecmp of each hart, armed at the earliest
 *   of the running slice's end and every armed vCPU timer (so a vCPU timer fires even
 *   while every hart is idle). Expired vCPU timers are fired on every trap.
 * - Idle is WFI in U-mode with satp = 0: the machine skips the hart until its timer or
 *   a kick (CLINT msip) is pending, and fast-forwards virtual time when every hart
 *   waits. The pending interrupt is taken at once when the hart is stepped again.
 * - Switching harts between vCPUs always flushes the TLB (no ASIDs); a vCPU's satp is
 *   its domain's base pointer for that vCPU.
 */
import type { Hart } from "../machine/hart.js";
import { CAUSE_INTERRUPT, CAUSE_USER_ECALL, IRQ_MSI, PRIV_U } from "../machine/trap.js";
import { CLINT_MSIP, CLINT_MTIMECMP } from "../machine/devices/clint.js";
import { SATP_MODE_SV32 } from "../machine/mmu.js";
import { RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_running, RUNSTATE_runnable } from "../abi/vcpu.js";
import { VIRQ_TIMER } from "../abi/xen.js";
import { NO_BASE } from "./mm/domain.js";
import { sendVirq } from "./event_channel.js";
import { bounceTrap, deliverUpcall } from "./traps.js";
import { hypercall } from "./hypercall.js";
import type { FullXen } from "./hypervisor.js";
import type { Vcpu } from "./vcpu.js";
import type { Domain } from "./domain.js";

export class Pcpu {
  readonly id: number;
  readonly hart: Hart;
  current: Vcpu | null;
  /** The vCPU whose address space the hart's TLB may hold. */
  loaded: Vcpu | null;
  since: number;
  sliceEnd: number;

  constructor(id: number, hart: Hart) {
    this.id = id;
    this.hart = hart;
    this.current = null;
    this.loaded = null;
    this.since = 0;
    this.sliceEnd = 0;
  }
}

/** The host trap handler of every hart (hostTrap[PRIV_M]). */
export function onTrap(xen: FullXen, hart: Hart, cause: number, tval: number): void {
  const p = xen.pcpus[hart.id]!;
  const v = p.current;
  xen.inTrapHart = p.id;
  if (v !== null) {
    v.regs.set(hart.x);
    v.pc = hart.pc >>> 0;
  }
  if (cause >= CAUSE_INTERRUPT) {
    if ((cause & 0x7fff_ffff) === IRQ_MSI) xen.machine.clint.write(CLINT_MSIP + 4 * p.id, 4, 0);
  } else if (v !== null) {
    if (cause === CAUSE_USER_ECALL && v.kernelMode) hypercall(xen, v);
    else bounceTrap(xen, v, cause, tval);
  }
  const now = xen.now();
  fireTimers(xen, now);
  reschedule(xen, p, now);
  loadHart(xen, p);
  xen.inTrapHart = -1;
}

/** Keeps the current vCPU if it may go on, else switches; delivers due upcalls. */
export function reschedule(xen: FullXen, p: Pcpu, now: number): void {
  for (;;) {
    let v = p.current;
    if (v !== null && (!v.runnable() || v.yieldRequested || now >= p.sliceEnd)) {
      switchOut(xen, p, now);
      v = null;
    }
    if (v === null) v = switchIn(xen, p, now);
    if (v === null) return;
    deliverUpcall(xen, v);
    if (v.runnable()) return;
  }
}

/** Stops running p.current: accounts it and queues it again if still runnable. */
export function switchOut(xen: FullXen, p: Pcpu, now: number): void {
  const v = p.current;
  if (v === null) return;
  p.current = null;
  v.hart = -1;
  xen.sched.account(v, Math.max(0, now - p.since));
  const yielded = v.yieldRequested;
  v.yieldRequested = false;
  if (v.runnable()) {
    v.inSched = true;
    v.setRunstate(RUNSTATE_runnable, now);
    if (yielded) xen.sched.yield(v);
    else xen.sched.wake(v);
  } else {
    v.inSched = false;
    v.setRunstate(v.online ? RUNSTATE_blocked : RUNSTATE_offline, now);
    xen.sched.sleep(v);
  }
}

/** Picks the next vCPU for p (null: idle). */
export function switchIn(xen: FullXen, p: Pcpu, now: number): Vcpu | null {
  for (;;) {
    const r = xen.sched.pick(p.id, now);
    if (r === null) return null;
    const v = r.vcpu as Vcpu;
    if (!v.runnable() || v.hart >= 0) {
      // A scheduler must not hand out these; keep the books straight and go on.
      if (!v.runnable()) v.inSched = false;
      continue;
    }
    p.current = v;
    v.hart = p.id;
    v.inSched = true;
    p.since = now;
    p.sliceEnd = now + Math.max(1, Math.floor(r.slice));
    v.setRunstate(RUNSTATE_running, now);
    return v;
  }
}

/** Puts p's state into its hart: the current vCPU's context, or idle; arms the timer. */
export function loadHart(xen: FullXen, p: Pcpu): void {
  const h = p.hart;
  const v = p.current;
  if (v === null) {
    h.priv = PRIV_U;
    h.satp = 0;
    h.pc = 0;
    h.wfi = true;
    if (p.loaded !== null) h.flushTlb();
    p.loaded = null;
  } else {
    h.x.set(v.regs);
    h.x[0] = 0;
    h.pc = v.pc >>> 0;
    h.priv = PRIV_U;
    h.wfi = false;
    const d = v.owner as Domain;
    const base = d.mm.base[v.id] ?? NO_BASE;
    const satp = base === NO_BASE ? 0 : (SATP_MODE_SV32 | base) >>> 0;
    if (p.loaded !== v || h.satp !== satp) {
      h.satp = satp;
      h.flushTlb();
    }
    p.loaded = v;
  }
  armTimer(xen, p);
}

function armTimer(xen: FullXen, p: Pcpu): void {
  let t = xen.earliestTimer();
  if (p.current !== null && p.sliceEnd < t) t = p.sliceEnd;
  // An idle hart must also wake when the scheduler can run something again without any
  // wake-up (a vCPU parked by its cap until the next accounting period).
  if (p.current === null) {
    const ev = xen.sched.nextEvent?.(xen.machine.clock.now()) ?? null;
    if (ev !== null && ev < t) t = ev;
  }
  const clint = xen.machine.clint;
  const off = CLINT_MTIMECMP + 8 * p.id;
  if (t === Infinity || t >= 2 ** 53) {
    clint.write(off + 4, 4, 0xffffffff);
    clint.write(off, 4, 0xffffffff);
    return;
  }
  clint.write(off + 4, 4, 0xffffffff);
  clint.write(off, 4, t % 0x1_0000_0000);
  clint.write(off + 4, 4, Math.floor(t / 0x1_0000_0000));
}

/** Fires every vCPU timer due at `now`: VIRQ_TIMER for single-shot and periodic, poll timeouts. */
export function fireTimers(xen: FullXen, now: number): void {
  for (const d of xen.doms) {
    if (!d || d.isShutdown || d.dying) continue;
    for (const v of d.vcpus) {
      if (v.nextDeadline() > now) continue;
      if (v.singleshot >= 0 && v.singleshot <= now) {
        v.singleshot = -1;
        sendVirq(xen, d, v.id, VIRQ_TIMER);
      }
      if (v.periodicNext >= 0 && v.periodicNext <= now) {
        v.periodicNext = now + v.periodTicks;
        sendVirq(xen, d, v.id, VIRQ_TIMER);
      }
      if (v.pollDeadline >= 0 && v.pollDeadline <= now) {
        v.pollDeadline = -1;
        if (v.blocked && v.pollPorts.length > 0) {
          v.pollPorts = [];
          v.blocked = false;
          xen.updateRunnable(v);
        }
      }
    }
  }
}
