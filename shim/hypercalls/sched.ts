/**
 * sched_op, set_timer_op and vcpu_op: the one vCPU's scheduling and timers.
 *
 * - yield: nothing else to run; 0.
 * - block: unmasks upcalls (as Xen's local_event_delivery_enable); returns at
 *   once if events are pending, else the hart waits (WFI) until a timer raises
 *   an event. The upcall is then delivered at the return address.
 * - poll: returns 0 at once if one of the ports is pending, else waits until one
 *   is, or the timeout passes (0 = none). Upcall masking is left alone.
 * - shutdown ends the domain; shutdown_code records the code for later.
 * See timers.ts for how time and deadlines are kept.
 */
import type { Domain } from "../domain.js";
import { copyIn, EFAULT, u64, type HypercallFn } from "./common.js";
import { evtchnIsPending, setUpcallMask, upcallPending } from "../../abi/evtchn_2l.js";
import * as S from "../../abi/sched.js";
import * as VC from "../../abi/vcpu.js";
import { XEN_EEXIST, XEN_EINVAL, XEN_ENOENT, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_ETIME } from "../../abi/errno.js";
import { EVTCHN_2L_NR_CHANNELS, vcpu_info, XEN_PAGE_SIZE } from "../../abi/xen.js";
import { VCPU_GUEST_CONTEXT_SIZE } from "../../abi/vcpu_context.js";
import { DOMAIN_BASE_MFN, DOMAIN_BASE_PA, linearHoleVa, SHIM_DATA_PA, SHIM_DATA_VCPU_INFO, SHIM_BASE_PA } from "../memmap.js";
import { shutdownDomain } from "../deliver.js";
import { NS_PER_TICK, nowNs, nowTicks, nsToTicks, reprogramMachineTimer, setSingleshot, writeTimeInfo } from "../timers.js";

const MAX_POLL_PORTS = 128;
/** Xen's limits on a periodic timer: at least 1 ms, at most STIME_DELTA_MAX. */
const MIN_PERIOD_NS = 1_000_000;
const MAX_PERIOD_NS = 2 ** 62;

/** Puts the vCPU to sleep in the current hypercall (its result already in a0). */
function sleep(d: Domain): void {
  d.blocked = true;
  d.hart.wfi = true;
}

/** True (and the wait ends) when a blocked or polling vCPU may run again. */
export function wakeCondition(d: Domain): boolean {
  if (!d.blocked) return true;
  let wake: boolean;
  if (d.pollPorts !== null) {
    wake = d.pollTimedOut;
    for (const p of d.pollPorts) if (evtchnIsPending(d.sharedInfo, p)) wake = true;
  } else {
    wake = upcallPending(d.vcpuInfo);
  }
  if (wake) {
    d.blocked = false;
    d.pollPorts = null;
    d.pollTimedOut = false;
    if (Number.isFinite(d.pollDeadline)) {
      d.pollDeadline = Infinity;
      reprogramMachineTimer(d);
    }
  }
  return wake;
}

function poll(d: Domain, arg: number): number {
  const v = copyIn(d, arg, S.sched_poll);
  if (v === null) return EFAULT;
  const nr = v.getUint32(4, true);
  if (nr > MAX_POLL_PORTS) return -XEN_EINVAL;
  const b = d.mem.read(v.getUint32(0, true), nr * 4);
  if (b === null) return EFAULT;
  const bv = new DataView(b.buffer);
  const ports = new Uint32Array(nr);
  for (let i = 0; i < nr; i++) {
    ports[i] = bv.getUint32(i * 4, true);
    if (ports[i]! >= EVTCHN_2L_NR_CHANNELS) return -XEN_EINVAL;
  }
  for (const p of ports) if (evtchnIsPending(d.sharedInfo, p)) return 0;
  const timeout = u64(v, 8);
  if (timeout !== 0) {
    const t = Math.ceil(timeout / NS_PER_TICK);
    if (t <= nowTicks(d)) return 0;
    d.pollDeadline = t;
    reprogramMachineTimer(d);
  }
  d.pollPorts = ports;
  d.pollTimedOut = false;
  sleep(d);
  return 0;
}

export const sched_op: HypercallFn = (d, cmd, arg) => {
  switch (cmd) {
    case S.SCHEDOP_yield: return 0;
    case S.SCHEDOP_block:
      setUpcallMask(d.vcpuInfo, false);
      if (!upcallPending(d.vcpuInfo)) sleep(d);
      return 0;
    case S.SCHEDOP_shutdown: case S.SCHEDOP_shutdown_code: {
      const reason = d.mem.read32(arg);
      if (reason < 0) return EFAULT;
      if (reason > S.SHUTDOWN_MAX) return -XEN_EINVAL;
      if (cmd === S.SCHEDOP_shutdown_code) {
        d.shutdownCode = reason;
        return 0;
      }
      shutdownDomain(d, reason);
      return 0;
    }
    case S.SCHEDOP_poll: return poll(d, arg);
    case S.SCHEDOP_remote_shutdown: case S.SCHEDOP_watchdog: case S.SCHEDOP_pin_override: return -XEN_EOPNOTSUPP;
    default: return -XEN_ENOSYS;
  }
};

/** set_timer_op(timeout): 0 stops the single-shot timer; a past time fires at once. */
export const set_timer_op: HypercallFn = (d, lo, hi) => {
  setSingleshot(d, lo === 0 && hi === 0 ? Infinity : nsToTicks(lo, hi));
  return 0;
};

function registerVcpuInfo(d: Domain, arg: number): number {
  const v = copyIn(d, arg, VC.vcpu_register_vcpu_info);
  if (v === null) return EFAULT;
  const mfn = u64(v, 0);
  const offset = v.getUint32(8, true);
  if (d.vcpuInfoRegistered) return -XEN_EINVAL;
  if (offset > XEN_PAGE_SIZE - vcpu_info.size || (offset & 7) !== 0 || !d.ownsMfn(mfn)) return -XEN_EINVAL;
  const pa = (mfn - DOMAIN_BASE_MFN) * XEN_PAGE_SIZE + DOMAIN_BASE_PA + offset;
  const ram = d.machine.bus.ram;
  const view = new DataView(ram.buffer, ram.byteOffset + (pa - d.machine.bus.ramBase), vcpu_info.size);
  const old = new Uint8Array(d.vcpuInfo.view.buffer, d.vcpuInfo.view.byteOffset + d.vcpuInfo.offset, vcpu_info.size);
  d.machine.bus.writeBytes(pa, old.slice());
  d.vcpuInfo = { view, offset: 0 };
  d.vcpuInfoRegistered = true;
  writeTimeInfo(view, 0);
  // As Xen does: mark everything pending so nothing raised meanwhile is lost.
  view.setUint8(0, 1);
  view.setUint32(4, 0xffffffff, true);
  d.shim.setUint32(SHIM_DATA_PA - SHIM_BASE_PA + SHIM_DATA_VCPU_INFO, linearHoleVa(pa), true);
  return 0;
}

/**
 * vcpu_op: microxen runs one vCPU (vCPU 0, initialised and up from the start), so a
 * domain has nr_vcpus = 1: any other vcpuid is -ENOENT (Xen's answer for a vCPU the
 * domain does not have), VCPUOP_initialise of vCPU 0 is -EEXIST (after the -EFAULT
 * check), up is 0, and down is the last vCPU going down: SHUTDOWN_poweroff.
 */
export const vcpu_op: HypercallFn = (d, cmd, vcpuid, arg) => {
  if (vcpuid !== 0) return -XEN_ENOENT;
  switch (cmd) {
    case VC.VCPUOP_is_up: return 1;
    case VC.VCPUOP_get_runstate_info: {
      const b = new Uint8Array(VC.vcpu_runstate_info.size);
      const v = new DataView(b.buffer);
      const now = BigInt(nowNs(d));
      v.setInt32(0, VC.RUNSTATE_running, true);
      v.setBigUint64(8, 0n, true);
      v.setBigUint64(16, now, true);
      return d.mem.write(arg, b) ? 0 : EFAULT;
    }
    case VC.VCPUOP_set_periodic_timer: {
      const v = copyIn(d, arg, VC.vcpu_set_periodic_timer);
      if (v === null) return EFAULT;
      const period = u64(v, 0);
      if (period < MIN_PERIOD_NS || period > MAX_PERIOD_NS) return -XEN_EINVAL;
      d.periodNs = period;
      d.periodicNext = nowTicks(d) + Math.ceil(period / NS_PER_TICK);
      reprogramMachineTimer(d);
      return 0;
    }
    case VC.VCPUOP_stop_periodic_timer:
      d.periodNs = 0;
      d.periodicNext = Infinity;
      reprogramMachineTimer(d);
      return 0;
    case VC.VCPUOP_set_singleshot_timer: {
      const v = copyIn(d, arg, VC.vcpu_set_singleshot_timer);
      if (v === null) return EFAULT;
      const ticks = nsToTicks(v.getUint32(0, true), v.getUint32(4, true));
      if ((v.getUint32(8, true) & VC.VCPU_SSHOTTMR_future) !== 0 && u64(v, 0) < nowNs(d)) return -XEN_ETIME;
      setSingleshot(d, ticks);
      return 0;
    }
    case VC.VCPUOP_stop_singleshot_timer:
      setSingleshot(d, Infinity);
      return 0;
    case VC.VCPUOP_register_vcpu_info: return registerVcpuInfo(d, arg);
    case VC.VCPUOP_initialise:
      // Xen's order: copy the context in (-EFAULT), then vCPU 0 is already initialised.
      return d.mem.read(arg, VCPU_GUEST_CONTEXT_SIZE) === null ? EFAULT : -XEN_EEXIST;
    case VC.VCPUOP_up: return 0;
    case VC.VCPUOP_down:
      // The last vCPU going down powers the domain off, as in Xen.
      shutdownDomain(d, S.SHUTDOWN_poweroff);
      return 0;
    case VC.VCPUOP_register_runstate_memory_area:
    case VC.VCPUOP_send_nmi: case VC.VCPUOP_get_physid: case VC.VCPUOP_register_vcpu_time_memory_area:
    case VC.VCPUOP_register_runstate_phys_area: case VC.VCPUOP_register_vcpu_time_phys_area:
      return -XEN_EOPNOTSUPP;
    default: return -XEN_ENOSYS;
  }
};

