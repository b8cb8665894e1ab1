/**
 * Every Xen-named constant of abi/ against Xen's public headers
 * (xen/include/public/*.h and io/*.h). The table below was checked entry by
 * entry against the header text; a change of any value or name in abi/ fails
 * here. A constant added to abi/ under a Xen family prefix must be added to
 * the table (after checking it against the header) or to BINDING_OWN.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as abi from "../../abi/index.js";

type Value = number | bigint | string;
type Row = readonly [name: string, value: Value];

const TABLE: Readonly<Record<string, readonly Row[]>> = {
  "xen.h hypercalls (__HYPERVISOR_*)": [
    ["HYPERVISOR_set_trap_table", 0], ["HYPERVISOR_mmu_update", 1], ["HYPERVISOR_set_gdt", 2],
    ["HYPERVISOR_stack_switch", 3], ["HYPERVISOR_set_callbacks", 4], ["HYPERVISOR_fpu_taskswitch", 5],
    ["HYPERVISOR_sched_op_compat", 6], ["HYPERVISOR_platform_op", 7], ["HYPERVISOR_set_debugreg", 8],
    ["HYPERVISOR_get_debugreg", 9], ["HYPERVISOR_update_descriptor", 10], ["HYPERVISOR_memory_op", 12],
    ["HYPERVISOR_multicall", 13], ["HYPERVISOR_update_va_mapping", 14], ["HYPERVISOR_set_timer_op", 15],
    ["HYPERVISOR_event_channel_op_compat", 16], ["HYPERVISOR_xen_version", 17], ["HYPERVISOR_console_io", 18],
    ["HYPERVISOR_physdev_op_compat", 19], ["HYPERVISOR_grant_table_op", 20], ["HYPERVISOR_vm_assist", 21],
    ["HYPERVISOR_update_va_mapping_otherdomain", 22], ["HYPERVISOR_iret", 23], ["HYPERVISOR_vcpu_op", 24],
    ["HYPERVISOR_set_segment_base", 25], ["HYPERVISOR_mmuext_op", 26], ["HYPERVISOR_xsm_op", 27],
    ["HYPERVISOR_nmi_op", 28], ["HYPERVISOR_sched_op", 29], ["HYPERVISOR_callback_op", 30],
    ["HYPERVISOR_xenoprof_op", 31], ["HYPERVISOR_event_channel_op", 32], ["HYPERVISOR_physdev_op", 33],
    ["HYPERVISOR_hvm_op", 34], ["HYPERVISOR_sysctl", 35], ["HYPERVISOR_domctl", 36], ["HYPERVISOR_kexec_op", 37],
    ["HYPERVISOR_tmem_op", 38], ["HYPERVISOR_argo_op", 39], ["HYPERVISOR_xenpmu_op", 40], ["HYPERVISOR_dm_op", 41],
    ["HYPERVISOR_hypfs_op", 42],
    ["HYPERVISOR_arch_0", 48], ["HYPERVISOR_arch_1", 49], ["HYPERVISOR_arch_2", 50], ["HYPERVISOR_arch_3", 51],
    ["HYPERVISOR_arch_4", 52], ["HYPERVISOR_arch_5", 53], ["HYPERVISOR_arch_6", 54], ["HYPERVISOR_arch_7", 55],
  ],
  "xen.h VIRQs": [
    ["VIRQ_TIMER", 0], ["VIRQ_DEBUG", 1], ["VIRQ_CONSOLE", 2], ["VIRQ_DOM_EXC", 3], ["VIRQ_TBUF", 4],
    ["VIRQ_DEBUGGER", 6], ["VIRQ_XENOPROF", 7], ["VIRQ_CON_RING", 8], ["VIRQ_PCPU_STATE", 9],
    ["VIRQ_MEM_EVENT", 10], ["VIRQ_ARGO", 11], ["VIRQ_ENOMEM", 12], ["VIRQ_XENPMU", 13],
    ["VIRQ_ARCH_0", 16], ["VIRQ_ARCH_1", 17], ["VIRQ_ARCH_2", 18], ["VIRQ_ARCH_3", 19],
    ["VIRQ_ARCH_4", 20], ["VIRQ_ARCH_5", 21], ["VIRQ_ARCH_6", 22], ["VIRQ_ARCH_7", 23], ["NR_VIRQS", 24],
  ],
  "xen.h mmu_update / mmuext_op / update_va_mapping": [
    ["MMU_NORMAL_PT_UPDATE", 0], ["MMU_MACHPHYS_UPDATE", 1], ["MMU_PT_UPDATE_PRESERVE_AD", 2],
    ["MMU_PT_UPDATE_NO_TRANSLATE", 3],
    ["MMUEXT_PIN_L1_TABLE", 0], ["MMUEXT_PIN_L2_TABLE", 1], ["MMUEXT_PIN_L3_TABLE", 2], ["MMUEXT_PIN_L4_TABLE", 3],
    ["MMUEXT_UNPIN_TABLE", 4], ["MMUEXT_NEW_BASEPTR", 5], ["MMUEXT_TLB_FLUSH_LOCAL", 6], ["MMUEXT_INVLPG_LOCAL", 7],
    ["MMUEXT_TLB_FLUSH_MULTI", 8], ["MMUEXT_INVLPG_MULTI", 9], ["MMUEXT_TLB_FLUSH_ALL", 10], ["MMUEXT_INVLPG_ALL", 11],
    ["MMUEXT_FLUSH_CACHE", 12], ["MMUEXT_SET_LDT", 13], ["MMUEXT_NEW_USER_BASEPTR", 15], ["MMUEXT_CLEAR_PAGE", 16],
    ["MMUEXT_COPY_PAGE", 17], ["MMUEXT_FLUSH_CACHE_GLOBAL", 18], ["MMUEXT_MARK_SUPER", 19], ["MMUEXT_UNMARK_SUPER", 20],
    ["UVMF_NONE", 0], ["UVMF_TLB_FLUSH", 1], ["UVMF_INVLPG", 2], ["UVMF_FLUSHTYPE_MASK", 3],
    ["UVMF_MULTI", 0], ["UVMF_LOCAL", 0], ["UVMF_ALL", 4],
  ],
  "xen.h console_io / vm_assist": [
    ["CONSOLEIO_write", 0], ["CONSOLEIO_read", 1],
    ["VMASST_CMD_enable", 0], ["VMASST_CMD_disable", 1],
    ["VMASST_TYPE_4gb_segments", 0], ["VMASST_TYPE_4gb_segments_notify", 1], ["VMASST_TYPE_writable_pagetables", 2],
    ["VMASST_TYPE_pae_extended_cr3", 3], ["VMASST_TYPE_architectural_iopl", 4], ["VMASST_TYPE_runstate_update_flag", 5],
    ["VMASST_TYPE_m2p_strict", 32], ["VMASST_TYPE_mode_switch_no_ibpb", 33],
  ],
  "xen.h domain ids, start_info flags, pvclock flags": [
    ["DOMID_FIRST_RESERVED", 0x7ff0], ["DOMID_SELF", 0x7ff0], ["DOMID_IO", 0x7ff1], ["DOMID_XEN", 0x7ff2],
    ["DOMID_COW", 0x7ff3], ["DOMID_INVALID", 0x7ff4], ["DOMID_ANY", 0x7ff5], ["DOMID_IDLE", 0x7fff], ["DOMID_MASK", 0x7fff],
    ["MAX_GUEST_CMDLINE", 1024],
    ["SIF_PRIVILEGED", 0x1], ["SIF_INITDOMAIN", 0x2], ["SIF_MULTIBOOT_MOD", 0x4], ["SIF_MOD_START_PFN", 0x8],
    ["SIF_VIRT_P2M_4TOOLS", 0x10], ["SIF_PM_MASK", 0xff00],
    ["XEN_PVCLOCK_TSC_STABLE_BIT", 0x1], ["XEN_PVCLOCK_GUEST_STOPPED", 0x2],
  ],
  "sched.h": [
    ["SCHEDOP_yield", 0], ["SCHEDOP_block", 1], ["SCHEDOP_shutdown", 2], ["SCHEDOP_poll", 3],
    ["SCHEDOP_remote_shutdown", 4], ["SCHEDOP_shutdown_code", 5], ["SCHEDOP_watchdog", 6], ["SCHEDOP_pin_override", 7],
    ["SHUTDOWN_poweroff", 0], ["SHUTDOWN_reboot", 1], ["SHUTDOWN_suspend", 2], ["SHUTDOWN_crash", 3],
    ["SHUTDOWN_watchdog", 4], ["SHUTDOWN_soft_reset", 5], ["SHUTDOWN_MAX", 5],
  ],
  "event_channel.h": [
    ["EVTCHNOP_bind_interdomain", 0], ["EVTCHNOP_bind_virq", 1], ["EVTCHNOP_bind_pirq", 2], ["EVTCHNOP_close", 3],
    ["EVTCHNOP_send", 4], ["EVTCHNOP_status", 5], ["EVTCHNOP_alloc_unbound", 6], ["EVTCHNOP_bind_ipi", 7],
    ["EVTCHNOP_bind_vcpu", 8], ["EVTCHNOP_unmask", 9], ["EVTCHNOP_reset", 10], ["EVTCHNOP_init_control", 11],
    ["EVTCHNOP_expand_array", 12], ["EVTCHNOP_set_priority", 13],
    ["EVTCHNSTAT_closed", 0], ["EVTCHNSTAT_unbound", 1], ["EVTCHNSTAT_interdomain", 2], ["EVTCHNSTAT_pirq", 3],
    ["EVTCHNSTAT_virq", 4], ["EVTCHNSTAT_ipi", 5],
    ["BIND_PIRQ__WILL_SHARE", 1],
    // sizeof(xen_ulong_t)^2 * 64 with the rv32 4-byte xen_ulong_t.
    ["EVTCHN_2L_NR_CHANNELS", 1024],
    ["EVTCHN_FIFO_PRIORITY_MAX", 0], ["EVTCHN_FIFO_PRIORITY_DEFAULT", 7], ["EVTCHN_FIFO_PRIORITY_MIN", 15],
    ["EVTCHN_FIFO_MAX_QUEUES", 16],
    ["EVTCHN_FIFO_PENDING", 31], ["EVTCHN_FIFO_MASKED", 30], ["EVTCHN_FIFO_LINKED", 29], ["EVTCHN_FIFO_BUSY", 28],
    ["EVTCHN_FIFO_LINK_BITS", 17], ["EVTCHN_FIFO_LINK_MASK", 0x1ffff], ["EVTCHN_FIFO_NR_CHANNELS", 0x20000],
  ],
  "grant_table.h": [
    ["GNTTABOP_map_grant_ref", 0], ["GNTTABOP_unmap_grant_ref", 1], ["GNTTABOP_setup_table", 2],
    ["GNTTABOP_dump_table", 3], ["GNTTABOP_transfer", 4], ["GNTTABOP_copy", 5], ["GNTTABOP_query_size", 6],
    ["GNTTABOP_unmap_and_replace", 7], ["GNTTABOP_set_version", 8], ["GNTTABOP_get_status_frames", 9],
    ["GNTTABOP_get_version", 10], ["GNTTABOP_swap_grant_ref", 11], ["GNTTABOP_cache_flush", 12],
    ["_GNTMAP_device_map", 0], ["GNTMAP_device_map", 0x1], ["_GNTMAP_host_map", 1], ["GNTMAP_host_map", 0x2],
    ["_GNTMAP_readonly", 2], ["GNTMAP_readonly", 0x4], ["_GNTMAP_application_map", 3], ["GNTMAP_application_map", 0x8],
    ["_GNTMAP_contains_pte", 4], ["GNTMAP_contains_pte", 0x10],
    ["_GNTMAP_guest_avail0", 16], ["GNTMAP_guest_avail_mask", 0xffff0000],
    ["_GNTCOPY_source_gref", 0], ["GNTCOPY_source_gref", 0x1], ["_GNTCOPY_dest_gref", 1], ["GNTCOPY_dest_gref", 0x2],
    ["GNTTAB_CACHE_CLEAN", 0x1], ["GNTTAB_CACHE_INVAL", 0x2], ["GNTTAB_CACHE_SOURCE_GREF", 0x80000000],
    ["GTF_invalid", 0], ["GTF_permit_access", 1], ["GTF_accept_transfer", 2], ["GTF_transitive", 3], ["GTF_type_mask", 3],
    ["_GTF_readonly", 2], ["GTF_readonly", 0x4], ["_GTF_reading", 3], ["GTF_reading", 0x8],
    ["_GTF_writing", 4], ["GTF_writing", 0x10], ["_GTF_PWT", 5], ["GTF_PWT", 0x20], ["_GTF_PCD", 6], ["GTF_PCD", 0x40],
    ["_GTF_PAT", 7], ["GTF_PAT", 0x80], ["_GTF_sub_page", 8], ["GTF_sub_page", 0x100],
    ["_GTF_transfer_committed", 2], ["GTF_transfer_committed", 0x4],
    ["_GTF_transfer_completed", 3], ["GTF_transfer_completed", 0x8],
    ["GNTST_okay", 0], ["GNTST_general_error", -1], ["GNTST_bad_domain", -2], ["GNTST_bad_gntref", -3],
    ["GNTST_bad_handle", -4], ["GNTST_bad_virt_addr", -5], ["GNTST_bad_dev_addr", -6], ["GNTST_no_device_space", -7],
    ["GNTST_permission_denied", -8], ["GNTST_bad_page", -9], ["GNTST_bad_copy_arg", -10],
    ["GNTST_address_too_big", -11], ["GNTST_eagain", -12], ["GNTST_no_space", -13],
    ["GNTTAB_NR_RESERVED_ENTRIES", 8], ["GNTTAB_RESERVED_CONSOLE", 0], ["GNTTAB_RESERVED_XENSTORE", 1],
  ],
  "memory.h (MEMOP_* from xen/include/xen/hypercall.h)": [
    ["XENMEM_increase_reservation", 0], ["XENMEM_decrease_reservation", 1], ["XENMEM_maximum_ram_page", 2],
    ["XENMEM_current_reservation", 3], ["XENMEM_maximum_reservation", 4], ["XENMEM_machphys_mfn_list", 5],
    ["XENMEM_populate_physmap", 6], ["XENMEM_add_to_physmap", 7], ["XENMEM_memory_map", 9],
    ["XENMEM_machine_memory_map", 10], ["XENMEM_exchange", 11], ["XENMEM_machphys_mapping", 12],
    ["XENMEM_set_memory_map", 13], ["XENMEM_maximum_gpfn", 14], ["XENMEM_remove_from_physmap", 15],
    ["XENMEM_set_pod_target", 16], ["XENMEM_get_pod_target", 17], ["XENMEM_get_sharing_freed_pages", 18],
    ["XENMEM_get_sharing_shared_pages", 19], ["XENMEM_paging_op", 20], ["XENMEM_access_op", 21],
    ["XENMEM_sharing_op", 22], ["XENMEM_add_to_physmap_batch", 23], ["XENMEM_claim_pages", 24],
    ["XENMEM_machphys_compat_mfn_list", 25], ["XENMEM_get_vnumainfo", 26], ["XENMEM_reserved_device_memory_map", 27],
    ["XENMEM_acquire_resource", 28],
    ["XENMEMF_populate_on_demand", 0x10000], ["XENMEMF_exact_node_request", 0x20000], ["XENMEMF_vnode", 0x40000],
    ["XENMAPSPACE_shared_info", 0], ["XENMAPSPACE_grant_table", 1], ["XENMAPSPACE_gmfn", 2],
    ["XENMAPSPACE_gmfn_range", 3], ["XENMAPSPACE_gmfn_foreign", 4], ["XENMAPSPACE_dev_mmio", 5],
    ["XENMAPIDX_grant_table_status", 0x80000000],
    ["MEMOP_EXTENT_SHIFT", 6], ["MEMOP_CMD_MASK", 0x3f],
  ],
  "vcpu.h": [
    ["VCPUOP_initialise", 0], ["VCPUOP_up", 1], ["VCPUOP_down", 2], ["VCPUOP_is_up", 3],
    ["VCPUOP_get_runstate_info", 4], ["VCPUOP_register_runstate_memory_area", 5], ["VCPUOP_set_periodic_timer", 6],
    ["VCPUOP_stop_periodic_timer", 7], ["VCPUOP_set_singleshot_timer", 8], ["VCPUOP_stop_singleshot_timer", 9],
    ["VCPUOP_register_vcpu_info", 10], ["VCPUOP_send_nmi", 11], ["VCPUOP_get_physid", 12],
    ["VCPUOP_register_vcpu_time_memory_area", 13], ["VCPUOP_register_runstate_phys_area", 14],
    ["VCPUOP_register_vcpu_time_phys_area", 15],
    ["RUNSTATE_running", 0], ["RUNSTATE_runnable", 1], ["RUNSTATE_blocked", 2], ["RUNSTATE_offline", 3],
    ["XEN_RUNSTATE_UPDATE", 0x8000000000000000n],
    ["_VCPU_SSHOTTMR_future", 0], ["VCPU_SSHOTTMR_future", 0x1],
  ],
  "version.h": [
    ["XENVER_version", 0], ["XENVER_extraversion", 1], ["XENVER_compile_info", 2], ["XENVER_capabilities", 3],
    ["XENVER_changeset", 4], ["XENVER_platform_parameters", 5], ["XENVER_get_features", 6], ["XENVER_pagesize", 7],
    ["XENVER_guest_handle", 8], ["XENVER_commandline", 9], ["XENVER_build_id", 10], ["XENVER_extraversion2", 11],
    ["XENVER_capabilities2", 12], ["XENVER_changeset2", 13], ["XENVER_commandline2", 14],
    ["XEN_EXTRAVERSION_LEN", 16], ["XEN_CAPABILITIES_INFO_LEN", 1024], ["XEN_CHANGESET_INFO_LEN", 64],
  ],
  "features.h": [
    ["XENFEAT_writable_page_tables", 0], ["XENFEAT_writable_descriptor_tables", 1],
    ["XENFEAT_auto_translated_physmap", 2], ["XENFEAT_supervisor_mode_kernel", 3],
    ["XENFEAT_pae_pgdir_above_4gb", 4], ["XENFEAT_mmu_pt_update_preserve_ad", 5], ["XENFEAT_highmem_assist", 6],
    ["XENFEAT_gnttab_map_avail_bits", 7], ["XENFEAT_hvm_callback_vector", 8], ["XENFEAT_hvm_safe_pvclock", 9],
    ["XENFEAT_hvm_pirqs", 10], ["XENFEAT_dom0", 11], ["XENFEAT_grant_map_identity", 12],
    ["XENFEAT_memory_op_vnode_supported", 13], ["XENFEAT_ARM_SMCCC_supported", 14],
    ["XENFEAT_linux_rsdp_unrestricted", 15], ["XENFEAT_not_direct_mapped", 16], ["XENFEAT_direct_mapped", 17],
    ["XENFEAT_runstate_phys_area", 18], ["XENFEAT_vcpu_time_phys_area", 19], ["XENFEAT_dm_msix_all_writes", 20],
    ["XENFEAT_NR_SUBMAPS", 1],
  ],
  "callback.h": [
    ["CALLBACKOP_register", 0], ["CALLBACKOP_unregister", 1],
    ["CALLBACKTYPE_event", 0], ["CALLBACKTYPE_failsafe", 1], ["CALLBACKTYPE_syscall", 2],
    ["CALLBACKTYPE_sysenter_deprecated", 3], ["CALLBACKTYPE_nmi", 4], ["CALLBACKTYPE_sysenter", 5],
    ["CALLBACKTYPE_syscall32", 7],
    ["_CALLBACKF_mask_events", 0], ["CALLBACKF_mask_events", 0x1],
  ],
  "elfnote.h": [
    ["XEN_ELFNOTE_INFO", 0], ["XEN_ELFNOTE_ENTRY", 1], ["XEN_ELFNOTE_HYPERCALL_PAGE", 2], ["XEN_ELFNOTE_VIRT_BASE", 3],
    ["XEN_ELFNOTE_PADDR_OFFSET", 4], ["XEN_ELFNOTE_XEN_VERSION", 5], ["XEN_ELFNOTE_GUEST_OS", 6],
    ["XEN_ELFNOTE_GUEST_VERSION", 7], ["XEN_ELFNOTE_LOADER", 8], ["XEN_ELFNOTE_PAE_MODE", 9],
    ["XEN_ELFNOTE_FEATURES", 10], ["XEN_ELFNOTE_BSD_SYMTAB", 11], ["XEN_ELFNOTE_HV_START_LOW", 12],
    ["XEN_ELFNOTE_L1_MFN_VALID", 13], ["XEN_ELFNOTE_SUSPEND_CANCEL", 14], ["XEN_ELFNOTE_INIT_P2M", 15],
    ["XEN_ELFNOTE_MOD_START_PFN", 16], ["XEN_ELFNOTE_SUPPORTED_FEATURES", 17], ["XEN_ELFNOTE_PHYS32_ENTRY", 18],
    ["XEN_ELFNOTE_PHYS32_RELOC", 19], ["XEN_ELFNOTE_MAX", 19],
    ["XEN_ELFNOTE_CRASH_INFO", 0x1000001], ["XEN_ELFNOTE_CRASH_REGS", 0x1000002],
    ["XEN_ELFNOTE_DUMPCORE_NONE", 0x2000000], ["XEN_ELFNOTE_DUMPCORE_HEADER", 0x2000001],
    ["XEN_ELFNOTE_DUMPCORE_XEN_VERSION", 0x2000002], ["XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION", 0x2000003],
    ["XEN_ELFNOTE_NAME", "Xen"],
  ],
  "errno.h (XEN_ namespace)": [
    ["XEN_EPERM", 1], ["XEN_ENOENT", 2], ["XEN_ESRCH", 3], ["XEN_EINTR", 4], ["XEN_EIO", 5], ["XEN_ENXIO", 6],
    ["XEN_E2BIG", 7], ["XEN_ENOEXEC", 8], ["XEN_EBADF", 9], ["XEN_ECHILD", 10], ["XEN_EAGAIN", 11],
    ["XEN_EWOULDBLOCK", 11], ["XEN_ENOMEM", 12], ["XEN_EACCES", 13], ["XEN_EFAULT", 14], ["XEN_EBUSY", 16],
    ["XEN_EEXIST", 17], ["XEN_EXDEV", 18], ["XEN_ENODEV", 19], ["XEN_ENOTDIR", 20], ["XEN_EISDIR", 21],
    ["XEN_EINVAL", 22], ["XEN_ENFILE", 23], ["XEN_EMFILE", 24], ["XEN_ENOSPC", 28], ["XEN_EROFS", 30],
    ["XEN_EMLINK", 31], ["XEN_EDOM", 33], ["XEN_ERANGE", 34], ["XEN_EDEADLK", 35], ["XEN_EDEADLOCK", 35],
    ["XEN_ENAMETOOLONG", 36], ["XEN_ENOLCK", 37], ["XEN_ENOSYS", 38], ["XEN_ENOTEMPTY", 39], ["XEN_ENODATA", 61],
    ["XEN_ETIME", 62], ["XEN_EBADMSG", 74], ["XEN_EOVERFLOW", 75], ["XEN_EILSEQ", 84], ["XEN_ERESTART", 85],
    ["XEN_ENOTSOCK", 88], ["XEN_EMSGSIZE", 90], ["XEN_EOPNOTSUPP", 95], ["XEN_EADDRINUSE", 98],
    ["XEN_EADDRNOTAVAIL", 99], ["XEN_ENOBUFS", 105], ["XEN_EISCONN", 106], ["XEN_ENOTCONN", 107],
    ["XEN_ETIMEDOUT", 110], ["XEN_ECONNREFUSED", 111],
  ],
  "io/xs_wire.h": [
    ["XS_CONTROL", 0], ["XS_DEBUG", 0], ["XS_DIRECTORY", 1], ["XS_READ", 2], ["XS_GET_PERMS", 3], ["XS_WATCH", 4],
    ["XS_UNWATCH", 5], ["XS_TRANSACTION_START", 6], ["XS_TRANSACTION_END", 7], ["XS_INTRODUCE", 8],
    ["XS_RELEASE", 9], ["XS_GET_DOMAIN_PATH", 10], ["XS_WRITE", 11], ["XS_MKDIR", 12], ["XS_RM", 13],
    ["XS_SET_PERMS", 14], ["XS_WATCH_EVENT", 15], ["XS_ERROR", 16], ["XS_IS_DOMAIN_INTRODUCED", 17],
    ["XS_RESUME", 18], ["XS_SET_TARGET", 19], ["XS_RESET_WATCHES", 21], ["XS_DIRECTORY_PART", 22],
    ["XS_GET_FEATURE", 23], ["XS_SET_FEATURE", 24], ["XS_GET_QUOTA", 25], ["XS_SET_QUOTA", 26],
    ["XS_TYPE_COUNT", 27], ["XS_INVALID", 0xffff],
    ["XS_WATCH_PATH", 0], ["XS_WATCH_TOKEN", 1],
    ["XENSTORE_RING_SIZE", 1024], ["XENSTORE_PAYLOAD_MAX", 4096], ["XENSTORE_ABS_PATH_MAX", 3072],
    ["XENSTORE_REL_PATH_MAX", 2048],
    ["XENSTORE_SERVER_FEATURE_RECONNECTION", 1], ["XENSTORE_SERVER_FEATURE_ERROR", 2],
    ["XENSTORE_SERVER_FEATURE_WATCHDEPTH", 4], ["XENSTORE_SERVER_FEATURE_DOMID_ANY", 8],
    ["XENSTORE_CONNECTED", 0], ["XENSTORE_RECONNECT", 1],
    ["XENSTORE_ERROR_NONE", 0], ["XENSTORE_ERROR_COMM", 1], ["XENSTORE_ERROR_RINGIDX", 2], ["XENSTORE_ERROR_PROTO", 3],
  ],
  "io/blkif.h": [
    ["BLKIF_OP_READ", 0], ["BLKIF_OP_WRITE", 1], ["BLKIF_OP_WRITE_BARRIER", 2], ["BLKIF_OP_FLUSH_DISKCACHE", 3],
    ["BLKIF_OP_RESERVED_1", 4], ["BLKIF_OP_DISCARD", 5], ["BLKIF_OP_INDIRECT", 6],
    ["BLKIF_DISCARD_SECURE", 0x1],
    ["BLKIF_MAX_SEGMENTS_PER_REQUEST", 11], ["BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST", 8],
    ["BLKIF_RSP_OKAY", 0], ["BLKIF_RSP_ERROR", -1], ["BLKIF_RSP_EOPNOTSUPP", -2],
    ["VDISK_CDROM", 0x1], ["VDISK_REMOVABLE", 0x2], ["VDISK_READONLY", 0x4],
  ],
  "io/console.h": [
    ["XENCONSOLE_CONNECTED", 0], ["XENCONSOLE_DISCONNECTED", 1],
  ],
};

/**
 * Names under a Xen family prefix that are the rv32 binding's own (no Xen
 * header defines them, or Xen's value is per-architecture).
 */
const BINDING_OWN: ReadonlySet<string> = new Set([
  "NR_HYPERCALL_SLOTS", "HYPERVISOR_VIRT_START", "HYPERVISOR_VIRT_END", "HYPERVISOR_FIRST_ROOT_SLOT",
  "XEN_START_INFO_MAGIC", "XEN_LEGACY_MAX_VCPUS", "XEN_PAGE_SHIFT", "XEN_PAGE_SIZE",
  "XEN_MEMREGION_RAM", "XEN_MEMREGION_RESERVED", "XENMEMF_address_bits_mask",
  "XEN_COMMANDLINE_LEN", "XENCONS_IN_SIZE", "XENCONS_OUT_SIZE", "XEN_IO_PROTO_ABI_RV32",
  // What both hypervisors report through xen_version (abi/guest_visible.ts): values, not Xen's.
  "XEN_EXTRAVERSION", "XEN_CAPABILITIES", "XEN_CHANGESET",
]);

/** Prefixes of the Xen families abi/ carries. */
const FAMILY = /^(_?(HYPERVISOR_|VIRQ_|NR_VIRQS|MMU_|MMUEXT_|UVMF_|CONSOLEIO_|VMASST_|DOMID_|SIF_|MAX_GUEST_CMDLINE|XEN_PVCLOCK_|SCHEDOP_|SHUTDOWN_|EVTCHNOP_|EVTCHNSTAT_|EVTCHN_|BIND_PIRQ_|GNTTABOP_|GNTMAP_|GNTCOPY_|GNTTAB_|GTF_|GNTST_|XENMEM_|XENMEMF_|XENMAPSPACE_|XENMAPIDX_|MEMOP_|VCPUOP_|RUNSTATE_|XEN_RUNSTATE_|VCPU_SSHOTTMR|XENVER_|XEN_EXTRAVERSION|XEN_CAPABILITIES|XEN_CHANGESET|XEN_COMMANDLINE|CALLBACKOP_|CALLBACKTYPE_|CALLBACKF_|XENFEAT_|XEN_ELFNOTE_|XEN_E[0-9A-Z]|XS_|XENSTORE_|BLKIF_|VDISK_|XENCONS|XEN_IO_PROTO|XEN_PAGE|XEN_LEGACY|XEN_START|XEN_MEMREGION))/;

const exported = abi as unknown as Record<string, unknown>;
const ROWS: readonly Row[] = Object.values(TABLE).flat();

for (const [header, rows] of Object.entries(TABLE)) {
  test(`abi/ constants equal Xen's ${header}`, () => {
    for (const [name, value] of rows) {
      assert.ok(name in exported, `${name} (${header}) is missing from abi/`);
      assert.equal(exported[name], value, `${name} (${header})`);
    }
  });
}

test("the table names each constant once", () => {
  const seen = new Set<string>();
  for (const [name] of ROWS) {
    assert.ok(!seen.has(name), `${name} appears twice`);
    seen.add(name);
  }
  assert.ok(ROWS.length > 350, `only ${ROWS.length} rows`);
});

test("every abi/ constant of a Xen family is checked here or declared binding-own", () => {
  const checked = new Set(ROWS.map(([n]) => n));
  const unchecked = Object.keys(exported)
    .filter((k) => FAMILY.test(k))
    .filter((k) => ["number", "bigint", "string"].includes(typeof exported[k]))
    .filter((k) => !checked.has(k) && !BINDING_OWN.has(k));
  assert.deepEqual(unchecked, []);
  for (const own of BINDING_OWN) assert.ok(own in exported, `binding-own ${own} no longer exported; drop it here`);
});

test("xsd_errors[] order and the errno names are Xen's", () => {
  assert.deepEqual(abi.XSD_ERRORS, ["EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC", "EIO",
    "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN", "E2BIG", "EPERM"]);
  const errnoRows = TABLE["errno.h (XEN_ namespace)"]!;
  assert.deepEqual(
    Object.entries(abi.ERRNO_NAMES).sort(([a], [b]) => a.localeCompare(b)),
    errnoRows.map(([n, v]) => [n.slice(4), v] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
  // Every xenstore error string is a Xen errno name.
  for (const e of abi.XSD_ERRORS) assert.ok(e in abi.ERRNO_NAMES, e);
});

test("feature and note name tables agree with the numbered constants", () => {
  for (const [name, bit] of Object.entries(abi.XENFEAT_NAMES)) assert.equal(exported[`XENFEAT_${name}`], bit, name);
  for (const [nr, d] of Object.entries(abi.ELFNOTE_DESC)) assert.equal(exported[`XEN_ELFNOTE_${d.name}`], Number(nr), d.name);
  assert.deepEqual(abi.SHUTDOWN_NAMES.map((n) => exported[`SHUTDOWN_${n}`]), [0, 1, 2, 3, 4, 5]);
});

test("XENMEMF_ helpers encode like Xen's macros", () => {
  assert.equal(abi.XENMEMF_node(0), 0x100);
  assert.equal(abi.XENMEMF_get_node(abi.XENMEMF_node(5) | abi.XENMEMF_address_bits(32)), 5);
  assert.equal(abi.XENMEMF_get_address_bits(abi.XENMEMF_node(5) | abi.XENMEMF_address_bits(32)), 32);
  assert.equal(abi.XENMEMF_exact_node(2), 0x300 | 0x20000);
});
