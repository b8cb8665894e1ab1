/**
 * How microxen handles each hypercall, as built (test/shim/handling.test.ts keeps
 * it true to the dispatch table and the stubs). One guest, no type checks, no
 * multiplexing:
 *   inline      native code reached from the transfer page (the "hot" profile; the
 *               "none" profile makes them local); cases the code cannot handle
 *               fall back to the shim,
 *   local       an ecall into the M-mode shim, applied without checks,
 *   unsupported -ENOSYS (-EOPNOTSUPP for a sub-op), as Xen does.
 */
import type { HandlingTable } from "../abi/hypercall_table.js";

export const MICROXEN_HANDLING: HandlingTable = {
  hypervisor: "microxen",
  calls: {
    set_trap_table: { handling: "local" },
    mmu_update: { handling: "inline", note: "One MMU_NORMAL_PT_UPDATE without success_count: a PTE store + sfence.vma; the rest goes to the shim.",
      subops: { MMU_NORMAL_PT_UPDATE: "inline", MMU_MACHPHYS_UPDATE: "local", MMU_PT_UPDATE_PRESERVE_AD: "local", MMU_PT_UPDATE_NO_TRANSLATE: "unsupported" } },
    set_gdt: { handling: "unsupported" },
    stack_switch: { handling: "inline", note: "Stores the kernel stack in the shim data page." },
    set_callbacks: { handling: "local" },
    fpu_taskswitch: { handling: "unsupported" },
    sched_op_compat: { handling: "unsupported" },
    platform_op: { handling: "unsupported" },
    set_debugreg: { handling: "unsupported" },
    get_debugreg: { handling: "unsupported" },
    update_descriptor: { handling: "unsupported" },
    memory_op: { handling: "local", subops: {
      XENMEM_increase_reservation: "local", XENMEM_decrease_reservation: "local", XENMEM_maximum_ram_page: "local",
      XENMEM_current_reservation: "local", XENMEM_maximum_reservation: "local", XENMEM_machphys_mfn_list: "unsupported",
      XENMEM_populate_physmap: "local", XENMEM_add_to_physmap: "unsupported", XENMEM_memory_map: "local",
      XENMEM_machine_memory_map: "unsupported", XENMEM_exchange: "unsupported", XENMEM_maximum_gpfn: "local" } },
    multicall: { handling: "local" },
    update_va_mapping: { handling: "inline", note: "UVMF_LOCAL: a PTE store through the hole's linear map + sfence.vma." },
    set_timer_op: { handling: "inline", note: "ns -> ticks, csrw stimecmp (Sstc)." },
    event_channel_op_compat: { handling: "unsupported" },
    xen_version: { handling: "local" },
    console_io: { handling: "local" },
    physdev_op_compat: { handling: "unsupported" },
    grant_table_op: { handling: "local", note: "The guest's own table: setup_table, query_size, get_version; the rest -EOPNOTSUPP.", subops: {
      GNTTABOP_map_grant_ref: "unsupported", GNTTABOP_unmap_grant_ref: "unsupported", GNTTABOP_setup_table: "local",
      GNTTABOP_dump_table: "unsupported", GNTTABOP_transfer: "unsupported", GNTTABOP_copy: "unsupported",
      GNTTABOP_query_size: "local", GNTTABOP_unmap_and_replace: "unsupported", GNTTABOP_set_version: "unsupported",
      GNTTABOP_get_status_frames: "unsupported", GNTTABOP_get_version: "local", GNTTABOP_swap_grant_ref: "unsupported",
      GNTTABOP_cache_flush: "unsupported" } },
    vm_assist: { handling: "local" },
    update_va_mapping_otherdomain: { handling: "unsupported" },
    iret: { handling: "inline", note: "Restores pc/sp/a0/a1/mask/mode from the frame and srets; unmasking with an event pending goes to the shim." },
    vcpu_op: { handling: "local", note: "One vCPU per hart (nr_vcpus = harts, `--harts N`): initialise/up/down/is_up with full Xen's checks and errno order; a down vCPU parks its hart (docs/microxen.md).", subops: {
      VCPUOP_initialise: "local", VCPUOP_up: "local", VCPUOP_down: "local", VCPUOP_is_up: "local",
      VCPUOP_get_runstate_info: "local", VCPUOP_register_runstate_memory_area: "unsupported",
      VCPUOP_set_periodic_timer: "local", VCPUOP_stop_periodic_timer: "local", VCPUOP_set_singleshot_timer: "local",
      VCPUOP_stop_singleshot_timer: "local", VCPUOP_register_vcpu_info: "local", VCPUOP_send_nmi: "unsupported",
      VCPUOP_get_physid: "unsupported", VCPUOP_register_vcpu_time_memory_area: "unsupported",
      VCPUOP_register_runstate_phys_area: "unsupported", VCPUOP_register_vcpu_time_phys_area: "unsupported" } },
    set_segment_base: { handling: "unsupported" },
    mmuext_op: { handling: "inline", note: "One NEW_BASEPTR, TLB_FLUSH_LOCAL or INVLPG_LOCAL in-line; pins are accepted without type checks.", subops: {
      MMUEXT_PIN_L1_TABLE: "local", MMUEXT_PIN_L2_TABLE: "local", MMUEXT_PIN_L3_TABLE: "local", MMUEXT_PIN_L4_TABLE: "local",
      MMUEXT_UNPIN_TABLE: "local", MMUEXT_NEW_BASEPTR: "inline", MMUEXT_TLB_FLUSH_LOCAL: "inline", MMUEXT_INVLPG_LOCAL: "inline",
      MMUEXT_TLB_FLUSH_MULTI: "local", MMUEXT_INVLPG_MULTI: "local", MMUEXT_TLB_FLUSH_ALL: "local", MMUEXT_INVLPG_ALL: "local",
      MMUEXT_FLUSH_CACHE: "local", MMUEXT_SET_LDT: "local", MMUEXT_NEW_USER_BASEPTR: "local", MMUEXT_CLEAR_PAGE: "local",
      MMUEXT_COPY_PAGE: "local", MMUEXT_FLUSH_CACHE_GLOBAL: "local", MMUEXT_MARK_SUPER: "unsupported", MMUEXT_UNMARK_SUPER: "unsupported" } },
    xsm_op: { handling: "unsupported" },
    nmi_op: { handling: "unsupported" },
    sched_op: { handling: "local", subops: {
      SCHEDOP_yield: "local", SCHEDOP_block: "local", SCHEDOP_shutdown: "local", SCHEDOP_poll: "local",
      SCHEDOP_remote_shutdown: "unsupported", SCHEDOP_shutdown_code: "local", SCHEDOP_watchdog: "unsupported",
      SCHEDOP_pin_override: "unsupported" } },
    callback_op: { handling: "local" },
    xenoprof_op: { handling: "unsupported" },
    event_channel_op: { handling: "local", note: "VIRQs, IPIs, loopback channels and unbound ports towards the shim's back-ends.", subops: {
      EVTCHNOP_bind_interdomain: "local", EVTCHNOP_bind_virq: "local", EVTCHNOP_bind_pirq: "unsupported",
      EVTCHNOP_close: "local", EVTCHNOP_send: "local", EVTCHNOP_status: "local", EVTCHNOP_alloc_unbound: "local",
      EVTCHNOP_bind_ipi: "local", EVTCHNOP_bind_vcpu: "local", EVTCHNOP_unmask: "local", EVTCHNOP_reset: "local",
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
