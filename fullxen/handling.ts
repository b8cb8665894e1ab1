/**
 * How full Xen handles each hypercall, as implemented (fullxen/hc_*.ts; kept true by
 * test/fullxen/handling.test.ts). Every implemented call is an ecall into the
 * hypervisor and is checked (page types, ownership, multiplexing):
 *   checked     validated and applied by the hypervisor,
 *   unsupported -ENOSYS (-EOPNOTSUPP for a sub-op), as Xen does.
 */
import type { HandlingTable } from "../abi/hypercall_table.js";

export const FULLXEN_HANDLING: HandlingTable = {
  hypervisor: "fullxen",
  calls: {
    set_trap_table: { handling: "checked" },
    mmu_update: { handling: "checked",
      subops: { MMU_NORMAL_PT_UPDATE: "checked", MMU_MACHPHYS_UPDATE: "checked", MMU_PT_UPDATE_PRESERVE_AD: "checked", MMU_PT_UPDATE_NO_TRANSLATE: "checked" } },
    set_gdt: { handling: "unsupported" },
    stack_switch: { handling: "checked" },
    set_callbacks: { handling: "checked" },
    fpu_taskswitch: { handling: "unsupported" },
    sched_op_compat: { handling: "unsupported" },
    platform_op: { handling: "unsupported" },
    set_debugreg: { handling: "unsupported" },
    get_debugreg: { handling: "unsupported" },
    update_descriptor: { handling: "unsupported" },
    memory_op: { handling: "checked", subops: {
      XENMEM_increase_reservation: "checked", XENMEM_decrease_reservation: "checked", XENMEM_maximum_ram_page: "checked",
      XENMEM_current_reservation: "checked", XENMEM_maximum_reservation: "checked", XENMEM_machphys_mfn_list: "unsupported",
      XENMEM_populate_physmap: "checked", XENMEM_add_to_physmap: "unsupported", XENMEM_memory_map: "checked",
      XENMEM_machine_memory_map: "unsupported", XENMEM_exchange: "unsupported", XENMEM_maximum_gpfn: "checked" } },
    multicall: { handling: "checked" },
    update_va_mapping: { handling: "checked" },
    set_timer_op: { handling: "checked" },
    event_channel_op_compat: { handling: "unsupported" },
    xen_version: { handling: "checked" },
    console_io: { handling: "checked" },
    physdev_op_compat: { handling: "unsupported" },
    grant_table_op: { handling: "checked", note: "Table setup and queries only so far; mapping, copying and transfer are -EOPNOTSUPP.", subops: {
      GNTTABOP_map_grant_ref: "unsupported", GNTTABOP_unmap_grant_ref: "unsupported", GNTTABOP_setup_table: "checked",
      GNTTABOP_dump_table: "unsupported", GNTTABOP_transfer: "unsupported", GNTTABOP_copy: "unsupported",
      GNTTABOP_query_size: "checked", GNTTABOP_unmap_and_replace: "unsupported", GNTTABOP_set_version: "unsupported",
      GNTTABOP_get_status_frames: "unsupported", GNTTABOP_get_version: "checked", GNTTABOP_swap_grant_ref: "unsupported",
      GNTTABOP_cache_flush: "unsupported" } },
    vm_assist: { handling: "checked" },
    update_va_mapping_otherdomain: { handling: "unsupported" },
    iret: { handling: "checked" },
    vcpu_op: { handling: "checked", subops: {
      VCPUOP_initialise: "checked", VCPUOP_up: "checked", VCPUOP_down: "checked", VCPUOP_is_up: "checked",
      VCPUOP_get_runstate_info: "checked", VCPUOP_register_runstate_memory_area: "unsupported",
      VCPUOP_set_periodic_timer: "checked", VCPUOP_stop_periodic_timer: "checked", VCPUOP_set_singleshot_timer: "checked",
      VCPUOP_stop_singleshot_timer: "checked", VCPUOP_register_vcpu_info: "checked", VCPUOP_send_nmi: "unsupported",
      VCPUOP_get_physid: "unsupported", VCPUOP_register_vcpu_time_memory_area: "unsupported",
      VCPUOP_register_runstate_phys_area: "unsupported", VCPUOP_register_vcpu_time_phys_area: "unsupported" } },
    set_segment_base: { handling: "unsupported" },
    mmuext_op: { handling: "checked", note: "PIN_L3/L4 are ignored (rc 0: Sv32 has two levels); SET_LDT and NEW_USER_BASEPTR are -ENOSYS; MARK/UNMARK_SUPER -EOPNOTSUPP.", subops: {
      MMUEXT_PIN_L1_TABLE: "checked", MMUEXT_PIN_L2_TABLE: "checked", MMUEXT_PIN_L3_TABLE: "checked", MMUEXT_PIN_L4_TABLE: "checked",
      MMUEXT_UNPIN_TABLE: "checked", MMUEXT_NEW_BASEPTR: "checked", MMUEXT_TLB_FLUSH_LOCAL: "checked", MMUEXT_INVLPG_LOCAL: "checked",
      MMUEXT_TLB_FLUSH_MULTI: "checked", MMUEXT_INVLPG_MULTI: "checked", MMUEXT_TLB_FLUSH_ALL: "checked", MMUEXT_INVLPG_ALL: "checked",
      MMUEXT_FLUSH_CACHE: "checked", MMUEXT_SET_LDT: "unsupported", MMUEXT_NEW_USER_BASEPTR: "unsupported", MMUEXT_CLEAR_PAGE: "checked",
      MMUEXT_COPY_PAGE: "checked", MMUEXT_FLUSH_CACHE_GLOBAL: "checked", MMUEXT_MARK_SUPER: "unsupported", MMUEXT_UNMARK_SUPER: "unsupported" } },
    xsm_op: { handling: "unsupported" },
    nmi_op: { handling: "unsupported" },
    sched_op: { handling: "checked", subops: {
      SCHEDOP_yield: "checked", SCHEDOP_block: "checked", SCHEDOP_shutdown: "checked", SCHEDOP_poll: "checked",
      SCHEDOP_remote_shutdown: "checked", SCHEDOP_shutdown_code: "checked", SCHEDOP_watchdog: "unsupported",
      SCHEDOP_pin_override: "unsupported" } },
    callback_op: { handling: "checked" },
    xenoprof_op: { handling: "unsupported" },
    event_channel_op: { handling: "checked", subops: {
      EVTCHNOP_bind_interdomain: "checked", EVTCHNOP_bind_virq: "checked", EVTCHNOP_bind_pirq: "unsupported",
      EVTCHNOP_close: "checked", EVTCHNOP_send: "checked", EVTCHNOP_status: "checked", EVTCHNOP_alloc_unbound: "checked",
      EVTCHNOP_bind_ipi: "checked", EVTCHNOP_bind_vcpu: "checked", EVTCHNOP_unmask: "checked", EVTCHNOP_reset: "checked",
      EVTCHNOP_init_control: "unsupported", EVTCHNOP_expand_array: "unsupported", EVTCHNOP_set_priority: "unsupported" } },
    physdev_op: { handling: "unsupported" },
    hvm_op: { handling: "unsupported" },
    sysctl: { handling: "unsupported" },
    domctl: { handling: "unsupported" },
    kexec_op: { handling: "unsupported" },
    tmem_op: { handling: "unsupported" },
    argo_op: { handling: "unsupported" },
    xenpmu_op: { handling: "unsupported" },
    dm_op: { handling: "unsupported" },
    hypfs_op: { handling: "unsupported" },
    arch_0: { handling: "unsupported" }, arch_1: { handling: "unsupported" }, arch_2: { handling: "unsupported" },
    arch_3: { handling: "unsupported" }, arch_4: { handling: "unsupported" }, arch_5: { handling: "unsupported" },
    arch_6: { handling: "unsupported" }, arch_7: { handling: "unsupported" },
  },
};
