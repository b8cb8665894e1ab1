/**
 * The start-of-day contract (DESIGN.md decision 6) as a pure function. Both
 * hypervisors build a domain from this plan, so the guest sees the same layout.
 *
 * One virtual region starting at VIRT_BASE holds, in Xen's order, each item
 * page-aligned:
 *   kernel (VIRT_BASE .. end of the last segment), [module], p2m list (one u32 per
 *   page of the domain), start_info, xenstore page, console page, bootstrap page
 *   tables (Sv32: one root + one L1 per 4 MiB the region covers, mapped
 *   read-only), boot stack (BOOT_STACK_PAGES).
 * The region ends on a 4 MiB boundary with at least 512 KiB of slack after the
 * stack, and must fit below the hypervisor hole and in the domain's memory. Every
 * page of the region is backed: pfn = (va - VIRT_BASE) / 4096.
 *
 * At entry: pc = ENTRY, a0 = VA of start_info, sp = top of the boot stack, event
 * upcalls masked (every vcpu_info.evtchn_upcall_mask = 1), guest kernel mode,
 * satp -> the bootstrap root table.
 */
import { HYPERVISOR_VIRT_START, XEN_PAGE_SIZE } from "./xen.js";
import type { GuestImage } from "./image.js";
import { hex32 } from "./hex.js";

export const BOOT_REGION_ALIGN = 4 << 20;
export const BOOT_MIN_SLACK = 512 << 10;
export const BOOT_STACK_PAGES = 4;
/** Bytes one Sv32 leaf table maps. */
export const SV32_L1_SPAN = 4 << 20;

export class BootPlanError extends Error {
  override name = "BootPlanError";
}

export type BootItemName = "kernel" | "module" | "p2m" | "start_info" | "xenstore" | "console" | "page_tables" | "stack";

export interface BootItem {
  name: BootItemName;
  va: number;
  /** Offset in pages from VIRT_BASE (the item's first pfn). */
  pfn: number;
  pages: number;
  readOnly: boolean;
}

export interface BootPlan {
  virtBase: number;
  /** End of the region (exclusive), 4 MiB aligned. */
  virtEnd: number;
  nrPages: number;
  items: BootItem[];
  entry: number;
  hypercallPage: number;
  /** Register values at entry. */
  a0: number;
  sp: number;
  ptBase: number;
  nrPtFrames: number;
  mfnList: number;
  startInfo: number;
  modStart: number;
  modLen: number;
  slackBytes: number;
}

export interface BootInput {
  image: Pick<GuestImage, "virtBase" | "kernelEnd" | "entry" | "hypercallPage">;
  memBytes: number;
  moduleBytes?: number;
}

const pagesFor = (bytes: number): number => Math.ceil(bytes / XEN_PAGE_SIZE);
const up = (n: number, a: number): number => Math.ceil(n / a) * a;

export function planBoot(input: BootInput): BootPlan {
  const { image, memBytes } = input;
  const moduleBytes = input.moduleBytes ?? 0;
  if (!Number.isInteger(memBytes) || memBytes <= 0 || memBytes % XEN_PAGE_SIZE !== 0) {
    throw new BootPlanError(`plan boot: memory size ${memBytes} is not a positive multiple of 4096`);
  }
  if (!Number.isInteger(moduleBytes) || moduleBytes < 0) throw new BootPlanError(`plan boot: module size ${moduleBytes} is invalid`);
  const nrPages = memBytes / XEN_PAGE_SIZE;
  const base = image.virtBase;
  const items: BootItem[] = [];
  let va = base;
  const add = (name: BootItemName, pages: number, readOnly = false): BootItem => {
    const it = { name, va, pfn: (va - base) / XEN_PAGE_SIZE, pages, readOnly };
    items.push(it);
    va += pages * XEN_PAGE_SIZE;
    return it;
  };
  add("kernel", pagesFor(image.kernelEnd - base));
  const mod = moduleBytes > 0 ? add("module", pagesFor(moduleBytes)) : null;
  const p2m = add("p2m", pagesFor(nrPages * 4));
  const si = add("start_info", 1);
  add("xenstore", 1);
  add("console", 1);
  const ptVa = va;
  // The page tables must map the whole region, whose end depends on their number:
  // grow the L1 count until it covers [base, end).
  let nrL1 = 1;
  let end = 0;
  for (;;) {
    const stackEnd = ptVa + (1 + nrL1) * XEN_PAGE_SIZE + BOOT_STACK_PAGES * XEN_PAGE_SIZE;
    end = up(stackEnd + BOOT_MIN_SLACK, BOOT_REGION_ALIGN);
    const need = end / SV32_L1_SPAN - Math.floor(base / SV32_L1_SPAN);
    if (need <= nrL1) break;
    nrL1 = need;
  }
  const pt = add("page_tables", 1 + nrL1, true);
  const stack = add("stack", BOOT_STACK_PAGES);
  if (end > HYPERVISOR_VIRT_START) {
    throw new BootPlanError(`plan boot: region ${hex32(base)}-${hex32(end)} reaches into the hypervisor hole at ${hex32(HYPERVISOR_VIRT_START)}`);
  }
  const regionPages = (end - base) / XEN_PAGE_SIZE;
  if (regionPages > nrPages) {
    throw new BootPlanError(`plan boot: not enough memory: the start-of-day region needs ${regionPages} pages (${(regionPages * 4) >> 10} MiB), the domain has ${nrPages}`);
  }
  return {
    virtBase: base, virtEnd: end, nrPages, items, entry: image.entry, hypercallPage: image.hypercallPage,
    a0: si.va, sp: stack.va + stack.pages * XEN_PAGE_SIZE, ptBase: pt.va, nrPtFrames: pt.pages,
    mfnList: p2m.va, startInfo: si.va, modStart: mod?.va ?? 0, modLen: moduleBytes,
    slackBytes: end - (stack.va + stack.pages * XEN_PAGE_SIZE),
  };
}
