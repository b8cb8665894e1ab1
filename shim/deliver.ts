/**
 * Getting control back into the guest kernel: traps, event upcalls, the failsafe
 * callback, and ending the domain (shutdown, crash).
 *
 * Rules (abi/arch_rv32.ts, docs/microxen.md "Event delivery"):
 * - A delivery builds the bounce frame (abi/bounce.ts) on the kernel stack, sets
 *   sp = a0 = frame, a1 = cause, pc = handler, guest kernel mode (S).
 * - Event upcalls are delivered whenever the guest is about to resume with
 *   evtchn_upcall_pending set and evtchn_upcall_mask clear: after a hypercall
 *   handled here, after iret, after an interrupt. They always mask upcalls.
 * - No event callback registered: the event stays pending (nothing to run).
 * - A frame that cannot be written: the failsafe callback on the stack_switch
 *   stack, else the domain crashes (docs/abi.md "Failsafe").
 */
import { bounceFrameAddress, writeBounceFrame } from "../abi/bounce.js";
import {
  TI_MASK_EVENTS, XEN_RV32_CAUSE_EVENT, XEN_RV32_CAUSE_FAILSAFE, XEN_RV32_FRAME_EVENTS_MASKED,
  XEN_RV32_FRAME_USER_MODE, arch_vcpu_info,
} from "../abi/arch_rv32.js";
import { setUpcallMask, upcallDue, upcallMasked, VI_PENDING_SEL } from "../abi/evtchn_2l.js";
import { offsetOf } from "../abi/layout.js";
import { vcpu_info } from "../abi/xen.js";
import { SHUTDOWN_crash, SHUTDOWN_NAMES } from "../abi/sched.js";
import { causeName, PRIV_S, PRIV_U } from "../machine/trap.js";
import type { Domain } from "./domain.js";
import { shutdownCodeOf } from "../abi/guest_visible.js";
import { hex32 } from "../abi/hex.js";

const VI_ARCH_STVAL = offsetOf(vcpu_info, "arch") + offsetOf(arch_vcpu_info, "stval");
const VI_ARCH_SCAUSE = offsetOf(vcpu_info, "arch") + offsetOf(arch_vcpu_info, "scause");

/** Exit code microxen stops the machine with after a shutdown: 0x100 | reason. */
export const STOP_SHUTDOWN = 0x100;

/** Builds a frame at `frame` and enters `handler`; false when the frame could not be written (nothing changed). */
function enter(d: Domain, frame: number, cause: number, stval: number, handler: number, mask: boolean): boolean {
  const h = d.hart;
  const x = h.x;
  const inKernel = h.priv === PRIV_S;
  const flags = (upcallMasked(d.cur.vcpuInfo) ? XEN_RV32_FRAME_EVENTS_MASKED : 0) | (inKernel ? 0 : XEN_RV32_FRAME_USER_MODE);
  const ok = writeBounceFrame((va, b) => d.mem.write(va, b), frame, {
    pc: h.pc >>> 0, sp: x[2]! >>> 0, a0: x[10]! >>> 0, a1: x[11]! >>> 0, flags, cause: cause >>> 0, stval: stval >>> 0,
  });
  if (!ok) return false;
  x[2] = frame | 0;
  x[10] = frame | 0;
  x[11] = cause | 0;
  h.pc = handler >>> 0;
  if (h.priv !== PRIV_S) h.priv = PRIV_S;
  if (mask) setUpcallMask(d.cur.vcpuInfo, true);
  return true;
}

/**
 * Delivers to `handler` on the stack the delivery uses; when that frame cannot be
 * written, the failsafe path (docs/abi.md "Failsafe"). False when not delivered.
 */
function bounce(d: Domain, cause: number, stval: number, handler: number, mask: boolean): boolean {
  const h = d.hart;
  const frame = bounceFrameAddress(h.priv === PRIV_S, h.x[2]! >>> 0, d.cur.kernelSp);
  if (enter(d, frame, cause, stval, handler, mask)) return true;
  deliverFailsafe(d, `cannot write a bounce frame at ${hex32(frame)} (cause ${hex32(cause)}, pc ${hex32(h.pc)})`);
  return false;
}

/**
 * Bounces exception `cause` to the guest's trap table. An exception with no handler
 * crashes the domain, printing the cause, pc and stval.
 */
export function deliverTrap(d: Domain, cause: number, stval: number): void {
  const handler = cause < 32 ? d.cur.trapHandler[cause]! : 0;
  const h = d.hart;
  if (handler === 0) {
    crash(d, `unhandled trap: ${causeName(cause)} (cause ${cause}) at pc ${hex32(h.pc)}, stval ${hex32(stval)}` +
      `${h.priv === PRIV_U ? " in user mode" : ""}`);
    return;
  }
  const pc = h.pc;
  const vi = d.cur.vcpuInfo;
  vi.view.setUint32(vi.offset + VI_ARCH_STVAL, stval >>> 0, true);
  vi.view.setUint32(vi.offset + VI_ARCH_SCAUSE, cause >>> 0, true);
  if (!bounce(d, cause, stval, handler, (d.cur.trapFlags[cause]! & TI_MASK_EVENTS) !== 0)) return;
  d.trace?.({ kind: "trap", dom: d.domid, vcpu: d.cur.id, cause: cause >>> 0, pc: pc >>> 0, stval: stval >>> 0, handler });
}

/** Delivers the event upcall if one is due (pending and unmasked) and a callback exists. */
export function deliverEventIfDue(d: Domain): void {
  if (d.shutdown !== null || d.cur.eventCallback === 0 || !upcallDue(d.cur.vcpuInfo)) return;
  const pc = d.hart.pc >>> 0;
  const sel = d.cur.vcpuInfo.view.getUint32(d.cur.vcpuInfo.offset + VI_PENDING_SEL, true);
  if (!bounce(d, XEN_RV32_CAUSE_EVENT, 0, d.cur.eventCallback, true)) return;
  d.trace?.({ kind: "event", dom: d.domid, vcpu: d.cur.id, pc, sel, handler: d.cur.eventCallback });
}

/**
 * The failsafe callback, with its frame on the stack_switch kernel stack (a delivery
 * or an iret could not be completed); without one, or when that frame cannot be
 * written either, the domain crashes. Returns true when delivered.
 */
export function deliverFailsafe(d: Domain, why: string): boolean {
  const pc = d.hart.pc >>> 0;
  if (d.cur.failsafeCallback !== 0 && enter(d, bounceFrameAddress(false, 0, d.cur.kernelSp), XEN_RV32_CAUSE_FAILSAFE, 0, d.cur.failsafeCallback, true)) {
    d.trace?.({ kind: "trap", dom: d.domid, vcpu: d.cur.id, cause: XEN_RV32_CAUSE_FAILSAFE, pc, stval: 0, handler: d.cur.failsafeCallback });
    return true;
  }
  crash(d, why);
  return false;
}

/** Ends the domain with `reason` (SHUTDOWN_*) and stops the machine. */
export function shutdownDomain(d: Domain, reason: number, fault: string | null = null): void {
  if (d.shutdown !== null) return;
  const code = shutdownCodeOf(reason, d.shutdownCode);
  d.shutdown = { reason, code, fault };
  d.trace?.({ kind: "shutdown", dom: d.domid, reason, code });
  d.machine.stop(STOP_SHUTDOWN | reason, `domain shut down: ${SHUTDOWN_NAMES[reason] ?? `reason ${reason}`}`);
}

/** Crashes the domain: one line on the console, then shutdown with SHUTDOWN_crash. */
export function crash(d: Domain, why: string): void {
  if (d.shutdown !== null) return;
  d.say(`(microxen) domain ${d.domid} crashed: ${why}\n`);
  shutdownDomain(d, SHUTDOWN_crash, why);
}
