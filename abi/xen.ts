/**
 * Core numbers of the PV ABI — xen/include/public/xen.h, with Xen's names and
 * values. The `__HYPERVISOR_x` numbers are spelled `HYPERVISOR_x` here.
 *
 * rv32 binding (DESIGN.md "The rv32 PV ABI"): a guest calls
 * `hypercall_page + 32 * nr` like a C function, arguments in a0-a4, result in a0
 * (negative errno on failure). See transfer_page.ts.
 */

import { defineStruct } from "./layout.js";
import { arch_shared_info, arch_vcpu_info } from "./arch_rv32.js";

export * from "./sched.js";

// ---------------------------------------------------------------- hypercalls

export const HYPERVISOR_set_trap_table = 0;
export const HYPERVISOR_mmu_update = 1;
export const HYPERVISOR_set_gdt = 2;
export const HYPERVISOR_stack_switch = 3;
export const HYPERVISOR_set_callbacks = 4;
export const HYPERVISOR_fpu_taskswitch = 5;
/** Legacy (< 0x00030101); superseded by sched_op. */
export const HYPERVISOR_sched_op_compat = 6;
export const HYPERVISOR_platform_op = 7;
export const HYPERVISOR_set_debugreg = 8;
export const HYPERVISOR_get_debugreg = 9;
export const HYPERVISOR_update_descriptor = 10;
// 11: no definition
export const HYPERVISOR_memory_op = 12;
export const HYPERVISOR_multicall = 13;
export const HYPERVISOR_update_va_mapping = 14;
export const HYPERVISOR_set_timer_op = 15;
/** Legacy (< 0x00030202); superseded by event_channel_op. */
export const HYPERVISOR_event_channel_op_compat = 16;
export const HYPERVISOR_xen_version = 17;
export const HYPERVISOR_console_io = 18;
/** Legacy (< 0x00030202); superseded by physdev_op. */
export const HYPERVISOR_physdev_op_compat = 19;
export const HYPERVISOR_grant_table_op = 20;
export const HYPERVISOR_vm_assist = 21;
export const HYPERVISOR_update_va_mapping_otherdomain = 22;
/** Jumped to, never called: see transfer_page.ts. */
export const HYPERVISOR_iret = 23;
export const HYPERVISOR_vcpu_op = 24;
export const HYPERVISOR_set_segment_base = 25;
export const HYPERVISOR_mmuext_op = 26;
export const HYPERVISOR_xsm_op = 27;
export const HYPERVISOR_nmi_op = 28;
export const HYPERVISOR_sched_op = 29;
export const HYPERVISOR_callback_op = 30;
export const HYPERVISOR_xenoprof_op = 31;
export const HYPERVISOR_event_channel_op = 32;
export const HYPERVISOR_physdev_op = 33;
export const HYPERVISOR_hvm_op = 34;
export const HYPERVISOR_sysctl = 35;
export const HYPERVISOR_domctl = 36;
export const HYPERVISOR_kexec_op = 37;
export const HYPERVISOR_tmem_op = 38;
export const HYPERVISOR_argo_op = 39;
export const HYPERVISOR_xenpmu_op = 40;
export const HYPERVISOR_dm_op = 41;
export const HYPERVISOR_hypfs_op = 42;
// 43-47: no definition
export const HYPERVISOR_arch_0 = 48;
export const HYPERVISOR_arch_1 = 49;
export const HYPERVISOR_arch_2 = 50;
export const HYPERVISOR_arch_3 = 51;
export const HYPERVISOR_arch_4 = 52;
export const HYPERVISOR_arch_5 = 53;
export const HYPERVISOR_arch_6 = 54;
export const HYPERVISOR_arch_7 = 55;

/** Slots in the transfer page (4096 / 32); numbers above 55 are never defined. */
export const NR_HYPERCALL_SLOTS = 128;

// ---------------------------------------------------------------- mmu_update

/** The low 2 bits of mmu_update.ptr select the command. */
export const MMU_NORMAL_PT_UPDATE = 0;
export const MMU_MACHPHYS_UPDATE = 1;
export const MMU_PT_UPDATE_PRESERVE_AD = 2;
export const MMU_PT_UPDATE_NO_TRANSLATE = 3;

// ---------------------------------------------------------------- mmuext_op

export const MMUEXT_PIN_L1_TABLE = 0;
export const MMUEXT_PIN_L2_TABLE = 1;
export const MMUEXT_PIN_L3_TABLE = 2;
export const MMUEXT_PIN_L4_TABLE = 3;
export const MMUEXT_UNPIN_TABLE = 4;
export const MMUEXT_NEW_BASEPTR = 5;
export const MMUEXT_TLB_FLUSH_LOCAL = 6;
export const MMUEXT_INVLPG_LOCAL = 7;
export const MMUEXT_TLB_FLUSH_MULTI = 8;
export const MMUEXT_INVLPG_MULTI = 9;
export const MMUEXT_TLB_FLUSH_ALL = 10;
export const MMUEXT_INVLPG_ALL = 11;
export const MMUEXT_FLUSH_CACHE = 12;
export const MMUEXT_SET_LDT = 13;
// 14: no definition
export const MMUEXT_NEW_USER_BASEPTR = 15;
export const MMUEXT_CLEAR_PAGE = 16;
export const MMUEXT_COPY_PAGE = 17;
export const MMUEXT_FLUSH_CACHE_GLOBAL = 18;
export const MMUEXT_MARK_SUPER = 19;
export const MMUEXT_UNMARK_SUPER = 20;

// ---------------------------------------------------------------- update_va_mapping

export const UVMF_NONE = 0;
export const UVMF_TLB_FLUSH = 1;
export const UVMF_INVLPG = 2;
export const UVMF_FLUSHTYPE_MASK = 3;
/** With UVMF_MULTI the bits above 1:0 are the guest address of a vCPU bitmap. */
export const UVMF_MULTI = 0;
export const UVMF_LOCAL = 0;
export const UVMF_ALL = 4;

// ---------------------------------------------------------------- console_io

export const CONSOLEIO_write = 0;
export const CONSOLEIO_read = 1;

// ---------------------------------------------------------------- vm_assist

export const VMASST_CMD_enable = 0;
export const VMASST_CMD_disable = 1;
export const VMASST_TYPE_4gb_segments = 0;
export const VMASST_TYPE_4gb_segments_notify = 1;
export const VMASST_TYPE_writable_pagetables = 2;
export const VMASST_TYPE_pae_extended_cr3 = 3;
export const VMASST_TYPE_architectural_iopl = 4;
export const VMASST_TYPE_runstate_update_flag = 5;
export const VMASST_TYPE_m2p_strict = 32;
/** x86-64 PV: suppress the IBPB Xen issues on a guest user-to-kernel switch. */
export const VMASST_TYPE_mode_switch_no_ibpb = 33;

// ---------------------------------------------------------------- domain ids (domid_t = u16)

export const DOMID_FIRST_RESERVED = 0x7ff0;
export const DOMID_SELF = 0x7ff0;
export const DOMID_IO = 0x7ff1;
export const DOMID_XEN = 0x7ff2;
export const DOMID_COW = 0x7ff3;
export const DOMID_INVALID = 0x7ff4;
export const DOMID_ANY = 0x7ff5;
export const DOMID_IDLE = 0x7fff;
export const DOMID_MASK = 0x7fff;

// ---------------------------------------------------------------- virtual IRQs

/** V: per vCPU. */
export const VIRQ_TIMER = 0;
/** V */
export const VIRQ_DEBUG = 1;
/** G: global, one domain at a time. */
export const VIRQ_CONSOLE = 2;
export const VIRQ_DOM_EXC = 3;
export const VIRQ_TBUF = 4;
// 5: no definition
export const VIRQ_DEBUGGER = 6;
/** V */
export const VIRQ_XENOPROF = 7;
export const VIRQ_CON_RING = 8;
export const VIRQ_PCPU_STATE = 9;
export const VIRQ_MEM_EVENT = 10;
/** D: per domain. */
export const VIRQ_ARGO = 11;
export const VIRQ_ENOMEM = 12;
/** V */
export const VIRQ_XENPMU = 13;
export const VIRQ_ARCH_0 = 16;
export const VIRQ_ARCH_1 = 17;
export const VIRQ_ARCH_2 = 18;
export const VIRQ_ARCH_3 = 19;
export const VIRQ_ARCH_4 = 20;
export const VIRQ_ARCH_5 = 21;
export const VIRQ_ARCH_6 = 22;
export const VIRQ_ARCH_7 = 23;
export const NR_VIRQS = 24;

/** Binding class of each VIRQ (V per vCPU, D per domain, G global); undefined = not defined. */
export const VIRQ_CLASS: Readonly<Record<number, "V" | "D" | "G">> = Object.freeze({
  0: "V", 1: "V", 2: "G", 3: "G", 4: "G", 6: "G", 7: "V", 8: "G", 9: "G", 10: "G",
  11: "D", 12: "G", 13: "V",
  16: "G", 17: "G", 18: "G", 19: "G", 20: "G", 21: "G", 22: "G", 23: "G",
});

// ---------------------------------------------------------------- start_info

/** rv32 start_info magic (DESIGN.md decision 2). */
export const XEN_START_INFO_MAGIC = "xen-3.0-rv32";
export const MAX_GUEST_CMDLINE = 1024;
export const SIF_PRIVILEGED = 1 << 0;
export const SIF_INITDOMAIN = 1 << 1;
export const SIF_MULTIBOOT_MOD = 1 << 2;
export const SIF_MOD_START_PFN = 1 << 3;
export const SIF_VIRT_P2M_4TOOLS = 1 << 4;
export const SIF_PM_MASK = 0xff << 8;

// ---------------------------------------------------------------- vcpu_time_info.flags

export const XEN_PVCLOCK_TSC_STABLE_BIT = 1 << 0;
export const XEN_PVCLOCK_GUEST_STOPPED = 1 << 1;

// ---------------------------------------------------------------- rv32 binding constants

export const XEN_PAGE_SHIFT = 12;
export const XEN_PAGE_SIZE = 4096;
/** vcpu_info slots in shared_info; vCPUs beyond it use VCPUOP_register_vcpu_info. */
export const XEN_LEGACY_MAX_VCPUS = 32;
/** The hypervisor hole: VA 0xFC000000-0xFFFFFFFF, Sv32 root slots 1008-1023. */
export const HYPERVISOR_VIRT_START = 0xfc000000;
export const HYPERVISOR_VIRT_END = 0x1_0000_0000;
export const HYPERVISOR_FIRST_ROOT_SLOT = 1008;
/** 2-level event channels with 32-bit words: 32 * 32 ports. */
export const EVTCHN_2L_NR_CHANNELS = 1024;

// ---------------------------------------------------------------- core layouts


export const mmu_update = defineStruct("mmu_update", "One mmu_update request: ptr's low 2 bits select MMU_*.", [
  { name: "ptr", type: "u64", doc: "Machine address of the PTE (or of the frame, MMU_MACHPHYS_UPDATE) | command.", owner: "GST" },
  { name: "val", type: "u64", doc: "New PTE contents (or pfn for MMU_MACHPHYS_UPDATE).", owner: "GST" },
]);

export const mmuext_op = defineStruct("mmuext_op", "One mmuext_op request.", [
  { name: "cmd", type: "u32", doc: "MMUEXT_*.", ctype: "unsigned int" },
  { name: "arg1", type: "u32", doc: "mfn (PIN_*, UNPIN_TABLE, NEW_BASEPTR, CLEAR_PAGE, COPY_PAGE dest) or linear_addr (INVLPG_*, SET_LDT).",
    ctype: "union { xen_pfn_t mfn; unsigned long linear_addr; }" },
  { name: "arg2", type: "u32", doc: "nr_ents (SET_LDT), vcpumask (*_MULTI: guest address of a vCPU bitmap) or src_mfn (COPY_PAGE).",
    ctype: "union { unsigned int nr_ents; XEN_GUEST_HANDLE(const_void) vcpumask; xen_pfn_t src_mfn; }" },
]);

export const multicall_entry = defineStruct("multicall_entry", "One multicall entry; only result is written back.", [
  { name: "op", type: "u32", doc: "Hypercall number.", ctype: "xen_ulong_t" },
  { name: "result", type: "u32", doc: "OUT: the sub-call's return value.", owner: "XEN", ctype: "xen_ulong_t" },
  { name: "args", type: { array: "u32", length: 6 }, doc: "Arguments; only the first 5 are used.", ctype: "xen_ulong_t" },
]);

export const vcpu_time_info = defineStruct("vcpu_time_info",
  "Per-vCPU time base. version is a seqlock: odd while the hypervisor updates. rv32: tsc is the RISC-V time counter.", [
  { name: "version", type: "u32", doc: "Seqlock; odd during an update.", owner: "XEN" },
  { name: "pad0", type: "u32", doc: "Reserved.", owner: "XEN" },
  { name: "tsc_timestamp", type: "u64", doc: "time counter value at system_time.", owner: "XEN" },
  { name: "system_time", type: "u64", doc: "ns since boot at tsc_timestamp.", owner: "XEN" },
  { name: "tsc_to_system_mul", type: "u32", doc: "ns = ((ticks << tsc_shift) * mul) >> 32 (negative shift: right shift).", owner: "XEN" },
  { name: "tsc_shift", type: "i8", doc: "See tsc_to_system_mul.", owner: "XEN", ctype: "int8_t" },
  { name: "flags", type: "u8", doc: "XEN_PVCLOCK_*.", owner: "XEN" },
  { name: "pad1", type: { array: "u8", length: 2 }, doc: "Reserved.", owner: "XEN" },
]);

export const vcpu_info = defineStruct("vcpu_info", "Per-vCPU event state and time, in shared_info or registered with VCPUOP_register_vcpu_info.", [
  { name: "evtchn_upcall_pending", type: "u8", doc: "Set by the hypervisor when a selector bit goes 0->1; the guest clears it before scanning.", owner: "both" },
  { name: "evtchn_upcall_mask", type: "u8", doc: "Guest sets to 1 to hold off event upcalls.", owner: "both" },
  { name: "evtchn_pending_sel", type: "u32", doc: "One bit per 32-port word of evtchn_pending.", owner: "both", ctype: "xen_ulong_t" },
  { name: "arch", type: { struct: arch_vcpu_info }, doc: "rv32 state: last trap's stval/scause." },
  { name: "time", type: { struct: vcpu_time_info }, doc: "Time base.", owner: "XEN" },
]);

export const shared_info = defineStruct("shared_info", "The page shared by the hypervisor and the domain (start_info.shared_info).", [
  { name: "vcpu_info", type: { array: { struct: vcpu_info }, length: 32 }, doc: "XEN_LEGACY_MAX_VCPUS entries.", ctype: "struct vcpu_info" },
  { name: "evtchn_pending", type: { array: "u32", length: 32 }, doc: "1024 pending bits, port p at word p/32 bit p%32.", owner: "both", ctype: "xen_ulong_t" },
  { name: "evtchn_mask", type: { array: "u32", length: 32 }, doc: "1024 mask bits; a masked port sets no selector bit.", owner: "GST", ctype: "xen_ulong_t" },
  { name: "wc_version", type: "u32", doc: "Wallclock seqlock.", owner: "XEN" },
  { name: "wc_sec", type: "u32", doc: "Wallclock at system_time 0: seconds since the epoch (low 32).", owner: "XEN" },
  { name: "wc_nsec", type: "u32", doc: "Wallclock nanoseconds.", owner: "XEN" },
  { name: "wc_sec_hi", type: "u32", doc: "Wallclock seconds (high 32).", owner: "XEN" },
  { name: "arch", type: { struct: arch_shared_info }, doc: "rv32 part." },
]);

/** start_info.console, domU form (the C header declares the dom0 alternative too). */
export const start_info_console = defineStruct("start_info_console", "start_info.console for a domU.", [
  { name: "mfn", type: "u32", doc: "MFN of the console ring.", owner: "XEN", ctype: "xen_pfn_t" },
  { name: "evtchn", type: "u32", doc: "Console event channel.", owner: "XEN" },
]);

export const start_info = defineStruct("start_info", "What the domain builder hands the guest at entry (a0 = its VA).", [
  { name: "magic", type: { array: "u8", length: 32 }, doc: "\"xen-3.0-rv32\", NUL-padded.", owner: "XEN", ctype: "char" },
  { name: "nr_pages", type: "u32", doc: "Total pages allocated to the domain.", owner: "XEN", ctype: "unsigned long" },
  { name: "shared_info", type: "u32", doc: "Machine address of the shared_info page.", owner: "XEN", ctype: "unsigned long" },
  { name: "flags", type: "u32", doc: "SIF_*.", owner: "XEN" },
  { name: "store_mfn", type: "u32", doc: "MFN of the xenstore ring.", owner: "XEN", ctype: "xen_pfn_t" },
  { name: "store_evtchn", type: "u32", doc: "Event channel of the xenstore ring.", owner: "XEN" },
  { name: "console", type: { struct: start_info_console }, doc: "domU: console ring frame and port (dom0: info_off/info_size).", owner: "XEN",
    ctype: "union { struct { xen_pfn_t mfn; uint32_t evtchn; } domU; struct { uint32_t info_off; uint32_t info_size; } dom0; }" },
  { name: "pt_base", type: "u32", doc: "VA of the bootstrap root page table.", owner: "XEN", ctype: "unsigned long" },
  { name: "nr_pt_frames", type: "u32", doc: "Number of bootstrap page-table frames.", owner: "XEN", ctype: "unsigned long" },
  { name: "mfn_list", type: "u32", doc: "VA of the p2m list (pfn -> mfn, u32 each).", owner: "XEN", ctype: "unsigned long" },
  { name: "mod_start", type: "u32", doc: "VA of the module (or its pfn with SIF_MOD_START_PFN).", owner: "XEN", ctype: "unsigned long" },
  { name: "mod_len", type: "u32", doc: "Module size in bytes (0: none).", owner: "XEN", ctype: "unsigned long" },
  { name: "cmd_line", type: { array: "i8", length: 1024 }, doc: "NUL-terminated command line.", owner: "XEN", ctype: "int8_t" },
  { name: "first_p2m_pfn", type: "u32", doc: "First pfn of the p2m list when it is mapped separately (0 here).", owner: "XEN", ctype: "unsigned long" },
  { name: "nr_p2m_frames", type: "u32", doc: "Pages of that p2m list (0 here).", owner: "XEN", ctype: "unsigned long" },
]);

export const XEN_STRUCTS = [mmu_update, mmuext_op, multicall_entry, vcpu_time_info, vcpu_info, shared_info, start_info_console, start_info] as const;
