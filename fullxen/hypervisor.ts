/**
 * FullXen: the composition root of full Xen on the machine. It owns the harts through
 * the host-trap hook (medeleg = mideleg = 0, hart.hostTrap[PRIV_M]), runs guest
 * kernels deprivileged in U-mode, and wires the memory manager (fullxen/mm), the
 * scheduler, event channels, timers and the hypercall table together.
 *
 * Invariants:
 * - The hypervisor has no code on the machine: every trap from a guest (ecall, fault,
 *   timer, kick) enters `onTrap` (schedule.ts) and leaves with the hart loaded with
 *   a runnable vCPU, or idle in WFI.
 * - A vCPU's runnability changes only through `updateRunnable`, which keeps the
 *   scheduler in step (see sched_rr.ts for the protocol).
 * - Host-facing methods (createDomain, pause, unpause, destroy) throw Error with a
 *   message naming the action; guest mistakes never throw.
 * - Deterministic: domains, ports and frames are allocated lowest-first, harts are
 *   served in order, time is the machine's (virtual) clock.
 */
import type { Machine } from "../machine/machine.js";
import type { Hart } from "../machine/hart.js";
import {
  COUNTEREN_TM, CSR_MCOUNTEREN, CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_SCOUNTEREN, MIP_MSIP, MIP_MTIP,
} from "../machine/csr.js";
import { PRIV_M } from "../machine/trap.js";
import { SATP_MODE_SV32 } from "../machine/mmu.js";
import { CLINT_MSIP } from "../machine/devices/clint.js";
import {
  evtchnClearPending, evtchnSetPending, evtchnUnmask,
} from "../abi/evtchn_2l.js";
import { formatTraceRecord, type TraceRecord } from "../abi/trace.js";
import { SHUTDOWN_crash } from "../abi/sched.js";
import { shutdownCodeOf } from "../abi/guest_visible.js";
import { RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable } from "../abi/vcpu.js";
import { DOMID_FIRST_RESERVED } from "../abi/xen.js";
import { MmContext, type MmCpuOps, type MmHooks, VCPUMASK_ALL } from "./mm/context.js";
import type { MmDomain } from "./mm/domain.js";
import { destroyDomainMemory } from "./mm/p2m.js";
import { putPage, putPageAndType } from "./mm/page_type.js";
import { checkMm } from "./mm/check.js";
import type { Scheduler } from "./sched/types.js";
import { RoundRobinScheduler } from "./sched_rr.js";
import { closeAll, type EvtDomain, type EvtWorld } from "./event_channel.js";
import { GuestMem } from "./guest_mem.js";
import type { Domain } from "./domain.js";
import type { Vcpu } from "./vcpu.js";
import { buildDomain, type DomainConfig } from "./builder.js";
import { HcCtx } from "./hypercall.js";
import "./hypercalls_all.js";
import { Pcpu, onTrap, switchIn, switchOut, loadHart } from "./schedule.js";

export interface FullXenOptions {
  scheduler?: Scheduler;
  /** Receives one JSON line per trace record (abi/trace.ts). */
  trace?: (line: string) => void;
  onConsole?: (domid: number, line: string) => void;
  onShutdown?: (domid: number, reason: number, code: number) => void;
}

export interface DomainInfo {
  domid: number;
  name: string;
  state: "running" | "paused" | "shutdown";
  /** SHUTDOWN_* when shut down, else -1. */
  shutdownReason: number;
  vcpus: number;
  pages: number;
  maxPages: number;
  privileged: boolean;
}

export type FullXenRunResult =
  | { reason: "shutdown"; insns: number }
  | { reason: "limit"; insns: number }
  | { reason: "hang"; insns: number }
  | { reason: "error"; insns: number; message: string };

const ALL_DOWN = "all domains shut down";

export class FullXen implements EvtWorld {
  readonly machine: Machine;
  readonly mm: MmContext;
  readonly sched: Scheduler;
  readonly mem: GuestMem;
  readonly pcpus: Pcpu[];
  readonly hc: HcCtx;
  /** Live domains by domid. */
  readonly doms: (Domain | null)[];
  onConsole: ((domid: number, line: string) => void) | null;
  onShutdown: ((domid: number, reason: number, code: number) => void) | null;
  private readonly traceSink: ((line: string) => void) | null;
  /** Hart whose trap is being handled (-1 outside the handler): kicks to it are not needed. */
  inTrapHart: number;
  /** Domains destroyed whose frames are still referenced elsewhere. */
  readonly zombies: MmDomain[];

  constructor(machine: Machine, opts: FullXenOptions = {}) {
    this.machine = machine;
    this.sched = opts.scheduler ?? new RoundRobinScheduler();
    this.mem = new GuestMem(machine.bus);
    this.doms = [];
    this.onConsole = opts.onConsole ?? null;
    this.onShutdown = opts.onShutdown ?? null;
    this.traceSink = opts.trace ?? null;
    this.inTrapHart = -1;
    this.zombies = [];
    this.mm = new MmContext(machine.bus, this.cpuOps(), this.hooks());
    this.hc = new HcCtx(this);
    this.pcpus = machine.harts.map((h, i) => new Pcpu(i, h));
    for (const h of machine.harts) this.takeHart(h);
  }

  get tracing(): boolean {
    return this.traceSink !== null;
  }

  trace(r: TraceRecord): void {
    if (this.traceSink !== null) this.traceSink(formatTraceRecord(r));
  }

  now(): number {
    return this.machine.clock.now();
  }

  // ---- host-facing API ----------------------------------------------------------

  /** Builds a domain from an image; returns its domid. Throws Error on a bad image/config. */
  createDomain(cfg: DomainConfig): number {
    const d = buildDomain(this, cfg);
    for (const v of d.vcpus) this.updateRunnable(v);
    return d.domid;
  }

  /** Lowest free domid: 0 for a privileged domain when free, else from 1. */
  allocDomid(privileged: boolean): number {
    if (privileged && !this.doms[0] && this.mm.domain(0) === null) return 0;
    for (let id = 1; id < DOMID_FIRST_RESERVED; id++) if (!this.doms[id] && this.mm.domain(id) === null) return id;
    throw new Error("create domain: no free domain id");
  }

  domain(domid: number): Domain | null {
    return this.doms[domid] ?? null;
  }

  private mustGet(domid: number, action: string): Domain {
    const d = this.doms[domid];
    if (!d) throw new Error(`${action}: no domain ${domid}`);
    return d;
  }

  pause(domid: number): void {
    const d = this.mustGet(domid, "pause domain");
    d.paused++;
    for (const v of d.vcpus) this.updateRunnable(v);
  }

  unpause(domid: number): void {
    const d = this.mustGet(domid, "unpause domain");
    if (d.paused === 0) throw new Error(`unpause domain: domain ${domid} is not paused`);
    d.paused--;
    for (const v of d.vcpus) this.updateRunnable(v);
  }

  /** Tears a domain down: vCPUs, ports, frames. Every frame goes back unless still referenced. */
  destroy(domid: number): void {
    const d = this.mustGet(domid, "destroy domain");
    d.dying = true;
    for (const v of d.vcpus) {
      this.updateRunnable(v);
      if (v.hart >= 0) {
        const p = this.pcpus[v.hart]!;
        switchOut(this, p, this.now());
        if (this.inTrapHart !== p.id) loadHart(this, p);
      }
      v.singleshot = v.periodicNext = v.pollDeadline = -1;
      this.sched.remove(v);
    }
    closeAll(this, d);
    for (const v of d.vcpus) {
      if (v.viMfn >= 0) putPageAndType(this.mm, v.viMfn);
      v.viMfn = -1;
    }
    for (const mfn of d.xenFrames) putPage(this.mm, mfn);
    d.xenFrames.length = 0;
    this.doms[domid] = null;
    if (destroyDomainMemory(this.mm, d.mm) === 0) this.mm.removeDomain(d.mm);
    else this.zombies.push(d.mm);
  }

  list(): DomainInfo[] {
    const out: DomainInfo[] = [];
    for (const d of this.doms) {
      if (!d) continue;
      out.push({
        domid: d.domid, name: d.name, state: d.isShutdown ? "shutdown" : d.paused > 0 ? "paused" : "running",
        shutdownReason: d.shutdownReason, vcpus: d.vcpus.length, pages: d.reservation(), maxPages: d.maxReservation(),
        privileged: d.privileged,
      });
    }
    return out;
  }

  /** Memory-manager invariant violations (empty = healthy). */
  check(): string[] {
    return checkMm(this.mm);
  }

  /** Runs the machine until every domain has shut down, the limit, or a hang. */
  run(maxInsns: number): FullXenRunResult {
    if (this.allShutdown()) return { reason: "shutdown", insns: 0 };
    for (const p of this.pcpus) {
      if (p.current === null) switchIn(this, p, this.now());
      loadHart(this, p);
    }
    const r = this.machine.run(maxInsns);
    if (r.reason === "host" && r.message === ALL_DOWN) return { reason: "shutdown", insns: r.insns };
    if (r.reason === "limit" || r.reason === "hang") return { reason: r.reason, insns: r.insns };
    if (r.reason === "host") return { reason: "error", insns: r.insns, message: r.message };
    return { reason: "error", insns: r.insns, message: `machine stopped: ${r.reason}` };
  }

  allShutdown(): boolean {
    for (const d of this.doms) if (d && !d.isShutdown) return false;
    return true;
  }

  // ---- services for the hypercall handlers ----------------------------------------

  /** Keeps the scheduler in step with v.runnable() (see sched_rr.ts). */
  updateRunnable(v: Vcpu): void {
    const r = v.runnable();
    if (r && !v.inSched) {
      v.inSched = true;
      if (v.hart < 0) {
        v.setRunstate(RUNSTATE_runnable, this.now());
        this.sched.wake(v);
        this.kickIdle();
      }
    } else if (!r && v.inSched) {
      v.inSched = false;
      if (v.hart < 0) {
        v.setRunstate(v.online ? RUNSTATE_blocked : RUNSTATE_offline, this.now());
        this.sched.sleep(v);
      } else {
        this.kickHart(v.hart);
      }
    }
  }

  /** Makes an idle hart look for work (a software interrupt through the CLINT). */
  kickIdle(): void {
    for (const p of this.pcpus) {
      if (p.current === null && p.id !== this.inTrapHart) {
        this.kickHart(p.id);
        return;
      }
    }
  }

  kickHart(h: number): void {
    if (h === this.inTrapHart) return;
    this.machine.clint.write(CLINT_MSIP + 4 * h, 4, 1);
  }

  /** An event reached v: unblock it (Xen's vcpu_kick), or make its hart deliver it. */
  kickVcpu(v: Vcpu): void {
    if (v.blocked) {
      v.blocked = false;
      v.pollPorts = [];
      v.pollDeadline = -1;
      this.updateRunnable(v);
    } else if (v.hart >= 0) {
      this.kickHart(v.hart);
    }
  }

  lookup(domid: number): EvtDomain | null {
    const d = this.doms[domid];
    return d && !d.dying ? d : null;
  }

  setPending(ed: EvtDomain, port: number): void {
    const d = ed as Domain;
    const v = d.vcpus[d.evtchn.notifyVcpu[port]!];
    if (v === undefined) return;
    if (evtchnSetPending(d.sharedInfo, v, port)) this.kickVcpu(v);
    for (const u of d.vcpus) if (u.pollPorts.length > 0 && u.pollPorts.includes(port)) this.kickVcpu(u);
  }

  unmask(ed: EvtDomain, port: number): void {
    const d = ed as Domain;
    const v = d.vcpus[d.evtchn.notifyVcpu[port]!];
    if (v !== undefined && evtchnUnmask(d.sharedInfo, v, port)) this.kickVcpu(v);
  }

  clearPending(ed: EvtDomain, port: number): void {
    evtchnClearPending((ed as Domain).sharedInfo, port);
  }

  /** Appends guest console bytes; complete lines go to onConsole. */
  consoleWrite(d: Domain, bytes: Uint8Array): void {
    let line = d.consoleLine;
    for (const b of bytes) {
      if (b === 0x0a) {
        this.emitConsole(d, line);
        line = "";
      } else if (b !== 0x0d) {
        line += String.fromCharCode(b);
      }
    }
    d.consoleLine = line;
  }

  /** One line from the hypervisor about a domain, on that domain's console. */
  consoleNote(d: Domain, text: string): void {
    if (d.consoleLine !== "") {
      this.emitConsole(d, d.consoleLine);
      d.consoleLine = "";
    }
    this.emitConsole(d, text);
  }

  private emitConsole(d: Domain, line: string): void {
    if (this.onConsole !== null) this.onConsole(d.domid, line);
  }

  /** Shuts a domain down once: its vCPUs stop for good; the owner is told. */
  shutdownDomain(d: Domain, reason: number): void {
    if (d.isShutdown) return;
    d.isShutdown = true;
    d.shutdownReason = reason;
    const code = shutdownCodeOf(reason, d.shutdownCode);
    if (d.consoleLine !== "") {
      this.emitConsole(d, d.consoleLine);
      d.consoleLine = "";
    }
    for (const v of d.vcpus) {
      v.singleshot = v.periodicNext = v.pollDeadline = -1;
      this.updateRunnable(v);
    }
    if (this.tracing) this.trace({ kind: "shutdown", dom: d.domid, reason, code });
    if (this.onShutdown !== null) this.onShutdown(d.domid, reason, code);
    if (this.allShutdown()) this.machine.stop(0, ALL_DOWN);
  }

  /** Crashes a domain with a reason on its console (an unhandled fault, a bad frame). */
  crashDomain(d: Domain, why: string): void {
    if (d.isShutdown) return;
    this.consoleNote(d, `(XEN) domain ${d.domid} crashed: ${why}`);
    this.shutdownDomain(d, SHUTDOWN_crash);
  }

  /** Earliest armed vCPU timer of any live domain (ticks), or Infinity. */
  earliestTimer(): number {
    let t = Infinity;
    for (const d of this.doms) {
      if (!d || d.isShutdown) continue;
      for (const v of d.vcpus) {
        const n = v.nextDeadline();
        if (n < t) t = n;
      }
    }
    return t;
  }

  vcpuOf(dom: MmDomain, vcpu: number): Vcpu | null {
    return this.doms[dom.domid]?.vcpus[vcpu] ?? null;
  }

  // ---- wiring -----------------------------------------------------------------

  private takeHart(h: Hart): void {
    h.writeCsr(CSR_MEDELEG, 0);
    h.writeCsr(CSR_MIDELEG, 0);
    h.writeCsr(CSR_MIE, MIP_MTIP | MIP_MSIP);
    // rdtime from U: both counter-enable levels must allow TM.
    h.writeCsr(CSR_MCOUNTEREN, COUNTEREN_TM);
    h.writeCsr(CSR_SCOUNTEREN, COUNTEREN_TM);
    h.hostTrap[PRIV_M] = (hart, cause, tval) => onTrap(this, hart, cause, tval);
  }

  private cpuOps(): MmCpuOps {
    const flushVcpu = (dom: MmDomain, vcpu: number): void => {
      const v = this.vcpuOf(dom, vcpu);
      if (v !== null && v.hart >= 0) this.machine.harts[v.hart]!.flushTlb();
    };
    const flushMask = (dom: MmDomain, mask: number): void => {
      for (let i = 0; i < dom.base.length; i++) {
        if (mask === VCPUMASK_ALL || (i < 32 && ((mask >>> i) & 1) !== 0)) flushVcpu(dom, i);
      }
    };
    return {
      flushLocal: flushVcpu,
      invlpgLocal: (dom, vcpu) => flushVcpu(dom, vcpu),
      flushVcpus: flushMask,
      invlpgVcpus: (dom, mask) => flushMask(dom, mask),
      flushAll: () => {
        for (const h of this.machine.harts) h.flushTlb();
      },
      loadBase: (dom, vcpu, mfn) => {
        const v = this.vcpuOf(dom, vcpu);
        if (v !== null && v.hart >= 0) {
          const h = this.machine.harts[v.hart]!;
          h.satp = (SATP_MODE_SV32 | mfn) >>> 0;
          h.flushTlb();
        }
      },
      readVcpuMask: (dom, ptr) => {
        const c = this.hc;
        if (c.v === null || c.v.dom !== dom.domid) return null;
        return this.mem.readU32(dom, c.v.id, ptr);
      },
    };
  }

  private hooks(): MmHooks {
    return {
      holeEntries(_dom, out) {
        out.fill(0);
      },
      grantMapAllowed() {
        return false;
      },
      externalRefs: (report) => {
        for (const d of this.doms) {
          if (!d) continue;
          for (const mfn of d.xenFrames) report(mfn, 1, 0);
          for (const v of d.vcpus) if (v.viMfn >= 0) report(v.viMfn, 1, 1);
        }
      },
    };
  }
}
