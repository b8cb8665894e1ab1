/*
 * hcall — the native baseline of the hot hypercalls: the physical limit microxen
 * is measured against. M-mode sets up Sv32 (a RAM megapage, device megapages and
 * an L1 for a 4 MiB test window), enables Sstc (menvcfg.STCE), lets S-mode read
 * time/instret (mcounteren), delegates SSIP and drops to S-mode, which runs each
 * privileged operation itself, behind a non-inlined call with the hypercall's C
 * signature (what a native kernel's paravirt hook costs):
 *   null               a null function call                    (null hypercall)
 *   update_va_mapping  one PTE store + sfence.vma va          (update_va_mapping)
 *   mmu_update_N       N PTE stores + one sfence.vma           (mmu_update, N = 1/64/512)
 *   new_baseptr        csrw satp + sfence.vma                  (MMUEXT_NEW_BASEPTR)
 *   set_timer_op       stimecmp <- -1, stimecmph, stimecmp     (set_timer_op)
 *   iret               frame built, reloaded, sepc + sret      (iret)
 *   evtchn_send        pending bit (amoor) + SSIP raise/ack    (EVTCHNOP_send to self)
 * The loops pass the same kind of arguments as guests/kernels/bench (a fixed VA
 * and PTE, a 64-bit deadline plus the iteration count), so per-operation counts
 * differ only by what the operation itself costs.
 * Each runs N iterations between two reads of `instret`, framed by "@begin op" /
 * "@end" console lines (the host times those), then prints "bench op N insns";
 * the list runs twice (the host's JIT warms up in the first round).
 */
#include "csr.h"
#include "trap.h"
#include "virt.h"

#define PTE_V 0x01u
#define PTE_RWX 0x0eu
#define PTE_RW 0x06u
#define PTE_AD 0xc0u
#define WINDOW 0x40000000u
#define ITERS 10000u
#define ITERS_512 200u

typedef struct { uint64_t ptr, val; } mmu_update_t;

static uint32_t root_a[1024] __attribute__((aligned(4096)));
static uint32_t root_b[1024] __attribute__((aligned(4096)));
static uint32_t l1[1024] __attribute__((aligned(4096)));
static uint32_t data[2][1024] __attribute__((aligned(4096)));
static mmu_update_t reqs[512];
static volatile uint32_t pending_word;

static uint32_t leaf(uintptr_t pa, uint32_t flags) { return ((pa >> 12) << 10) | flags | PTE_AD | PTE_V; }

static uint64_t rdinstret64(void) {
  uint32_t hi, lo;
  do {
    hi = csr_read(instreth);
    lo = csr_read(instret);
  } while (hi != csr_read(instreth));
  return ((uint64_t)hi << 32) | lo;
}

/* The operations, each behind a call with the hypercall's arguments. */
__attribute__((noinline)) long nat_null(int cmd, void *arg) { __asm__ volatile("" ::"r"(cmd), "r"(arg)); return 0; }
__attribute__((noinline)) long nat_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags) {
  (void)flags;
  l1[(va >> 12) & 1023] = (uint32_t)val;
  __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
  return 0;
}
__attribute__((noinline)) long nat_mmu_update(mmu_update_t *req, unsigned count, unsigned *done, unsigned dom) {
  (void)done; (void)dom;
  for (unsigned i = 0; i < count; i++) *(volatile uint32_t *)(uintptr_t)(req[i].ptr & ~3ull) = (uint32_t)req[i].val;
  __asm__ volatile("sfence.vma" ::: "memory");
  return 0;
}
__attribute__((noinline)) long nat_new_baseptr(unsigned long mfn) {
  __asm__ volatile("csrw satp, %0\n\tsfence.vma" ::"r"(SATP_SV32 | mfn) : "memory");
  return 0;
}
__attribute__((noinline)) long nat_set_timer(uint64_t t) {
  /* The RV32 order: low word to all-ones first, so no half-written value is ever due. */
  __asm__ volatile("csrw 0x14d, %2\n\tcsrw 0x15d, %0\n\tcsrw 0x14d, %1" ::"r"((uint32_t)(t >> 32)), "r"((uint32_t)t), "r"(-1) : "memory");
  return 0;
}
__attribute__((noinline)) void nat_iret(void) {
  /* Build the same 32-byte frame a PV guest hands to iret, then return through it. */
  __asm__ volatile(
      "addi sp, sp, -32\n\tla t0, 1f\n\tsw t0, 0(sp)\n\taddi t1, sp, 32\n\tsw t1, 4(sp)\n\tsw a0, 8(sp)\n\tsw a1, 12(sp)\n\tsw zero, 16(sp)\n\t"
      "lw t0, 0(sp)\n\tlw a0, 8(sp)\n\tlw a1, 12(sp)\n\tcsrw sepc, t0\n\tli t0, 0x100\n\tcsrs sstatus, t0\n\tlw sp, 4(sp)\n\tsret\n1:"
      ::: "t0", "t1", "a0", "a1", "memory");
}
__attribute__((noinline)) long nat_evtchn_send(unsigned port) {
  __asm__ volatile("amoor.w zero, %0, (%1)\n\tcsrs sip, %2\n\tcsrc sip, %2" ::"r"(1u << (port & 31)), "r"(&pending_word), "r"(1u << IRQ_SSIP) : "memory");
  return 0;
}

static void report(const char *op, uint32_t iters, uint64_t insns) {
  uart_puts("@end\n");
  kprintf("bench %s %u %llu\n", op, iters, insns);
}

#define BENCH(op, iters, body)                                  \
  do {                                                          \
    uart_puts("@begin " op "\n");                               \
    uint64_t t0_ = rdinstret64();                               \
    for (uint32_t i = 0; i < (iters); i++) { body; }            \
    uint64_t t1_ = rdinstret64();                               \
    report(op, (iters), t1_ - t0_);                             \
  } while (0)

static void s_main(void) {
  uart_puts("native: hot hypercall operations in S-mode\n");
  uint32_t pte0 = leaf((uintptr_t)data[0], PTE_RW), pte1 = leaf((uintptr_t)data[1], PTE_RW);
  uint64_t far = ((uint64_t)csr_read(timeh) << 32 | csr_read(time)) + 1000000000ull;   /* 100 s of ticks */
  for (int round = 0; round < 2; round++) {   /* round 0 warms up the host */
    BENCH("null", ITERS, nat_null(0, 0));
    BENCH("update_va_mapping", ITERS, nat_update_va_mapping(WINDOW + 4096, pte1, 2));
    for (unsigned n = 0; n < 512; n++) reqs[n] = (mmu_update_t){ (uintptr_t)&l1[n], (n & 1) ? pte1 : pte0 };
    BENCH("mmu_update_1", ITERS, nat_mmu_update(reqs, 1, 0, 0x7ff0));
    BENCH("mmu_update_64", ITERS, nat_mmu_update(reqs, 64, 0, 0x7ff0));
    BENCH("mmu_update_512", ITERS_512, nat_mmu_update(reqs, 512, 0, 0x7ff0));
    uint32_t mfn_a = (uintptr_t)root_a >> 12, mfn_b = (uintptr_t)root_b >> 12;
    BENCH("new_baseptr", ITERS, nat_new_baseptr((i & 1) ? mfn_a : mfn_b));
    nat_new_baseptr(mfn_a);
    BENCH("set_timer_op", ITERS, nat_set_timer(far + i));
    BENCH("iret", ITERS, nat_iret());
    BENCH("evtchn_send", ITERS, nat_evtchn_send(5));
  }
  /* The stores took effect: the last batch mapped data[0] at page 0 and data[1] at page 1. */
  CHECK(*(volatile uint32_t *)WINDOW == 0xa0 && *(volatile uint32_t *)(WINDOW + 4096) == 0xa1, 20);
  uart_puts("native: done\n");
  finish(0);
}

int main(uint32_t hartid) {
  CHECK(hartid == 0, 1);
  root_a[0x80000000u >> 22] = leaf(0x80000000u, PTE_RWX);   /* the image, stacks, data */
  root_a[UART0_BASE >> 22] = leaf(UART0_BASE & ~0x3fffffu, PTE_RW);
  root_a[FINISHER_BASE >> 22] = leaf(0, PTE_RW);
  root_a[WINDOW >> 22] = (((uintptr_t)l1 >> 12) << 10) | PTE_V;
  for (unsigned i = 0; i < 1024; i++) l1[i] = leaf((uintptr_t)data[i & 1], PTE_RW);
  for (unsigned i = 0; i < 1024; i++) root_b[i] = root_a[i];
  data[0][0] = 0xa0;
  data[1][0] = 0xa1;
  csr_set(0x31a, MENVCFGH_STCE);
  csr_write(mcounteren, 7u);                 /* CY, TM, IR readable from S-mode */
  csr_write(mideleg, (1u << IRQ_SSIP) | (1u << IRQ_STIP));
  pmp_open_all();
  csr_write(satp, SATP_SV32 | ((uintptr_t)root_a >> 12));
  __asm__ volatile("sfence.vma" ::: "memory");
  uint32_t ms = csr_read(mstatus);
  csr_write(mstatus, (ms & ~MSTATUS_MPP) | MSTATUS_MPP_S);
  csr_write(mepc, (uintptr_t)s_main);
  __asm__ volatile("mret");
  return 1;
}
