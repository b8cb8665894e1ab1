/*
 * sdk/events.h — 2-level event channels: per-port handlers, masking, and the
 * upcall that scans evtchn_pending_sel / evtchn_pending under evtchn_mask.
 *
 * events_init() registers the assembly entry (upcall.S) as the event callback;
 * upcalls stay masked until local_events_enable().
 */
#ifndef SDK_EVENTS_H
#define SDK_EVENTS_H

#include <stdint.h>

#define NR_EVENT_CHANNELS 1024

typedef void (*evtchn_handler_t)(uint32_t port, void *data);

/* 0 or -errno from CALLBACKOP_register. */
long events_init(void);
/* Installs a handler for a port; -EINVAL for a port out of range. */
int bind_evtchn_handler(uint32_t port, evtchn_handler_t fn, void *data);
void mask_evtchn(uint32_t port);
/* Clears the mask through EVTCHNOP_unmask, so a pending event is re-delivered. */
long unmask_evtchn(uint32_t port);
void clear_evtchn(uint32_t port);
long notify_evtchn(uint32_t port);
void local_events_disable(void);
/* Unmasks upcalls; forces delivery if one is already pending. */
void local_events_enable(void);
/* Called from upcall.S with the bounce frame; also callable with events masked. */
void sdk_do_upcall(void *frame);
/* Upcalls handled so far (for tests). */
extern volatile unsigned long events_upcall_count;

#endif
