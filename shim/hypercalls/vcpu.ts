/**
 * vcpu_op: one vCPU per hart (nr_vcpus = harts), with full Xen's semantics and
 * errno order (fullxen/hc_sched.ts, docs/abi.md "Secondary vCPUs").
 *
 * - A vcpuid the domain does not have: -ENOENT, before any sub-op.
 * - VCPUOP_initialise: the context is copied first (-EFAULT); an initialised vCPU
 *   (vCPU 0 always) is -EEXIST; abi/vcpu_context.ts checks it (-EINVAL); ctrlreg3
 *   must be one of the domain's frames (-EINVAL; microxen checks no page types).
 *   Only then is the vCPU's hart loaded: pc and x1..x31, S-mode, satp = ctrlreg3
 *   (with microxen's hole entries), its trap table, callbacks, kernel stack, and
 *   its vcpu_info's upcall mask set. VGCF_online brings it up at once.
 * - VCPUOP_up: -EINVAL unless initialised; the hart runs (0; up already: 0).
 * - VCPUOP_down: with no other vCPU up, SHUTDOWN_poweroff (the last vCPU going
 *   down); else the hart is parked. A vCPU that took itself down resumes after
 *   the call when brought up again.
 * - VCPUOP_is_up: 1 or 0.
 * - Timers: the periodic timer of any vCPU; the single-shot timer of the calling
 *   vCPU only (-EINVAL for another, as Xen).
 */
import type { Domain } from "../domain.js";
import type { Vcpu } from "../vcpu.js";
import { parkVcpu, unparkVcpu } from "../vcpu.js";
import { copyIn, EFAULT, u64, type HypercallFn } from "./common.js";
import { setUpcallMask } from "../../abi/evtchn_2l.js";
import * as S from "../../abi/sched.js";
import * as VC from "../../abi/vcpu.js";
import { VGCF_online } from "../../abi/arch_rv32.js";
import { XEN_EEXIST, XEN_EINVAL, XEN_ENOENT, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_ETIME } from "../../abi/errno.js";
import { vcpu_info, XEN_PAGE_SIZE } from "../../abi/xen.js";
import { decodeVcpuContext, VCPU_GUEST_CONTEXT_SIZE } from "../../abi/vcpu_context.js";
import { PRIV_S } from "../../machine/trap.js";
import { DOMAIN_BASE_MFN, DOMAIN_BASE_PA, linearHoleVa, SHIM_DATA_VCPU_INFO } from "../memmap.js";
import { shutdownDomain } from "../deliver.js";
import { kick, NS_PER_TICK, nowNs, nowTicks, nsToTicks, reprogramMachineTimer, setSingleshot } from "../timers.js";
import { writeVcpuTimeInfo } from "../../abi/guest_visible.js";
import { newBaseptr } from "./mm.js";

/** Xen's limits on a periodic timer: at least 1 ms, at most STIME_DELTA_MAX. */
const MIN_PERIOD_NS = 1_000_000;
const MAX_PERIOD_NS = 2 ** 62;

function registerVcpuInfo(d: Domain, v: Vcpu, arg: number): number {
  const c = copyIn(d, arg, VC.vcpu_register_vcpu_info);
  if (c === null) return EFAULT;
  const mfn = u64(c, 0);
  const offset = c.getUint32(8, true);
  if (v.vcpuInfoRegistered) return -XEN_EINVAL;
  if (offset > XEN_PAGE_SIZE - vcpu_info.size || (offset & 7) !== 0 || !d.ownsMfn(mfn)) return -XEN_EINVAL;
  const pa = (mfn - DOMAIN_BASE_MFN) * XEN_PAGE_SIZE + DOMAIN_BASE_PA + offset;
  const ram = d.machine.bus.ram;
  const view = new DataView(ram.buffer, ram.byteOffset + (pa - d.machine.bus.ramBase), vcpu_info.size);
  const old = new Uint8Array(v.vcpuInfo.view.buffer, v.vcpuInfo.view.byteOffset + v.vcpuInfo.offset, vcpu_info.size);
  d.machine.bus.writeBytes(pa, old.slice());
  v.vcpuInfo = { view, offset: 0 };
  v.vcpuInfoRegistered = true;
  writeVcpuTimeInfo(view, 0);
  // As Xen does: mark everything pending so nothing raised meanwhile is lost.
  view.setUint8(0, 1);
  view.setUint32(4, 0xffffffff, true);
  d.shim.setUint32(v.dataOff + SHIM_DATA_VCPU_INFO, linearHoleVa(pa), true);
  return 0;
}

function initialise(d: Domain, v: Vcpu, arg: number): number {
  const bytes = d.mem.read(arg, VCPU_GUEST_CONTEXT_SIZE);
  if (bytes === null) return EFAULT;
  if (v.initialised) return -XEN_EEXIST;
  const ctx = decodeVcpuContext(bytes);
  if (typeof ctx === "number") return ctx;
  if (!d.ownsMfn(ctx.rootMfn)) return -XEN_EINVAL;
  const h = v.hart;
  newBaseptr(d, h, ctx.rootMfn);
  h.x[0] = 0;
  for (let i = 1; i < 32; i++) h.x[i] = ctx.regs[i]! | 0;
  h.pc = ctx.regs[0]! >>> 0;
  h.priv = PRIV_S;
  v.trapHandler.fill(0);
  v.trapFlags.fill(0);
  for (const t of ctx.traps) {
    v.trapHandler[t.vector] = t.address;
    v.trapFlags[t.vector] = t.flags;
  }
  v.eventCallback = ctx.eventCallback;
  v.failsafeCallback = ctx.failsafeCallback;
  v.kernelSp = ctx.kernelSp >>> 0;
  v.blocked = false;
  v.pollPorts = null;
  setUpcallMask(v.vcpuInfo, true);
  v.initialised = true;
  if ((ctx.flags & VGCF_online) !== 0) unparkVcpu(v);
  return 0;
}

function runstateInfo(d: Domain, v: Vcpu, arg: number): number {
  const b = new Uint8Array(VC.vcpu_runstate_info.size);
  const w = new DataView(b.buffer);
  const state = !v.up ? VC.RUNSTATE_offline : v.blocked ? VC.RUNSTATE_blocked : VC.RUNSTATE_running;
  // No multiplexing: a vCPU is never runnable-but-waiting; all of system time counts in its state.
  w.setInt32(0, state, true);
  w.setBigUint64(8, 0n, true);
  w.setBigUint64(16 + 8 * state, BigInt(nowNs(d)), true);
  return d.mem.write(arg, b) ? 0 : EFAULT;
}

export const vcpu_op: HypercallFn = (d, cmd, vcpuid, arg) => {
  const v = d.vcpu(vcpuid);
  if (v === undefined) return -XEN_ENOENT;
  const self = v === d.cur;
  switch (cmd) {
    case VC.VCPUOP_initialise: return initialise(d, v, arg);
    case VC.VCPUOP_up:
      if (!v.initialised) return -XEN_EINVAL;
      if (!v.up) {
        unparkVcpu(v);
        if (v.blocked) kick(d, v); // it re-checks what it waits for
      }
      return 0;
    case VC.VCPUOP_down:
      if (!d.vcpus.some((u) => u !== v && u.up)) {
        // The last vCPU going down powers the domain off, as in Xen.
        shutdownDomain(d, S.SHUTDOWN_poweroff);
        return 0;
      }
      if (v.up) parkVcpu(v);
      return 0;
    case VC.VCPUOP_is_up: return v.up ? 1 : 0;
    case VC.VCPUOP_get_runstate_info: return runstateInfo(d, v, arg);
    case VC.VCPUOP_set_periodic_timer: {
      const c = copyIn(d, arg, VC.vcpu_set_periodic_timer);
      if (c === null) return EFAULT;
      const period = u64(c, 0);
      if (period < MIN_PERIOD_NS || period > MAX_PERIOD_NS) return -XEN_EINVAL;
      v.periodNs = period;
      v.periodicNext = nowTicks(d) + Math.ceil(period / NS_PER_TICK);
      reprogramMachineTimer(d, v);
      return 0;
    }
    case VC.VCPUOP_stop_periodic_timer:
      v.periodNs = 0;
      v.periodicNext = Infinity;
      reprogramMachineTimer(d, v);
      return 0;
    case VC.VCPUOP_set_singleshot_timer: {
      if (!self) return -XEN_EINVAL;
      const c = copyIn(d, arg, VC.vcpu_set_singleshot_timer);
      if (c === null) return EFAULT;
      const ticks = nsToTicks(c.getUint32(0, true), c.getUint32(4, true));
      if ((c.getUint32(8, true) & VC.VCPU_SSHOTTMR_future) !== 0 && u64(c, 0) < nowNs(d)) return -XEN_ETIME;
      setSingleshot(v, ticks);
      return 0;
    }
    case VC.VCPUOP_stop_singleshot_timer:
      if (!self) return -XEN_EINVAL;
      setSingleshot(v, Infinity);
      return 0;
    case VC.VCPUOP_register_vcpu_info: return registerVcpuInfo(d, v, arg);
    case VC.VCPUOP_register_runstate_memory_area:
    case VC.VCPUOP_send_nmi: case VC.VCPUOP_get_physid: case VC.VCPUOP_register_vcpu_time_memory_area:
    case VC.VCPUOP_register_runstate_phys_area: case VC.VCPUOP_register_vcpu_time_phys_area:
      return -XEN_EOPNOTSUPP;
    default: return -XEN_ENOSYS;
  }
};
