/*
 * Default trap handlers: an image that expects no trap at a level gets these, which
 * name the trap and fail the run (finisher code 2 for M-mode, 3 for S-mode) instead of
 * looping on a bad vector. Images that handle traps define their own (strong) symbols.
 */
#include "csr.h"
#include "trap.h"
#include "virt.h"

__attribute__((weak)) void m_trap(uint32_t *frame) {
  (void)frame;
  kprintf("unexpected M-mode trap: mcause=%08x mepc=%08x mtval=%08x\n", csr_read(mcause),
          csr_read(mepc), csr_read(mtval));
  finish(2);
}

__attribute__((weak)) void s_trap(uint32_t *frame) {
  (void)frame;
  kprintf("unexpected S-mode trap: scause=%08x sepc=%08x stval=%08x\n", csr_read(scause),
          csr_read(sepc), csr_read(stval));
  finish(3);
}
