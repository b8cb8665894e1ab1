/*
 * events.c — event-channel plumbing for the 2-level ABI (Xen's event_2l rules).
 *
 * Invariants: the hypervisor sets a port's pending bit, then (if unmasked) its
 * selector bit in evtchn_pending_sel, then evtchn_upcall_pending. The guest
 * undoes them in the reverse order: clear upcall_pending, swap the selector
 * word to 0, then take each word's pending & ~mask bits, clearing each pending
 * bit before calling its handler, so an event raised during the handler is
 * seen again rather than lost.
 */
#include <sdk/sdk.h>
#include <xen/callback.h>
#include <xen/event_channel.h>

extern char hypervisor_callback[];

struct handler {
    evtchn_handler_t fn;
    void *data;
};
static struct handler handlers[NR_EVENT_CHANNELS];
volatile unsigned long events_upcall_count;

static inline uint32_t xchg32(volatile uint32_t *p, uint32_t v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline vcpu_info_t *vcpu0(void)
{
    return &HYPERVISOR_shared_info->vcpu_info[0];
}

/* Index of the lowest set bit of a non-zero word (no Zbb, so a plain loop). */
static unsigned lowest_bit(uint32_t w)
{
    unsigned n = 0;
    while (!(w & 1)) {
        w >>= 1;
        n++;
    }
    return n;
}

long events_init(void)
{
    callback_register_t cb = {
        .type = CALLBACKTYPE_event,
        .flags = 0,
        .address = (xen_callback_t)hypervisor_callback,
    };
    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

int bind_evtchn_handler(uint32_t port, evtchn_handler_t fn, void *data)
{
    if (port >= NR_EVENT_CHANNELS)
        return -XEN_EINVAL;
    handlers[port].data = data;
    handlers[port].fn = fn;
    return 0;
}

void mask_evtchn(uint32_t port)
{
    if (port < NR_EVENT_CHANNELS && HYPERVISOR_shared_info)
        __atomic_fetch_or(&HYPERVISOR_shared_info->evtchn_mask[port / 32], 1u << (port % 32), __ATOMIC_SEQ_CST);
}

long unmask_evtchn(uint32_t port)
{
    evtchn_unmask_t u = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

void clear_evtchn(uint32_t port)
{
    if (port < NR_EVENT_CHANNELS && HYPERVISOR_shared_info)
        __atomic_fetch_and(&HYPERVISOR_shared_info->evtchn_pending[port / 32], ~(1u << (port % 32)), __ATOMIC_SEQ_CST);
}

long notify_evtchn(uint32_t port)
{
    evtchn_send_t s = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

void local_events_disable(void)
{
    if (HYPERVISOR_shared_info)
        vcpu0()->evtchn_upcall_mask = 1;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void local_events_enable(void)
{
    if (!HYPERVISOR_shared_info)
        return;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    vcpu0()->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* An event that arrived while masked: any hypercall delivers it on return. */
    if (vcpu0()->evtchn_upcall_pending)
        (void)HYPERVISOR_xen_version(XENVER_version, NULL);
}

void sdk_do_upcall(void *frame)
{
    (void)frame;
    if (!HYPERVISOR_shared_info)
        return;
    shared_info_t *s = HYPERVISOR_shared_info;
    vcpu_info_t *v = vcpu0();
    events_upcall_count++;
    while (v->evtchn_upcall_pending) {
        v->evtchn_upcall_pending = 0;
        uint32_t sel = xchg32(&v->evtchn_pending_sel, 0);
        while (sel) {
            unsigned w = lowest_bit(sel);
            sel &= sel - 1;
            uint32_t bits;
            while ((bits = s->evtchn_pending[w] & ~s->evtchn_mask[w]) != 0) {
                unsigned b = lowest_bit(bits);
                uint32_t port = w * 32 + b;
                __atomic_fetch_and(&s->evtchn_pending[w], ~(1u << b), __ATOMIC_SEQ_CST);
                if (handlers[port].fn)
                    handlers[port].fn(port, handlers[port].data);
            }
        }
    }
}
