/**
 * The rv32 binding's own parts — what arch-x86/xen.h is for x86: trap table entry,
 * the bounce/iret frame, arch_vcpu_info and arch_shared_info.
 *
 * Bounce frame (one layout for both hypervisors, so one image runs on both):
 *
 *   To deliver a trap (set_trap_table) or an event/failsafe callback, the
 *   hypervisor
 *     1. picks the stack: the guest's current sp if the guest was in kernel mode,
 *        else the kernel stack registered with stack_switch;
 *     2. reserves XEN_RV32_FRAME_SIZE bytes below it, rounded down to 16
 *        (psABI stack alignment), and writes the frame there;
 *     3. sets sp = a0 = frame address, a1 = cause, pc = handler, guest kernel mode;
 *     4. masks events (evtchn_upcall_mask = 1) for the event and failsafe
 *        callbacks, and for traps whose trap_info has TI_MASK_EVENTS.
 *   Every other register holds the interrupted value. The handler saves what it
 *   uses, and returns by restoring those registers, setting sp = frame address and
 *   jumping (not calling) to hypercall slot 23 (iret); a0 and a1 are free scratch
 *   for that jump. iret restores pc, sp, a0, a1 and the upcall mask and mode from
 *   the frame; if that unmasks events while one is pending, the event callback is
 *   delivered at once (a new frame at the same place).
 *
 *   A guest may edit the frame before iret (e.g. pc += 4 after an ecall).
 *   iret from user mode, or with a frame that cannot be read: -EFAULT / the domain
 *   is crashed, as Xen does.
 */
import { defineStruct } from "./layout.js";

/** Trap-table flags. Bits 0-1 are reserved (0) on rv32: there is no DPL. */
export const TI_MASK_EVENTS = 1 << 2;
export const TI_FLAGS_VALID = TI_MASK_EVENTS;

/** RISC-V synchronous exception codes a trap table may name (scause, interrupt bit clear). */
export const RV_CAUSE_MISALIGNED_FETCH = 0;
export const RV_CAUSE_FETCH_ACCESS = 1;
export const RV_CAUSE_ILLEGAL_INSTRUCTION = 2;
export const RV_CAUSE_BREAKPOINT = 3;
export const RV_CAUSE_MISALIGNED_LOAD = 4;
export const RV_CAUSE_LOAD_ACCESS = 5;
export const RV_CAUSE_MISALIGNED_STORE = 6;
export const RV_CAUSE_STORE_ACCESS = 7;
export const RV_CAUSE_USER_ECALL = 8;
export const RV_CAUSE_SUPERVISOR_ECALL = 9;
export const RV_CAUSE_FETCH_PAGE_FAULT = 12;
export const RV_CAUSE_LOAD_PAGE_FAULT = 13;
export const RV_CAUSE_STORE_PAGE_FAULT = 15;
/** Exception codes legal as trap_info.vector. */
export const RV_TRAP_VECTORS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15];

/** bounce_frame.cause for deliveries that are not a RISC-V exception (interrupt bit set). */
export const XEN_RV32_CAUSE_EVENT = 0x80000010;
export const XEN_RV32_CAUSE_FAILSAFE = 0x80000011;

/** bounce_frame.flags */
/** evtchn_upcall_mask was set when the frame was built; iret restores it. */
export const XEN_RV32_FRAME_EVENTS_MASKED = 1 << 0;
/** The guest was interrupted in user mode; iret returns to user mode. */
export const XEN_RV32_FRAME_USER_MODE = 1 << 1;
export const XEN_RV32_FRAME_FLAGS_VALID = 0x3;

export const XEN_RV32_FRAME_SIZE = 32;
export const XEN_RV32_STACK_ALIGN = 16;

/** Offsets the transfer page's inline stubs and the guest's assembly use. */
export const FRAME_PC = 0, FRAME_SP = 4, FRAME_A0 = 8, FRAME_A1 = 12, FRAME_FLAGS = 16, FRAME_CAUSE = 20, FRAME_STVAL = 24;

export const trap_info = defineStruct("trap_info", "One set_trap_table entry; the array ends with an entry whose address is 0.", [
  { name: "vector", type: "u8", doc: "RISC-V exception code (scause with the interrupt bit clear)." },
  { name: "flags", type: "u8", doc: "TI_MASK_EVENTS: mask event upcalls on entry. Bits 0-1 reserved (0)." },
  { name: "_pad", type: "u16", doc: "Reserved, 0 (x86's cs)." },
  { name: "address", type: "u32", doc: "Handler virtual address; 0 ends the table.", ctype: "unsigned long" },
]);

export const bounce_frame = defineStruct("bounce_frame",
  "What the hypervisor writes on the guest kernel stack to deliver a trap or callback; HYPERVISOR_iret consumes the same frame.", [
  { name: "pc", type: "u32", doc: "Where the interrupted code resumes (sepc).", owner: "both", ctype: "unsigned long" },
  { name: "sp", type: "u32", doc: "Interrupted sp.", owner: "both", ctype: "unsigned long" },
  { name: "a0", type: "u32", doc: "Interrupted a0 (a0 holds the frame address in the handler).", owner: "both", ctype: "unsigned long" },
  { name: "a1", type: "u32", doc: "Interrupted a1 (a1 holds the cause in the handler).", owner: "both", ctype: "unsigned long" },
  { name: "flags", type: "u32", doc: "XEN_RV32_FRAME_*: saved upcall mask, interrupted mode.", owner: "both" },
  { name: "cause", type: "u32", doc: "scause of the trap, or XEN_RV32_CAUSE_EVENT / _FAILSAFE.", owner: "XEN" },
  { name: "stval", type: "u32", doc: "stval of the trap (faulting address, bad instruction); 0 for callbacks.", owner: "XEN" },
  { name: "_pad", type: "u32", doc: "Reserved, 0; keeps the frame a multiple of 16 bytes.", owner: "XEN" },
]);

export const arch_vcpu_info = defineStruct("arch_vcpu_info",
  "Per-vCPU arch state in vcpu_info: the last trap delivered (as cr2 is on x86).", [
  { name: "stval", type: "u32", doc: "stval of the last trap delivered to this vCPU.", owner: "XEN", ctype: "unsigned long" },
  { name: "scause", type: "u32", doc: "scause of the last trap delivered to this vCPU.", owner: "XEN", ctype: "unsigned long" },
  { name: "pad", type: { array: "u32", length: 4 }, doc: "Reserved.", ctype: "unsigned long" },
]);

export const arch_shared_info = defineStruct("arch_shared_info", "rv32 part of shared_info: the p2m list for tools.", [
  { name: "max_pfn", type: "u32", doc: "Number of entries in the p2m list.", owner: "GST", ctype: "unsigned long" },
  { name: "pfn_to_mfn_frame_list_list", type: "u32", doc: "MFN of the frame list list (save/restore tools).", owner: "GST", ctype: "xen_pfn_t" },
  { name: "p2m_vaddr", type: "u32", doc: "Virtual address of the p2m list.", owner: "GST", ctype: "unsigned long" },
  { name: "p2m_generation", type: "u32", doc: "Incremented around p2m list changes.", owner: "GST", ctype: "unsigned long" },
]);

/**
 * vcpu_guest_context flags (VGCF_*), Xen's bit numbers. On rv32:
 *   VGCF_in_kernel   required: a vCPU starts in guest kernel mode;
 *   VGCF_failsafe_disables_events  accepted; the failsafe callback always masks events;
 *   VGCF_online      the vCPU is up as soon as VCPUOP_initialise succeeds (no VCPUOP_up).
 * Any other bit (VGCF_i387_valid, VGCF_syscall_disables_events, ...) is -EINVAL.
 */
export const _VGCF_i387_valid = 0;
export const VGCF_i387_valid = 1 << _VGCF_i387_valid;
export const _VGCF_in_kernel = 2;
export const VGCF_in_kernel = 1 << _VGCF_in_kernel;
export const _VGCF_failsafe_disables_events = 3;
export const VGCF_failsafe_disables_events = 1 << _VGCF_failsafe_disables_events;
export const _VGCF_syscall_disables_events = 4;
export const VGCF_syscall_disables_events = 1 << _VGCF_syscall_disables_events;
export const _VGCF_online = 5;
export const VGCF_online = 1 << _VGCF_online;
export const VGCF_RV32_VALID = VGCF_in_kernel | VGCF_failsafe_disables_events | VGCF_online;

/** Entries of vcpu_guest_context.trap_ctxt (one per RISC-V exception code 0..15 at most). */
export const XEN_RV32_CTX_TRAPS = 16;

/** ABI names of x1..x31, in register order; cpu_user_regs puts xN at offset 4*N and pc at 0. */
export const RV_REG_NAMES: readonly string[] = [
  "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

export const cpu_user_regs = defineStruct("cpu_user_regs",
  "A vCPU's integer registers: pc where x0 would be, then x1..x31 by ABI name (xN at offset 4*N).", [
  { name: "pc", type: "u32", doc: "Where the vCPU starts (runs next).", ctype: "unsigned long" },
  ...RV_REG_NAMES.map((n, i) => ({ name: n, type: "u32" as const, doc: `x${i + 1}`, ctype: "unsigned long" })),
]);

export const vcpu_guest_context = defineStruct("vcpu_guest_context",
  "VCPUOP_initialise: the state a secondary vCPU starts from (Xen's PV vcpu_guest_context, rv32 binding).", [
  { name: "flags", type: "u32", doc: "IN: VGCF_*; VGCF_in_kernel is required." },
  { name: "user_regs", type: { struct: cpu_user_regs }, doc: "IN: pc and x1..x31 at start." },
  { name: "trap_ctxt", type: { array: { struct: trap_info }, length: XEN_RV32_CTX_TRAPS },
    doc: "IN: the vCPU's trap table, as set_trap_table's; ends at the first entry with address 0." },
  { name: "kernel_sp", type: "u32", doc: "IN: kernel stack for deliveries from guest user mode (what stack_switch sets).", ctype: "unsigned long" },
  { name: "ctrlreg3", type: "u32", doc: "IN: machine frame of the vCPU's Sv32 root table (a valid root of the domain).", ctype: "xen_pfn_t" },
  { name: "event_callback", type: "u32", doc: "IN: event upcall address (0: none).", ctype: "unsigned long" },
  { name: "failsafe_callback", type: "u32", doc: "IN: failsafe callback address (0: none).", ctype: "unsigned long" },
  { name: "_pad", type: { array: "u32", length: 3 }, doc: "Reserved, 0.", ctype: "unsigned long" },
]);

export const ARCH_RV32_STRUCTS = [trap_info, bounce_frame, arch_vcpu_info, arch_shared_info, cpu_user_regs, vcpu_guest_context] as const;
