/**
 * The domain builder: image -> a runnable domain, following the start-of-day contract
 * both hypervisors share (abi/boot.ts plan, abi/start_of_day.ts pages).
 *
 * Steps: decode the image; plan the region; allocate the domain's frames one pfn at a
 * time through fullxen/mm (the p2m is real: frames need not be contiguous) and scrub
 * them; allocate shared_info as a domain frame the hypervisor holds a reference on;
 * reserve the xenstore and console ports; render the start-of-day pages into the
 * frames (leaves with U set: the guest kernel runs in U-mode); write full Xen's
 * transfer page; pin every bootstrap L1 and the root through mmuext_op so the type
 * system knows them, and make the root vCPU 0's base pointer.
 *
 * Bad input (image, sizes, names) throws Error "create domain '<name>': <why>"; a
 * failure after memory was taken gives it all back first.
 */
import { parseElf32, type Elf32 } from "../machine/elf.js";
import { decodeImage, PT_LOAD, type GuestImage } from "../abi/image.js";
import { planBoot, type BootPlan } from "../abi/boot.js";
import { renderStartOfDay, SOD_PTE_U } from "../abi/start_of_day.js";
import {
  DOMID_SELF, MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, SIF_INITDOMAIN, SIF_PRIVILEGED,
  vcpu_info, XEN_LEGACY_MAX_VCPUS, XEN_PAGE_SIZE,
} from "../abi/xen.js";
import { setUpcallMask } from "../abi/evtchn_2l.js";
import { MmDomain } from "./mm/domain.js";
import { allocDomainExtent, destroyDomainMemory, populatePhysmap } from "./mm/p2m.js";
import { getPage } from "./mm/page_type.js";
import { mmuextOp, type MmuextOpReq } from "./mm/mmuext_op.js";
import { EvtchnTable, allocUnbound } from "./event_channel.js";
import { Domain, XEN_EXTRA_PAGES } from "./domain.js";
import { Vcpu } from "./vcpu.js";
import { writeVcpuTimeInfo } from "../abi/guest_visible.js";
import { fullxenTransferPage } from "./transfer_page.js";
import type { FullXen } from "./hypervisor.js";

export interface DomainConfig {
  name: string;
  /** ELF bytes, or an already parsed ELF. */
  image: Uint8Array | Elf32;
  memoryMiB: number;
  vcpus?: number;
  /** Credit weight (1..65535, default 256). */
  weight?: number;
  /** Cap in % of one hart (0 = none). */
  cap?: number;
  cmdline?: string;
  privileged?: boolean;
  module?: Uint8Array;
}

export const DEFAULT_WEIGHT = 256;
const VCPU_INFO_SIZE = vcpu_info.size;

function fail(name: string, why: string): never {
  throw new Error(`create domain '${name}': ${why}`);
}

function checkConfig(cfg: DomainConfig): { vcpus: number; weight: number; cap: number; cmdline: string } {
  const name = typeof cfg.name === "string" ? cfg.name : "";
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) fail(String(cfg.name), "the name must be 1-64 characters of [A-Za-z0-9._-]");
  if (!Number.isInteger(cfg.memoryMiB) || cfg.memoryMiB < 1 || cfg.memoryMiB > 2048) fail(name, `memory ${cfg.memoryMiB} MiB is not an integer in 1..2048`);
  const vcpus = cfg.vcpus ?? 1;
  if (!Number.isInteger(vcpus) || vcpus < 1 || vcpus > XEN_LEGACY_MAX_VCPUS) fail(name, `vcpus ${vcpus} is not in 1..${XEN_LEGACY_MAX_VCPUS}`);
  const weight = cfg.weight ?? DEFAULT_WEIGHT;
  if (!Number.isInteger(weight) || weight < 1 || weight > 65535) fail(name, `weight ${weight} is not in 1..65535`);
  const cap = cfg.cap ?? 0;
  if (!Number.isInteger(cap) || cap < 0 || cap > 100 * vcpus) fail(name, `cap ${cap} is not in 0..${100 * vcpus}`);
  const cmdline = cfg.cmdline ?? "";
  if (cmdline.length > 1023 || !/^[\x20-\x7e]*$/.test(cmdline)) fail(name, "the command line must be at most 1023 printable ASCII characters");
  return { vcpus, weight, cap, cmdline };
}

function decode(name: string, image: Uint8Array | Elf32): { elf: Elf32; img: GuestImage } {
  try {
    const elf = image instanceof Uint8Array ? parseElf32(image) : image;
    return { elf, img: decodeImage(elf) };
  } catch (e) {
    return fail(name, e instanceof Error ? e.message : String(e));
  }
}

export function buildDomain(xen: FullXen, cfg: DomainConfig): Domain {
  const { vcpus, weight, cap, cmdline } = checkConfig(cfg);
  const name = cfg.name;
  const { elf, img } = decode(name, cfg.image);
  let plan: BootPlan;
  try {
    plan = planBoot({ image: img, memBytes: cfg.memoryMiB * 1024 * 1024, moduleBytes: cfg.module?.length ?? 0 });
  } catch (e) {
    return fail(name, e instanceof Error ? e.message : String(e));
  }
  const ctx = xen.mm;
  const bus = xen.machine.bus;
  if (plan.nrPages + 1 > ctx.alloc.freeCount) {
    fail(name, `not enough free memory: ${plan.nrPages + 1} pages needed, ${ctx.alloc.freeCount} free`);
  }
  const privileged = cfg.privileged ?? false;
  const domid = xen.allocDomid(privileged);
  const mm = new MmDomain(domid, { maxPages: plan.nrPages + XEN_EXTRA_PAGES, p2mSize: plan.nrPages, nrVcpus: vcpus, isPrivileged: privileged });
  ctx.addDomain(mm);
  const undo = (why: string): never => {
    destroyDomainMemory(ctx, mm);
    ctx.removeDomain(mm);
    return fail(name, why);
  };

  const gpfns = new Uint32Array(plan.nrPages);
  for (let i = 0; i < gpfns.length; i++) gpfns[i] = i;
  const firsts: number[] = [];
  if (populatePhysmap(ctx, mm, gpfns, 0, firsts) !== plan.nrPages) undo("not enough free memory for its frames");
  for (const mfn of firsts) bus.fill(mfn * XEN_PAGE_SIZE, XEN_PAGE_SIZE, 0);
  const siMfn = allocDomainExtent(ctx, mm, 0);
  if (siMfn < 0 || !getPage(ctx, siMfn, domid)) undo("no frame for shared_info");
  bus.fill(siMfn * XEN_PAGE_SIZE, XEN_PAGE_SIZE, 0);
  const siView = new DataView(bus.ram.buffer, siMfn * XEN_PAGE_SIZE - bus.ramBase, XEN_PAGE_SIZE);

  const d = new Domain({ domid, name, privileged, mm, evtchn: new EvtchnTable(), weight, cap, sharedInfoMfn: siMfn, sharedInfo: siView, plan });
  for (let i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
    writeVcpuTimeInfo(siView, i * VCPU_INFO_SIZE);
    setUpcallMask({ view: siView, offset: i * VCPU_INFO_SIZE }, true);
  }
  for (let i = 0; i < vcpus; i++) d.vcpus.push(new Vcpu(d, i, siView, i * VCPU_INFO_SIZE));
  const storePort = allocUnbound(xen, d, DOMID_SELF, 0);
  const consolePort = allocUnbound(xen, d, DOMID_SELF, 0);

  const segments = img.segments.map((s) => {
    const src = elf.segments.find((e) => e.type === PT_LOAD && e.vaddr >>> 0 === s.vaddr && e.memsz >>> 0 === s.memsz);
    const data = src === undefined ? new Uint8Array(0) : elf.bytes.subarray(src.offset, src.offset + s.filesz);
    return { vaddr: s.vaddr, memsz: s.memsz, data };
  });
  const p2m = mm.p2m;
  const input = {
    plan, segments, p2m, sharedInfoMfn: siMfn, storeEvtchn: storePort, consoleEvtchn: consolePort,
    flags: privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0, cmdline, leafExtra: SOD_PTE_U,
    ...(cfg.module !== undefined ? { module: cfg.module } : {}),
  };
  let pages;
  try {
    pages = renderStartOfDay(input);
  } catch (e) {
    return undo(e instanceof Error ? e.message : String(e));
  }
  for (const pg of pages) bus.writeBytes(p2m[pg.pfn]! * XEN_PAGE_SIZE, pg.bytes);
  const tpPfn = (plan.hypercallPage - plan.virtBase) / XEN_PAGE_SIZE;
  bus.writeBytes(p2m[tpPfn]! * XEN_PAGE_SIZE, fullxenTransferPage());

  // Pin the bootstrap tables: leaves first, then the root, which becomes vCPU 0's base.
  const pt = plan.items.find((i) => i.name === "page_tables")!;
  const ops: MmuextOpReq[] = [];
  for (let k = 1; k < pt.pages; k++) ops.push({ cmd: MMUEXT_PIN_L1_TABLE, arg1: p2m[pt.pfn + k]!, arg2: 0 });
  ops.push({ cmd: MMUEXT_PIN_L2_TABLE, arg1: p2m[pt.pfn]!, arg2: 0 });
  ops.push({ cmd: MMUEXT_NEW_BASEPTR, arg1: p2m[pt.pfn]!, arg2: 0 });
  const r = mmuextOp(ctx, mm, 0, ops, DOMID_SELF);
  if (r.rc !== 0) return undo(`the bootstrap page tables do not validate (op ${r.done}: ${r.rc})`);

  const v0 = d.vcpus[0]!;
  v0.pc = plan.entry >>> 0;
  v0.regs[10] = plan.a0 | 0;
  v0.regs[2] = plan.sp | 0;
  v0.kernelMode = true;
  v0.online = true;
  v0.initialised = true;
  xen.doms[domid] = d;
  for (const v of d.vcpus) xen.sched.add(v);
  return d;
}
