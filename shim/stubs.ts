/**
 * The transfer page and the hole code, per profile (docs/microxen.md "Stubs").
 *
 * Profile `none`: every slot is `ecall; ret` (iret: `ecall` alone), then poison.
 * Profile `hot`: the slots of the in-lined calls jump into routines in the hole
 * code page (VA HOLE_CODE_VA) and keep `ecall; ret` at slot + 8 as the fallback:
 *
 *   slot+0  lui  t0, %hi(routine)
 *   slot+4  jalr x0, %lo(routine)(t0)
 *   slot+8  ecall                 <- a routine jumps here for what it cannot do
 *   slot+12 ret
 *
 * Routines use only t0-t6 (a0-a4 stay intact until they return), return with
 * a0 = 0 through ra, and do exactly what the shim's handler does in the cases
 * they accept. A fault inside a routine (a bad guest pointer) is completed by the
 * shim as the whole hypercall; an event due while the iret routine runs is
 * handled by restarting or finishing it (traps.ts), since it owns sepc/sstatus.
 */
import { Asm, CSR, enc, REG, hiLo } from "./asm.js";
import { HOLE_CODE_PA, HOLE_LINEAR_VA, DOMAIN_BASE_PA, SHIM_DATA_PA, SHIM_DATA_KERNEL_SP, SHIM_DATA_VCPU_INFO, shimHoleVa } from "./memmap.js";
import type { Profile } from "./domain.js";
import { TRANSFER_PAGE_POISON, TRANSFER_PAGE_SIZE, TRANSFER_SLOT_SIZE, TRANSFER_SLOTS } from "../abi/transfer_page.js";
import {
  DOMID_SELF, HYPERVISOR_iret, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_set_timer_op,
  HYPERVISOR_stack_switch, HYPERVISOR_update_va_mapping, HYPERVISOR_FIRST_ROOT_SLOT, HYPERVISOR_VIRT_START, MMUEXT_INVLPG_LOCAL,
  MMUEXT_NEW_BASEPTR, MMUEXT_TLB_FLUSH_LOCAL,
} from "../abi/xen.js";
import { FRAME_A0, FRAME_A1, FRAME_FLAGS, FRAME_PC, FRAME_SP } from "../abi/arch_rv32.js";

export const HOLE_CODE_VA = shimHoleVa(HOLE_CODE_PA);
const SHIM_DATA_VA = shimHoleVa(SHIM_DATA_PA);
const SSTATUS_SPP = 1 << 8;
const { zero, ra, sp, t0, t1, t2, t3, t4, t5, t6, a0, a1, a2, a3 } = REG;

/** Hypercalls the hot profile in-lines. */
export const INLINE_CALLS: readonly number[] = [
  HYPERVISOR_update_va_mapping, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_set_timer_op,
  HYPERVISOR_stack_switch, HYPERVISOR_iret,
];

export interface StubCode {
  /** The 4 KiB transfer page. */
  page: Uint8Array;
  /** The hole code page (empty for `none`). */
  hole: Uint8Array;
  /** Routine address ranges in the hole code: [start, end) -> hypercall number. */
  routines: { start: number; end: number; nr: number }[];
  /** Address of the iret routine's sret (-1 for `none`). */
  iretSret: number;
  iretStart: number;
  listing: string[];
}

function slotWords(profile: Profile, nr: number, routine: number): number[] {
  if (profile === "hot" && routine >= 0) {
    const { hi, lo } = hiLo(routine);
    return [enc.lui(t0, hi), enc.jalr(zero, t0, lo), enc.ecall(), enc.jalr(zero, ra, 0)];
  }
  return nr === HYPERVISOR_iret ? [enc.ecall()] : [enc.ecall(), enc.jalr(zero, ra, 0)];
}

/** t2 <- hole VA of machine address `pa` (in register `pa`), or branch to fb if outside the domain. */
function toHole(s: Asm, pa: number, out: number, domainBytes: number): void {
  s.li(t5, DOMAIN_BASE_PA);
  s.emit(enc.sub(out, pa, t5), `sub x${out}, x${pa}, t5        # offset in the domain`);
  s.li(t6, domainBytes);
  s.branch("bgeu", out, t6, "fb");
  s.li(t5, HOLE_LINEAR_VA);
  s.emit(enc.add(out, out, t5), `add x${out}, x${out}, t5        # its hole VA`);
}

function ok(s: Asm): void {
  s.emit(enc.addi(a0, zero, 0), "li a0, 0");
  s.emit(enc.jalr(zero, ra, 0), "ret");
}

function fallback(s: Asm, slot: number): void {
  s.label("fb");
  s.jumpAbs(t0, slot + 8, `j ${slot + 8 >>> 0} (slot ecall)`);
}

function uvm(s: Asm, domainBytes: number): void {
  s.branch("bne", a2, zero, "fb");
  s.emit(enc.srli(t0, a3, 2), "srli t0, a3, 2              # only UVMF_LOCAL");
  s.branch("bne", t0, zero, "fb");
  s.li(t0, HYPERVISOR_VIRT_START);
  s.branch("bgeu", a0, t0, "fb");
  s.emit(enc.csrrs(t0, CSR.satp, zero), "csrr t0, satp");
  s.emit(enc.slli(t0, t0, 12), "slli t0, t0, 12            # root PA");
  toHole(s, t0, t0, domainBytes);
  s.emit(enc.srli(t2, a0, 22), "srli t2, a0, 22");
  s.emit(enc.slli(t2, t2, 2), "slli t2, t2, 2");
  s.emit(enc.add(t2, t0, t2), "add t2, t0, t2");
  s.emit(enc.lw(t2, t2, 0), "lw t2, 0(t2)               # root entry");
  s.emit(enc.andi(t3, t2, 1), "andi t3, t2, V");
  s.branch("beq", t3, zero, "fb");
  s.emit(enc.andi(t3, t2, 0xa), "andi t3, t2, R|X");
  s.branch("bne", t3, zero, "fb");
  s.emit(enc.srli(t2, t2, 10), "srli t2, t2, 10");
  s.emit(enc.slli(t2, t2, 12), "slli t2, t2, 12            # L1 PA");
  toHole(s, t2, t2, domainBytes);
  s.emit(enc.srli(t3, a0, 12), "srli t3, a0, 12");
  s.emit(enc.andi(t3, t3, 0x3ff), "andi t3, t3, 0x3ff");
  s.emit(enc.slli(t3, t3, 2), "slli t3, t3, 2");
  s.emit(enc.add(t2, t2, t3), "add t2, t2, t3");
  s.emit(enc.sw(a1, t2, 0), "sw a1, 0(t2)               # the PTE");
  s.emit(enc.andi(t0, a3, 3), "andi t0, a3, 3");
  s.emit(enc.addi(t1, zero, 1), "li t1, UVMF_TLB_FLUSH");
  s.branch("beq", t0, t1, "all");
  s.emit(enc.sfenceVma(a0, zero), "sfence.vma a0");
  ok(s);
  s.label("all");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
}

function mmu(s: Asm, domainBytes: number): void {
  s.li(t0, HYPERVISOR_VIRT_START, "li t0, HYPERVISOR_VIRT_START # a request in the hole: shim says -EFAULT");
  s.branch("bgeu", a0, t0, "fb");
  s.emit(enc.addi(t0, zero, 1), "li t0, 1                   # one request,");
  s.branch("bne", a1, t0, "fb");
  s.branch("bne", a2, zero, "fb");
  s.li(t0, DOMID_SELF, "li t0, DOMID_SELF          # no pdone, own domain");
  s.branch("bne", a3, t0, "fb");
  s.emit(enc.lw(t1, a0, 0), "lw t1, 0(a0)               # ptr");
  s.emit(enc.lw(t2, a0, 4), "lw t2, 4(a0)");
  s.branch("bne", t2, zero, "fb");
  s.emit(enc.lw(t2, a0, 12), "lw t2, 12(a0)              # val high");
  s.branch("bne", t2, zero, "fb");
  s.emit(enc.andi(t2, t1, 3), "andi t2, t1, 3             # MMU_NORMAL_PT_UPDATE");
  s.branch("bne", t2, zero, "fb");
  s.emit(enc.slli(t2, t1, 20), "slli t2, t1, 20");
  s.emit(enc.srli(t2, t2, 20), "srli t2, t2, 20            # offset in the page:");
  s.li(t3, HYPERVISOR_FIRST_ROOT_SLOT * 4, "li t3, 4032                # maybe a hole slot -> shim");
  s.branch("bgeu", t2, t3, "fb");
  toHole(s, t1, t1, domainBytes);
  s.emit(enc.lw(t2, a0, 8), "lw t2, 8(a0)               # val");
  s.emit(enc.sw(t2, t1, 0), "sw t2, 0(t1)");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
}

function mmuext(s: Asm, domainBytes: number, hole: readonly { slot: number; pte: number }[]): void {
  s.li(t0, HYPERVISOR_VIRT_START, "li t0, HYPERVISOR_VIRT_START # a request in the hole: shim says -EFAULT");
  s.branch("bgeu", a0, t0, "fb");
  s.emit(enc.addi(t0, zero, 1), "li t0, 1");
  s.branch("bne", a1, t0, "fb");
  s.branch("bne", a2, zero, "fb");
  s.li(t0, DOMID_SELF);
  s.branch("bne", a3, t0, "fb");
  s.emit(enc.lw(t1, a0, 0), "lw t1, 0(a0)               # cmd");
  s.emit(enc.lw(t2, a0, 4), "lw t2, 4(a0)               # arg1");
  s.emit(enc.addi(t0, zero, MMUEXT_TLB_FLUSH_LOCAL), "li t0, MMUEXT_TLB_FLUSH_LOCAL");
  s.branch("beq", t1, t0, "flush");
  s.emit(enc.addi(t0, zero, MMUEXT_INVLPG_LOCAL), "li t0, MMUEXT_INVLPG_LOCAL");
  s.branch("beq", t1, t0, "invlpg");
  s.emit(enc.addi(t0, zero, MMUEXT_NEW_BASEPTR), "li t0, MMUEXT_NEW_BASEPTR");
  s.branch("bne", t1, t0, "fb");
  s.li(t3, DOMAIN_BASE_PA >>> 12);
  s.emit(enc.sub(t3, t2, t3), "sub t3, t2, t3             # pfn-like index of the root");
  s.li(t4, domainBytes >>> 12);
  s.branch("bgeu", t3, t4, "fb");
  s.emit(enc.slli(t3, t3, 12), "slli t3, t3, 12");
  s.li(t4, HOLE_LINEAR_VA);
  s.emit(enc.add(t3, t3, t4), "add t3, t3, t4             # new root's hole VA");
  s.emit(enc.addi(t3, t3, 2047), "addi t3, t3, 2047");
  s.emit(enc.addi(t3, t3, 1), "addi t3, t3, 1");
  for (const e of hole) {
    s.li(t4, e.pte, `li t4, ${e.pte >>> 0}         # hole slot ${e.slot}`);
    s.emit(enc.sw(t4, t3, e.slot * 4 - 2048), `sw t4, ${e.slot * 4 - 2048}(t3)`);
  }
  s.li(t4, 0x80000000, "li t4, SATP_MODE_SV32");
  s.emit(enc.or(t4, t4, t2), "or t4, t4, t2");
  s.emit(enc.csrrw(zero, CSR.satp, t4), "csrw satp, t4");
  s.label("flush");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
  s.label("invlpg");
  s.emit(enc.sfenceVma(t2, zero), "sfence.vma t2");
  ok(s);
}

function timer(s: Asm): void {
  s.emit(enc.or(t0, a0, a1), "or t0, a0, a1");
  s.branch("beq", t0, zero, "stop");
  s.emit(enc.addi(t6, zero, 100), "li t6, 100                 # ns per tick");
  s.emit(enc.divu(t0, a1, t6), "divu t0, a1, t6            # high word of ns/100");
  s.emit(enc.remu(t1, a1, t6), "remu t1, a1, t6");
  s.emit(enc.slli(t1, t1, 16), "slli t1, t1, 16");
  s.emit(enc.srli(t2, a0, 16), "srli t2, a0, 16");
  s.emit(enc.or(t1, t1, t2), "or t1, t1, t2");
  s.emit(enc.divu(t3, t1, t6), "divu t3, t1, t6");
  s.emit(enc.remu(t1, t1, t6), "remu t1, t1, t6");
  s.emit(enc.slli(t1, t1, 16), "slli t1, t1, 16");
  s.emit(enc.slli(t2, a0, 16), "slli t2, a0, 16");
  s.emit(enc.srli(t2, t2, 16), "srli t2, t2, 16");
  s.emit(enc.or(t1, t1, t2), "or t1, t1, t2");
  s.emit(enc.divu(t4, t1, t6), "divu t4, t1, t6");
  s.emit(enc.remu(t1, t1, t6), "remu t1, t1, t6");
  s.emit(enc.slli(t3, t3, 16), "slli t3, t3, 16");
  s.emit(enc.add(t3, t3, t4), "add t3, t3, t4             # low word of ns/100");
  s.branch("beq", t1, zero, "set");
  s.emit(enc.addi(t3, t3, 1), "addi t3, t3, 1             # round up");
  s.branch("bne", t3, zero, "set");
  s.emit(enc.addi(t0, t0, 1), "addi t0, t0, 1");
  s.label("set");
  s.emit(enc.addi(t5, zero, -1), "li t5, -1");
  s.emit(enc.csrrw(zero, CSR.stimecmp, t5), "csrw stimecmp, t5");
  s.emit(enc.csrrw(zero, CSR.stimecmph, t0), "csrw stimecmph, t0");
  s.emit(enc.csrrw(zero, CSR.stimecmp, t3), "csrw stimecmp, t3");
  ok(s);
  s.label("stop");
  s.emit(enc.addi(t5, zero, -1), "li t5, -1");
  s.emit(enc.csrrw(zero, CSR.stimecmph, t5), "csrw stimecmph, t5");
  s.emit(enc.csrrw(zero, CSR.stimecmp, t5), "csrw stimecmp, t5");
  ok(s);
}

function stackSwitch(s: Asm): void {
  s.li(t0, SHIM_DATA_VA, "li t0, shim data");
  s.emit(enc.sw(a1, t0, SHIM_DATA_KERNEL_SP), "sw a1, KERNEL_SP(t0)");
  ok(s);
}

function iret(s: Asm): number {
  s.emit(enc.lw(t0, sp, FRAME_FLAGS), "lw t0, FLAGS(sp)");
  s.li(t1, SHIM_DATA_VA, "li t1, shim data");
  s.emit(enc.lw(t1, t1, SHIM_DATA_VCPU_INFO), "lw t1, VCPU_INFO(t1)       # hole VA of vcpu_info");
  s.emit(enc.andi(t2, t0, 1), "andi t2, t0, EVENTS_MASKED");
  s.branch("bne", t2, zero, "mask");
  s.emit(enc.lbu(t3, t1, 0), "lbu t3, upcall_pending(t1)");
  s.branch("bne", t3, zero, "fb");
  s.label("mask");
  s.emit(enc.sb(t2, t1, 1), "sb t2, upcall_mask(t1)");
  s.emit(enc.andi(t3, t0, 2), "andi t3, t0, USER_MODE");
  s.emit(enc.addi(t4, zero, SSTATUS_SPP), "li t4, SSTATUS_SPP");
  s.branch("bne", t3, zero, "user");
  s.emit(enc.csrrs(zero, CSR.sstatus, t4), "csrs sstatus, t4");
  s.jal(zero, "regs");
  s.label("user");
  s.emit(enc.csrrc(zero, CSR.sstatus, t4), "csrc sstatus, t4");
  s.label("regs");
  s.emit(enc.lw(t5, sp, FRAME_PC), "lw t5, PC(sp)");
  s.emit(enc.csrrw(zero, CSR.sepc, t5), "csrw sepc, t5");
  s.emit(enc.lw(a0, sp, FRAME_A0), "lw a0, A0(sp)");
  s.emit(enc.lw(a1, sp, FRAME_A1), "lw a1, A1(sp)");
  s.emit(enc.lw(sp, sp, FRAME_SP), "lw sp, SP(sp)");
  const at = s.pc;
  s.emit(enc.sret(), "sret");
  return at;
}

/** Builds the transfer page (at `pageVa`) and hole code for a profile. */
export function buildStubs(profile: Profile, pageVa: number, domainBytes: number, hole: readonly { slot: number; pte: number }[]): StubCode {
  const routineAt = new Map<number, number>();
  const routines: StubCode["routines"] = [];
  const listing: string[] = [];
  const code: number[] = [];
  let iretSret = -1;
  let iretStart = -1;
  if (profile === "hot") {
    let va = HOLE_CODE_VA;
    for (const nr of INLINE_CALLS) {
      const s = new Asm(va);
      const slot = pageVa + nr * TRANSFER_SLOT_SIZE;
      s.label(`routine_${nr}`);
      if (nr === HYPERVISOR_update_va_mapping) uvm(s, domainBytes);
      else if (nr === HYPERVISOR_mmu_update) mmu(s, domainBytes);
      else if (nr === HYPERVISOR_mmuext_op) mmuext(s, domainBytes, hole);
      else if (nr === HYPERVISOR_set_timer_op) timer(s);
      else if (nr === HYPERVISOR_stack_switch) stackSwitch(s);
      else {
        iretStart = va;
        iretSret = iret(s);
      }
      fallback(s, slot);
      const words = s.finish();
      routineAt.set(nr, va);
      routines.push({ start: va, end: s.pc, nr });
      listing.push(...s.listing);
      code.push(...words);
      va = s.pc;
    }
    if (code.length * 4 > 4096) throw new Error(`build stubs: hole code is ${code.length * 4} bytes, more than a page`);
  }
  const page = new Uint8Array(TRANSFER_PAGE_SIZE);
  const pv = new DataView(page.buffer);
  for (let nr = 0; nr < TRANSFER_SLOTS; nr++) {
    const words = slotWords(profile, nr, routineAt.get(nr) ?? -1);
    for (let k = 0; k < TRANSFER_SLOT_SIZE / 4; k++) {
      pv.setUint32(nr * TRANSFER_SLOT_SIZE + k * 4, words[k] ?? TRANSFER_PAGE_POISON, true);
    }
  }
  const holeBytes = new Uint8Array(code.length * 4);
  const hv = new DataView(holeBytes.buffer);
  code.forEach((w, k) => hv.setUint32(k * 4, w, true));
  return { page, hole: holeBytes, routines, iretSret, iretStart, listing };
}
