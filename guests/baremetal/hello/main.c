/*
 * hello: the machine's demo. Prints a banner, the hart id, the ISA from misa decoded
 * into letters, the vendor/arch/impl ids and the privilege modes the hart offers, then
 * passes through the test finisher. Everything printed is fixed by the ISA the board
 * implements, so the output is the same on QEMU's `virt` and on pvkit.
 */
#include "../common/csr.h"
#include "../common/virt.h"

static void print_isa(uint32_t misa) {
  uint32_t mxl = misa >> 30;
  kprintf("isa:   rv%u", mxl == 1 ? 32u : mxl == 2 ? 64u : 128u);
  for (int i = 0; i < 26; i++) {
    if (misa & (1u << i)) uart_putc((char)('a' + i));
  }
  uart_putc('\n');
}

int main(uint32_t hartid) {
  uart_puts("\n");
  uart_puts("  +------------------------------------+\n");
  uart_puts("  |  hello from bare-metal rv32 (virt) |\n");
  uart_puts("  +------------------------------------+\n");
  kprintf("hart:  %u\n", hartid);
  uint32_t misa = csr_read(misa);
  print_isa(misa);
  kprintf("modes: M%s%s\n", (misa & (1u << ('s' - 'a'))) ? " S" : "",
          (misa & (1u << ('u' - 'a'))) ? " U" : "");
  kprintf("mul:   6 * 7 = %d, -100 / 7 = %d, -100 %% 7 = %d\n", 6 * 7, -100 / 7, -100 % 7);
  uart_puts("bye.\n");
  return 0;
}
