/*
 * printf-lite for the bare-metal images: enough formatting for status lines, no
 * floating point, no heap. 64-bit division comes from the local helpers below because
 * the images link no libgcc/compiler-rt.
 */
#include "virt.h"

static uint64_t udiv64(uint64_t n, uint32_t d, uint32_t *rem) {
  /* Shift-subtract long division: slow but small, and only used for printing. */
  uint64_t q = 0;
  uint64_t r = 0;
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) {
      r -= d;
      q |= (uint64_t)1 << i;
    }
  }
  *rem = (uint32_t)r;
  return q;
}

static void put_num(uint64_t v, uint32_t base, int width, char pad, int neg) {
  char buf[24];
  int n = 0;
  do {
    uint32_t r;
    if (base == 16) {
      r = (uint32_t)(v & 15);
      v >>= 4;
    } else {
      v = udiv64(v, base, &r);
    }
    buf[n++] = (char)(r < 10 ? '0' + r : 'a' + r - 10);
  } while (v != 0 && n < (int)sizeof buf);
  if (neg) {
    if (pad == '0') {
      uart_putc('-');
    } else {
      buf[n++] = '-';
    }
    width--;
  }
  for (int i = n; i < width; i++) uart_putc(pad);
  while (n > 0) uart_putc(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      uart_putc(*fmt);
      continue;
    }
    fmt++;
    char pad = ' ';
    int width = 0;
    int longlong = 0;
    if (*fmt == '0') {
      pad = '0';
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    if (fmt[0] == 'l' && fmt[1] == 'l') {
      longlong = 1;
      fmt += 2;
    }
    switch (*fmt) {
      case 'd': {
        int64_t v = longlong ? va_arg(ap, int64_t) : va_arg(ap, int32_t);
        put_num(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, width, pad, v < 0);
        break;
      }
      case 'u':
        put_num(longlong ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t), 10, width, pad, 0);
        break;
      case 'x':
        put_num(longlong ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t), 16, width, pad, 0);
        break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        int len = 0;
        while (s[len]) len++;
        for (int i = len; i < width; i++) uart_putc(' ');
        uart_puts(s);
        break;
      }
      case 'c':
        uart_putc((char)va_arg(ap, int));
        break;
      case '%':
        uart_putc('%');
        break;
      case '\0':
        return;
      default:
        uart_putc('%');
        uart_putc(*fmt);
        break;
    }
  }
}

void kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
}
