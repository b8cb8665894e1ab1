/*
 * echo: console input through the UART's receive interrupt and the PLIC.
 *  - Sets PLIC source 10 (the UART) to priority 1, enables it for context 0 (hart 0,
 *    M-mode) with threshold 0, turns on the UART's received-data interrupt (IER.ERBFI)
 *    and MEIE, then sleeps in WFI until input arrives.
 *  - The M-mode handler claims the source, drains the receive buffer (LSR.DR) into a
 *    ring and completes the claim. Any other trap fails the run.
 *  - The main loop echoes printable bytes as they arrive (the terminal is in raw mode,
 *    so nothing else shows them), handles backspace, and on CR or LF (CR LF counts as
 *    one end of line) prints the line back. A line "quit" passes through the finisher.
 * Nothing printed depends on how the input is split into interrupts, so the output is
 * the same on QEMU (which hands over one byte at a time) and on pvkit.
 */
#include "../common/csr.h"
#include "../common/trap.h"
#include "../common/virt.h"

#define IRQ_MEIP 11
#define UART_IRQ 10
#define UART_RBR 0
#define UART_IER 1
#define UART_LSR 5
#define IER_ERBFI 0x01
#define LSR_DR 0x01

#define PLIC_BASE 0x0c000000u
#define PLIC_PRIORITY(src) (PLIC_BASE + 4u * (src))
#define PLIC_ENABLE(ctx) (PLIC_BASE + 0x2000u + 0x80u * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_BASE + 0x200004u + 0x1000u * (ctx))
#define CTX_HART0_M 0

#define RING 256u   /* a power of two */
#define LINE 128u

static volatile uint8_t ring[RING];
static volatile uint32_t ring_head, ring_tail;  /* head: written by the handler only */
static volatile uint32_t dropped;

void m_trap(uint32_t *frame) {
  (void)frame;
  uint32_t cause = csr_read(mcause);
  if (cause != (CAUSE_INTR | IRQ_MEIP)) {
    kprintf("echo: unexpected M-mode trap mcause=%08x mepc=%08x\n", cause, csr_read(mepc));
    finish(2);
  }
  uint32_t src = mmio_read32(PLIC_CLAIM(CTX_HART0_M));
  if (src == 0) return;  /* nothing to claim: the request went away before the claim */
  if (src != UART_IRQ) {
    kprintf("echo: unexpected PLIC source %u\n", src);
    finish(4);
  }
  while (mmio_read8(UART0_BASE + UART_LSR) & LSR_DR) {
    uint8_t b = mmio_read8(UART0_BASE + UART_RBR);
    if (ring_head - ring_tail < RING) {
      ring[ring_head % RING] = b;
      ring_head = ring_head + 1;
    } else {
      dropped = dropped + 1;
    }
  }
  mmio_write32(PLIC_CLAIM(CTX_HART0_M), src);  /* complete */
}

/* Next input byte, sleeping until one arrives. Interrupts are off between the check and
 * WFI, so a byte arriving in between is not missed: WFI still wakes on the pending
 * MEIP, and the handler runs once MIE is back on. */
static uint8_t getc_wait(void) {
  for (;;) {
    csr_clear(mstatus, MSTATUS_MIE);
    if (ring_tail != ring_head) {
      uint8_t b = ring[ring_tail % RING];
      ring_tail = ring_tail + 1;
      csr_set(mstatus, MSTATUS_MIE);
      return b;
    }
    wfi();
    csr_set(mstatus, MSTATUS_MIE);
  }
}

static int is_quit(const char *s, uint32_t n) {
  return n == 4 && s[0] == 'q' && s[1] == 'u' && s[2] == 'i' && s[3] == 't';
}

int main(uint32_t hartid) {
  CHECK(hartid == 0, 1);
  csr_write(mtvec, (uintptr_t)m_trap_entry);
  mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
  mmio_write32(PLIC_THRESHOLD(CTX_HART0_M), 0);
  mmio_write32(PLIC_ENABLE(CTX_HART0_M), 1u << UART_IRQ);
  mmio_write8(UART0_BASE + UART_IER, IER_ERBFI);
  csr_set(mie, 1u << IRQ_MEIP);
  csr_set(mstatus, MSTATUS_MIE);
  uart_puts("echo: type lines; the line \"quit\" ends the run\n");

  char line[LINE];
  uint32_t len = 0, lines = 0;
  int after_cr = 0;
  for (;;) {
    uint8_t c = getc_wait();
    int was_cr = after_cr;
    after_cr = c == '\r';
    if (c == '\n' && was_cr) continue;  /* the LF of a CR LF */
    if (c == '\r' || c == '\n') {
      uart_putc('\n');
      if (is_quit(line, len)) break;
      line[len] = 0;
      lines++;
      kprintf("echo %u: %s\n", lines, line);
      len = 0;
    } else if (c == 0x08 || c == 0x7f) {
      if (len > 0) {
        len--;
        uart_puts("\b \b");
      }
    } else if ((c >= 0x20 || c == '\t') && len < LINE - 1) {
      line[len++] = (char)c;
      uart_putc((char)c);
    }
  }
  csr_clear(mstatus, MSTATUS_MIE);
  kprintf("echo: %u lines, %u bytes dropped; bye\n", lines, dropped);
  return 0;
}
