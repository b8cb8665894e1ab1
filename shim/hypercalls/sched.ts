/**
 * sched_op and set_timer_op for the calling vCPU (vcpu_op is in vcpu.ts).
 *
 * - yield: nothing else to run; 0.
 * - block: unmasks upcalls (as Xen's local_event_delivery_enable); returns at
 *   once if events are pending, else the vCPU's hart waits (WFI) until a timer
 *   or an IPI (an event from another vCPU) raises one. The upcall is then
 *   delivered at the return address.
 * - poll: returns 0 at once if one of the ports is pending, else waits until one
 *   is, or the timeout passes (0 = none). Upcall masking is left alone.
 * - shutdown ends the domain; shutdown_code records the code for later.
 * See timers.ts for how time and deadlines are kept.
 */
import type { Domain } from "../domain.js";
import type { Vcpu } from "../vcpu.js";
import { copyIn, EFAULT, u64, type HypercallFn } from "./common.js";
import { evtchnIsPending, setUpcallMask, upcallPending } from "../../abi/evtchn_2l.js";
import * as S from "../../abi/sched.js";
import { XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP } from "../../abi/errno.js";
import { EVTCHN_2L_NR_CHANNELS } from "../../abi/xen.js";
import { shutdownDomain } from "../deliver.js";
import { NS_PER_TICK, nowTicks, nsToTicks, reprogramMachineTimer, setSingleshot } from "../timers.js";

import { XEN_MAX_POLL_PORTS as MAX_POLL_PORTS } from "../../abi/guest_visible.js";

/** Puts the calling vCPU to sleep in the current hypercall (its result already in a0). */
function sleep(v: Vcpu): void {
  v.blocked = true;
  v.hart.wfi = true;
}

/** True (and the wait ends) when vCPU `v`, blocked or polling, may run again. */
export function wakeCondition(d: Domain, v: Vcpu): boolean {
  if (!v.blocked) return true;
  let wake: boolean;
  if (v.pollPorts !== null) {
    wake = v.pollTimedOut;
    for (const p of v.pollPorts) if (evtchnIsPending(d.sharedInfo, p)) wake = true;
  } else {
    wake = upcallPending(v.vcpuInfo);
  }
  if (wake) {
    v.blocked = false;
    v.pollPorts = null;
    v.pollTimedOut = false;
    if (Number.isFinite(v.pollDeadline)) {
      v.pollDeadline = Infinity;
      reprogramMachineTimer(d, v);
    }
  }
  return wake;
}

function poll(d: Domain, arg: number): number {
  const cur = d.cur;
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
    cur.pollDeadline = t;
    reprogramMachineTimer(d, cur);
  }
  cur.pollPorts = ports;
  cur.pollTimedOut = false;
  sleep(cur);
  return 0;
}

export const sched_op: HypercallFn = (d, cmd, arg) => {
  switch (cmd) {
    case S.SCHEDOP_yield: return 0;
    case S.SCHEDOP_block:
      setUpcallMask(d.cur.vcpuInfo, false);
      if (!upcallPending(d.cur.vcpuInfo)) sleep(d.cur);
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
  setSingleshot(d.cur, lo === 0 && hi === 0 ? Infinity : nsToTicks(lo, hi));
  return 0;
};
