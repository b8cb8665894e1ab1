/*
 * upcall.S — the event callback the hypervisor's bounce frame jumps to.
 *
 * On entry (abi/arch_rv32.ts): sp = a0 = the bounce frame (pc, sp, a0, a1 of the
 * interrupted code are saved in it), a1 = cause, upcalls masked; every other
 * register holds its interrupted value. We save the remaining caller-saved
 * registers below the frame, run the C scanner, restore them, and return by
 * jumping to the iret slot with sp = the frame (a0/a1 are scratch for the jump:
 * iret reloads them from the frame).
 */
#include <xen/xen.h>

#define SAVE_SIZE 64            /* 14 registers, rounded up to 16-byte alignment */

    .section .text.hypervisor_callback, "ax", @progbits
    .globl hypervisor_callback
    .p2align 2
hypervisor_callback:
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
    call    sdk_do_upcall       /* a0 = frame */
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
    addi    sp, sp, SAVE_SIZE   /* sp = the bounce frame again */
    la      a0, hypercall_page + 32 * __HYPERVISOR_iret
    jr      a0
