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

export const ARCH_RV32_STRUCTS = [trap_info, bounce_frame, arch_vcpu_info, arch_shared_info] as const;
