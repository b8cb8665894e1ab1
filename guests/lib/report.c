/*
 * report.c — XTF-style verdict bookkeeping and the single final result line.
 */
#include <sdk/sdk.h>

static enum xtf_verdict verdict = XTF_NONE;

static void report(enum xtf_verdict v, const char *fmt, va_list ap)
{
    if (fmt && *fmt)
        vprintk(fmt, ap);
    if (v > verdict)
        verdict = v;
}

#define REPORTER(fn, v)                    \
    void fn(const char *fmt, ...)          \
    {                                      \
        va_list ap;                        \
        va_start(ap, fmt);                 \
        report(v, fmt, ap);                \
        va_end(ap);                        \
    }

REPORTER(xtf_success, XTF_SUCCESS)
REPORTER(xtf_skip, XTF_SKIP)
REPORTER(xtf_error, XTF_ERROR)
REPORTER(xtf_failure, XTF_FAILURE)

enum xtf_verdict xtf_verdict(void)
{
    return verdict;
}

const char *xtf_verdict_name(enum xtf_verdict v)
{
    switch (v) {
    case XTF_SUCCESS: return "SUCCESS";
    case XTF_SKIP: return "SKIP";
    case XTF_ERROR: return "ERROR";
    case XTF_FAILURE: return "FAILURE";
    default: return "NONE";
    }
}

void xtf_exit(void)
{
    /* A test that reported nothing did not do its job: that is an ERROR. */
    enum xtf_verdict v = verdict == XTF_NONE ? XTF_ERROR : verdict;
    printk("Test result: %s\n", xtf_verdict_name(v));
    sdk_shutdown(v == XTF_SUCCESS || v == XTF_SKIP ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
