/**
 * The hypercall transfer page (DESIGN.md decision 4), as data.
 *
 * - One 4 KiB page inside the guest image, at the VA named by the
 *   XEN_ELFNOTE_HYPERCALL_PAGE note (page-aligned, inside a loadable segment).
 * - 128 slots of 32 bytes (8 instructions); slot n serves hypercall n.
 * - The image fills the page with TRANSFER_PAGE_POISON; the domain builder
 *   overwrites it with the hypervisor's stubs. An unfilled slot traps (illegal
 *   instruction) instead of running into the next one.
 * - Calling convention: the guest calls `page + 32 * nr` (jal/jalr, ra = return),
 *   arguments in a0-a4 (a 64-bit argument takes a register pair, low word first),
 *   result in a0 (negative errno on failure). Caller-saved registers (ra, t0-t6,
 *   a0-a7) may be clobbered; callee-saved registers (sp, s0-s11, gp, tp) survive.
 * - Slot 23 (iret) is jumped to, never called: sp = the bounce frame, a0/a1 scratch
 *   (see arch_rv32.ts). It does not return to the jumper.
 * - A stub may branch to more hypervisor code placed in the hypervisor hole.
 */
import { HYPERVISOR_iret } from "./xen.js";

export const TRANSFER_PAGE_SIZE = 4096;
export const TRANSFER_SLOT_SIZE = 32;
export const TRANSFER_SLOTS = 128;
export const TRANSFER_JUMP_ONLY_SLOTS: readonly number[] = [HYPERVISOR_iret];

/**
 * `unimp` (csrrw x0, cycle, x0): a write to the read-only cycle CSR, which raises
 * an illegal-instruction exception in every mode. Stored little-endian.
 */
export const TRANSFER_PAGE_POISON = 0xc0001073;

export const ARG_REGISTERS: readonly string[] = ["a0", "a1", "a2", "a3", "a4"];
export const RESULT_REGISTER = "a0";
export const CLOBBERED_REGISTERS: readonly string[] = ["ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"];
export const PRESERVED_REGISTERS: readonly string[] = ["sp", "gp", "tp", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"];

/** VA of the stub for hypercall `nr` in a transfer page at `pageVa`. */
export function slotAddress(pageVa: number, nr: number): number {
  if (!Number.isInteger(nr) || nr < 0 || nr >= TRANSFER_SLOTS) throw new RangeError(`slot address: hypercall ${nr} outside 0..${TRANSFER_SLOTS - 1}`);
  return (pageVa + nr * TRANSFER_SLOT_SIZE) >>> 0;
}

/** Slot of an address in the page, or -1 if it is not a slot start. */
export function slotOf(pageVa: number, va: number): number {
  const off = (va - pageVa) >>> 0;
  if (off >= TRANSFER_PAGE_SIZE || off % TRANSFER_SLOT_SIZE !== 0) return -1;
  return off / TRANSFER_SLOT_SIZE;
}

/** A page filled with the poison, as the image ships it. */
export function poisonedPage(): Uint8Array {
  const page = new Uint8Array(TRANSFER_PAGE_SIZE);
  const v = new DataView(page.buffer);
  for (let i = 0; i < TRANSFER_PAGE_SIZE; i += 4) v.setUint32(i, TRANSFER_PAGE_POISON, true);
  return page;
}
