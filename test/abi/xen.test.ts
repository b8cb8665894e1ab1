import { test } from "node:test";
import assert from "node:assert/strict";
import * as X from "../../abi/xen.js";
import * as E from "../../abi/event_channel.js";
import * as G from "../../abi/grant_table.js";
import * as M from "../../abi/memory.js";
import * as V from "../../abi/vcpu.js";
import * as VER from "../../abi/version.js";
import * as CB from "../../abi/callback.js";
import * as F from "../../abi/features.js";
import * as N from "../../abi/elfnote.js";
import * as XS from "../../abi/io/xs_wire.js";
import * as B from "../../abi/io/blkif.js";

// Values transcribed from reference/xen-abi.md (Xen's public headers).
const HYPERCALL_NUMBERS: Record<string, number> = {
  set_trap_table: 0, mmu_update: 1, set_gdt: 2, stack_switch: 3, set_callbacks: 4, fpu_taskswitch: 5, sched_op_compat: 6,
  platform_op: 7, set_debugreg: 8, get_debugreg: 9, update_descriptor: 10, memory_op: 12, multicall: 13,
  update_va_mapping: 14, set_timer_op: 15, event_channel_op_compat: 16, xen_version: 17, console_io: 18,
  physdev_op_compat: 19, grant_table_op: 20, vm_assist: 21, update_va_mapping_otherdomain: 22, iret: 23, vcpu_op: 24,
  set_segment_base: 25, mmuext_op: 26, xsm_op: 27, nmi_op: 28, sched_op: 29, callback_op: 30, xenoprof_op: 31,
  event_channel_op: 32, physdev_op: 33, hvm_op: 34, sysctl: 35, domctl: 36, kexec_op: 37, tmem_op: 38, argo_op: 39,
  xenpmu_op: 40, dm_op: 41, hypfs_op: 42, arch_0: 48, arch_1: 49, arch_2: 50, arch_3: 51, arch_4: 52, arch_5: 53, arch_6: 54, arch_7: 55,
};

test("HYPERVISOR_* numbers are Xen's", () => {
  const rec = X as unknown as Record<string, number>;
  for (const [name, nr] of Object.entries(HYPERCALL_NUMBERS)) assert.equal(rec[`HYPERVISOR_${name}`], nr, name);
});

test("MMU, MMUEXT and UVMF values are Xen's", () => {
  assert.deepEqual([X.MMU_NORMAL_PT_UPDATE, X.MMU_MACHPHYS_UPDATE, X.MMU_PT_UPDATE_PRESERVE_AD, X.MMU_PT_UPDATE_NO_TRANSLATE], [0, 1, 2, 3]);
  assert.deepEqual([X.MMUEXT_PIN_L1_TABLE, X.MMUEXT_PIN_L2_TABLE, X.MMUEXT_PIN_L3_TABLE, X.MMUEXT_PIN_L4_TABLE, X.MMUEXT_UNPIN_TABLE,
    X.MMUEXT_NEW_BASEPTR, X.MMUEXT_TLB_FLUSH_LOCAL, X.MMUEXT_INVLPG_LOCAL, X.MMUEXT_TLB_FLUSH_MULTI, X.MMUEXT_INVLPG_MULTI,
    X.MMUEXT_TLB_FLUSH_ALL, X.MMUEXT_INVLPG_ALL, X.MMUEXT_FLUSH_CACHE, X.MMUEXT_SET_LDT], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.deepEqual([X.MMUEXT_NEW_USER_BASEPTR, X.MMUEXT_CLEAR_PAGE, X.MMUEXT_COPY_PAGE, X.MMUEXT_FLUSH_CACHE_GLOBAL, X.MMUEXT_MARK_SUPER, X.MMUEXT_UNMARK_SUPER], [15, 16, 17, 18, 19, 20]);
  assert.deepEqual([X.UVMF_NONE, X.UVMF_TLB_FLUSH, X.UVMF_INVLPG, X.UVMF_FLUSHTYPE_MASK, X.UVMF_MULTI, X.UVMF_LOCAL, X.UVMF_ALL], [0, 1, 2, 3, 0, 0, 4]);
});

test("DOMID, VIRQ, VMASST, CONSOLEIO, SHUTDOWN and SIF values are Xen's", () => {
  assert.deepEqual([X.DOMID_FIRST_RESERVED, X.DOMID_SELF, X.DOMID_IO, X.DOMID_XEN, X.DOMID_COW, X.DOMID_INVALID, X.DOMID_ANY, X.DOMID_IDLE, X.DOMID_MASK],
    [0x7ff0, 0x7ff0, 0x7ff1, 0x7ff2, 0x7ff3, 0x7ff4, 0x7ff5, 0x7fff, 0x7fff]);
  assert.deepEqual([X.VIRQ_TIMER, X.VIRQ_DEBUG, X.VIRQ_CONSOLE, X.VIRQ_DOM_EXC, X.VIRQ_TBUF, X.VIRQ_DEBUGGER, X.VIRQ_XENOPROF, X.VIRQ_CON_RING,
    X.VIRQ_PCPU_STATE, X.VIRQ_MEM_EVENT, X.VIRQ_ARGO, X.VIRQ_ENOMEM, X.VIRQ_XENPMU, X.VIRQ_ARCH_0, X.VIRQ_ARCH_7, X.NR_VIRQS],
    [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 16, 23, 24]);
  assert.equal(X.VIRQ_CLASS[5], undefined);
  assert.deepEqual([X.VMASST_CMD_enable, X.VMASST_CMD_disable, X.VMASST_TYPE_writable_pagetables, X.VMASST_TYPE_runstate_update_flag, X.VMASST_TYPE_m2p_strict], [0, 1, 2, 5, 32]);
  assert.deepEqual([X.CONSOLEIO_write, X.CONSOLEIO_read], [0, 1]);
  assert.deepEqual([X.SHUTDOWN_poweroff, X.SHUTDOWN_reboot, X.SHUTDOWN_suspend, X.SHUTDOWN_crash, X.SHUTDOWN_watchdog, X.SHUTDOWN_soft_reset, X.SHUTDOWN_MAX], [0, 1, 2, 3, 4, 5, 5]);
  assert.deepEqual([X.SCHEDOP_yield, X.SCHEDOP_block, X.SCHEDOP_shutdown, X.SCHEDOP_poll, X.SCHEDOP_remote_shutdown, X.SCHEDOP_shutdown_code, X.SCHEDOP_watchdog, X.SCHEDOP_pin_override], [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([X.SIF_PRIVILEGED, X.SIF_INITDOMAIN, X.SIF_MULTIBOOT_MOD, X.SIF_MOD_START_PFN, X.SIF_VIRT_P2M_4TOOLS, X.SIF_PM_MASK], [1, 2, 4, 8, 16, 0xff00]);
  assert.equal(X.XEN_START_INFO_MAGIC, "xen-3.0-rv32");
});

test("event channel, grant table and memory sub-ops are Xen's", () => {
  assert.deepEqual([E.EVTCHNOP_bind_interdomain, E.EVTCHNOP_bind_virq, E.EVTCHNOP_bind_pirq, E.EVTCHNOP_close, E.EVTCHNOP_send, E.EVTCHNOP_status,
    E.EVTCHNOP_alloc_unbound, E.EVTCHNOP_bind_ipi, E.EVTCHNOP_bind_vcpu, E.EVTCHNOP_unmask, E.EVTCHNOP_reset, E.EVTCHNOP_init_control,
    E.EVTCHNOP_expand_array, E.EVTCHNOP_set_priority], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.deepEqual([E.EVTCHNSTAT_closed, E.EVTCHNSTAT_unbound, E.EVTCHNSTAT_interdomain, E.EVTCHNSTAT_pirq, E.EVTCHNSTAT_virq, E.EVTCHNSTAT_ipi], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([G.GNTTABOP_map_grant_ref, G.GNTTABOP_unmap_grant_ref, G.GNTTABOP_setup_table, G.GNTTABOP_dump_table, G.GNTTABOP_transfer,
    G.GNTTABOP_copy, G.GNTTABOP_query_size, G.GNTTABOP_unmap_and_replace, G.GNTTABOP_set_version, G.GNTTABOP_get_status_frames,
    G.GNTTABOP_get_version, G.GNTTABOP_swap_grant_ref, G.GNTTABOP_cache_flush], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual([G.GNTMAP_device_map, G.GNTMAP_host_map, G.GNTMAP_readonly, G.GNTMAP_application_map, G.GNTMAP_contains_pte, 1 << G._GNTMAP_guest_avail0], [1, 2, 4, 8, 16, 0x10000]);
  assert.deepEqual([G.GTF_invalid, G.GTF_permit_access, G.GTF_accept_transfer, G.GTF_transitive, G.GTF_readonly, G.GTF_reading, G.GTF_writing, G.GTF_sub_page], [0, 1, 2, 3, 4, 8, 16, 256]);
  assert.deepEqual([G.GNTST_okay, G.GNTST_general_error, G.GNTST_bad_gntref, G.GNTST_permission_denied, G.GNTST_bad_copy_arg, G.GNTST_no_space], [0, -1, -3, -8, -10, -13]);
  assert.deepEqual([M.XENMEM_increase_reservation, M.XENMEM_populate_physmap, M.XENMEM_add_to_physmap, M.XENMEM_memory_map, M.XENMEM_exchange, M.XENMEM_maximum_gpfn, M.XENMEM_acquire_resource], [0, 6, 7, 9, 11, 14, 28]);
  assert.deepEqual([M.XENMAPSPACE_shared_info, M.XENMAPSPACE_grant_table, M.XENMAPSPACE_gmfn, M.XENMAPSPACE_dev_mmio], [0, 1, 2, 5]);
  assert.deepEqual([M.XENMEMF_populate_on_demand, M.XENMEMF_exact_node_request, M.XENMEMF_vnode, M.XENMEMF_node(0)], [0x10000, 0x20000, 0x40000, 0x100]);
});

test("vcpu, version, callback, features, elfnote and io values are Xen's", () => {
  assert.deepEqual([V.VCPUOP_initialise, V.VCPUOP_get_runstate_info, V.VCPUOP_set_periodic_timer, V.VCPUOP_set_singleshot_timer, V.VCPUOP_register_vcpu_info, V.VCPUOP_register_vcpu_time_phys_area], [0, 4, 6, 8, 10, 15]);
  assert.deepEqual([V.RUNSTATE_running, V.RUNSTATE_runnable, V.RUNSTATE_blocked, V.RUNSTATE_offline, V.VCPU_SSHOTTMR_future], [0, 1, 2, 3, 1]);
  assert.deepEqual([VER.XENVER_version, VER.XENVER_get_features, VER.XENVER_pagesize, VER.XENVER_commandline2], [0, 6, 7, 14]);
  assert.deepEqual([CB.CALLBACKOP_register, CB.CALLBACKOP_unregister, CB.CALLBACKTYPE_event, CB.CALLBACKTYPE_failsafe, CB.CALLBACKTYPE_nmi, CB.CALLBACKTYPE_syscall32, CB.CALLBACKF_mask_events], [0, 1, 0, 1, 4, 7, 1]);
  assert.deepEqual([F.XENFEAT_writable_page_tables, F.XENFEAT_supervisor_mode_kernel, F.XENFEAT_mmu_pt_update_preserve_ad, F.XENFEAT_dom0, F.XENFEAT_dm_msix_all_writes], [0, 3, 5, 11, 20]);
  assert.equal(Object.keys(F.XENFEAT_NAMES).length, 21);
  assert.deepEqual([N.XEN_ELFNOTE_INFO, N.XEN_ELFNOTE_ENTRY, N.XEN_ELFNOTE_HYPERCALL_PAGE, N.XEN_ELFNOTE_VIRT_BASE, N.XEN_ELFNOTE_PADDR_OFFSET,
    N.XEN_ELFNOTE_XEN_VERSION, N.XEN_ELFNOTE_GUEST_OS, N.XEN_ELFNOTE_LOADER, N.XEN_ELFNOTE_FEATURES, N.XEN_ELFNOTE_PHYS32_RELOC, N.XEN_ELFNOTE_MAX, N.XEN_ELFNOTE_CRASH_INFO],
    [0, 1, 2, 3, 4, 5, 6, 8, 10, 19, 19, 0x1000001]);
  assert.deepEqual([XS.XS_DIRECTORY, XS.XS_READ, XS.XS_WATCH, XS.XS_WRITE, XS.XS_WATCH_EVENT, XS.XS_ERROR, XS.XS_RESET_WATCHES, XS.XS_SET_QUOTA, XS.XS_TYPE_COUNT, XS.XS_INVALID], [1, 2, 4, 11, 15, 16, 21, 26, 27, 0xffff]);
  assert.equal(XS.XSD_ERRORS.length, 16);
  assert.deepEqual([B.BLKIF_OP_READ, B.BLKIF_OP_WRITE, B.BLKIF_OP_FLUSH_DISKCACHE, B.BLKIF_OP_DISCARD, B.BLKIF_OP_INDIRECT, B.BLKIF_MAX_SEGMENTS_PER_REQUEST, B.BLKIF_RSP_ERROR], [0, 1, 3, 5, 6, 11, -1]);
});
