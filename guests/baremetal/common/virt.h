/*
 * The `virt` board as the bare-metal images see it: device addresses, the console and
 * the test finisher. Implemented in virt.c and printf.c.
 */
#ifndef BAREMETAL_VIRT_H
#define BAREMETAL_VIRT_H
#include <stdint.h>
#include <stdarg.h>

#define UART0_BASE     0x10000000u
#define FINISHER_BASE  0x00100000u
#define CLINT_BASE     0x02000000u
#define CLINT_MSIP(h)      (CLINT_BASE + 4u * (h))
#define CLINT_MTIMECMP(h)  (CLINT_BASE + 0x4000u + 8u * (h))
#define CLINT_MTIME        (CLINT_BASE + 0xbff8u)

#define FINISHER_PASS  0x5555u
#define FINISHER_FAIL  0x3333u

static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }

void uart_putc(char c);
void uart_puts(const char *s);
/* printf-lite: %d %u %x %08x (zero pad / width), %s %c %%, and the `ll` modifier on d/u/x. */
void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

uint64_t mtime_read(void);
void mtimecmp_write(uint32_t hart, uint64_t v);

/* Ends the run through the test finisher: code 0 passes, any other code fails with it. */
__attribute__((noreturn)) void finish(int code);

#define CHECK(cond, code) do { if (!(cond)) { kprintf("check failed: %s (line %d)\n", #cond, __LINE__); finish(code); } } while (0)

#endif
