/**
 * XENFEAT_* bits — xen/include/public/features.h (XENVER_get_features, submap 0;
 * and the names an image lists in its FEATURES note).
 */
export const XENFEAT_writable_page_tables = 0;
export const XENFEAT_writable_descriptor_tables = 1;
export const XENFEAT_auto_translated_physmap = 2;
export const XENFEAT_supervisor_mode_kernel = 3;
export const XENFEAT_pae_pgdir_above_4gb = 4;
export const XENFEAT_mmu_pt_update_preserve_ad = 5;
export const XENFEAT_highmem_assist = 6;
export const XENFEAT_gnttab_map_avail_bits = 7;
export const XENFEAT_hvm_callback_vector = 8;
export const XENFEAT_hvm_safe_pvclock = 9;
export const XENFEAT_hvm_pirqs = 10;
export const XENFEAT_dom0 = 11;
/** Deprecated: Xen's header keeps this bit only inside a comment; never set. */
export const XENFEAT_grant_map_identity = 12;
export const XENFEAT_memory_op_vnode_supported = 13;
export const XENFEAT_ARM_SMCCC_supported = 14;
export const XENFEAT_linux_rsdp_unrestricted = 15;
export const XENFEAT_not_direct_mapped = 16;
export const XENFEAT_direct_mapped = 17;
export const XENFEAT_runstate_phys_area = 18;
export const XENFEAT_vcpu_time_phys_area = 19;
export const XENFEAT_dm_msix_all_writes = 20;
export const XENFEAT_NR_SUBMAPS = 1;

/** Feature name (as written in a FEATURES note) -> bit. */
export const XENFEAT_NAMES: Readonly<Record<string, number>> = Object.freeze({
  writable_page_tables: 0, writable_descriptor_tables: 1, auto_translated_physmap: 2,
  supervisor_mode_kernel: 3, pae_pgdir_above_4gb: 4, mmu_pt_update_preserve_ad: 5,
  highmem_assist: 6, gnttab_map_avail_bits: 7, hvm_callback_vector: 8, hvm_safe_pvclock: 9,
  hvm_pirqs: 10, dom0: 11, grant_map_identity: 12, memory_op_vnode_supported: 13,
  ARM_SMCCC_supported: 14, linux_rsdp_unrestricted: 15, not_direct_mapped: 16,
  direct_mapped: 17, runstate_phys_area: 18, vcpu_time_phys_area: 19, dm_msix_all_writes: 20,
});
