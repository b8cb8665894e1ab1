/*
 * Shared start-up, verdict and trap recording for the ISA images.
 *
 * _start (M-mode, 0x80000000): installs mtrap, opens PMP entry 0 over the whole address
 * space (QEMU enforces PMP, and without a matching entry S and U could touch nothing;
 * pvkit stores PMP registers without enforcing them), clears delegation and interrupt
 * enables, sets gp = 0 and jumps to the image's `test_main`, which ends with `j pass`.
 */
#include "isa.h"

  .section .text.init, "ax"
  .globl _start
_start:
  la    t0, mtrap
  csrw  mtvec, t0
  li    t0, -1
  csrw  pmpaddr0, t0
  li    t0, 0x1f              /* NAPOT, R W X */
  csrw  pmpcfg0, t0
  csrw  medeleg, zero
  csrw  mideleg, zero
  csrw  mie, zero
  csrw  satp, zero
  la    sp, stack_top
  li    gp, 0
  j     test_main

  .globl pass
pass:
  li    t0, 1
  j     report

  /* Sub-test gp failed (255 when gp is 0: no sub-test had started). */
  .globl fail
fail:
  bnez  gp, 1f
  li    gp, 255
1:
  slli  t0, gp, 1
  ori   t0, t0, 1
report:
  la    t1, tohost
  sw    t0, 0(t1)
  sw    zero, 4(t1)
2:
  j     2b

/*
 * M-mode trap: record mcause, mepc, mtval and mstatus, count it, and resume in M at the
 * armed label (one shot). Unarmed: fail the current sub-test.
 */
  .balign 4
  .globl mtrap
mtrap:
  la    t6, trap_rec
  csrr  t5, mcause
  sw    t5, TR_CAUSE(t6)
  csrr  t5, mepc
  sw    t5, TR_EPC(t6)
  csrr  t5, mtval
  sw    t5, TR_TVAL(t6)
  csrr  t5, mstatus
  sw    t5, TR_STATUS(t6)
  lw    t5, TR_COUNT(t6)
  addi  t5, t5, 1
  sw    t5, TR_COUNT(t6)
  lw    t5, TR_RESUME(t6)
  beqz  t5, fail
  sw    zero, TR_RESUME(t6)
  csrw  mepc, t5
  li    t5, MSTATUS_MPP
  csrs  mstatus, t5
  mret

/* S-mode trap: the same with the S registers; resumes in S. */
  .balign 4
  .globl strap
strap:
  la    t6, strap_rec
  csrr  t5, scause
  sw    t5, TR_CAUSE(t6)
  csrr  t5, sepc
  sw    t5, TR_EPC(t6)
  csrr  t5, stval
  sw    t5, TR_TVAL(t6)
  csrr  t5, sstatus
  sw    t5, TR_STATUS(t6)
  lw    t5, TR_COUNT(t6)
  addi  t5, t5, 1
  sw    t5, TR_COUNT(t6)
  lw    t5, TR_RESUME(t6)
  beqz  t5, fail
  sw    zero, TR_RESUME(t6)
  csrw  sepc, t5
  li    t5, MSTATUS_SPP
  csrs  sstatus, t5
  sret

  .data
  .balign 8
  .globl trap_rec, strap_rec
trap_rec:  .word 0, 0, 0, 0, 0, 0
strap_rec: .word 0, 0, 0, 0, 0, 0

  /* The HTIF words: QEMU's spike board finds them by these symbols, as pvkit does. */
  .section .tohost, "aw", @progbits
  .balign 64
  .globl tohost, fromhost
tohost:   .dword 0
  .size tohost, 8
  .balign 64
fromhost: .dword 0
  .size fromhost, 8

  .bss
  .balign 16
  .skip 4096
stack_top:
