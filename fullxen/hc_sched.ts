/**
 * sched_op, set_timer_op and vcpu_op: blocking, yielding, shutdown, polling and the
 * per-vCPU timers.
 *
 * - SCHEDOP_block clears the upcall mask first and returns at once when an event is
 *   already pending (no lost wake-up); otherwise the vCPU sleeps until an event is
 *   marked pending for it. The upcall is delivered when it resumes.
 * - SCHEDOP_poll: at most MAX_POLL_PORTS ports (-EINVAL), each < 1024 (-EINVAL); returns
 *   at once if one is pending, else sleeps until one becomes pending, any upcall-worthy
 *   event arrives, or the absolute timeout (ns, 0 = none) passes.
 * - SCHEDOP_shutdown: reason > SHUTDOWN_MAX is -EINVAL; otherwise the domain is shut
 *   down (suspend included: the owner decides what a suspend means) and the call does
 *   not return. shutdown_code records the code reported with a later shutdown.
 * - SCHEDOP_remote_shutdown: privileged only (-EPERM), -ESRCH for an unknown domain.
 * - Timers are absolute system times (ns); set_timer_op(0) stops the single shot; a
 *   deadline already past fires at the next return to the guest. Periodic timers need a
 *   period of at least 1 ms (-EINVAL), as in Xen. VCPUOP_set/stop_singleshot_timer act
 *   on the calling vCPU only (-EINVAL otherwise); VCPU_SSHOTTMR_future refuses a past
 *   deadline with -ETIME.
 * - vcpu_op on a vCPU the domain does not have: -ENOENT (Xen's check, before any sub-op).
 * - VCPUOP_initialise(vcpuid, vcpu_guest_context): the context is copied first
 *   (-EFAULT), then a vCPU already initialised is -EEXIST (vCPU 0 is initialised by the
 *   builder), then the context is checked by abi/vcpu_context.ts (-EINVAL) and its
 *   ctrlreg3 becomes the vCPU's base pointer through fullxen/mm exactly like
 *   MMUEXT_NEW_BASEPTR (validated as a root of the caller, holding its own L2 type and
 *   general reference; that error is returned). Only then is the vCPU changed: its
 *   registers, kernel mode, trap table, callbacks and kernel stack come from the
 *   context and its vcpu_info's upcall mask is set. VGCF_online brings it up at once.
 * - VCPUOP_up: -EINVAL unless initialised; a vCPU already up stays up (0).
 * - VCPUOP_down: when no other vCPU of the domain is up, the domain is shut down with
 *   SHUTDOWN_poweroff (Xen's "last vCPU going down"); otherwise the vCPU stops running
 *   (a vCPU taking itself down resumes after the call when brought up again). Its
 *   timers stay armed and its events stay pending.
 * - VCPUOP_is_up: 1 or 0.
 */
import {
  XEN_EEXIST, XEN_EFAULT, XEN_EINVAL, XEN_ENOENT, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM, XEN_ESRCH, XEN_ETIME,
} from "../abi/errno.js";
import {
  SCHEDOP_block, SCHEDOP_poll, SCHEDOP_remote_shutdown, SCHEDOP_shutdown, SCHEDOP_shutdown_code,
  SCHEDOP_watchdog, SCHEDOP_pin_override, SCHEDOP_yield, SHUTDOWN_MAX, SHUTDOWN_poweroff,
} from "../abi/sched.js";
import {
  VCPUOP_down, VCPUOP_get_physid, VCPUOP_get_runstate_info, VCPUOP_initialise, VCPUOP_is_up,
  VCPUOP_register_runstate_memory_area, VCPUOP_register_runstate_phys_area, VCPUOP_register_vcpu_info,
  VCPUOP_register_vcpu_time_memory_area, VCPUOP_register_vcpu_time_phys_area, VCPUOP_send_nmi,
  VCPUOP_set_periodic_timer, VCPUOP_set_singleshot_timer, VCPUOP_stop_periodic_timer,
  VCPUOP_stop_singleshot_timer, VCPUOP_up, VCPU_SSHOTTMR_future,
} from "../abi/vcpu.js";
import { evtchnIsPending, setUpcallMask, upcallPending } from "../abi/evtchn_2l.js";
import {
  DOMID_SELF, HYPERVISOR_sched_op, HYPERVISOR_set_timer_op, HYPERVISOR_vcpu_op, MMUEXT_NEW_BASEPTR, vcpu_info,
} from "../abi/xen.js";
import { VGCF_online } from "../abi/arch_rv32.js";
import { decodeVcpuContext, VCPU_GUEST_CONTEXT_SIZE } from "../abi/vcpu_context.js";
import { mmuextOp } from "./mm/mmuext_op.js";
import { PGT_writable_page } from "./mm/frame_table.js";
import { getPageAndType } from "./mm/page_type.js";
import { registerHypercall, type HcCtx } from "./hypercall.js";
import { nsToTicks, ticksToNs } from "./time.js";
import { writeVcpuTimeInfo } from "../abi/guest_visible.js";
import { NR_PORTS } from "./event_channel.js";
import type { Domain } from "./domain.js";
import type { Vcpu } from "./vcpu.js";

import { XEN_MAX_POLL_PORTS as MAX_POLL_PORTS } from "../abi/guest_visible.js";
const MS_NS = 1_000_000;
const VCPU_INFO_SIZE = vcpu_info.size;

function u64(lo: number, hi: number): number {
  return (hi >>> 0) * 0x1_0000_0000 + (lo >>> 0);
}

function block(c: HcCtx): number {
  const v = c.vcpu;
  setUpcallMask(v, false);
  if (upcallPending(v)) return 0;
  v.blocked = true;
  c.xen.updateRunnable(v);
  return 0;
}

function poll(c: HcCtx, arg: number): number {
  const b = c.view(arg, 16);
  if (b === null) return -XEN_EFAULT;
  const portsVa = b.getUint32(0, true);
  const n = b.getUint32(4, true);
  const timeout = u64(b.getUint32(8, true), b.getUint32(12, true));
  if (n > MAX_POLL_PORTS) return -XEN_EINVAL;
  const d = c.dom;
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = c.readU32(portsVa + 4 * i);
    if (p === null) return -XEN_EFAULT;
    if (p >= NR_PORTS) return -XEN_EINVAL;
    if (evtchnIsPending(d.sharedInfo, p)) return 0;
    ports.push(p);
  }
  const v = c.vcpu;
  if (timeout !== 0 && nsToTicks(timeout) <= c.xen.now()) return 0;
  v.pollPorts = ports;
  v.pollDeadline = timeout === 0 ? -1 : nsToTicks(timeout);
  v.blocked = true;
  c.xen.updateRunnable(v);
  return 0;
}

function schedOp(c: HcCtx, cmd: number, arg: number): number {
  const xen = c.xen;
  const d = c.dom;
  switch (cmd) {
    case SCHEDOP_yield:
      c.vcpu.yieldRequested = true;
      return 0;
    case SCHEDOP_block:
      return block(c);
    case SCHEDOP_shutdown: {
      const reason = c.readU32(arg);
      if (reason === null) return -XEN_EFAULT;
      if (reason > SHUTDOWN_MAX) return -XEN_EINVAL;
      xen.shutdownDomain(d, reason);
      return 0;
    }
    case SCHEDOP_shutdown_code: {
      const reason = c.readU32(arg);
      if (reason === null) return -XEN_EFAULT;
      if (reason > SHUTDOWN_MAX) return -XEN_EINVAL;
      d.shutdownCode = reason;
      return 0;
    }
    case SCHEDOP_poll:
      return poll(c, arg);
    case SCHEDOP_remote_shutdown: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      const domid = b.getUint16(0, true);
      const reason = b.getUint32(4, true);
      if (!d.privileged) return -XEN_EPERM;
      const t = domid === DOMID_SELF ? d : xen.domain(domid);
      if (t === null || t.dying) return -XEN_ESRCH;
      if (reason > SHUTDOWN_MAX) return -XEN_EINVAL;
      xen.shutdownDomain(t, reason);
      return 0;
    }
    case SCHEDOP_watchdog:
    case SCHEDOP_pin_override:
      return -XEN_EOPNOTSUPP;
    default:
      return -XEN_ENOSYS;
  }
}

function runstateInfo(c: HcCtx, v: Vcpu, arg: number): number {
  const now = c.xen.now();
  const b = new Uint8Array(48);
  const w = new DataView(b.buffer);
  w.setInt32(0, v.runstate, true);
  const put64 = (off: number, value: number): void => {
    w.setUint32(off, value % 0x1_0000_0000, true);
    w.setUint32(off + 4, Math.floor(value / 0x1_0000_0000), true);
  };
  put64(8, ticksToNs(v.runstateEntry));
  for (let s = 0; s < 4; s++) {
    const extra = s === v.runstate ? Math.max(0, now - v.runstateEntry) : 0;
    put64(16 + 8 * s, ticksToNs(v.runstateTicks[s]! + extra));
  }
  return c.write(arg, b) ? 0 : -XEN_EFAULT;
}

function registerVcpuInfo(c: HcCtx, v: Vcpu, arg: number): number {
  const b = c.view(arg, 16);
  if (b === null) return -XEN_EFAULT;
  const mfn = u64(b.getUint32(0, true), b.getUint32(4, true));
  const offset = b.getUint32(8, true);
  const d = v.owner as Domain;
  if (v.viMfn >= 0) return -XEN_EINVAL; // registered once only, as Xen: -EINVAL (microxen agrees)
  if (offset > 4096 - VCPU_INFO_SIZE || (offset & 7) !== 0 || mfn > 0xfffff) return -XEN_EINVAL;
  const xen = c.xen;
  if (getPageAndType(xen.mm, mfn, d.domid, PGT_writable_page) !== 0) return -XEN_EINVAL;
  const bus = xen.machine.bus;
  const view = new DataView(bus.ram.buffer, mfn * 4096 - bus.ramBase, 4096);
  // Carry the current state over, then point the vCPU at its new home.
  for (let i = 0; i < VCPU_INFO_SIZE; i++) view.setUint8(offset + i, v.view.getUint8(v.offset + i));
  writeVcpuTimeInfo(view, offset);
  v.view = view;
  v.offset = offset;
  v.viMfn = mfn;
  return 0;
}

function initialise(c: HcCtx, v: Vcpu, arg: number): number {
  const bytes = c.read(arg, VCPU_GUEST_CONTEXT_SIZE);
  if (bytes === null) return -XEN_EFAULT;
  if (v.initialised) return -XEN_EEXIST;
  const ctx = decodeVcpuContext(bytes);
  if (typeof ctx === "number") return ctx;
  const d = c.dom;
  // The root is held exactly as NEW_BASEPTR holds it (type + general reference).
  const r = mmuextOp(c.xen.mm, d.mm, v.id, [{ cmd: MMUEXT_NEW_BASEPTR, arg1: ctx.rootMfn, arg2: 0 }], DOMID_SELF);
  if (r.rc !== 0) return r.rc;
  v.regs[0] = 0;
  for (let i = 1; i < 32; i++) v.regs[i] = ctx.regs[i]! | 0;
  v.pc = ctx.regs[0]! >>> 0;
  v.kernelMode = true;
  v.kernelSp = ctx.kernelSp >>> 0;
  v.trapAddr.fill(0);
  v.trapFlags.fill(0);
  for (const t of ctx.traps) {
    v.trapAddr[t.vector] = t.address;
    v.trapFlags[t.vector] = t.flags;
  }
  v.eventCallback = ctx.eventCallback;
  v.failsafeCallback = ctx.failsafeCallback;
  v.blocked = false;
  v.pollPorts = [];
  setUpcallMask(v, true);
  v.initialised = true;
  if ((ctx.flags & VGCF_online) !== 0) {
    v.online = true;
    c.xen.updateRunnable(v);
  }
  return 0;
}

function vcpuOp(c: HcCtx, cmd: number, vcpuid: number, arg: number): number {
  const xen = c.xen;
  const d = c.dom;
  const v = d.vcpus[vcpuid];
  if (v === undefined) return -XEN_ENOENT;
  const self = v === c.vcpu;
  switch (cmd) {
    case VCPUOP_initialise:
      return initialise(c, v, arg);
    case VCPUOP_up:
      if (!v.initialised) return -XEN_EINVAL;
      v.online = true;
      xen.updateRunnable(v);
      return 0;
    case VCPUOP_down:
      if (!d.vcpus.some((u) => u !== v && u.online)) {
        xen.shutdownDomain(d, SHUTDOWN_poweroff);
        return 0;
      }
      v.online = false;
      xen.updateRunnable(v);
      return 0;
    case VCPUOP_is_up:
      return v.online ? 1 : 0;
    case VCPUOP_get_runstate_info:
      return runstateInfo(c, v, arg);
    case VCPUOP_set_periodic_timer: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      const period = u64(b.getUint32(0, true), b.getUint32(4, true));
      if (period < MS_NS || period >= 2 ** 53) return -XEN_EINVAL;
      v.periodTicks = nsToTicks(period);
      v.periodicNext = xen.now() + v.periodTicks;
      return 0;
    }
    case VCPUOP_stop_periodic_timer:
      v.periodTicks = 0;
      v.periodicNext = -1;
      return 0;
    case VCPUOP_set_singleshot_timer: {
      if (!self) return -XEN_EINVAL;
      const b = c.view(arg, 16);
      if (b === null) return -XEN_EFAULT;
      const timeout = u64(b.getUint32(0, true), b.getUint32(4, true));
      const flags = b.getUint32(8, true);
      if ((flags & VCPU_SSHOTTMR_future) !== 0 && timeout < ticksToNs(xen.now())) return -XEN_ETIME;
      v.singleshot = nsToTicks(timeout);
      return 0;
    }
    case VCPUOP_stop_singleshot_timer:
      if (!self) return -XEN_EINVAL;
      v.singleshot = -1;
      return 0;
    case VCPUOP_register_vcpu_info:
      return registerVcpuInfo(c, v, arg);
    case VCPUOP_register_runstate_memory_area:
    case VCPUOP_send_nmi:
    case VCPUOP_get_physid:
    case VCPUOP_register_vcpu_time_memory_area:
    case VCPUOP_register_runstate_phys_area:
    case VCPUOP_register_vcpu_time_phys_area:
      return -XEN_EOPNOTSUPP;
    default:
      return -XEN_ENOSYS;
  }
}

registerHypercall(HYPERVISOR_sched_op, (c, cmd, arg) => schedOp(c, cmd, arg));
registerHypercall(HYPERVISOR_set_timer_op, (c, lo, hi) => {
  const ns = u64(lo, hi);
  c.vcpu.singleshot = ns === 0 ? -1 : nsToTicks(ns);
  return 0;
});
registerHypercall(HYPERVISOR_vcpu_op, (c, cmd, vcpuid, arg) => vcpuOp(c, cmd, vcpuid, arg));
