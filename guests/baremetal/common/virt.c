/*
 * Console on the ns16550a UART and the end of run through the SiFive test finisher.
 * The UART needs no setup on either QEMU or pvkit; the transmitter is polled through
 * LSR.THRE so output is never dropped on a real 16550.
 */
#include "virt.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

void uart_putc(char c) {
  while ((mmio_read8(UART0_BASE + UART_LSR) & LSR_THRE) == 0) {
  }
  mmio_write8(UART0_BASE + UART_THR, (uint8_t)c);
}

void uart_puts(const char *s) {
  while (*s) uart_putc(*s++);
}

uint64_t mtime_read(void) {
  uint32_t hi, lo;
  do {
    hi = mmio_read32(CLINT_MTIME + 4);
    lo = mmio_read32(CLINT_MTIME);
  } while (hi != mmio_read32(CLINT_MTIME + 4));
  return ((uint64_t)hi << 32) | lo;
}

void mtimecmp_write(uint32_t hart, uint64_t v) {
  /* The privileged spec's sequence: low word to all ones first, so no intermediate
   * value lies before both the old and the new deadline. (Setting the high word to all
   * ones instead makes QEMU 7.2 overflow its nanosecond conversion and fire early.) */
  mmio_write32(CLINT_MTIMECMP(hart), 0xffffffffu);
  mmio_write32(CLINT_MTIMECMP(hart) + 4, (uint32_t)(v >> 32));
  mmio_write32(CLINT_MTIMECMP(hart), (uint32_t)v);
}

void finish(int code) {
  uint32_t v = code == 0 ? FINISHER_PASS : (FINISHER_FAIL | ((uint32_t)code << 16));
  for (;;) {
    mmio_write32(FINISHER_BASE, v);
  }
}
