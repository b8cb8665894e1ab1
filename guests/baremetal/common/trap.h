/*
 * Trap entries of common/trap.S and the C handlers an image defines for them. The
 * frame holds x0..x31 (frame[0] is zero, frame[2] the interrupted sp).
 */
#ifndef BAREMETAL_TRAP_H
#define BAREMETAL_TRAP_H
#include <stdint.h>

void m_trap_entry(void);
void s_trap_entry(void);
void m_trap(uint32_t *frame);
void s_trap(uint32_t *frame);

/* Opens every physical address to S and U mode with one TOR PMP entry. QEMU denies S/U
 * accesses when no PMP entry matches, so images that leave M-mode call this first. */
static inline void pmp_open_all(void) {
  __asm__ volatile("csrw pmpaddr0, %0\n\tcsrw pmpcfg0, %1" ::"r"(0xffffffffu), "r"(0x0fu) : "memory");
}
#endif
