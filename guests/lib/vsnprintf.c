/*
 * vsnprintf.c — the one formatter behind printk and snprintf.
 * No floating point, no allocation; output beyond the buffer is counted but
 * dropped, so callers can detect truncation as C99 specifies.
 */
#include <stdint.h>
#include <sdk/printk.h>
#include <sdk/string.h>

struct out {
    char *buf;
    size_t size;
    size_t len; /* characters produced so far, including dropped ones */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

/*
 * Divides *v by base (2..16) in place and returns the remainder. Bitwise long
 * division, because rv32 has no 64-bit divide and the guests link no libgcc.
 */
static unsigned divmod(uint64_t *v, unsigned base)
{
    uint64_t q = 0;
    uint32_t r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | (uint32_t)((*v >> i) & 1);
        if (r >= base) {
            r -= base;
            q |= (uint64_t)1 << i;
        }
    }
    *v = q;
    return r;
}

/* Emits digits of v in the given base, honouring width, zero-pad, left-align. */
static void number(struct out *o, uint64_t v, unsigned base, int neg, int width,
                   int zero, int left, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[divmod(&v, base)];
    } while (v);
    int len = n + (neg ? 1 : 0);
    if (!left && !zero)
        pad(o, ' ', width - len);
    if (neg)
        put(o, '-');
    if (!left && zero)
        pad(o, '0', width - len);
    while (n)
        put(o, tmp[--n]);
    if (left)
        pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        int left = 0, zero = 0, width = 0, prec = -1, lng = 0;
        for (p++; *p == '-' || *p == '0'; p++) {
            if (*p == '-')
                left = 1;
            else
                zero = 1;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        if (*p == '.') {
            prec = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        }
        while (*p == 'l') {
            lng++;
            p++;
        }
        if (left)
            zero = 0;
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            number(&o, mag, 10, v < 0, width, zero, left, 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
                         : lng    ? va_arg(ap, unsigned long)
                                  : va_arg(ap, unsigned int);
            number(&o, v, *p == 'u' ? 10 : 16, 0, width, zero, left, *p == 'X');
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            number(&o, (uintptr_t)va_arg(ap, void *), 16, 0, 8, 1, 0, 0);
            break;
        case 'c': {
            int len = 1;
            if (!left)
                pad(&o, ' ', width - len);
            put(&o, (char)va_arg(ap, int));
            if (left)
                pad(&o, ' ', width - len);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = (int)(prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
            if (!left)
                pad(&o, ' ', width - len);
            for (int i = 0; i < len; i++)
                put(&o, s[i]);
            if (left)
                pad(&o, ' ', width - len);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: stop at the terminator */
            break;
        default: /* unknown conversion: print it as written */
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
