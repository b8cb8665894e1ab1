/*
 * CSR numbers, bits and access macros used by the bare-metal images (RISC-V privileged
 * spec 1.12 numbering). Usable from C and assembly.
 */
#ifndef BAREMETAL_CSR_H
#define BAREMETAL_CSR_H

#define MSTATUS_SIE   (1u << 1)
#define MSTATUS_MIE   (1u << 3)
#define MSTATUS_SPIE  (1u << 5)
#define MSTATUS_MPIE  (1u << 7)
#define MSTATUS_SPP   (1u << 8)
#define MSTATUS_MPP   (3u << 11)
#define MSTATUS_MPP_S (1u << 11)
#define MSTATUS_MPRV  (1u << 17)
#define MSTATUS_SUM   (1u << 18)
#define MSTATUS_MXR   (1u << 19)

#define IRQ_SSIP 1
#define IRQ_MSIP 3
#define IRQ_STIP 5
#define IRQ_MTIP 7

#define CAUSE_INTR        0x80000000u
#define CAUSE_ILLEGAL     2
#define CAUSE_ECALL_S     9
#define CAUSE_LOAD_PF     13
#define CAUSE_STORE_PF    15
#define CAUSE_FETCH_PF    12

#define MENVCFGH_STCE (1u << 31)   /* STCE is bit 63 of menvcfg: bit 31 of menvcfgh */

#define SATP_SV32 0x80000000u

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(csr) ({ uint32_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"rK"((uint32_t)(v)) : "memory")

static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void sfence_vma_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static inline void sfence_vma(uintptr_t va) { __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }

/* Reads the 64-bit minstret without a torn carry between the two halves. */
static inline uint64_t read_minstret64(void) {
  uint32_t hi, lo, hi2;
  do {
    hi = csr_read(minstreth);
    lo = csr_read(minstret);
    hi2 = csr_read(minstreth);
  } while (hi != hi2);
  return ((uint64_t)hi << 32) | lo;
}
#endif

#endif
