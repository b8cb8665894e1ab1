/*
 * M-mode entry at 0x80000000. Every hart arrives here with a0 = hart id (QEMU's reset
 * vector passes it; so does pvkit's machine). Each hart gets its own STACK_SIZE stack
 * below __stacks_end; hart 0 clears .bss and calls main(), the others park in WFI
 * with interrupts off (a stray wake-up loops back to WFI).
 */
#include "csr.h"

  .section .text.start, "ax"
  .globl _start
_start:
  csrr  t0, mhartid
  li    t1, 8                 /* MAX_HARTS in virt.ld */
  bgeu  t0, t1, park
  la    sp, __stacks_end
  li    t1, 0x4000            /* STACK_SIZE in virt.ld */
  mul   t2, t0, t1
  sub   sp, sp, t2
  bnez  t0, park
  la    t0, m_trap_entry      /* a stray trap reports itself instead of looping */
  csrw  mtvec, t0
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sw    zero, 0(t0)
  addi  t0, t0, 4
  j     1b
2:
  csrr  a0, mhartid
  call  main
  /* main returned its status: 0 passes, anything else fails with that code. */
  call  finish
park:
  csrw  mie, zero
3:
  wfi
  j     3b
