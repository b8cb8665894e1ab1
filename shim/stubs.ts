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
 * Routines use only t0-t6 (a0-a4 stay intact until they return, except that the
 * mmu_update loop advances a0/a1 past the requests it has done), return with
 * a0 = 0 through ra, and do exactly what the shim's handler does in the cases
 * they accept. A fault inside a routine (a bad guest pointer) is completed by the
 * shim from the registers: the whole hypercall, or the requests left; an event
 * due while the iret routine runs is handled by restarting or finishing it
 * (traps.ts), since it owns sepc/sstatus. Per-vCPU words (kernel stack, vcpu_info
 * VA) are in the calling vCPU's shim data block, whose hole VA each hart keeps in
 * sscratch, so the same code serves every hart.
 */
import { Asm, CSR, enc, REG, hiLo } from "./asm.js";
import { hex32 } from "../abi/hex.js";
import { MSTATUS_SPP as SSTATUS_SPP } from "../machine/csr.js";
import { SATP_MODE_SV32 } from "../machine/mmu.js";
import { HOLE_CODE_PA, HOLE_LINEAR_VA, DOMAIN_BASE_PA, SHIM_DATA_KERNEL_SP, SHIM_DATA_VCPU_INFO, shimHoleVa } from "./memmap.js";
import type { Profile } from "./domain.js";
import { TRANSFER_PAGE_POISON, TRANSFER_PAGE_SIZE, TRANSFER_SLOT_SIZE, TRANSFER_SLOTS } from "../abi/transfer_page.js";
import {
  DOMID_SELF, HYPERVISOR_iret, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_set_timer_op,
  HYPERVISOR_stack_switch, HYPERVISOR_update_va_mapping, HYPERVISOR_FIRST_ROOT_SLOT, HYPERVISOR_VIRT_START, MMUEXT_INVLPG_LOCAL,
  MMUEXT_NEW_BASEPTR, MMUEXT_TLB_FLUSH_LOCAL,
} from "../abi/xen.js";
import { FRAME_A0, FRAME_A1, FRAME_FLAGS, FRAME_PC, FRAME_SP } from "../abi/arch_rv32.js";

export const HOLE_CODE_VA = shimHoleVa(HOLE_CODE_PA);
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

/** rd <- a constant: one `lui` when its low 12 bits are zero, else lui + addi. */
function li(s: Asm, rd: number, value: number, text?: string): void {
  if ((value & 0xfff) !== 0) {
    s.li(rd, value, text);
    return;
  }
  s.emit(enc.lui(rd, (value >>> 12) & 0xfffff), text ?? `lui x${rd}, ${hex32(value)}`);
}

/** t4 <- HOLE_LINEAR_VA, t5 <- DOMAIN_BASE_PA, t6 <- domain size: the operands of toHole. */
function holeConsts(s: Asm, domainBytes: number): void {
  li(s, t4, HOLE_LINEAR_VA, "lui t4, HOLE_LINEAR_VA");
  li(s, t5, DOMAIN_BASE_PA, "lui t5, DOMAIN_BASE_PA");
  li(s, t6, domainBytes, "lui t6, domain size");
}

/** reg <- hole VA of the machine address in reg, or branch to fb if outside the domain (needs holeConsts). */
function toHole(s: Asm, reg: number): void {
  s.emit(enc.sub(reg, reg, t5), `sub x${reg}, x${reg}, t5        # offset in the domain`);
  s.branch("bgeu", reg, t6, "fb");
  s.emit(enc.add(reg, reg, t4), `add x${reg}, x${reg}, t4        # its hole VA`);
}

/** t4 <- `base` (a hole VA), t5 <- DOMAIN_BASE_MFN, t6 <- domain frames: the operands of frameToHole. */
function frameConsts(s: Asm, domainBytes: number, base: number, what: string): void {
  li(s, t4, base, `lui t4, ${what}`);
  s.li(t5, DOMAIN_BASE_PA >>> 12, "li t5, DOMAIN_BASE_MFN");
  li(s, t6, domainBytes >>> 12, "li t6, domain frames");
}

/** reg <- t4 + the hole offset of the frame number in reg, or branch to fb if not the domain's (needs frameConsts). */
function frameToHole(s: Asm, reg: number): void {
  s.emit(enc.sub(reg, reg, t5), `sub x${reg}, x${reg}, t5        # frame index in the domain`);
  s.branch("bgeu", reg, t6, "fb");
  s.emit(enc.slli(reg, reg, 12), `slli x${reg}, x${reg}, 12`);
  s.emit(enc.add(reg, reg, t4), `add x${reg}, x${reg}, t4        # its hole VA`);
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
  li(s, t0, HYPERVISOR_VIRT_START, "lui t0, HYPERVISOR_VIRT_START");
  s.branch("bgeu", a0, t0, "fb");
  frameConsts(s, domainBytes, HOLE_LINEAR_VA, "HOLE_LINEAR_VA");
  s.emit(enc.csrrs(t0, CSR.satp, zero), "csrr t0, satp");
  s.emit(enc.slli(t0, t0, 10), "slli t0, t0, 10");
  s.emit(enc.srli(t0, t0, 10), "srli t0, t0, 10            # root frame (satp.PPN)");
  frameToHole(s, t0);
  s.emit(enc.srli(t2, a0, 22), "srli t2, a0, 22");
  s.emit(enc.slli(t2, t2, 2), "slli t2, t2, 2");
  s.emit(enc.add(t2, t0, t2), "add t2, t0, t2");
  s.emit(enc.lw(t2, t2, 0), "lw t2, 0(t2)               # root entry");
  s.emit(enc.andi(t3, t2, 0xb), "andi t3, t2, V|R|X");
  s.emit(enc.addi(t3, t3, -1), "addi t3, t3, -1            # a pointer: V set, R and X clear");
  s.branch("bne", t3, zero, "fb");
  s.emit(enc.srli(t2, t2, 10), "srli t2, t2, 10            # L1 frame");
  frameToHole(s, t2);
  s.emit(enc.srli(t3, a0, 12), "srli t3, a0, 12");
  s.emit(enc.andi(t3, t3, 0x3ff), "andi t3, t3, 0x3ff");
  s.emit(enc.slli(t3, t3, 2), "slli t3, t3, 2");
  s.emit(enc.add(t2, t2, t3), "add t2, t2, t3");
  s.emit(enc.sw(a1, t2, 0), "sw a1, 0(t2)               # the PTE");
  s.emit(enc.addi(t0, a3, -1), "addi t0, a3, -1            # flush type (a3 < 4 here)");
  s.branch("beq", t0, zero, "all");
  s.emit(enc.sfenceVma(a0, zero), "sfence.vma a0");
  ok(s);
  s.label("all");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
}

/**
 * A batch in-line: a0 walks the requests and a1 counts those left, so a fault
 * on a request (the shim completes the call from the registers) or a request
 * the loop does not take (it jumps to the ecall) hands the shim exactly the rest;
 * the requests already written are flushed by the shim with the rest.
 */
function mmu(s: Asm, domainBytes: number): void {
  s.branch("bne", a2, zero, "fb");
  s.li(t0, DOMID_SELF, "li t0, DOMID_SELF          # no pdone, own domain");
  s.branch("bne", a3, t0, "fb");
  s.emit(enc.srli(t0, a1, 12), "srli t0, a1, 12            # under 4096 requests in-line; the shim does the rest");
  s.branch("bne", t0, zero, "fb");
  s.emit(enc.slli(t1, a1, 4), "slli t1, a1, 4");
  s.emit(enc.add(t1, a0, t1), "add t1, a0, t1             # end of the array");
  li(s, t0, HYPERVISOR_VIRT_START, "lui t0, HYPERVISOR_VIRT_START # requests in the hole: shim says -EFAULT");
  s.branch("bltu", t0, t1, "fb");
  s.branch("bgeu", a0, t1, "done");
  holeConsts(s, domainBytes);
  s.emit(enc.lui(t0, (HYPERVISOR_FIRST_ROOT_SLOT * 4) << 8), "lui t0, 4032 << 20         # a root's hole slots -> shim");
  s.label("loop");
  s.emit(enc.lw(t2, a0, 4), "lw t2, 4(a0)               # ptr high");
  s.emit(enc.lw(t3, a0, 12), "lw t3, 12(a0)              # val high");
  s.emit(enc.or(t2, t2, t3), "or t2, t2, t3");
  s.branch("bne", t2, zero, "fb");
  s.emit(enc.lw(t2, a0, 0), "lw t2, 0(a0)               # ptr");
  s.emit(enc.andi(t3, t2, 3), "andi t3, t2, 3             # MMU_NORMAL_PT_UPDATE");
  s.branch("bne", t3, zero, "fb");
  s.emit(enc.slli(t3, t2, 20), "slli t3, t2, 20            # offset in the page, at the top:");
  s.branch("bgeu", t3, t0, "fb");
  toHole(s, t2);
  s.emit(enc.lw(t3, a0, 8), "lw t3, 8(a0)               # val");
  s.emit(enc.sw(t3, t2, 0), "sw t3, 0(t2)");
  s.emit(enc.addi(a0, a0, 16), "addi a0, a0, 16");
  s.emit(enc.addi(a1, a1, -1), "addi a1, a1, -1");
  s.branch("bne", a1, zero, "loop");
  s.label("done");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
}

function mmuext(s: Asm, domainBytes: number, hole: readonly { slot: number; pte: number }[]): void {
  li(s, t0, HYPERVISOR_VIRT_START, "lui t0, HYPERVISOR_VIRT_START # a request in the hole: shim says -EFAULT");
  s.branch("bgeu", a0, t0, "fb");
  s.emit(enc.addi(t0, zero, 1), "li t0, 1");
  s.branch("bne", a1, t0, "fb");
  s.branch("bne", a2, zero, "fb");
  s.li(t0, DOMID_SELF);
  s.branch("bne", a3, t0, "fb");
  s.emit(enc.lw(t1, a0, 0), "lw t1, 0(a0)               # cmd");
  s.emit(enc.lw(t2, a0, 4), "lw t2, 4(a0)               # arg1");
  s.emit(enc.addi(t0, t1, -MMUEXT_NEW_BASEPTR), "addi t0, t1, -MMUEXT_NEW_BASEPTR");
  s.branch("bne", t0, zero, "other");
  s.emit(enc.addi(t3, t2, 0), "mv t3, t2");
  frameConsts(s, domainBytes, HOLE_LINEAR_VA + 4096, "HOLE_LINEAR_VA + 4096");
  frameToHole(s, t3);
  s.emit(enc.lui(t6, 0x100), "lui t6, 0x100              # 4 MiB in a PTE");
  let prev = -1;
  for (const e of hole) {
    // hole entries are stored at their offset from the end of the new root (t3 = its hole VA + 4096)
    if (prev >= 0 && ((e.pte - prev) | 0) === 0x100000) s.emit(enc.add(t1, t1, t6), `add t1, t1, t6             # hole slot ${e.slot}: next 4 MiB`);
    else s.li(t1, e.pte, `li t1, ${hex32(e.pte)}         # hole slot ${e.slot}`);
    s.emit(enc.sw(t1, t3, e.slot * 4 - 4096), `sw t1, ${e.slot * 4 - 4096}(t3)`);
    prev = e.pte;
  }
  li(s, t4, SATP_MODE_SV32, "lui t4, SATP_MODE_SV32");
  s.emit(enc.or(t4, t4, t2), "or t4, t4, t2");
  s.emit(enc.csrrw(zero, CSR.satp, t4), "csrw satp, t4");
  s.label("flush");
  s.emit(enc.sfenceVma(zero, zero), "sfence.vma");
  ok(s);
  s.label("other");
  s.emit(enc.addi(t0, t1, -MMUEXT_TLB_FLUSH_LOCAL), "addi t0, t1, -MMUEXT_TLB_FLUSH_LOCAL");
  s.branch("beq", t0, zero, "flush");
  s.emit(enc.addi(t0, t1, -MMUEXT_INVLPG_LOCAL), "addi t0, t1, -MMUEXT_INVLPG_LOCAL");
  s.branch("bne", t0, zero, "fb");
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
  s.emit(enc.csrrs(t0, CSR.sscratch, zero), "csrr t0, sscratch          # this vCPU's shim data");
  s.emit(enc.sw(a1, t0, SHIM_DATA_KERNEL_SP), "sw a1, KERNEL_SP(t0)");
  ok(s);
}

function iret(s: Asm): number {
  s.emit(enc.lw(t0, sp, FRAME_FLAGS), "lw t0, FLAGS(sp)");
  s.emit(enc.csrrs(t1, CSR.sscratch, zero), "csrr t1, sscratch          # this vCPU's shim data");
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
