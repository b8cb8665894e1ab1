/** Shared set-up for the memory-manager tests: a small RAM, a recording CPU, guests. */
import assert from "node:assert/strict";
import { Bus } from "../../../machine/bus.js";
import { MmContext, defaultHooks } from "../../../fullxen/mm/context.js";
import type { MmCpuOps, MmHooks } from "../../../fullxen/mm/context.js";
import { MmDomain } from "../../../fullxen/mm/domain.js";
import type { MmDomainOptions } from "../../../fullxen/mm/domain.js";
import { allocDomainExtent } from "../../../fullxen/mm/p2m.js";
import { checkMm } from "../../../fullxen/mm/check.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import { DOMID_SELF, MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L2_TABLE } from "../../../abi/xen.js";
import { PTE_A, PTE_D, PTE_R, PTE_V, PTE_W, PTE_X, makePte } from "../../../fullxen/mm/pte.js";

export const RAM_BASE = 0x8000_0000;
export const BASE_MFN = RAM_BASE / 4096;

export class RecordingCpu implements MmCpuOps {
  log: string[] = [];
  masks = new Map<number, number>();
  flushLocal(dom: MmDomain, vcpu: number): void { this.log.push(`flushLocal d${dom.domid} v${vcpu}`); }
  invlpgLocal(dom: MmDomain, vcpu: number, va: number): void { this.log.push(`invlpgLocal d${dom.domid} v${vcpu} ${va.toString(16)}`); }
  flushVcpus(dom: MmDomain, mask: number): void { this.log.push(`flushVcpus d${dom.domid} ${mask.toString(16)}`); }
  invlpgVcpus(dom: MmDomain, mask: number, va: number): void { this.log.push(`invlpgVcpus d${dom.domid} ${mask.toString(16)} ${va.toString(16)}`); }
  flushAll(): void { this.log.push("flushAll"); }
  loadBase(dom: MmDomain, vcpu: number, mfn: number): void { this.log.push(`loadBase d${dom.domid} v${vcpu} ${mfn.toString(16)}`); }
  readVcpuMask(_dom: MmDomain, ptr: number): number | null { return this.masks.get(ptr) ?? null; }
}

export interface World {
  bus: Bus;
  ctx: MmContext;
  cpu: RecordingCpu;
}

export function makeWorld(frames = 256, hooks: MmHooks = defaultHooks): World {
  const bus = new Bus(RAM_BASE, frames * 4096);
  const cpu = new RecordingCpu();
  const ctx = new MmContext(bus, cpu, hooks);
  return { bus, ctx, cpu };
}

export function newDom(ctx: MmContext, domid: number, opts: Partial<MmDomainOptions> = {}): MmDomain {
  const d = new MmDomain(domid, { maxPages: 64, ...opts });
  ctx.addDomain(d);
  return d;
}

/** Allocates `n` single frames to `dom`. */
export function give(ctx: MmContext, dom: MmDomain, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const mfn = allocDomainExtent(ctx, dom, 0);
    assert.ok(mfn > 0, `allocation failed: ${mfn}`);
    out.push(mfn);
  }
  return out;
}

/** Writes a raw entry the way a guest fills a page it still holds writable (host-side). */
export function poke(w: World, mfn: number, index: number, pte: number): void {
  w.bus.write(mfn * 4096 + index * 4, 4, pte);
}

export function peek(w: World, mfn: number, index: number): number {
  return w.bus.read(mfn * 4096 + index * 4, 4);
}

export const rw = (mfn: number): number => makePte(mfn, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
export const ro = (mfn: number): number => makePte(mfn, PTE_V | PTE_R | PTE_A);
export const rx = (mfn: number): number => makePte(mfn, PTE_V | PTE_R | PTE_X | PTE_A);
export const ptr = (mfn: number): number => makePte(mfn, PTE_V);
/** Machine address of entry `index` of table `mfn`, with an mmu_update command in the low bits. */
export const pteAddr = (mfn: number, index: number, cmd = 0): number => mfn * 4096 + index * 4 + cmd;

export function healthy(ctx: MmContext): void {
  assert.deepEqual(checkMm(ctx), []);
}

/** Counts (general, type) of a frame. */
export function counts(ctx: MmContext, mfn: number): [number, number] {
  const i = ctx.frames.index(mfn);
  return [ctx.frames.count[i]!, ctx.frames.typeCount[i]!];
}

/** A guest with a pinned root, one leaf table under slot 0 and some data frames. */
export function guest(w: World, domid: number, nData = 4, opts: Partial<MmDomainOptions> = {}): { d: MmDomain; root: number; l1: number; data: number[] } {
  const d = newDom(w.ctx, domid, opts);
  const [root, l1, ...data] = give(w.ctx, d, 2 + nData);
  poke(w, root!, 0, ptr(l1!));
  const r = mmuextOp(w.ctx, d, 0, [
    { cmd: MMUEXT_PIN_L2_TABLE, arg1: root!, arg2: 0 },
    { cmd: MMUEXT_NEW_BASEPTR, arg1: root!, arg2: 0 },
  ], DOMID_SELF);
  assert.deepEqual(r, { rc: 0, done: 2 });
  return { d, root: root!, l1: l1!, data };
}

