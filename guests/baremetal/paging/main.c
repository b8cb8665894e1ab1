/*
 * paging: Sv32 translation as S-mode sees it. M-mode builds the tables, opens PMP,
 * delegates page faults to S-mode and drops to S-mode, which turns on satp and checks:
 *   4k      a 4 KiB mapping reaches its frame (write through the VA, read the PA)
 *   mega    a 4 MiB megapage aliasing RAM at 0xC0000000
 *   ad      the hart sets A on a read and D on a write in the leaf PTE
 *   fault   a store to a read-only page and a load from an unmapped page raise
 *           store/load page faults (scause 15/13) with stval = the faulting VA; the
 *           S-mode handler records them and skips the instruction
 *   sum     S-mode loads from a U page fault unless sstatus.SUM is set
 *   mxr     S-mode loads from an execute-only page fault unless sstatus.MXR is set
 *   sfence  after a PTE is changed to another frame, SFENCE.VMA makes the new
 *           frame visible
 * One line per check, then "paging: ok" and a pass.
 */
#include "../common/csr.h"
#include "../common/trap.h"
#include "../common/virt.h"

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define TEST_VA  0x40000000u   /* 4 KiB test pages live at TEST_VA + n * 4 KiB */
#define MEGA_VA  0xC0000000u   /* alias of the first 4 MiB of RAM */
#define RAM_BASE 0x80000000u

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t l2[1024] __attribute__((aligned(4096)));
static uint32_t frame1[1024] __attribute__((aligned(4096)));
static uint32_t frame2[1024] __attribute__((aligned(4096)));

static volatile uint32_t faults, last_cause, last_tval;

static uint32_t leaf(uintptr_t pa, uint32_t flags) { return ((pa >> 12) << 10) | flags | PTE_V; }

void s_trap(uint32_t *frame) {
  uint32_t cause = csr_read(scause);
  if (cause != CAUSE_LOAD_PF && cause != CAUSE_STORE_PF) {
    kprintf("paging: unexpected S-mode trap scause=%08x sepc=%08x stval=%08x\n", cause,
            csr_read(sepc), csr_read(stval));
    finish(3);
  }
  faults = faults + 1;
  last_cause = cause;
  last_tval = csr_read(stval);
  if (cause == CAUSE_LOAD_PF) frame[10] = 0xfau;  /* a0: the marker a faulting load() returns */
  csr_write(sepc, csr_read(sepc) + 4);  /* every instruction is 4 bytes (no C) */
}

/* One load / store per call, always a 4-byte instruction whose result lands in a0, so
 * the handler can skip it and leave a marker. */
__attribute__((noinline)) static uint32_t load(uintptr_t va) {
  uint32_t v;
  __asm__ volatile("mv a0, %1\n\tlw a0, 0(a0)\n\tmv %0, a0" : "=r"(v) : "r"(va) : "a0", "memory");
  return v;
}
__attribute__((noinline)) static void store(uintptr_t va, uint32_t v) {
  __asm__ volatile("sw %1, 0(%0)" ::"r"(va), "r"(v) : "memory");
}

static void expect_fault(uint32_t before, uint32_t cause, uintptr_t va, int code) {
  CHECK(faults == before + 1, code);
  CHECK(last_cause == cause, code);
  CHECK(last_tval == va, code);
}

static void s_main(void) {
  csr_write(stvec, (uintptr_t)s_trap_entry);
  csr_write(satp, SATP_SV32 | ((uintptr_t)root >> 12));
  sfence_vma_all();
  uart_puts("paging: S-mode, Sv32 on\n");

  /* 4k: page 0 -> frame1 */
  store(TEST_VA + 8, 0x11223344u);
  CHECK(frame1[2] == 0x11223344u, 20);
  CHECK(load(TEST_VA + 8) == 0x11223344u, 21);
  uart_puts("paging: 4k mapping ok\n");

  /* mega: MEGA_VA + off aliases RAM_BASE + off */
  uintptr_t off = (uintptr_t)&frame2[5] - RAM_BASE;
  frame2[5] = 0xcafef00du;
  CHECK(load(MEGA_VA + off) == 0xcafef00du, 22);
  store(MEGA_VA + off, 0x0badc0deu);
  CHECK(frame2[5] == 0x0badc0deu, 23);
  uart_puts("paging: 4M megapage ok\n");

  /* ad: page 1 -> frame2, A and D clear until used */
  CHECK((l2[1] & (PTE_A | PTE_D)) == 0, 24);
  (void)load(TEST_VA + 0x1000);
  CHECK((l2[1] & PTE_A) != 0, 25);
  CHECK((l2[1] & PTE_D) == 0, 26);
  store(TEST_VA + 0x1000, 1);
  CHECK((l2[1] & PTE_D) != 0, 27);
  uart_puts("paging: A/D bits set by hardware ok\n");

  /* fault: page 2 read-only, page 3 unmapped */
  uint32_t n = faults;
  store(TEST_VA + 0x2010, 5);
  expect_fault(n, CAUSE_STORE_PF, TEST_VA + 0x2010, 28);
  CHECK(frame1[4] != 5, 29);
  n = faults;
  CHECK(load(TEST_VA + 0x3004) == 0xfau, 30);
  expect_fault(n, CAUSE_LOAD_PF, TEST_VA + 0x3004, 31);
  kprintf("paging: page faults ok (scause %u and %u, stval = VA)\n", CAUSE_STORE_PF, CAUSE_LOAD_PF);

  /* sum: page 4 is a U page on frame1 */
  n = faults;
  (void)load(TEST_VA + 0x4008);
  expect_fault(n, CAUSE_LOAD_PF, TEST_VA + 0x4008, 32);
  csr_set(sstatus, MSTATUS_SUM);
  CHECK(load(TEST_VA + 0x4008) == 0x11223344u, 33);
  csr_clear(sstatus, MSTATUS_SUM);
  n = faults;
  (void)load(TEST_VA + 0x4008);
  expect_fault(n, CAUSE_LOAD_PF, TEST_VA + 0x4008, 34);
  uart_puts("paging: SUM ok\n");

  /* mxr: page 5 is execute-only on frame1 */
  n = faults;
  (void)load(TEST_VA + 0x5008);
  expect_fault(n, CAUSE_LOAD_PF, TEST_VA + 0x5008, 35);
  csr_set(sstatus, MSTATUS_MXR);
  CHECK(load(TEST_VA + 0x5008) == 0x11223344u, 36);
  csr_clear(sstatus, MSTATUS_MXR);
  uart_puts("paging: MXR ok\n");

  /* sfence: page 6 -> frame1, then remapped to frame2 */
  frame2[3] = 0x22222222u;
  frame1[3] = 0x11111111u;
  CHECK(load(TEST_VA + 0x600c) == 0x11111111u, 37);
  l2[6] = leaf((uintptr_t)frame2, PTE_R | PTE_W | PTE_A | PTE_D);
  sfence_vma(TEST_VA + 0x6000);
  CHECK(load(TEST_VA + 0x600c) == 0x22222222u, 38);
  uart_puts("paging: SFENCE.VMA after remap ok\n");

  kprintf("paging: %u page faults taken\n", (uint32_t)faults);
  uart_puts("paging: ok\n");
  finish(0);
}

int main(uint32_t hartid) {
  CHECK(hartid == 0, 1);
  uart_puts("paging: building Sv32 tables in M-mode\n");
  uint32_t rwx_ad = PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
  root[0x000] = leaf(0x00000000u, PTE_R | PTE_W | PTE_A | PTE_D);  /* finisher, CLINT */
  root[0x040] = leaf(UART0_BASE, PTE_R | PTE_W | PTE_A | PTE_D);   /* UART */
  root[RAM_BASE >> 22] = leaf(RAM_BASE, rwx_ad);                  /* identity RAM */
  root[MEGA_VA >> 22] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_A | PTE_D);
  root[TEST_VA >> 22] = ((uintptr_t)l2 >> 12) << 10 | PTE_V;     /* non-leaf */
  l2[0] = leaf((uintptr_t)frame1, PTE_R | PTE_W | PTE_A | PTE_D);
  l2[1] = leaf((uintptr_t)frame2, PTE_R | PTE_W);                 /* A, D left clear */
  l2[2] = leaf((uintptr_t)frame1, PTE_R | PTE_A);                 /* read-only */
  /* l2[3] stays 0: unmapped */
  l2[4] = leaf((uintptr_t)frame1, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
  l2[5] = leaf((uintptr_t)frame1, PTE_X | PTE_A);                 /* execute-only */
  l2[6] = leaf((uintptr_t)frame1, PTE_R | PTE_W | PTE_A | PTE_D);

  pmp_open_all();
  csr_write(medeleg, (1u << CAUSE_FETCH_PF) | (1u << CAUSE_LOAD_PF) | (1u << CAUSE_STORE_PF));
  uint32_t ms = csr_read(mstatus);
  ms = (ms & ~MSTATUS_MPP) | MSTATUS_MPP_S;
  csr_write(mstatus, ms);
  csr_write(mepc, (uintptr_t)s_main);
  __asm__ volatile("mret");
  return 1;
}
