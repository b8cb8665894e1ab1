/*
 * trap_entry.S — one guest trap handler for every vector installed with
 * trap_table_install() (sdk/traps.h).
 *
 * Entered through a bounce frame (abi/arch_rv32.ts): sp = a0 = the frame,
 * a1 = cause, every other register as interrupted. Saves the caller-saved
 * registers below the frame, runs sdk_do_trap(frame) in C, restores them and
 * returns through the iret slot with sp = the frame. The C handler may edit the
 * frame (pc, a0, a1, flags) before it is consumed by iret.
 */
#include <xen/xen.h>

#define SAVE_SIZE 64

    .section .text.trap_entry, "ax", @progbits
    .globl trap_entry
    .p2align 2
trap_entry:
    addi    sp, sp, -SAVE_SIZE
    sw      ra, 0(sp)
    sw      t0, 4(sp)
    sw      t1, 8(sp)
    sw      t2, 12(sp)
    sw      t3, 16(sp)
    sw      t4, 20(sp)
    sw      t5, 24(sp)
    sw      t6, 28(sp)
    sw      a2, 32(sp)
    sw      a3, 36(sp)
    sw      a4, 40(sp)
    sw      a5, 44(sp)
    sw      a6, 48(sp)
    sw      a7, 52(sp)
    call    sdk_do_trap         /* a0 = frame */
    lw      ra, 0(sp)
    lw      t0, 4(sp)
    lw      t1, 8(sp)
    lw      t2, 12(sp)
    lw      t3, 16(sp)
    lw      t4, 20(sp)
    lw      t5, 24(sp)
    lw      t6, 28(sp)
    lw      a2, 32(sp)
    lw      a3, 36(sp)
    lw      a4, 40(sp)
    lw      a5, 44(sp)
    lw      a6, 48(sp)
    lw      a7, 52(sp)
    addi    sp, sp, SAVE_SIZE
    la      a0, hypercall_page + 32 * __HYPERVISOR_iret
    jr      a0
