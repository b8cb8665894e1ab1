/*
 * sdk/report.h — the XTF-style verdict of a test guest.
 *
 * Each call prints its message and raises the verdict; the most severe wins:
 * SUCCESS < SKIP < ERROR < FAILURE. ERROR means the test itself is broken (or
 * its environment); FAILURE means the hypervisor is. xtf_exit() prints exactly
 * one final "Test result: <VERDICT>" line and shuts down: SHUTDOWN_poweroff for
 * SUCCESS and SKIP, SHUTDOWN_crash for ERROR and FAILURE. If start_kernel
 * returns after any xtf_* call, the SDK calls xtf_exit() itself.
 */
#ifndef SDK_REPORT_H
#define SDK_REPORT_H

#include <stdbool.h>
#include <sdk/printk.h>

enum xtf_verdict { XTF_NONE, XTF_SUCCESS, XTF_SKIP, XTF_ERROR, XTF_FAILURE };

void xtf_success(const char *fmt, ...) PRINTF_LIKE(1, 2);
void xtf_skip(const char *fmt, ...) PRINTF_LIKE(1, 2);
void xtf_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void xtf_failure(const char *fmt, ...) PRINTF_LIKE(1, 2);
enum xtf_verdict xtf_verdict(void);
/* The verdict's name ("SUCCESS", ...); "NONE" before any report. */
const char *xtf_verdict_name(enum xtf_verdict v);
__attribute__((noreturn)) void xtf_exit(void);

/* Check helper: reports a failure naming the expression when `cond` is false. */
#define xtf_check(cond, ...) \
    do { if (!(cond)) xtf_failure(__VA_ARGS__); } while (0)

#endif
