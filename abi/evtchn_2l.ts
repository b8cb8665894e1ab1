/**
 * 2-level event channel semantics over shared memory (Xen's event_2l.c), as pure
 * functions both hypervisors call, so a guest sees the same bits in the same order.
 *
 * Invariants:
 * - Bits live in the guest-visible pages: evtchn_pending / evtchn_mask in
 *   shared_info (32 words of 32 bits, port p at word p >> 5, bit p & 31), and
 *   evtchn_pending_sel / evtchn_upcall_pending / evtchn_upcall_mask in the
 *   vCPU's vcpu_info (in shared_info, or wherever VCPUOP_register_vcpu_info put it).
 * - Set pending: test-and-set the pending bit; if it was clear and the port is
 *   not masked, test-and-set the selector bit; if that was clear, set
 *   upcall_pending (and kick the vCPU when that was clear). Order matters: the
 *   guest clears in the reverse order.
 * - Unmask: test-and-clear the mask bit; if it was set and the port is pending,
 *   test-and-set the selector bit; if that was clear, mark events pending. So
 *   unmasking a pending port re-raises it.
 * - Nothing here delivers an upcall: the caller does that when upcall_pending
 *   is set and upcall_mask is clear, at its next return to the guest.
 * - Ports are bounds-checked by the caller (0 <= port < EVTCHN_2L_NR_CHANNELS).
 */
import { offsetOf } from "./layout.js";
import { shared_info, vcpu_info } from "./xen.js";

export const SI_EVTCHN_PENDING = offsetOf(shared_info, "evtchn_pending");
export const SI_EVTCHN_MASK = offsetOf(shared_info, "evtchn_mask");
export const VI_UPCALL_PENDING = offsetOf(vcpu_info, "evtchn_upcall_pending");
export const VI_UPCALL_MASK = offsetOf(vcpu_info, "evtchn_upcall_mask");
export const VI_PENDING_SEL = offsetOf(vcpu_info, "evtchn_pending_sel");

/** Where one vCPU's vcpu_info lives: a view and the byte offset of the struct in it. */
export interface VcpuInfoRef {
  view: DataView;
  offset: number;
}

function testAndSet(v: DataView, off: number, bit: number): boolean {
  const w = v.getUint32(off, true);
  const m = (1 << bit) >>> 0;
  if ((w & m) !== 0) return true;
  v.setUint32(off, (w | m) >>> 0, true);
  return false;
}

function testAndClear(v: DataView, off: number, bit: number): boolean {
  const w = v.getUint32(off, true);
  const m = (1 << bit) >>> 0;
  if ((w & m) === 0) return false;
  v.setUint32(off, (w & ~m) >>> 0, true);
  return true;
}

const wordOff = (base: number, port: number): number => base + (port >>> 5) * 4;

export function evtchnIsPending(si: DataView, port: number): boolean {
  return ((si.getUint32(wordOff(SI_EVTCHN_PENDING, port), true) >>> (port & 31)) & 1) !== 0;
}

export function evtchnIsMasked(si: DataView, port: number): boolean {
  return ((si.getUint32(wordOff(SI_EVTCHN_MASK, port), true) >>> (port & 31)) & 1) !== 0;
}

/** Sets upcall_pending; true when it was clear (the vCPU must be kicked). */
export function markEventsPending(vi: VcpuInfoRef): boolean {
  const o = vi.offset + VI_UPCALL_PENDING;
  if (vi.view.getUint8(o) !== 0) return false;
  vi.view.setUint8(o, 1);
  return true;
}

/** Xen's evtchn_2l_set_pending. Returns true when the vCPU was newly marked pending. */
export function evtchnSetPending(si: DataView, vi: VcpuInfoRef, port: number): boolean {
  if (testAndSet(si, wordOff(SI_EVTCHN_PENDING, port), port & 31)) return false;
  if (evtchnIsMasked(si, port)) return false;
  if (testAndSet(vi.view, vi.offset + VI_PENDING_SEL, port >>> 5)) return false;
  return markEventsPending(vi);
}

/** Xen's evtchn_2l_unmask. Returns true when the vCPU was newly marked pending. */
export function evtchnUnmask(si: DataView, vi: VcpuInfoRef, port: number): boolean {
  if (!testAndClear(si, wordOff(SI_EVTCHN_MASK, port), port & 31)) return false;
  if (!evtchnIsPending(si, port)) return false;
  if (testAndSet(vi.view, vi.offset + VI_PENDING_SEL, port >>> 5)) return false;
  return markEventsPending(vi);
}

export function evtchnClearPending(si: DataView, port: number): void {
  testAndClear(si, wordOff(SI_EVTCHN_PENDING, port), port & 31);
}

export function evtchnMask(si: DataView, port: number): void {
  testAndSet(si, wordOff(SI_EVTCHN_MASK, port), port & 31);
}

export function upcallPending(vi: VcpuInfoRef): boolean {
  return vi.view.getUint8(vi.offset + VI_UPCALL_PENDING) !== 0;
}

export function upcallMasked(vi: VcpuInfoRef): boolean {
  return vi.view.getUint8(vi.offset + VI_UPCALL_MASK) !== 0;
}

export function setUpcallMask(vi: VcpuInfoRef, masked: boolean): void {
  vi.view.setUint8(vi.offset + VI_UPCALL_MASK, masked ? 1 : 0);
}

/** An upcall is due: events pending and not masked. */
export function upcallDue(vi: VcpuInfoRef): boolean {
  return upcallPending(vi) && !upcallMasked(vi);
}
