/**
 * The memory manager's world: the frame table, the allocator, the global m2p, the
 * registered domains, and the two interfaces the caller implements (hooks for the
 * hypervisor's own mappings and for grants; TLB/base operations on the harts).
 */
import type { Bus } from "../../machine/bus.js";
import { PAGE_SHIFT } from "../../machine/bus.js";
import { FrameTable } from "./frame_table.js";
import { FrameAllocator } from "./alloc.js";
import { HOLE_SLOTS } from "./pte.js";
import type { MmDomain } from "./domain.js";

export const INVALID_M2P = 0xffffffff;
/** A vCPU mask naming every vCPU of a domain. */
export const VCPUMASK_ALL = 0xffffffff;

/** What the harts must do; the domain/scheduler code implements it (hart.flushTlb(), satp). */
export interface MmCpuOps {
  /** Flush the TLB of the calling vCPU. */
  flushLocal(dom: MmDomain, vcpu: number): void;
  /** Flush one page of the calling vCPU's address space. */
  invlpgLocal(dom: MmDomain, vcpu: number, va: number): void;
  /** Flush every vCPU of `dom` whose bit is set in `mask` (VCPUMASK_ALL for all). */
  flushVcpus(dom: MmDomain, mask: number): void;
  invlpgVcpus(dom: MmDomain, mask: number, va: number): void;
  /** Flush every hart's TLB, whatever it runs (a frame changes use). */
  flushAll(): void;
  /** The vCPU's root changed: load it (satp) and flush. */
  loadBase(dom: MmDomain, vcpu: number, rootMfn: number): void;
  /** Reads a guest vCPU bitmap (MULTI flushes); null when the guest pointer faults. */
  readVcpuMask(dom: MmDomain, ptr: number): number | null;
}

export interface MmHooks {
  /**
   * Fills `out` (HOLE_SLOTS entries) with the hypervisor's entries for root slots
   * 1008..1023 of a root table of `dom`. Called at validation and by the checker; it
   * must give the same answer for the same domain.
   */
  holeEntries(dom: MmDomain, out: Uint32Array): void;
  /**
   * Grants: may a leaf table of `dom` map frame `mfn` owned by another domain? When
   * true the mapping takes references like one of the domain's own frames.
   */
  grantMapAllowed(dom: MmDomain, mfn: number, writable: boolean): boolean;
  /**
   * For the checker: report every reference held outside page tables, pins and base
   * pointers (grant mappings, frames the hypervisor keeps mapped), as
   * `report(mfn, general, type)`.
   */
  externalRefs(report: (mfn: number, general: number, type: number) => void): void;
}

export const defaultHooks: MmHooks = {
  holeEntries(_dom, out) { out.fill(0); },
  grantMapAllowed() { return false; },
  externalRefs() {},
};

export class MmContext {
  readonly bus: Bus;
  readonly frames: FrameTable;
  readonly alloc: FrameAllocator;
  /** mfn index -> pfn (INVALID_M2P when unset). */
  readonly m2p: Uint32Array;
  readonly hooks: MmHooks;
  readonly cpu: MmCpuOps;
  /** Registered domains by domid. */
  private readonly doms: (MmDomain | null)[];
  /** Bumped at every flushAll(); see FrameTable.stamp. */
  epoch: number;
  /** Scratch for hole entries (no allocation per validation). */
  readonly holeScratch: Uint32Array;

  constructor(bus: Bus, cpu: MmCpuOps, hooks: MmHooks = defaultHooks) {
    const n = bus.ramSize >>> PAGE_SHIFT;
    this.bus = bus;
    this.frames = new FrameTable(bus.ramBase >>> PAGE_SHIFT, n);
    this.alloc = new FrameAllocator(n);
    this.m2p = new Uint32Array(n).fill(INVALID_M2P);
    this.hooks = hooks;
    this.cpu = cpu;
    this.doms = [];
    this.epoch = 1;
    this.holeScratch = new Uint32Array(HOLE_SLOTS);
  }

  addDomain(dom: MmDomain): void {
    if (this.doms[dom.domid]) throw new Error(`add domain ${dom.domid}: already registered`);
    this.doms[dom.domid] = dom;
  }

  removeDomain(dom: MmDomain): void {
    if (this.doms[dom.domid] === dom) this.doms[dom.domid] = null;
  }

  domain(domid: number): MmDomain | null {
    return this.doms[domid] ?? null;
  }

  domains(): MmDomain[] {
    return this.doms.filter((d): d is MmDomain => d !== null && d !== undefined);
  }

  /** Flushes every hart and starts a new epoch: stamped frames are safe to reuse. */
  flushAllHarts(): void {
    this.cpu.flushAll();
    this.epoch++;
  }
}
