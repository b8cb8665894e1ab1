/*
 * sdk/printk.h — formatted output. vsnprintf is the one formatter; printk sends
 * its result to the hypervisor console (console_io CONSOLEIO_write).
 *
 * Conversions: %d %i %u %x %X %c %s %p %%, length l and ll, flags '-' and '0',
 * a decimal field width, and a precision for %s (%.*s is not supported).
 */
#ifndef SDK_PRINTK_H
#define SDK_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Returns the length the full output would have; writes at most size-1 chars plus NUL. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Writes to the console; returns the number of characters written (truncated at 256). */
int vprintk(const char *fmt, va_list ap);
int printk(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Writes a string of known length to the console, unformatted. */
void console_write(const char *s, size_t len);

#endif
