/*
 * sdk/sdk.h — the pvkit guest SDK in one include: ABI headers (generated),
 * start of day, console, memory helpers, events, time and the report API.
 *
 * A guest provides `void start_kernel(start_info_t *si)`. When it returns, the
 * SDK shuts the domain down: with the report verdict if the guest used the
 * xtf_* API (see sdk/report.h), else with SHUTDOWN_poweroff.
 */
#ifndef SDK_SDK_H
#define SDK_SDK_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <xen/xen.h>
#include <xen/hypercall.h>
#include <sdk/string.h>
#include <sdk/printk.h>
#include <sdk/mm.h>
#include <sdk/events.h>
#include <sdk/time.h>
#include <sdk/report.h>

/* Provided by the guest. */
void start_kernel(start_info_t *si);

/* Set by the SDK before start_kernel runs. */
extern start_info_t *start_info;
/* Mapped by the SDK at start of day (NULL if mapping failed). */
extern shared_info_t *HYPERVISOR_shared_info;

/* Shuts the domain down with a SHUTDOWN_* reason; never returns. */
__attribute__((noreturn)) void sdk_shutdown(unsigned int reason);

#endif
