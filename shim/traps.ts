/**
 * microxen's M-mode entry: every trap from the guest (nothing is delegated) comes
 * here through hart.hostTrap[PRIV_M]. Each hart has its own handler, bound to the
 * vCPU that runs on it; it makes that vCPU the domain's `cur` first.
 *
 * - ecall from S inside the transfer page: hypercall number = slot of the pc.
 *   The handler runs; its result goes to a0 and the guest resumes at pc + 4 (the
 *   stub's `ret`). Every stub places its ecall so that pc + 4 returns.
 * - Any other exception (an ecall from U or outside the page included) is bounced
 *   to the guest's trap table (deliver.ts); no handler crashes the domain.
 * - Interrupts: STI = the single-shot timer, MTI = periodic/poll timer; each may
 *   raise VIRQ_TIMER; MTI is also the IPI (another vCPU made an event pending for
 *   this one, timers.ts `kick`). Any other interrupt is a bug in the platform setup.
 * - On every way back to the guest, a due event upcall is delivered, unless the
 *   vCPU is blocked (it then waits in WFI until a timer or an IPI wakes it) or down
 *   (its hart parked).
 */
import type { Hart } from "../machine/hart.js";
import { MSTATUS_SPP } from "../machine/csr.js";
import { CAUSE_INTERRUPT, CAUSE_SUPERVISOR_ECALL, IRQ_MTI, IRQ_STI, PRIV_S, PRIV_U } from "../machine/trap.js";
import { TRANSFER_PAGE_SIZE, TRANSFER_SLOT_SIZE } from "../abi/transfer_page.js";
import type { Domain } from "./domain.js";
import type { Vcpu } from "./vcpu.js";
import { NO_RETURN, traceCall } from "./hypercalls/common.js";
import { TABLE } from "./hypercalls/table.js";
import { wakeCondition } from "./hypercalls/sched.js";
import { deliverEventIfDue, deliverTrap } from "./deliver.js";
import { machineTimerFired, singleshotFired } from "./timers.js";
import type { StubCode } from "./stubs.js";
import { upcallDue } from "../abi/evtchn_2l.js";

/** Runs hypercall `nr` with the argument registers; a returning call resumes at `resume`. */
function hypercall(d: Domain, h: Hart, nr: number, resume: number): void {
  const x = h.x;
  const a0 = x[10]!, a1 = x[11]!, a2 = x[12]!, a3 = x[13]!, a4 = x[14]!;
  const rc = TABLE[nr]!(d, a0 >>> 0, a1 >>> 0, a2 >>> 0, a3 >>> 0, a4 >>> 0);
  if (rc !== NO_RETURN) {
    x[10] = rc | 0;
    h.pc = resume >>> 0;
  }
  // A call that resumed the guest elsewhere (iret, or a multicall an iret ended) records the a0 it restored.
  if (d.trace !== null) traceCall(d, nr, [a0, a1, a2, a3, a4], rc === NO_RETURN ? x[10]! | 0 : rc);
}

/**
 * An upcall is about to be delivered while the hot iret routine runs: it owns
 * sepc/sstatus, so finish it (at its sret) or restart it (before: sp is still
 * the frame) before the new frame is built.
 */
function settleIret(h: Hart, stubs: StubCode): void {
  if (stubs.iretStart < 0 || h.priv !== PRIV_S || h.pc < stubs.iretStart || h.pc > stubs.iretSret) return;
  if (h.pc === stubs.iretSret) {
    h.pc = h.sepc >>> 0;
    if ((h.mstatus & MSTATUS_SPP) === 0) h.priv = PRIV_U;
  } else {
    h.pc = stubs.iretStart;
  }
}

/** Returns the trap handler to install in hart.hostTrap[PRIV_M] of vCPU `v`'s hart. */
export function makeTrapHandler(d: Domain, v: Vcpu, stubs: StubCode): (h: Hart, cause: number, tval: number) => void {
  const page = d.plan.hypercallPage >>> 0;
  return (h, cause, tval) => {
    d.cur = v;
    if (d.shutdown !== null || !v.up) {
      h.wfi = true;
      return;
    }
    if (cause >= CAUSE_INTERRUPT) {
      const irq = cause & 0x7fffffff;
      if (irq === IRQ_STI) singleshotFired(d);
      else if (irq === IRQ_MTI) machineTimerFired(d);
      else throw new Error(`microxen: unexpected interrupt ${irq}`);
      if (v.blocked) {
        if (!wakeCondition(d, v)) {
          h.wfi = true;
          return;
        }
      }
      if (upcallDue(v.vcpuInfo)) settleIret(h, stubs);
    } else {
      const off = (h.pc - page) >>> 0;
      const routine = h.priv === PRIV_S ? stubs.routines.find((r) => h.pc >= r.start && h.pc < r.end) : undefined;
      if (cause === CAUSE_SUPERVISOR_ECALL && h.priv === PRIV_S && off < TRANSFER_PAGE_SIZE) {
        hypercall(d, h, Math.floor(off / TRANSFER_SLOT_SIZE), h.pc + 4);
        if (v.blocked || !v.up || d.shutdown !== null) return;
      } else if (routine !== undefined) {
        // A fault in in-line code (a bad guest pointer): do the whole call here.
        hypercall(d, h, routine.nr, h.x[1]! >>> 0);
        if (v.blocked || !v.up || d.shutdown !== null) return;
      } else {
        deliverTrap(d, cause, tval);
      }
    }
    deliverEventIfDue(d);
  };
}
