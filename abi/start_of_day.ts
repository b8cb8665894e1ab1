/**
 * The bytes of the start-of-day region (DESIGN.md decision 6), rendered from the
 * boot plan (boot.ts) and the domain's p2m, so both hypervisors hand the guest
 * the same pages.
 *
 * Rules:
 * - One page per pfn of the region [virtBase, virtEnd) (pfn = (va - virtBase) / 4096),
 *   in pfn order; the domain's pages beyond the region are zero and not listed.
 * - Kernel: segment bytes at their VAs, zero from filesz to memsz and between
 *   segments. The hypercall page is left as the image has it (poison): the
 *   hypervisor writes its own stubs over it.
 * - p2m list: u32 mfn per pfn of the domain. start_info: magic "xen-3.0-rv32"
 *   and the fields from the plan and the parameters. xenstore and console pages:
 *   zero (empty rings).
 * - Bootstrap Sv32 tables: the root maps every 4 MiB of the region through one
 *   L1 each (non-leaf PTE: mfn << 10 | V); each L1 maps its pages as leaves with
 *   the machine frame from the p2m: V|R|W|X|A|D, except the page-table pages
 *   themselves (V|R|A: read-only). `leafExtra` is ORed into every leaf (full Xen
 *   passes PTE_U, since its guest kernel runs in U-mode); `rootExtra` entries are
 *   the hypervisor's own root slots (hole mappings), written as given.
 * - Throws RangeError for inconsistent host input (a p2m too short, a segment
 *   outside the kernel item); a guest can not cause either.
 */
import type { BootPlan } from "./boot.js";
import { offsetOf } from "./layout.js";
import {
  HYPERVISOR_FIRST_ROOT_SLOT, MAX_GUEST_CMDLINE, start_info, XEN_PAGE_SIZE, XEN_START_INFO_MAGIC,
} from "./xen.js";
import { hex32 } from "./hex.js";

export const SOD_PTE_V = 1 << 0;
export const SOD_PTE_R = 1 << 1;
export const SOD_PTE_W = 1 << 2;
export const SOD_PTE_X = 1 << 3;
export const SOD_PTE_U = 1 << 4;
export const SOD_PTE_A = 1 << 6;
export const SOD_PTE_D = 1 << 7;
/** Leaf flags of the region's ordinary pages and of its page-table pages. */
export const SOD_LEAF_RW = SOD_PTE_V | SOD_PTE_R | SOD_PTE_W | SOD_PTE_X | SOD_PTE_A | SOD_PTE_D;
export const SOD_LEAF_RO = SOD_PTE_V | SOD_PTE_R | SOD_PTE_A;

export interface StartOfDaySegment {
  vaddr: number;
  memsz: number;
  /** The file bytes (filesz); the rest up to memsz is zero. */
  data: Uint8Array;
}

export interface StartOfDayInput {
  plan: BootPlan;
  segments: readonly StartOfDaySegment[];
  /** Machine frame of each pfn of the domain (plan.nrPages entries). */
  p2m: Uint32Array;
  sharedInfoMfn: number;
  storeEvtchn: number;
  consoleEvtchn: number;
  /** SIF_* flags; 0 for an ordinary domU. */
  flags?: number;
  cmdline?: string;
  module?: Uint8Array;
  leafExtra?: number;
  rootExtra?: readonly { slot: number; pte: number }[];
}

export interface StartOfDayPage {
  pfn: number;
  bytes: Uint8Array;
}

const SI = {
  magic: offsetOf(start_info, "magic"), nrPages: offsetOf(start_info, "nr_pages"),
  sharedInfo: offsetOf(start_info, "shared_info"), flags: offsetOf(start_info, "flags"),
  storeMfn: offsetOf(start_info, "store_mfn"), storeEvtchn: offsetOf(start_info, "store_evtchn"),
  consMfn: offsetOf(start_info, "console.mfn"), consEvtchn: offsetOf(start_info, "console.evtchn"),
  ptBase: offsetOf(start_info, "pt_base"), nrPtFrames: offsetOf(start_info, "nr_pt_frames"),
  mfnList: offsetOf(start_info, "mfn_list"), modStart: offsetOf(start_info, "mod_start"),
  modLen: offsetOf(start_info, "mod_len"), cmdLine: offsetOf(start_info, "cmd_line"),
};

export function renderStartOfDay(input: StartOfDayInput): StartOfDayPage[] {
  const { plan, p2m } = input;
  if (p2m.length < plan.nrPages) throw new RangeError(`render start of day: p2m has ${p2m.length} entries, the domain ${plan.nrPages} pages`);
  const regionPages = (plan.virtEnd - plan.virtBase) / XEN_PAGE_SIZE;
  const pages: StartOfDayPage[] = [];
  for (let pfn = 0; pfn < regionPages; pfn++) pages.push({ pfn, bytes: new Uint8Array(XEN_PAGE_SIZE) });
  const item = (name: string) => plan.items.find((i) => i.name === name);
  const writeAt = (va: number, src: Uint8Array): void => {
    for (let done = 0; done < src.length;) {
      const off = va + done - plan.virtBase;
      const page = pages[Math.floor(off / XEN_PAGE_SIZE)];
      if (page === undefined || off < 0) throw new RangeError(`render start of day: ${hex32(va + done)} is outside the region`);
      const inPage = off % XEN_PAGE_SIZE;
      const n = Math.min(src.length - done, XEN_PAGE_SIZE - inPage);
      page.bytes.set(src.subarray(done, done + n), inPage);
      done += n;
    }
  };

  const kernel = item("kernel")!;
  for (const s of input.segments) {
    if (s.vaddr < kernel.va || s.vaddr + s.memsz > kernel.va + kernel.pages * XEN_PAGE_SIZE || s.data.length > s.memsz) {
      throw new RangeError(`render start of day: segment at ${hex32(s.vaddr)} is outside the kernel`);
    }
    writeAt(s.vaddr, s.data);
  }
  const mod = item("module");
  if (mod !== undefined && input.module !== undefined) writeAt(mod.va, input.module);

  const p2mBytes = new Uint8Array(plan.nrPages * 4);
  const p2mView = new DataView(p2mBytes.buffer);
  for (let pfn = 0; pfn < plan.nrPages; pfn++) p2mView.setUint32(pfn * 4, p2m[pfn]!, true);
  writeAt(plan.mfnList, p2mBytes);

  const si = new Uint8Array(XEN_PAGE_SIZE);
  const sv = new DataView(si.buffer);
  for (let i = 0; i < XEN_START_INFO_MAGIC.length; i++) si[SI.magic + i] = XEN_START_INFO_MAGIC.charCodeAt(i);
  const store = item("xenstore")!;
  const cons = item("console")!;
  const put = (off: number, v: number): void => sv.setUint32(off, v >>> 0, true);
  put(SI.nrPages, plan.nrPages);
  put(SI.sharedInfo, input.sharedInfoMfn * XEN_PAGE_SIZE);
  put(SI.flags, input.flags ?? 0);
  put(SI.storeMfn, p2m[store.pfn]!);
  put(SI.storeEvtchn, input.storeEvtchn);
  put(SI.consMfn, p2m[cons.pfn]!);
  put(SI.consEvtchn, input.consoleEvtchn);
  put(SI.ptBase, plan.ptBase);
  put(SI.nrPtFrames, plan.nrPtFrames);
  put(SI.mfnList, plan.mfnList);
  put(SI.modStart, plan.modStart);
  put(SI.modLen, plan.modLen);
  const cmd = input.cmdline ?? "";
  for (let i = 0; i < Math.min(cmd.length, MAX_GUEST_CMDLINE - 1); i++) si[SI.cmdLine + i] = cmd.charCodeAt(i) & 0x7f;
  writeAt(plan.startInfo, si);

  // Bootstrap tables: root, then one L1 per 4 MiB from the region's first slot.
  const pt = item("page_tables")!;
  const root = new DataView(pages[pt.pfn]!.bytes.buffer);
  const firstSlot = Math.floor(plan.virtBase / (4 << 20));
  const leafExtra = input.leafExtra ?? 0;
  for (let i = 1; i < pt.pages; i++) {
    const slot = firstSlot + i - 1;
    if (slot >= HYPERVISOR_FIRST_ROOT_SLOT) break;
    root.setUint32(slot * 4, ((p2m[pt.pfn + i]! << 10) | SOD_PTE_V) >>> 0, true);
  }
  for (let pfn = 0; pfn < regionPages; pfn++) {
    const va = plan.virtBase + pfn * XEN_PAGE_SIZE;
    const l1 = Math.floor(va / (4 << 20)) - firstSlot + 1;
    const table = pages[pt.pfn + l1];
    if (table === undefined || l1 >= pt.pages) throw new RangeError(`render start of day: no L1 table for ${hex32(va)}`);
    const ro = pfn >= pt.pfn && pfn < pt.pfn + pt.pages;
    const pte = ((p2m[pfn]! << 10) | (ro ? SOD_LEAF_RO : SOD_LEAF_RW) | leafExtra) >>> 0;
    new DataView(table.bytes.buffer).setUint32(((va >>> 12) & 0x3ff) * 4, pte, true);
  }
  for (const e of input.rootExtra ?? []) {
    if (!Number.isInteger(e.slot) || e.slot < HYPERVISOR_FIRST_ROOT_SLOT || e.slot > 1023) {
      throw new RangeError(`render start of day: root slot ${e.slot} is not a hypervisor slot`);
    }
    root.setUint32(e.slot * 4, e.pte >>> 0, true);
  }
  return pages;
}
