/**
 * Deliveries into a guest kernel: trap bouncing (set_trap_table), event upcalls, the
 * failsafe callback, iret, and crashing a domain that cannot take a delivery.
 *
 * Rules (docs/abi.md "Traps, callbacks and the bounce frame"; frames are built and read
 * by abi/bounce.ts, the same code microxen uses):
 * - A synchronous trap from the guest that is not a hypercall goes to the trap table's
 *   handler for its cause, through a bounce frame on the guest kernel stack; the vCPU's
 *   arch_vcpu_info records stval and scause. No handler: the domain crashes with cause,
 *   pc and stval on its console.
 * - An event upcall is delivered whenever the vCPU is about to return to the guest
 *   with evtchn_upcall_pending set, the mask clear and an event callback registered
 *   (after any hypercall, trap, iret, or when it is scheduled in).
 * - Failsafe: when a frame cannot be written on the stack the delivery would use, the
 *   failsafe callback (if registered) gets a frame on the stack_switch kernel stack
 *   instead; when that fails too, or there is no failsafe callback, the domain crashes.
 * - iret reads the frame at sp; a frame that cannot be read takes the failsafe path.
 */
import { bounceFrameAddress, readIretFrame, writeBounceFrame } from "../abi/bounce.js";
import {
  XEN_RV32_CAUSE_EVENT, XEN_RV32_CAUSE_FAILSAFE, XEN_RV32_FRAME_EVENTS_MASKED, XEN_RV32_FRAME_USER_MODE,
  TI_MASK_EVENTS,
} from "../abi/arch_rv32.js";
import { setUpcallMask, upcallDue, upcallMasked, VI_PENDING_SEL } from "../abi/evtchn_2l.js";
import { offsetOf } from "../abi/layout.js";
import { vcpu_info } from "../abi/xen.js";
import { causeName } from "../machine/trap.js";
import type { FullXen } from "./hypervisor.js";
import type { Domain } from "./domain.js";
import { NR_TRAP_VECTORS, type Vcpu } from "./vcpu.js";
import { hex32 } from "../abi/hex.js";

const VI_ARCH_STVAL = offsetOf(vcpu_info, "arch.stval");
const VI_ARCH_SCAUSE = offsetOf(vcpu_info, "arch.scause");


/**
 * Builds a frame for a delivery to `handler` and enters it. `stackVa` is where the
 * frame goes (already rounded). Returns false when the frame cannot be written.
 */
function enter(xen: FullXen, v: Vcpu, frameVa: number, handler: number, cause: number, stval: number, mask: boolean): boolean {
  const d = v.owner as Domain;
  const r = v.regs;
  const flags = (upcallMasked(v) ? XEN_RV32_FRAME_EVENTS_MASKED : 0) | (v.kernelMode ? 0 : XEN_RV32_FRAME_USER_MODE);
  const frame = { pc: v.pc >>> 0, sp: r[2]! >>> 0, a0: r[10]! >>> 0, a1: r[11]! >>> 0, flags, cause: cause >>> 0, stval: stval >>> 0 };
  const ok = writeBounceFrame((va, bytes) => xen.mem.write(d.mm, v.id, va, bytes), frameVa, frame);
  if (!ok) return false;
  r[2] = frameVa | 0;
  r[10] = frameVa | 0;
  r[11] = cause | 0;
  v.pc = handler >>> 0;
  v.kernelMode = true;
  if (mask) setUpcallMask(v, true);
  return true;
}

/** Delivers to `handler` on the usual stack, falling back to the failsafe path; true when `handler` was entered. */
function deliver(xen: FullXen, v: Vcpu, handler: number, cause: number, stval: number, mask: boolean, what: string): boolean {
  const frameVa = bounceFrameAddress(v.kernelMode, v.regs[2]! >>> 0, v.kernelSp >>> 0);
  if (enter(xen, v, frameVa, handler, cause, stval, mask)) return true;
  // The delivery did not happen: the failsafe callback (its own trace record) or a crash.
  failsafe(xen, v, `${what}: cannot write a bounce frame at ${hex32(frameVa)}`);
  return false;
}

/**
 * The failsafe callback on the stack_switch kernel stack; crashes the domain when
 * there is none or that frame cannot be written either. Returns true when delivered.
 */
export function failsafe(xen: FullXen, v: Vcpu, why: string): boolean {
  const d = v.owner as Domain;
  if (v.failsafeCallback !== 0) {
    const frameVa = bounceFrameAddress(false, 0, v.kernelSp >>> 0);
    const pc = v.pc;
    if (enter(xen, v, frameVa, v.failsafeCallback, XEN_RV32_CAUSE_FAILSAFE, 0, true)) {
      if (xen.tracing) xen.trace({ kind: "trap", dom: d.domid, vcpu: v.id, cause: XEN_RV32_CAUSE_FAILSAFE, pc, stval: 0, handler: v.failsafeCallback >>> 0 });
      return true;
    }
  }
  xen.crashDomain(d, why);
  return false;
}

/** A synchronous exception from the guest that is not a hypercall. */
export function bounceTrap(xen: FullXen, v: Vcpu, cause: number, tval: number): void {
  const d = v.owner as Domain;
  const handler = cause < NR_TRAP_VECTORS ? v.trapAddr[cause]! : 0;
  if (handler === 0) {
    xen.crashDomain(d, `unhandled ${causeName(cause)} (cause ${cause}) in guest ${v.kernelMode ? "kernel" : "user"} mode at pc ${hex32(v.pc)}, stval ${hex32(tval)}`);
    return;
  }
  v.view.setUint32(v.offset + VI_ARCH_STVAL, tval >>> 0, true);
  v.view.setUint32(v.offset + VI_ARCH_SCAUSE, cause >>> 0, true);
  const pc = v.pc;
  const mask = (v.trapFlags[cause]! & TI_MASK_EVENTS) !== 0;
  if (deliver(xen, v, handler, cause, tval, mask, `trap ${cause} at pc ${hex32(pc)}`) && xen.tracing) {
    xen.trace({ kind: "trap", dom: d.domid, vcpu: v.id, cause: cause >>> 0, pc, stval: tval >>> 0, handler });
  }
}

/** The event upcall, if one is due. */
export function deliverUpcall(xen: FullXen, v: Vcpu): void {
  if (v.eventCallback === 0 || !upcallDue(v)) return;
  const d = v.owner as Domain;
  const pc = v.pc;
  const sel = v.view.getUint32(v.offset + VI_PENDING_SEL, true);
  if (deliver(xen, v, v.eventCallback, XEN_RV32_CAUSE_EVENT, 0, true, "event upcall") && xen.tracing) {
    xen.trace({ kind: "event", dom: d.domid, vcpu: v.id, pc, sel, handler: v.eventCallback >>> 0 });
  }
}

/** HYPERVISOR_iret: restores pc, sp, a0, a1, the mask and the mode. Returns the restored a0. */
export function doIret(xen: FullXen, v: Vcpu): number {
  const d = v.owner as Domain;
  const sp = v.regs[2]! >>> 0;
  const f = readIretFrame((va, len) => xen.mem.read(d.mm, v.id, va, len), sp);
  if (f === null) {
    failsafe(xen, v, `iret: cannot read the frame at ${hex32(sp)}`);
    return v.regs[10]!;
  }
  v.pc = f.pc >>> 0;
  v.regs[2] = f.sp | 0;
  v.regs[10] = f.a0 | 0;
  v.regs[11] = f.a1 | 0;
  setUpcallMask(v, (f.flags & XEN_RV32_FRAME_EVENTS_MASKED) !== 0);
  v.kernelMode = (f.flags & XEN_RV32_FRAME_USER_MODE) === 0;
  return f.a0 | 0;
}
