/*
 * events — 2-level event-channel semantics on a loopback channel: alloc_unbound
 * for ourselves, bind_interdomain to it (the new port starts pending), send in
 * both directions, Xen's pending -> selector -> upcall_pending order, a masked
 * port that stays pending without an upcall until EVTCHNOP_unmask re-raises it,
 * close (the peer returns to unbound), status at each step, and the errors of
 * send/close/bind_vcpu. Split drivers rely on exactly these rules.
 */
#include <sdk/sdk.h>
#include <xen/event_channel.h>

static volatile unsigned hits;

static void on_event(uint32_t port, void *data)
{
    hits++;
}

static bool bit(volatile const xen_ulong_t *words, uint32_t n)
{
    return (words[n / 32] >> (n % 32)) & 1;
}

static long evtchn(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static void expect_status(uint32_t port, uint32_t state, uint32_t peer)
{
    evtchn_status_t st = { .dom = DOMID_SELF, .port = port };
    long rc = evtchn(EVTCHNOP_status, &st);
    xtf_check(rc == 0 && st.status == state, "status(%u): rc %ld state %u, want %u\n", port, rc, st.status, state);
    if (rc == 0 && state == EVTCHNSTAT_interdomain)
        xtf_check(st.u.interdomain.port == peer, "status(%u): peer port %u, want %u\n", port, st.u.interdomain.port, peer);
}

void start_kernel(start_info_t *si)
{
    printk("events: loopback channel, masks and selectors\n");
    shared_info_t *s = HYPERVISOR_shared_info;
    if (!s || events_init() != 0) {
        xtf_error("no shared_info or event callback\n");
        return;
    }
    vcpu_info_t *v = &s->vcpu_info[0];
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc = evtchn(EVTCHNOP_alloc_unbound, &au);
    if (rc) {
        xtf_failure("alloc_unbound: rc %ld\n", rc);
        return;
    }
    uint32_t a = au.port;
    expect_status(a, EVTCHNSTAT_unbound, 0);
    evtchn_bind_interdomain_t bi = { .remote_dom = DOMID_SELF, .remote_port = a };
    rc = evtchn(EVTCHNOP_bind_interdomain, &bi);
    if (rc) {
        xtf_failure("bind_interdomain: rc %ld\n", rc);
        return;
    }
    uint32_t b = bi.local_port;
    xtf_check(b != a, "bind_interdomain gave the same port %u\n", a);
    expect_status(a, EVTCHNSTAT_interdomain, b);
    expect_status(b, EVTCHNSTAT_interdomain, a);
    xtf_check(bit(s->evtchn_pending, b), "the newly bound port %u is not pending\n", b);
    clear_evtchn(b);
    v->evtchn_pending_sel = 0;
    v->evtchn_upcall_pending = 0;
    bind_evtchn_handler(b, on_event, NULL);

    /* Upcalls masked: send sets pending, then the selector, then upcall_pending. */
    rc = notify_evtchn(a);
    xtf_check(rc == 0 && bit(s->evtchn_pending, b) && (v->evtchn_pending_sel & (1u << (b / 32))) && v->evtchn_upcall_pending,
              "send(%u): rc %ld pending %d sel 0x%lx upcall %u\n", a, rc, bit(s->evtchn_pending, b),
              (unsigned long)v->evtchn_pending_sel, v->evtchn_upcall_pending);
    xtf_check(hits == 0, "upcall delivered while masked\n");
    local_events_enable();
    xtf_check(hits == 1 && !bit(s->evtchn_pending, b), "unmasking upcalls: %u handler runs, want 1\n", hits);

    /* A masked port stays pending, raises no selector bit, and unmask re-raises it. */
    mask_evtchn(b);
    notify_evtchn(a);
    notify_evtchn(a);                       /* edge: still one pending bit */
    xtf_check(hits == 1 && bit(s->evtchn_pending, b), "masked port: %u runs, pending %d\n", hits, bit(s->evtchn_pending, b));
    xtf_check(!(v->evtchn_pending_sel & (1u << (b / 32))) && v->evtchn_upcall_pending == 0,
              "masked port raised sel 0x%lx / upcall_pending %u\n", (unsigned long)v->evtchn_pending_sel, v->evtchn_upcall_pending);
    rc = unmask_evtchn(b);
    xtf_check(rc == 0 && hits == 2, "EVTCHNOP_unmask: rc %ld, %u runs, want 2\n", rc, hits);

    /* The other direction: b -> a (no handler on a; the SDK clears it). */
    local_events_disable();
    rc = notify_evtchn(b);
    xtf_check(rc == 0 && bit(s->evtchn_pending, a), "send(%u) did not make %u pending\n", b, a);
    local_events_enable();
    xtf_check(!bit(s->evtchn_pending, a), "port %u still pending after the upcall\n", a);

    /* bind_vcpu: fine for interdomain ports, errors for bad ports and vCPUs. */
    evtchn_bind_vcpu_t bv = { .port = b, .vcpu = 0 };
    xtf_check((rc = evtchn(EVTCHNOP_bind_vcpu, &bv)) == 0, "bind_vcpu(%u, 0): rc %ld\n", b, rc);
    bv.vcpu = 4000;
    xtf_check((rc = evtchn(EVTCHNOP_bind_vcpu, &bv)) == -XEN_ENOENT, "bind_vcpu to vCPU 4000: rc %ld, want -ENOENT\n", rc);
    bv = (evtchn_bind_vcpu_t){ .port = NR_EVENT_CHANNELS + 5, .vcpu = 0 };
    xtf_check((rc = evtchn(EVTCHNOP_bind_vcpu, &bv)) == -XEN_EINVAL, "bind_vcpu of a bad port: rc %ld, want -EINVAL\n", rc);

    /* Close b: a goes back to unbound; sends on a are dropped, on b refused. */
    evtchn_close_t cl = { .port = b };
    xtf_check((rc = evtchn(EVTCHNOP_close, &cl)) == 0, "close(%u): rc %ld\n", b, rc);
    expect_status(b, EVTCHNSTAT_closed, 0);
    expect_status(a, EVTCHNSTAT_unbound, 0);
    xtf_check((rc = notify_evtchn(a)) == 0, "send on an unbound port: rc %ld, want 0\n", rc);
    xtf_check((rc = notify_evtchn(b)) == -XEN_EINVAL, "send on a closed port: rc %ld, want -EINVAL\n", rc);
    xtf_check((rc = notify_evtchn(NR_EVENT_CHANNELS)) == -XEN_EINVAL, "send on port 1024: rc %ld\n", rc);
    xtf_check((rc = evtchn(EVTCHNOP_close, &cl)) == -XEN_EINVAL, "closing a closed port: rc %ld, want -EINVAL\n", rc);
    cl.port = a;
    xtf_check((rc = evtchn(EVTCHNOP_close, &cl)) == 0, "close(%u): rc %ld\n", a, rc);
    xtf_check(hits == 2, "%u handler runs in all, want 2\n", hits);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("events: loopback channel follows the 2-level rules\n");
}
