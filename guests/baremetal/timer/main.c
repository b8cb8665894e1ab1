/*
 * timer: timer interrupts at both privilege levels.
 *  1. M-mode: arms the CLINT mtimecmp, sleeps in WFI with MTIE enabled and counts
 *     M_TICKS machine timer interrupts (the handler disarms, the loop re-arms, so
 *     every tick is printed whatever the speed of the console).
 *  2. S-mode through Sstc: M-mode sets menvcfg.STCE, mcounteren.TM (so S can read
 *     `time`) and delegates STI with mideleg, then drops to S-mode, which arms
 *     stimecmp, sleeps in WFI and counts S_TICKS supervisor timer interrupts taken
 *     straight to stvec (scause = interrupt | 5), with no M-mode involvement.
 * Only counts and causes are printed, never times, so the output does not depend on
 * the speed of the machine.
 */
#include "../common/csr.h"
#include "../common/trap.h"
#include "../common/virt.h"

#define M_TICKS 4
#define S_TICKS 4
#define PERIOD 5000u  /* timebase ticks: 0.5 ms at 10 MHz */
/* "Disarmed" = a deadline about 30 hours away: far enough never to fire, near enough
 * that QEMU 7.2's conversion to nanoseconds does not overflow (it would fire early). */
#define FAR (1ull << 40)

static volatile uint32_t m_ticks, s_ticks;
static volatile uint64_t m_deadline, s_deadline;
static volatile uint32_t m_armed, s_armed;

void m_trap(uint32_t *frame) {
  (void)frame;
  uint32_t cause = csr_read(mcause);
  if (cause != (CAUSE_INTR | IRQ_MTIP)) {
    kprintf("timer: unexpected M-mode trap mcause=%08x mepc=%08x\n", cause, csr_read(mepc));
    finish(2);
  }
  uint64_t now = mtime_read();
  /* Count only a timer that was armed and is due: an emulator may raise a stale
   * interrupt, which is dropped here (the deadline is rewritten, lowering MTIP) so
   * that the printed count stays exact. A counted tick disarms; the loop re-arms. */
  if (m_armed && now >= m_deadline) {
    m_armed = 0;
    m_ticks = m_ticks + 1;
  }
  mtimecmp_write(0, m_armed ? m_deadline : now + FAR);
}

static uint64_t rdtime64(void) {
  uint32_t hi, lo;
  do {
    hi = csr_read(timeh);
    lo = csr_read(time);
  } while (hi != csr_read(timeh));
  return ((uint64_t)hi << 32) | lo;
}

static void stimecmp_write(uint64_t v) {
  csr_write(0x14d, 0xffffffffu);  /* same order as mtimecmp_write in virt.c */
  csr_write(0x15d, (uint32_t)(v >> 32));
  csr_write(0x14d, (uint32_t)v);
}

void s_trap(uint32_t *frame) {
  (void)frame;
  uint32_t cause = csr_read(scause);
  if (cause != (CAUSE_INTR | IRQ_STIP)) {
    kprintf("timer: unexpected S-mode trap scause=%08x sepc=%08x\n", cause, csr_read(sepc));
    finish(3);
  }
  uint64_t now = rdtime64();
  if (s_armed && now >= s_deadline) {  /* as in m_trap */
    s_armed = 0;
    s_ticks = s_ticks + 1;
  }
  stimecmp_write(s_armed ? s_deadline : now + FAR);
}

static void s_main(void) {
  uart_puts("timer: S-mode, arming stimecmp\n");
  csr_write(stvec, (uintptr_t)s_trap_entry);
  csr_set(sie, 1u << IRQ_STIP);
  csr_set(sstatus, MSTATUS_SIE);
  for (uint32_t i = 1; i <= S_TICKS; i++) {
    s_deadline = rdtime64() + PERIOD;
    s_armed = 1;
    stimecmp_write(s_deadline);
    while (s_ticks < i) wfi();
    kprintf("timer: S tick %u (scause=%08x)\n", (uint32_t)s_ticks, csr_read(scause));
  }
  csr_clear(sstatus, MSTATUS_SIE);
  CHECK((csr_read(sip) & (1u << IRQ_STIP)) == 0, 12);
  kprintf("timer: %u M ticks, %u S ticks\n", (uint32_t)m_ticks, (uint32_t)s_ticks);
  uart_puts("timer: ok\n");
  finish(0);
}

int main(uint32_t hartid) {
  CHECK(hartid == 0, 1);
  csr_write(mtvec, (uintptr_t)m_trap_entry);
  uart_puts("timer: M-mode, arming mtimecmp\n");
  csr_set(mie, 1u << IRQ_MTIP);
  csr_set(mstatus, MSTATUS_MIE);
  for (uint32_t i = 1; i <= M_TICKS; i++) {
    m_deadline = mtime_read() + PERIOD;
    m_armed = 1;
    mtimecmp_write(0, m_deadline);
    while (m_ticks < i) wfi();
    kprintf("timer: M tick %u (mcause=%08x)\n", (uint32_t)m_ticks, csr_read(mcause));
  }
  csr_clear(mstatus, MSTATUS_MIE);
  csr_clear(mie, 1u << IRQ_MTIP);

  /* Hand the supervisor timer to S-mode through Sstc. */
  csr_set(0x31a, MENVCFGH_STCE);         /* menvcfgh.STCE */
  CHECK((csr_read(0x31a) & MENVCFGH_STCE) != 0, 14);
  csr_write(mcounteren, 1u << 1);        /* TM: S-mode may read `time` */
  csr_write(mideleg, 1u << IRQ_STIP);
  CHECK((csr_read(mideleg) & (1u << IRQ_STIP)) != 0, 15);
  csr_set(mie, 1u << IRQ_STIP);
  pmp_open_all();
  uint32_t ms = csr_read(mstatus);
  ms = (ms & ~MSTATUS_MPP) | MSTATUS_MPP_S;
  csr_write(mstatus, ms);
  csr_write(mepc, (uintptr_t)s_main);
  __asm__ volatile("mret");
  return 1;
}
