/**
 * Privilege levels, trap causes and interrupt numbers of the RISC-V privileged spec.
 *
 * A trap is one integer (CONVENTIONS.md §5): exception causes are the small codes below;
 * an interrupt is its IRQ number with CAUSE_INTERRUPT (bit 31) set. Cause 0 is a real cause.
 */

export const PRIV_U = 0;
export const PRIV_S = 1;
export const PRIV_M = 3;

/** Set in xcause for interrupts. */
export const CAUSE_INTERRUPT = 0x8000_0000;

export const CAUSE_MISALIGNED_FETCH = 0;
export const CAUSE_FETCH_ACCESS = 1;
export const CAUSE_ILLEGAL_INSTRUCTION = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_MISALIGNED_LOAD = 4;
export const CAUSE_LOAD_ACCESS = 5;
export const CAUSE_MISALIGNED_STORE = 6;
export const CAUSE_STORE_ACCESS = 7;
export const CAUSE_USER_ECALL = 8;
export const CAUSE_SUPERVISOR_ECALL = 9;
export const CAUSE_MACHINE_ECALL = 11;
export const CAUSE_FETCH_PAGE_FAULT = 12;
export const CAUSE_LOAD_PAGE_FAULT = 13;
export const CAUSE_STORE_PAGE_FAULT = 15;

/** Interrupt numbers: the bit in mip/mie and the low bits of an interrupt cause. */
export const IRQ_SSI = 1;
export const IRQ_MSI = 3;
export const IRQ_STI = 5;
export const IRQ_MTI = 7;
export const IRQ_SEI = 9;
export const IRQ_MEI = 11;

/** Interrupts in the order they are taken when several are pending and enabled. */
export const IRQ_PRIORITY: readonly number[] = [IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI];

/** Human-readable name of a cause value (for traces and error messages, never hot paths). */
export function causeName(cause: number): string {
  const interrupt = (cause & CAUSE_INTERRUPT) !== 0;
  const code = cause & 0x7fff_ffff;
  if (interrupt) {
    const names: Record<number, string> = { 1: "SSI", 3: "MSI", 5: "STI", 7: "MTI", 9: "SEI", 11: "MEI" };
    return `interrupt ${names[code] ?? code}`;
  }
  const names: Record<number, string> = {
    0: "instruction address misaligned", 1: "instruction access fault", 2: "illegal instruction",
    3: "breakpoint", 4: "load address misaligned", 5: "load access fault",
    6: "store/AMO address misaligned", 7: "store/AMO access fault", 8: "ecall from U",
    9: "ecall from S", 11: "ecall from M", 12: "instruction page fault", 13: "load page fault",
    15: "store/AMO page fault",
  };
  return names[code] ?? `exception ${code}`;
}
