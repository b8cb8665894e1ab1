/*
 * console.c — console output through console_io(CONSOLEIO_write), the
 * hypervisor's emergency console, which both hypervisors provide.
 */
#include <sdk/sdk.h>

void console_write(const char *s, size_t len)
{
    while (len) {
        /* The buffer is guest memory; a failure leaves nothing else to report to. */
        long rc = HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, (char *)s);
        if (rc < 0)
            return;
        size_t done = rc > 0 && (size_t)rc < len ? (size_t)rc : len;
        s += done;
        len -= done;
    }
}

int vprintk(const char *fmt, va_list ap)
{
    char buf[256];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    console_write(buf, len);
    return (int)len;
}

int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}
