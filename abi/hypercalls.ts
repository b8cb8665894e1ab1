/**
 * The hypercall table: every number 0..55 Xen defines (11 and 43-47 have no
 * definition and are omitted). Numbers, names and sub-op values are Xen's; docs
 * describe the rv32 binding. How each hypervisor handles each entry is declared
 * separately (HandlingTable).
 */
import type { Hypercall, HypercallArg, SubOp } from "./hypercall_table.js";
import * as X from "./xen.js";
import * as E from "./event_channel.js";
import * as G from "./grant_table.js";
import * as M from "./memory.js";
import * as V from "./vcpu.js";
import * as VER from "./version.js";
import * as CB from "./callback.js";

const a = (name: string, ctype: string, doc: string): HypercallArg => ({ name, ctype, doc });
const op = (name: string, value: number, struct: string | null, doc: string, errors: string[]): SubOp => ({ name, value, struct, doc, errors });

/** An x86-only entry kept for its number: on rv32 it has no meaning. */
function x86Only(nr: number, name: string, what: string, args: HypercallArg[] = []): Hypercall {
  return {
    nr, name, args, returns: "-ENOSYS on rv32.", doc: `${what} x86-specific; not part of the rv32 binding.`,
    notes: ["Kept so the number is never reused."], subops: [], errors: ["ENOSYS"], structs: [],
  };
}
function notPv(nr: number, name: string, what: string, args: HypercallArg[] = []): Hypercall {
  return {
    nr, name, args, returns: "-ENOSYS unless the hypervisor implements it.", doc: what,
    notes: ["Not planned for rv32 PV guests in the first versions."], subops: [], errors: ["ENOSYS"], structs: [],
  };
}

const cmd = a("cmd", "unsigned int", "Sub-op.");

export const HYPERCALLS: readonly Hypercall[] = Object.freeze([
  {
    nr: X.HYPERVISOR_set_trap_table, name: "set_trap_table",
    args: [a("traps", "XEN_GUEST_HANDLE(const_trap_info_t)", "Array of trap_info, ended by address 0; NULL clears the table.")],
    returns: "0, or -errno.",
    doc: "Install the guest's trap handlers: vector = RISC-V exception code; a trap with a handler is bounced to the guest kernel.",
    notes: ["A vector outside RV_TRAP_VECTORS or reserved flag bits: -EINVAL.", "Traps without a handler crash the domain."],
    subops: [], errors: ["EFAULT", "EINVAL"], structs: ["trap_info", "bounce_frame"],
  },
  {
    nr: X.HYPERVISOR_mmu_update, name: "mmu_update",
    args: [a("req", "XEN_GUEST_HANDLE(mmu_update_t)", "Requests."), a("count", "unsigned int", "Number of requests."),
      a("success_count", "XEN_GUEST_HANDLE(uint)", "OUT: requests done (may be NULL)."), a("foreigndom", "domid_t", "FD in bits 15:0, PFD in 31:16.")],
    returns: "0, or -errno of the first failing request (success_count says how many were applied).",
    doc: "Batch of page-table writes (MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD) and M2P updates (MMU_MACHPHYS_UPDATE). ptr is a machine address; val a Sv32 PTE holding a machine frame.",
    notes: ["Root slots 1008-1023 (the hypervisor hole) are the hypervisor's: -EINVAL.", "A checked hypervisor refuses writable mappings of page tables and frames the domain does not own."],
    subops: [
      op("MMU_NORMAL_PT_UPDATE", X.MMU_NORMAL_PT_UPDATE, "mmu_update", "Write val to the PTE at ptr & ~3.", ["EINVAL", "EPERM", "ESRCH", "EFAULT", "EBUSY"]),
      op("MMU_MACHPHYS_UPDATE", X.MMU_MACHPHYS_UPDATE, "mmu_update", "Set M2P[ptr >> 12] = val.", ["EPERM", "EINVAL"]),
      op("MMU_PT_UPDATE_PRESERVE_AD", X.MMU_PT_UPDATE_PRESERVE_AD, "mmu_update", "As NORMAL, keeping the current A/D bits.", ["EINVAL", "EPERM", "ESRCH", "EFAULT", "EBUSY"]),
      op("MMU_PT_UPDATE_NO_TRANSLATE", X.MMU_PT_UPDATE_NO_TRANSLATE, "mmu_update", "As NORMAL without p2m translation (translated foreign domains).", ["EINVAL", "ENOSYS"]),
    ],
    errors: ["EFAULT", "EINVAL", "EPERM", "ESRCH", "EBUSY", "ENOSYS"], structs: ["mmu_update"],
  },
  x86Only(X.HYPERVISOR_set_gdt, "set_gdt", "Segment descriptor tables are"),
  {
    nr: X.HYPERVISOR_stack_switch, name: "stack_switch",
    args: [a("ss", "unsigned long", "Unused on rv32; pass 0."), a("esp", "unsigned long", "Kernel stack pointer for traps from user mode.")],
    returns: "0.", doc: "Set the stack a bounce frame is built on when the guest is interrupted in user mode.",
    notes: ["Guests call it on every context switch."], subops: [], errors: [], structs: ["bounce_frame"],
  },
  {
    nr: X.HYPERVISOR_set_callbacks, name: "set_callbacks",
    args: [a("event_address", "unsigned long", "Event upcall handler."), a("failsafe_address", "unsigned long", "Failsafe handler."), a("unused", "unsigned long", "0.")],
    returns: "0.", doc: "Legacy form of callback_op: register the event and failsafe callbacks.",
    notes: [], subops: [], errors: [], structs: [],
  },
  x86Only(X.HYPERVISOR_fpu_taskswitch, "fpu_taskswitch", "CR0.TS management is"),
  {
    nr: X.HYPERVISOR_sched_op_compat, name: "sched_op_compat",
    args: [cmd, a("arg", "unsigned long", "Shutdown reason for SCHEDOP_shutdown.")],
    returns: "As sched_op.", doc: "Legacy sched_op (yield, block, shutdown only; arg by value).",
    notes: ["New guests use sched_op (29)."], subops: [], errors: ["ENOSYS"], structs: [],
  },
  notPv(X.HYPERVISOR_platform_op, "platform_op", "Platform management for the hardware domain.", [a("op", "XEN_GUEST_HANDLE(xen_platform_op_t)", "")]),
  x86Only(X.HYPERVISOR_set_debugreg, "set_debugreg", "Debug registers are"),
  x86Only(X.HYPERVISOR_get_debugreg, "get_debugreg", "Debug registers are"),
  x86Only(X.HYPERVISOR_update_descriptor, "update_descriptor", "Segment descriptors are"),
  {
    nr: X.HYPERVISOR_memory_op, name: "memory_op",
    args: [cmd, a("arg", "void *", "Sub-op argument.")],
    returns: "Sub-op specific: extents done, a page count, or 0; -errno on failure.",
    doc: "Reservation and physmap management.", notes: ["cmd bits 6+ are a continuation's start extent; guests pass 0."],
    subops: [
      op("XENMEM_increase_reservation", M.XENMEM_increase_reservation, "xen_memory_reservation", "Allocate extents; OUT their MFNs.", ["EFAULT", "EINVAL", "ENOMEM", "ESRCH", "EPERM"]),
      op("XENMEM_decrease_reservation", M.XENMEM_decrease_reservation, "xen_memory_reservation", "Free the listed extents.", ["EFAULT", "EINVAL", "ESRCH", "EPERM"]),
      op("XENMEM_maximum_ram_page", M.XENMEM_maximum_ram_page, null, "Highest machine frame of RAM.", []),
      op("XENMEM_current_reservation", M.XENMEM_current_reservation, null, "Pages held (arg: domid_t).", ["EFAULT", "ESRCH", "EPERM"]),
      op("XENMEM_maximum_reservation", M.XENMEM_maximum_reservation, null, "Page limit (arg: domid_t).", ["EFAULT", "ESRCH", "EPERM"]),
      op("XENMEM_machphys_mfn_list", M.XENMEM_machphys_mfn_list, "xen_machphys_mfn_list", "Frames of the M2P table.", ["EFAULT"]),
      op("XENMEM_populate_physmap", M.XENMEM_populate_physmap, "xen_memory_reservation", "Back the listed gpfns with new frames.", ["EFAULT", "EINVAL", "ENOMEM", "ESRCH", "EPERM"]),
      op("XENMEM_add_to_physmap", M.XENMEM_add_to_physmap, "xen_add_to_physmap", "Map shared_info/grant frames into the physmap.", ["EFAULT", "EINVAL", "ESRCH", "EPERM"]),
      op("XENMEM_memory_map", M.XENMEM_memory_map, "xen_memory_map", "The domain's pseudo-physical memory map (xen_memory_region entries).", ["EFAULT", "EINVAL"]),
      op("XENMEM_machine_memory_map", M.XENMEM_machine_memory_map, "xen_memory_map", "The machine memory map (privileged).", ["EFAULT", "EINVAL", "EPERM"]),
      op("XENMEM_exchange", M.XENMEM_exchange, "xen_memory_exchange", "Trade extents.", ["EFAULT", "EINVAL", "ENOMEM", "EPERM"]),
      op("XENMEM_maximum_gpfn", M.XENMEM_maximum_gpfn, null, "Highest gpfn (arg: domid_t).", ["EFAULT", "ESRCH", "EPERM"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOMEM", "ESRCH", "EPERM", "ENOSYS"],
    structs: ["xen_memory_reservation", "xen_machphys_mfn_list", "xen_add_to_physmap", "xen_memory_map", "xen_memory_region", "xen_memory_exchange"],
  },
  {
    nr: X.HYPERVISOR_multicall, name: "multicall",
    args: [a("call_list", "XEN_GUEST_HANDLE(multicall_entry_t)", "Entries."), a("nr_calls", "unsigned int", "Count.")],
    returns: "0 (each entry's result holds its own value), or -EFAULT if the list cannot be read.",
    doc: "Run several hypercalls in one trip, in order.",
    notes: ["A nested multicall gives that entry -EINVAL.", "An iret entry ends the list.", "Only result is written back."],
    subops: [], errors: ["EFAULT", "EINVAL"], structs: ["multicall_entry"],
  },
  {
    nr: X.HYPERVISOR_update_va_mapping, name: "update_va_mapping",
    args: [a("va", "unsigned long", "Virtual address whose PTE changes."), a("val", "uint64_t", "New PTE (a0 = va, a1/a2 = val low/high on rv32, a3 = flags)."),
      a("flags", "unsigned long", "UVMF_* flush type | UVMF_LOCAL/ALL or a vCPU-bitmap address.")],
    returns: "0, or -errno.", doc: "Write the L1 PTE mapping va in the current page table, then flush as asked.",
    notes: ["val is 64-bit for Xen compatibility; Sv32 uses the low 32 bits and the high word must be 0."],
    subops: [], errors: ["EINVAL", "EFAULT", "EPERM"], structs: [],
  },
  {
    nr: X.HYPERVISOR_set_timer_op, name: "set_timer_op",
    args: [a("timeout", "uint64_t", "Absolute system time in ns (a0 low, a1 high); 0 stops the timer.")],
    returns: "0.", doc: "Single-shot timer raising VIRQ_TIMER.", notes: [], subops: [], errors: [], structs: [],
  },
  {
    nr: X.HYPERVISOR_event_channel_op_compat, name: "event_channel_op_compat",
    args: [a("op", "XEN_GUEST_HANDLE(evtchn_op_t)", "{cmd; union of the op structs}.")],
    returns: "As event_channel_op.", doc: "Legacy form of event_channel_op.", notes: ["New guests use 32."],
    subops: [], errors: ["ENOSYS"], structs: [],
  },
  {
    nr: X.HYPERVISOR_xen_version, name: "xen_version",
    args: [a("cmd", "int", "XENVER_*."), a("arg", "void *", "Result buffer.")],
    returns: "XENVER_version: (major << 16) | minor; XENVER_pagesize: 4096; others 0; -errno.",
    doc: "Hypervisor version and features.", notes: [],
    subops: [
      op("XENVER_version", VER.XENVER_version, null, "Version number.", []),
      op("XENVER_extraversion", VER.XENVER_extraversion, "xen_extraversion", "Extra version string.", ["EFAULT"]),
      op("XENVER_compile_info", VER.XENVER_compile_info, "xen_compile_info", "Build information.", ["EFAULT"]),
      op("XENVER_capabilities", VER.XENVER_capabilities, "xen_capabilities_info", "Guest types, \"xen-3.0-rv32\".", ["EFAULT"]),
      op("XENVER_changeset", VER.XENVER_changeset, "xen_changeset_info", "Source changeset.", ["EFAULT"]),
      op("XENVER_platform_parameters", VER.XENVER_platform_parameters, "xen_platform_parameters", "Start of the hypervisor hole.", ["EFAULT"]),
      op("XENVER_get_features", VER.XENVER_get_features, "xen_feature_info", "XENFEAT_* submap.", ["EFAULT", "EINVAL"]),
      op("XENVER_pagesize", VER.XENVER_pagesize, null, "Page size.", []),
      op("XENVER_guest_handle", VER.XENVER_guest_handle, "xen_domain_handle", "Domain UUID.", ["EFAULT"]),
      op("XENVER_commandline", VER.XENVER_commandline, "xen_commandline", "Hypervisor command line (privileged).", ["EFAULT", "EPERM"]),
      op("XENVER_build_id", VER.XENVER_build_id, "xen_varbuf", "Build id.", ["EFAULT", "ENODATA", "ENOBUFS", "EPERM"]),
      op("XENVER_extraversion2", VER.XENVER_extraversion2, "xen_varbuf", "Extra version, any length.", ["EFAULT", "ENOBUFS"]),
      op("XENVER_capabilities2", VER.XENVER_capabilities2, "xen_varbuf", "Capabilities, any length.", ["EFAULT", "ENOBUFS"]),
      op("XENVER_changeset2", VER.XENVER_changeset2, "xen_varbuf", "Changeset, any length.", ["EFAULT", "ENOBUFS"]),
      op("XENVER_commandline2", VER.XENVER_commandline2, "xen_varbuf", "Command line, any length.", ["EFAULT", "ENOBUFS", "EPERM"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOSYS"], structs: ["xen_extraversion", "xen_compile_info", "xen_capabilities_info", "xen_changeset_info",
      "xen_platform_parameters", "xen_feature_info", "xen_domain_handle", "xen_commandline", "xen_varbuf"],
  },
  {
    nr: X.HYPERVISOR_console_io, name: "console_io",
    args: [a("cmd", "int", "CONSOLEIO_*."), a("count", "int", "Bytes."), a("buffer", "XEN_GUEST_HANDLE(char)", "Data.")],
    returns: "write: 0; read: bytes read; -errno.", doc: "The hypervisor's own console (early/debug output).", notes: [],
    subops: [
      op("CONSOLEIO_write", X.CONSOLEIO_write, null, "Write count bytes.", ["EFAULT", "EINVAL"]),
      op("CONSOLEIO_read", X.CONSOLEIO_read, null, "Read up to count bytes.", ["EFAULT", "EINVAL", "EPERM"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOSYS"], structs: [],
  },
  notPv(X.HYPERVISOR_physdev_op_compat, "physdev_op_compat", "Legacy physdev_op.", [a("uop", "XEN_GUEST_HANDLE(physdev_op_t)", "")]),
  {
    nr: X.HYPERVISOR_grant_table_op, name: "grant_table_op",
    args: [cmd, a("uop", "void *", "Array of count op structs."), a("count", "unsigned int", "Entries.")],
    returns: "0 (per-entry GNTST_* in status), -EFAULT, -EINVAL or -ENOSYS.", doc: "Grant-table v1 operations.",
    notes: ["Per-op failures are reported in each struct's status, not in the return value."],
    subops: [
      op("GNTTABOP_map_grant_ref", G.GNTTABOP_map_grant_ref, "gnttab_map_grant_ref", "Map a foreign grant.", []),
      op("GNTTABOP_unmap_grant_ref", G.GNTTABOP_unmap_grant_ref, "gnttab_unmap_grant_ref", "Unmap it.", []),
      op("GNTTABOP_setup_table", G.GNTTABOP_setup_table, "gnttab_setup_table", "Size the table; learn its frames.", ["EFAULT"]),
      op("GNTTABOP_dump_table", G.GNTTABOP_dump_table, "gnttab_dump_table", "Debug dump.", ["EFAULT"]),
      op("GNTTABOP_transfer", G.GNTTABOP_transfer, "gnttab_transfer", "Give a page away.", ["EFAULT"]),
      op("GNTTABOP_copy", G.GNTTABOP_copy, "gnttab_copy", "Copy through grants.", ["EFAULT"]),
      op("GNTTABOP_query_size", G.GNTTABOP_query_size, "gnttab_query_size", "Current and maximum frames.", ["EFAULT"]),
      op("GNTTABOP_unmap_and_replace", G.GNTTABOP_unmap_and_replace, "gnttab_unmap_and_replace", "Unmap, moving another mapping in.", ["EFAULT"]),
      op("GNTTABOP_set_version", G.GNTTABOP_set_version, "gnttab_set_version", "Select v1 (only v1 on rv32).", ["EFAULT", "EINVAL"]),
      op("GNTTABOP_get_status_frames", G.GNTTABOP_get_status_frames, null, "v2 status frames.", ["EOPNOTSUPP"]),
      op("GNTTABOP_get_version", G.GNTTABOP_get_version, "gnttab_get_version", "Current version.", ["EFAULT", "ESRCH"]),
      op("GNTTABOP_swap_grant_ref", G.GNTTABOP_swap_grant_ref, null, "Swap two entries.", ["EOPNOTSUPP"]),
      op("GNTTABOP_cache_flush", G.GNTTABOP_cache_flush, null, "Cache maintenance.", ["EOPNOTSUPP"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOSYS", "EOPNOTSUPP"],
    structs: ["grant_entry_v1", "gnttab_setup_table", "gnttab_dump_table", "gnttab_map_grant_ref", "gnttab_unmap_grant_ref", "gnttab_transfer",
      "gnttab_copy", "gnttab_query_size", "gnttab_unmap_and_replace", "gnttab_set_version", "gnttab_get_version"],
  },
  {
    nr: X.HYPERVISOR_vm_assist, name: "vm_assist",
    args: [a("cmd", "unsigned int", "VMASST_CMD_*."), a("type", "unsigned int", "VMASST_TYPE_*.")],
    returns: "0, or -EINVAL for a type the hypervisor does not offer.", doc: "Enable or disable an assist.",
    notes: ["rv32 offers runstate_update_flag; the x86 segment/PAE types give -EINVAL."],
    subops: [
      op("VMASST_CMD_enable", X.VMASST_CMD_enable, null, "Enable type.", ["EINVAL"]),
      op("VMASST_CMD_disable", X.VMASST_CMD_disable, null, "Disable type.", ["EINVAL"]),
    ],
    errors: ["EINVAL", "ENOSYS"], structs: [],
  },
  {
    nr: X.HYPERVISOR_update_va_mapping_otherdomain, name: "update_va_mapping_otherdomain",
    args: [a("va", "unsigned long", ""), a("val", "uint64_t", "a1/a2."), a("flags", "unsigned long", "a3."), a("domid", "domid_t", "a4: owner of the frame.")],
    returns: "0, or -errno.", doc: "update_va_mapping with a frame of another domain (privileged).", notes: [],
    subops: [], errors: ["EINVAL", "EFAULT", "EPERM", "ESRCH"], structs: [],
  },
  {
    nr: X.HYPERVISOR_iret, name: "iret",
    args: [], returns: "Does not return to the caller: resumes the frame's pc.",
    doc: "Return from a trap or callback: with sp = the bounce frame's address, jump to slot 23; restores pc, sp, a0, a1, the upcall mask and the mode from the frame.",
    notes: ["Jumped to, never called.", "A frame the hypervisor cannot read crashes the domain (as Xen's failsafe path)."],
    subops: [], errors: ["EFAULT"], structs: ["bounce_frame"],
  },
  {
    nr: X.HYPERVISOR_vcpu_op, name: "vcpu_op",
    args: [a("cmd", "int", "VCPUOP_*."), a("vcpuid", "unsigned int", "Target vCPU."), a("extra_args", "void *", "Sub-op argument.")],
    returns: "0, or -errno; is_up returns 0/1.", doc: "Per-vCPU control: timers, runstate, vcpu_info placement.",
    notes: ["vcpuid outside the domain: -ENOENT."],
    subops: [
      op("VCPUOP_initialise", V.VCPUOP_initialise, "vcpu_guest_context", "Set the initial context of a vCPU that has never run (docs/abi.md \"Secondary vCPUs\").", ["EINVAL", "EEXIST", "EFAULT", "ENOENT"]),
      op("VCPUOP_up", V.VCPUOP_up, null, "Start an initialised vCPU (-EINVAL if it has no context).", ["EINVAL", "ENOENT"]),
      op("VCPUOP_down", V.VCPUOP_down, null, "Stop a vCPU; the last one up going down powers the domain off.", ["ENOENT"]),
      op("VCPUOP_is_up", V.VCPUOP_is_up, null, "Is the vCPU running.", ["ENOENT"]),
      op("VCPUOP_get_runstate_info", V.VCPUOP_get_runstate_info, "vcpu_runstate_info", "Time in each state.", ["EFAULT", "ENOENT"]),
      op("VCPUOP_register_runstate_memory_area", V.VCPUOP_register_runstate_memory_area, "vcpu_register_runstate_memory_area", "Keep runstate at a guest address.", ["EFAULT", "EINVAL", "ENOENT"]),
      op("VCPUOP_set_periodic_timer", V.VCPUOP_set_periodic_timer, "vcpu_set_periodic_timer", "Periodic VIRQ_TIMER.", ["EFAULT", "EINVAL", "ENOENT"]),
      op("VCPUOP_stop_periodic_timer", V.VCPUOP_stop_periodic_timer, null, "Stop it.", ["ENOENT"]),
      op("VCPUOP_set_singleshot_timer", V.VCPUOP_set_singleshot_timer, "vcpu_set_singleshot_timer", "One-shot VIRQ_TIMER.", ["EFAULT", "EINVAL", "ETIME", "ENOENT"]),
      op("VCPUOP_stop_singleshot_timer", V.VCPUOP_stop_singleshot_timer, null, "Cancel it.", ["EINVAL", "ENOENT"]),
      op("VCPUOP_register_vcpu_info", V.VCPUOP_register_vcpu_info, "vcpu_register_vcpu_info", "Move vcpu_info to a guest frame.", ["EFAULT", "EINVAL", "EEXIST", "ENOENT"]),
      op("VCPUOP_send_nmi", V.VCPUOP_send_nmi, null, "NMI a vCPU.", ["EOPNOTSUPP"]),
      op("VCPUOP_get_physid", V.VCPUOP_get_physid, "vcpu_get_physid", "Physical CPU id (privileged).", ["EFAULT", "EINVAL", "ENOENT"]),
      op("VCPUOP_register_vcpu_time_memory_area", V.VCPUOP_register_vcpu_time_memory_area, null, "Extra vcpu_time_info copy.", ["EOPNOTSUPP"]),
      op("VCPUOP_register_runstate_phys_area", V.VCPUOP_register_runstate_phys_area, null, "Runstate at a physical address.", ["EOPNOTSUPP"]),
      op("VCPUOP_register_vcpu_time_phys_area", V.VCPUOP_register_vcpu_time_phys_area, null, "Time at a physical address.", ["EOPNOTSUPP"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOENT", "ETIME", "EEXIST", "ENOSYS", "EOPNOTSUPP"],
    structs: ["vcpu_runstate_info", "vcpu_register_runstate_memory_area", "vcpu_set_periodic_timer", "vcpu_set_singleshot_timer", "vcpu_register_vcpu_info", "vcpu_get_physid"],
  },
  x86Only(X.HYPERVISOR_set_segment_base, "set_segment_base", "Segment bases are"),
  {
    nr: X.HYPERVISOR_mmuext_op, name: "mmuext_op",
    args: [a("uops", "XEN_GUEST_HANDLE(mmuext_op_t)", "Ops."), a("count", "unsigned int", "Number."),
      a("pdone", "XEN_GUEST_HANDLE(uint)", "OUT: ops done (may be NULL)."), a("foreigndom", "domid_t", "Owner of the frames (DOMID_SELF).")],
    returns: "0, or -errno of the first failing op.", doc: "Extended MMU ops: pin/unpin tables, switch root (satp), TLB flushes, page clear/copy.",
    notes: ["Sv32 has two levels: the root is an L2 table, leaf tables are L1. PIN_L3/L4 are -EINVAL on rv32.", "Unknown cmd: -ENOSYS."],
    subops: [
      op("MMUEXT_PIN_L1_TABLE", X.MMUEXT_PIN_L1_TABLE, "mmuext_op", "Validate and pin a leaf table.", ["EINVAL", "EPERM", "ESRCH"]),
      op("MMUEXT_PIN_L2_TABLE", X.MMUEXT_PIN_L2_TABLE, "mmuext_op", "Validate and pin a root table.", ["EINVAL", "EPERM", "ESRCH"]),
      op("MMUEXT_PIN_L3_TABLE", X.MMUEXT_PIN_L3_TABLE, "mmuext_op", "No L3 on Sv32.", ["EINVAL"]),
      op("MMUEXT_PIN_L4_TABLE", X.MMUEXT_PIN_L4_TABLE, "mmuext_op", "No L4 on Sv32.", ["EINVAL"]),
      op("MMUEXT_UNPIN_TABLE", X.MMUEXT_UNPIN_TABLE, "mmuext_op", "Drop a pin.", ["EINVAL", "EPERM"]),
      op("MMUEXT_NEW_BASEPTR", X.MMUEXT_NEW_BASEPTR, "mmuext_op", "Switch to root table arg1.mfn (satp).", ["EINVAL", "EPERM"]),
      op("MMUEXT_TLB_FLUSH_LOCAL", X.MMUEXT_TLB_FLUSH_LOCAL, "mmuext_op", "sfence.vma on this vCPU.", []),
      op("MMUEXT_INVLPG_LOCAL", X.MMUEXT_INVLPG_LOCAL, "mmuext_op", "sfence.vma arg1.linear_addr.", []),
      op("MMUEXT_TLB_FLUSH_MULTI", X.MMUEXT_TLB_FLUSH_MULTI, "mmuext_op", "Flush the vCPUs in arg2.vcpumask.", ["EFAULT"]),
      op("MMUEXT_INVLPG_MULTI", X.MMUEXT_INVLPG_MULTI, "mmuext_op", "Invalidate one VA on those vCPUs.", ["EFAULT"]),
      op("MMUEXT_TLB_FLUSH_ALL", X.MMUEXT_TLB_FLUSH_ALL, "mmuext_op", "Flush every vCPU of the domain.", []),
      op("MMUEXT_INVLPG_ALL", X.MMUEXT_INVLPG_ALL, "mmuext_op", "Invalidate one VA on every vCPU.", []),
      op("MMUEXT_FLUSH_CACHE", X.MMUEXT_FLUSH_CACHE, "mmuext_op", "No-op on rv32 (coherent).", []),
      op("MMUEXT_SET_LDT", X.MMUEXT_SET_LDT, "mmuext_op", "x86 only.", ["EINVAL"]),
      op("MMUEXT_NEW_USER_BASEPTR", X.MMUEXT_NEW_USER_BASEPTR, "mmuext_op", "x86-64 only.", ["EINVAL"]),
      op("MMUEXT_CLEAR_PAGE", X.MMUEXT_CLEAR_PAGE, "mmuext_op", "Zero frame arg1.mfn.", ["EINVAL", "EPERM"]),
      op("MMUEXT_COPY_PAGE", X.MMUEXT_COPY_PAGE, "mmuext_op", "Copy arg2.src_mfn to arg1.mfn.", ["EINVAL", "EPERM"]),
      op("MMUEXT_FLUSH_CACHE_GLOBAL", X.MMUEXT_FLUSH_CACHE_GLOBAL, "mmuext_op", "No-op on rv32.", ["EPERM"]),
      op("MMUEXT_MARK_SUPER", X.MMUEXT_MARK_SUPER, "mmuext_op", "No PV superpages.", ["EOPNOTSUPP"]),
      op("MMUEXT_UNMARK_SUPER", X.MMUEXT_UNMARK_SUPER, "mmuext_op", "No PV superpages.", ["EOPNOTSUPP"]),
    ],
    errors: ["EFAULT", "EINVAL", "EPERM", "ESRCH", "ENOSYS", "EOPNOTSUPP"], structs: ["mmuext_op"],
  },
  notPv(X.HYPERVISOR_xsm_op, "xsm_op", "Security-module operations.", [a("op", "XEN_GUEST_HANDLE(void)", "")]),
  notPv(X.HYPERVISOR_nmi_op, "nmi_op", "NMI callback registration.", [cmd, a("arg", "void *", "")]),
  {
    nr: X.HYPERVISOR_sched_op, name: "sched_op",
    args: [a("cmd", "int", "SCHEDOP_*."), a("arg", "void *", "Sub-op argument.")],
    returns: "0, or -errno; shutdown(suspend) returns 1 when cancelled.", doc: "Scheduler operations.", notes: [],
    subops: [
      op("SCHEDOP_yield", X.SCHEDOP_yield, null, "Yield.", []),
      op("SCHEDOP_block", X.SCHEDOP_block, null, "Block until an event (unmasks upcalls first).", []),
      op("SCHEDOP_shutdown", X.SCHEDOP_shutdown, "sched_shutdown", "Shut the domain down.", ["EFAULT", "EINVAL"]),
      op("SCHEDOP_poll", X.SCHEDOP_poll, "sched_poll", "Wait for ports or a timeout.", ["EFAULT", "EINVAL", "EPERM"]),
      op("SCHEDOP_remote_shutdown", X.SCHEDOP_remote_shutdown, "sched_remote_shutdown", "Shut another domain down.", ["EFAULT", "EINVAL", "ESRCH", "EPERM"]),
      op("SCHEDOP_shutdown_code", X.SCHEDOP_shutdown_code, "sched_shutdown", "Record a shutdown code.", ["EFAULT", "EINVAL"]),
      op("SCHEDOP_watchdog", X.SCHEDOP_watchdog, "sched_watchdog", "Domain watchdog.", ["EFAULT", "EINVAL", "ENOSPC"]),
      op("SCHEDOP_pin_override", X.SCHEDOP_pin_override, "sched_pin_override", "Hardware domain only.", ["EPERM", "EINVAL"]),
    ],
    errors: ["EFAULT", "EINVAL", "EPERM", "ESRCH", "ENOSPC", "ENOSYS"],
    structs: ["sched_shutdown", "sched_poll", "sched_remote_shutdown", "sched_watchdog", "sched_pin_override"],
  },
  {
    nr: X.HYPERVISOR_callback_op, name: "callback_op",
    args: [a("cmd", "int", "CALLBACKOP_*."), a("arg", "const void *", "Struct.")],
    returns: "0, or -errno.", doc: "Register or unregister the event and failsafe callbacks.",
    notes: ["Types other than event and failsafe: -EINVAL on rv32.", "Unregistering event: -EINVAL, as Xen."],
    subops: [
      op("CALLBACKOP_register", CB.CALLBACKOP_register, "callback_register", "Register a callback.", ["EFAULT", "EINVAL"]),
      op("CALLBACKOP_unregister", CB.CALLBACKOP_unregister, "callback_unregister", "Unregister a callback.", ["EFAULT", "EINVAL"]),
    ],
    errors: ["EFAULT", "EINVAL", "ENOSYS"], structs: ["callback_register", "callback_unregister", "bounce_frame"],
  },
  notPv(X.HYPERVISOR_xenoprof_op, "xenoprof_op", "Profiling (dropped from Xen).", [cmd, a("arg", "void *", "")]),
  {
    nr: X.HYPERVISOR_event_channel_op, name: "event_channel_op",
    args: [a("cmd", "int", "EVTCHNOP_*."), a("arg", "void *", "Struct.")],
    returns: "0, or -errno.", doc: "Event channels, 2-level ABI (1024 ports).", notes: ["Unknown cmd: -ENOSYS."],
    subops: [
      op("EVTCHNOP_bind_interdomain", E.EVTCHNOP_bind_interdomain, "evtchn_bind_interdomain", "Bind to a remote unbound port.", ["EFAULT", "EINVAL", "ESRCH", "EPERM", "ENOSPC", "EBUSY"]),
      op("EVTCHNOP_bind_virq", E.EVTCHNOP_bind_virq, "evtchn_bind_virq", "Bind a VIRQ.", ["EFAULT", "EINVAL", "EEXIST", "ENOENT", "ENOSPC"]),
      op("EVTCHNOP_bind_pirq", E.EVTCHNOP_bind_pirq, "evtchn_bind_pirq", "Bind a physical IRQ.", ["EOPNOTSUPP", "EPERM"]),
      op("EVTCHNOP_close", E.EVTCHNOP_close, "evtchn_close", "Close.", ["EFAULT", "EINVAL"]),
      op("EVTCHNOP_send", E.EVTCHNOP_send, "evtchn_send", "Notify.", ["EFAULT", "EINVAL"]),
      op("EVTCHNOP_status", E.EVTCHNOP_status, "evtchn_status", "Query.", ["EFAULT", "EINVAL", "ESRCH", "EPERM"]),
      op("EVTCHNOP_alloc_unbound", E.EVTCHNOP_alloc_unbound, "evtchn_alloc_unbound", "Allocate for a remote domain.", ["EFAULT", "ESRCH", "EPERM", "ENOSPC"]),
      op("EVTCHNOP_bind_ipi", E.EVTCHNOP_bind_ipi, "evtchn_bind_ipi", "Inter-vCPU channel.", ["EFAULT", "ENOENT", "ENOSPC"]),
      op("EVTCHNOP_bind_vcpu", E.EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu", "Retarget a port.", ["EFAULT", "EINVAL", "ENOENT"]),
      op("EVTCHNOP_unmask", E.EVTCHNOP_unmask, "evtchn_unmask", "Unmask (re-deliver if pending).", ["EFAULT", "EINVAL"]),
      op("EVTCHNOP_reset", E.EVTCHNOP_reset, "evtchn_reset", "Close every port.", ["EFAULT", "ESRCH", "EPERM", "EAGAIN"]),
      op("EVTCHNOP_init_control", E.EVTCHNOP_init_control, "evtchn_init_control", "FIFO ABI.", ["EOPNOTSUPP"]),
      op("EVTCHNOP_expand_array", E.EVTCHNOP_expand_array, "evtchn_expand_array", "FIFO ABI.", ["EOPNOTSUPP"]),
      op("EVTCHNOP_set_priority", E.EVTCHNOP_set_priority, "evtchn_set_priority", "FIFO ABI.", ["EOPNOTSUPP"]),
    ],
    errors: ["EFAULT", "EINVAL", "ESRCH", "EPERM", "ENOSPC", "EEXIST", "ENOENT", "EBUSY", "EAGAIN", "ENOSYS", "EOPNOTSUPP"],
    structs: ["evtchn_bind_interdomain", "evtchn_bind_virq", "evtchn_bind_pirq", "evtchn_close", "evtchn_send", "evtchn_status",
      "evtchn_alloc_unbound", "evtchn_bind_ipi", "evtchn_bind_vcpu", "evtchn_unmask", "evtchn_reset", "evtchn_init_control",
      "evtchn_expand_array", "evtchn_set_priority"],
  },
  notPv(X.HYPERVISOR_physdev_op, "physdev_op", "Physical device operations (IRQs, I/O privilege).", [a("cmd", "int", ""), a("arg", "void *", "")]),
  notPv(X.HYPERVISOR_hvm_op, "hvm_op", "HVM parameters and operations.", [cmd, a("arg", "void *", "")]),
  notPv(X.HYPERVISOR_sysctl, "sysctl", "System control for the toolstack.", [a("u_sysctl", "XEN_GUEST_HANDLE(xen_sysctl_t)", "")]),
  notPv(X.HYPERVISOR_domctl, "domctl", "Domain control for the toolstack.", [a("u_domctl", "XEN_GUEST_HANDLE(xen_domctl_t)", "")]),
  notPv(X.HYPERVISOR_kexec_op, "kexec_op", "kexec images.", [cmd, a("arg", "void *", "")]),
  notPv(X.HYPERVISOR_tmem_op, "tmem_op", "Transcendent memory (removed from Xen).", [a("uops", "void *", "")]),
  notPv(X.HYPERVISOR_argo_op, "argo_op", "Argo inter-domain messaging.", [cmd, a("arg1", "void *", ""), a("arg2", "void *", ""), a("arg3", "unsigned long", ""), a("arg4", "unsigned long", "")]),
  notPv(X.HYPERVISOR_xenpmu_op, "xenpmu_op", "Performance counters.", [cmd, a("arg", "void *", "")]),
  notPv(X.HYPERVISOR_dm_op, "dm_op", "Device-model operations.", [a("domid", "domid_t", ""), a("nr_bufs", "unsigned int", ""), a("bufs", "void *", "")]),
  notPv(X.HYPERVISOR_hypfs_op, "hypfs_op", "Hypervisor filesystem.", [cmd, a("arg1", "void *", ""), a("arg2", "unsigned long", ""), a("arg3", "void *", ""), a("arg4", "unsigned long", "")]),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => notPv(X.HYPERVISOR_arch_0 + i, `arch_${i}`, `Architecture-specific slot ${i}; none defined for rv32 yet.`)),
] satisfies Hypercall[]);

export function hypercallByName(name: string): Hypercall | undefined {
  return HYPERCALLS.find((h) => h.name === name);
}
export function hypercallByNr(nr: number): Hypercall | undefined {
  return HYPERCALLS.find((h) => h.nr === nr);
}
