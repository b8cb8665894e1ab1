/**
 * memory_op (hypercall 12) — xen/include/public/memory.h.
 *
 *   long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
 *
 * cmd bits 0-5 are the sub-op; bits 6 and up carry a continuation's start extent
 * (MEMOP_EXTENT_SHIFT). A guest passes 0 there.
 *
 * rv32 memory map (XENMEM_memory_map): an array of xen_memory_region entries in
 * pseudo-physical address space, {u64 addr; u64 size; u32 type; u32 pad}, type
 * XEN_MEMREGION_RAM or XEN_MEMREGION_RESERVED — a fixed-alignment form of x86's
 * e820 entry (which is packed and would be misaligned on rv32).
 */
import { defineStruct } from "./layout.js";

export const XENMEM_increase_reservation = 0;
export const XENMEM_decrease_reservation = 1;
export const XENMEM_maximum_ram_page = 2;
export const XENMEM_current_reservation = 3;
export const XENMEM_maximum_reservation = 4;
export const XENMEM_machphys_mfn_list = 5;
export const XENMEM_populate_physmap = 6;
export const XENMEM_add_to_physmap = 7;
export const XENMEM_memory_map = 9;
export const XENMEM_machine_memory_map = 10;
export const XENMEM_exchange = 11;
export const XENMEM_machphys_mapping = 12;
export const XENMEM_set_memory_map = 13;
export const XENMEM_maximum_gpfn = 14;
export const XENMEM_remove_from_physmap = 15;
export const XENMEM_set_pod_target = 16;
export const XENMEM_get_pod_target = 17;
export const XENMEM_get_sharing_freed_pages = 18;
export const XENMEM_get_sharing_shared_pages = 19;
export const XENMEM_paging_op = 20;
export const XENMEM_access_op = 21;
export const XENMEM_sharing_op = 22;
export const XENMEM_add_to_physmap_batch = 23;
export const XENMEM_claim_pages = 24;
export const XENMEM_machphys_compat_mfn_list = 25;
export const XENMEM_get_vnumainfo = 26;
export const XENMEM_reserved_device_memory_map = 27;
export const XENMEM_acquire_resource = 28;

export const MEMOP_EXTENT_SHIFT = 6;
export const MEMOP_CMD_MASK = 0x3f;

/** mem_flags */
export const XENMEMF_address_bits_mask = 0xff;
export const XENMEMF_populate_on_demand = 1 << 16;
export const XENMEMF_exact_node_request = 1 << 17;
export const XENMEMF_vnode = 1 << 18;
export function XENMEMF_address_bits(x: number): number { return x & 0xff; }
export function XENMEMF_get_address_bits(flags: number): number { return flags & 0xff; }
export function XENMEMF_node(n: number): number { return ((n + 1) & 0xff) << 8; }
export function XENMEMF_get_node(flags: number): number { return ((flags >>> 8) - 1) & 0xff; }
export function XENMEMF_exact_node(n: number): number { return (XENMEMF_node(n) | XENMEMF_exact_node_request) >>> 0; }

export const XENMAPSPACE_shared_info = 0;
export const XENMAPSPACE_grant_table = 1;
export const XENMAPSPACE_gmfn = 2;
export const XENMAPSPACE_gmfn_range = 3;
export const XENMAPSPACE_gmfn_foreign = 4;
export const XENMAPSPACE_dev_mmio = 5;
/** xen_add_to_physmap.idx flag with XENMAPSPACE_grant_table: map a status frame (v2 tables). */
export const XENMAPIDX_grant_table_status = 0x80000000;

/** xen_memory_region.type (rv32). */
export const XEN_MEMREGION_RAM = 1;
export const XEN_MEMREGION_RESERVED = 2;

export const xen_memory_reservation = defineStruct("xen_memory_reservation", "increase/decrease_reservation, populate_physmap.", [
  { name: "extent_start", type: "u32", doc: "IN/OUT: guest array of nr_extents frames (gpfns in, mfns out for increase).", ctype: "XEN_GUEST_HANDLE(xen_pfn_t)" },
  { name: "nr_extents", type: "u32", doc: "IN", ctype: "xen_ulong_t" },
  { name: "extent_order", type: "u32", doc: "IN: log2 pages per extent.", ctype: "unsigned int" },
  { name: "mem_flags", type: "u32", doc: "IN: XENMEMF_*.", ctype: "unsigned int" },
  { name: "domid", type: "u16", doc: "IN: DOMID_SELF (or a domain, if privileged).", ctype: "domid_t" },
]);
export const xen_memory_exchange = defineStruct("xen_memory_exchange", "XENMEM_exchange: trade extents for others.", [
  { name: "in", type: { struct: xen_memory_reservation }, doc: "IN: extents to give." },
  { name: "out", type: { struct: xen_memory_reservation }, doc: "IN/OUT: extents to receive." },
  { name: "nr_exchanged", type: "u32", doc: "OUT: input extents done (IN: 0).", owner: "XEN", ctype: "xen_ulong_t" },
]);
export const xen_machphys_mfn_list = defineStruct("xen_machphys_mfn_list", "XENMEM_machphys_mfn_list.", [
  { name: "max_extents", type: "u32", doc: "IN", ctype: "unsigned int" },
  { name: "extent_start", type: "u32", doc: "OUT: array of MFNs of the M2P table.", ctype: "XEN_GUEST_HANDLE(xen_pfn_t)" },
  { name: "nr_extents", type: "u32", doc: "OUT", owner: "XEN", ctype: "unsigned int" },
]);
export const xen_add_to_physmap = defineStruct("xen_add_to_physmap", "XENMEM_add_to_physmap.", [
  { name: "domid", type: "u16", doc: "IN", ctype: "domid_t" },
  { name: "size", type: "u16", doc: "IN: pages for XENMAPSPACE_gmfn_range." },
  { name: "space", type: "u32", doc: "IN: XENMAPSPACE_*.", ctype: "unsigned int" },
  { name: "idx", type: "u32", doc: "IN: index in the space.", ctype: "xen_ulong_t" },
  { name: "gpfn", type: "u32", doc: "IN: where to map it.", ctype: "xen_pfn_t" },
]);
export const xen_memory_map = defineStruct("xen_memory_map", "XENMEM_memory_map / machine_memory_map.", [
  { name: "nr_entries", type: "u32", doc: "IN: buffer capacity; OUT: entries written.", owner: "both", ctype: "unsigned int" },
  { name: "buffer", type: "u32", doc: "IN: guest array of xen_memory_region.", ctype: "XEN_GUEST_HANDLE(void)" },
]);
export const xen_memory_region = defineStruct("xen_memory_region", "One rv32 memory map entry (pseudo-physical).", [
  { name: "addr", type: "u64", doc: "Start address." },
  { name: "size", type: "u64", doc: "Bytes." },
  { name: "type", type: "u32", doc: "XEN_MEMREGION_*." },
  { name: "pad", type: "u32", doc: "Reserved, 0." },
]);

export const MEMORY_STRUCTS = [xen_memory_reservation, xen_memory_exchange, xen_machphys_mfn_list, xen_add_to_physmap, xen_memory_map, xen_memory_region] as const;
