/** Full Xen's memory manager: frame table, page types, the checked PV MMU. */
export { MmContext, defaultHooks, INVALID_M2P, VCPUMASK_ALL } from "./context.js";
export type { MmCpuOps, MmHooks } from "./context.js";
export { MmDomain, INVALID_MFN, NO_BASE } from "./domain.js";
export type { MmDomainOptions } from "./domain.js";
export {
  FrameTable, FRAME_ALLOCATED, FRAME_PINNED, FRAME_VALIDATED, PGT_l1_page_table,
  PGT_l2_page_table, PGT_none, PGT_writable_page, OWNER_NONE, OWNER_XEN,
} from "./frame_table.js";
export { FrameAllocator } from "./alloc.js";
export { getPage, putPage, getPageType, putPageType, getPageAndType, putPageAndType } from "./page_type.js";
export { mmuUpdate } from "./mmu_update.js";
export type { MmuUpdateReq, MmBatchResult } from "./mmu_update.js";
export { mmuextOp } from "./mmuext_op.js";
export type { MmuextOpReq } from "./mmuext_op.js";
export { updateVaMapping } from "./update_va_mapping.js";
export {
  allocDomainExtent, allocXenFrames, freeXenFrame, increaseReservation, populatePhysmap,
  decreaseReservation, destroyDomainMemory, MAX_EXTENT_ORDER,
} from "./p2m.js";
export { checkMm } from "./check.js";
export * from "./pte.js";
