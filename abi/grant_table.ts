/**
 * grant_table_op (hypercall 20) — xen/include/public/grant_table.h, v1 tables.
 *
 *   long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
 *
 * A granting domain writes grant_entry_v1 entries in its shared table; the
 * hypervisor sets GTF_reading/GTF_writing while a grant is mapped or copied.
 * Per-op status is a GNTST_* value in the struct; the hypercall itself returns 0
 * unless the batch could not be read (-EFAULT) or the cmd is unknown (-ENOSYS).
 */
import { defineStruct } from "./layout.js";

export const GNTTABOP_map_grant_ref = 0;
export const GNTTABOP_unmap_grant_ref = 1;
export const GNTTABOP_setup_table = 2;
export const GNTTABOP_dump_table = 3;
export const GNTTABOP_transfer = 4;
export const GNTTABOP_copy = 5;
export const GNTTABOP_query_size = 6;
export const GNTTABOP_unmap_and_replace = 7;
export const GNTTABOP_set_version = 8;
export const GNTTABOP_get_status_frames = 9;
export const GNTTABOP_get_version = 10;
export const GNTTABOP_swap_grant_ref = 11;
export const GNTTABOP_cache_flush = 12;

/** gnttab_map_grant_ref.flags: `_GNTMAP_x` is the bit number, `GNTMAP_x` the mask. */
export const _GNTMAP_device_map = 0;
export const GNTMAP_device_map = 1 << 0;
export const _GNTMAP_host_map = 1;
export const GNTMAP_host_map = 1 << 1;
export const _GNTMAP_readonly = 2;
export const GNTMAP_readonly = 1 << 2;
export const _GNTMAP_application_map = 3;
export const GNTMAP_application_map = 1 << 3;
export const _GNTMAP_contains_pte = 4;
export const GNTMAP_contains_pte = 1 << 4;
/** First of the bits placed in guest-available PTE bits (XENFEAT_gnttab_map_avail_bits). */
export const _GNTMAP_guest_avail0 = 16;
export const GNTMAP_guest_avail_mask = 0xffff0000;

export const _GNTCOPY_source_gref = 0;
export const GNTCOPY_source_gref = 1 << 0;
export const _GNTCOPY_dest_gref = 1;
export const GNTCOPY_dest_gref = 1 << 1;

/** gnttab_cache_flush.op (GNTTABOP_cache_flush). */
export const GNTTAB_CACHE_CLEAN = 1 << 0;
export const GNTTAB_CACHE_INVAL = 1 << 1;
export const GNTTAB_CACHE_SOURCE_GREF = 0x80000000;

export const GTF_invalid = 0;
export const GTF_permit_access = 1;
export const GTF_accept_transfer = 2;
export const GTF_transitive = 3;
export const GTF_type_mask = 3;
export const _GTF_readonly = 2;
export const GTF_readonly = 1 << 2;
export const _GTF_reading = 3;
export const GTF_reading = 1 << 3;
export const _GTF_writing = 4;
export const GTF_writing = 1 << 4;
export const _GTF_PWT = 5;
export const GTF_PWT = 1 << 5;
export const _GTF_PCD = 6;
export const GTF_PCD = 1 << 6;
export const _GTF_PAT = 7;
export const GTF_PAT = 1 << 7;
export const _GTF_sub_page = 8;
export const GTF_sub_page = 1 << 8;
/** Subflags of GTF_accept_transfer. */
export const _GTF_transfer_committed = 2;
export const GTF_transfer_committed = 1 << 2;
export const _GTF_transfer_completed = 3;
export const GTF_transfer_completed = 1 << 3;

export const GNTST_okay = 0;
export const GNTST_general_error = -1;
export const GNTST_bad_domain = -2;
export const GNTST_bad_gntref = -3;
export const GNTST_bad_handle = -4;
export const GNTST_bad_virt_addr = -5;
export const GNTST_bad_dev_addr = -6;
export const GNTST_no_device_space = -7;
export const GNTST_permission_denied = -8;
export const GNTST_bad_page = -9;
export const GNTST_bad_copy_arg = -10;
export const GNTST_address_too_big = -11;
export const GNTST_eagain = -12;
export const GNTST_no_space = -13;

export const GNTTAB_NR_RESERVED_ENTRIES = 8;
export const GNTTAB_RESERVED_CONSOLE = 0;
export const GNTTAB_RESERVED_XENSTORE = 1;

const dom = (doc: string) => ({ name: "dom", type: "u16" as const, doc, ctype: "domid_t" });
const status = (doc = "OUT: GNTST_*.") => ({ name: "status", type: "i16" as const, doc, owner: "XEN" as const, ctype: "int16_t" });

export const grant_entry_v1 = defineStruct("grant_entry_v1", "One v1 shared grant entry.", [
  { name: "flags", type: "u16", doc: "GTF_*: type, readonly [GST]; reading/writing [XEN].", owner: "both" },
  { name: "domid", type: "u16", doc: "Domain allowed to use the grant.", owner: "GST", ctype: "domid_t" },
  { name: "frame", type: "u32", doc: "Frame granted (or, accept_transfer, the frame received).", owner: "both" },
]);
export const gnttab_setup_table = defineStruct("gnttab_setup_table", "GNTTABOP_setup_table: size the table and learn its frames.", [
  dom("IN: DOMID_SELF (or a domain, if privileged)."),
  { name: "nr_frames", type: "u32", doc: "IN: number of frames wanted." },
  status(),
  { name: "frame_list", type: "u32", doc: "IN: guest array of nr_frames xen_pfn_t; OUT: their MFNs.", ctype: "XEN_GUEST_HANDLE(xen_pfn_t)" },
]);
export const gnttab_dump_table = defineStruct("gnttab_dump_table", "GNTTABOP_dump_table: debug dump of a table.", [
  dom("IN"), status(),
]);
export const gnttab_map_grant_ref = defineStruct("gnttab_map_grant_ref", "GNTTABOP_map_grant_ref: map a foreign grant.", [
  { name: "host_addr", type: "u64", doc: "IN: VA to map at (or, contains_pte, the PTE's machine address)." },
  { name: "flags", type: "u32", doc: "IN: GNTMAP_*." },
  { name: "ref", type: "u32", doc: "IN", ctype: "grant_ref_t" },
  dom("IN: granting domain."),
  status(),
  { name: "handle", type: "u32", doc: "OUT: for unmap.", owner: "XEN", ctype: "grant_handle_t" },
  { name: "dev_bus_addr", type: "u64", doc: "OUT: device address (device_map).", owner: "XEN" },
]);
export const gnttab_unmap_grant_ref = defineStruct("gnttab_unmap_grant_ref", "GNTTABOP_unmap_grant_ref.", [
  { name: "host_addr", type: "u64", doc: "IN" },
  { name: "dev_bus_addr", type: "u64", doc: "IN" },
  { name: "handle", type: "u32", doc: "IN", ctype: "grant_handle_t" },
  status(),
]);
export const gnttab_transfer = defineStruct("gnttab_transfer", "GNTTABOP_transfer: give a page to another domain.", [
  { name: "mfn", type: "u32", doc: "IN: frame to give.", ctype: "xen_pfn_t" },
  { name: "domid", type: "u16", doc: "IN: receiver.", ctype: "domid_t" },
  { name: "ref", type: "u32", doc: "IN: receiver's accept_transfer grant.", ctype: "grant_ref_t" },
  status(),
]);
export const gnttab_copy_ptr = defineStruct("gnttab_copy_ptr", "One end of a grant copy.", [
  { name: "u", type: "u32", doc: "ref (with GNTCOPY_*_gref) or gmfn.", ctype: "union { grant_ref_t ref; xen_pfn_t gmfn; }" },
  { name: "domid", type: "u16", doc: "Owner.", ctype: "domid_t" },
  { name: "offset", type: "u16", doc: "Byte offset in the page." },
]);
export const gnttab_copy = defineStruct("gnttab_copy", "GNTTABOP_copy: copy bytes between (granted) frames.", [
  { name: "source", type: { struct: gnttab_copy_ptr }, doc: "IN" },
  { name: "dest", type: { struct: gnttab_copy_ptr }, doc: "IN" },
  { name: "len", type: "u16", doc: "IN: bytes; source and dest must each stay inside one page." },
  { name: "flags", type: "u16", doc: "IN: GNTCOPY_*." },
  status(),
]);
export const gnttab_query_size = defineStruct("gnttab_query_size", "GNTTABOP_query_size.", [
  dom("IN"),
  { name: "nr_frames", type: "u32", doc: "OUT: current frames.", owner: "XEN" },
  { name: "max_nr_frames", type: "u32", doc: "OUT: limit.", owner: "XEN" },
  status(),
]);
export const gnttab_unmap_and_replace = defineStruct("gnttab_unmap_and_replace", "GNTTABOP_unmap_and_replace.", [
  { name: "host_addr", type: "u64", doc: "IN" },
  { name: "new_addr", type: "u64", doc: "IN" },
  { name: "handle", type: "u32", doc: "IN", ctype: "grant_handle_t" },
  status(),
]);
export const gnttab_set_version = defineStruct("gnttab_set_version", "GNTTABOP_set_version (only 1 on rv32).", [
  { name: "version", type: "u32", doc: "IN/OUT" },
]);
export const gnttab_get_version = defineStruct("gnttab_get_version", "GNTTABOP_get_version.", [
  dom("IN"),
  { name: "pad", type: "u16", doc: "Reserved." },
  { name: "version", type: "u32", doc: "OUT", owner: "XEN" },
]);

export const GRANT_TABLE_STRUCTS = [
  grant_entry_v1, gnttab_setup_table, gnttab_dump_table, gnttab_map_grant_ref, gnttab_unmap_grant_ref,
  gnttab_transfer, gnttab_copy_ptr, gnttab_copy, gnttab_query_size, gnttab_unmap_and_replace,
  gnttab_set_version, gnttab_get_version,
] as const;
