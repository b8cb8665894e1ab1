/*
 * fx_evtchn — FULL XEN ONLY (microxen keeps only the channels one domain needs).
 *
 * Event channels must not let a guest reach state it does not own or exhaust
 * the hypervisor. This guest sends on port 0, on ports never allocated, on
 * ports past the 2-level limit and on a closed port (-EINVAL), on an unbound
 * port (dropped silently, rc 0, nothing pending), closes twice, tries to bind
 * to other domains' ports it was not offered, and allocates 1025 ports: the
 * allocation must stop with -ENOSPC below 1024, and closing them all must
 * give every port back.
 */
#include <sdk/sdk.h>
#include <xen/event_channel.h>
#include "../fx_lib/fx.h"

#define NR_PORTS 1024

static evtchn_port_t ports[NR_PORTS + 1];

static long send(evtchn_port_t p)
{
    evtchn_send_t s = { .port = p };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}
static long close_port(evtchn_port_t p)
{
    evtchn_close_t c = { .port = p };
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}
static long alloc(evtchn_port_t *p)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    *p = a.port;
    return rc;
}

void start_kernel(start_info_t *si)
{
    printk("fx_evtchn: flood and misuse event channels\n");
    shared_info_t *s = HYPERVISOR_shared_info;
    static const evtchn_port_t bad[] = { 0, 1000, 1023, 1024, 4096, 0x7fffffff, 0xffffffff };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long rc = send(bad[i]);
        xtf_check(rc == -XEN_EINVAL, "send on unallocated port %u: rc %ld, want -EINVAL\n", bad[i], rc);
        rc = close_port(bad[i]);
        xtf_check(rc == -XEN_EINVAL, "close of unallocated port %u: rc %ld, want -EINVAL\n", bad[i], rc);
    }
    evtchn_port_t p;
    if (!fx_expect("alloc_unbound", alloc(&p), 0))
        return;
    fx_expect("send on an unbound port (dropped)", send(p), 0);
    if (s)
        xtf_check(!((s->evtchn_pending[p / 32] >> (p % 32)) & 1), "an unbound port %u became pending\n", p);
    fx_expect("close", close_port(p), 0);
    fx_expect("send on a closed port", send(p), -XEN_EINVAL);
    fx_expect("close a closed port", close_port(p), -XEN_EINVAL);

    /* Ports of other domains that were not offered to us. */
    for (domid_t d = 0; d < 4; d++)
        for (evtchn_port_t rp = 1; rp < 4; rp++) {
            evtchn_bind_interdomain_t b = { .remote_dom = d, .remote_port = rp };
            long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
            xtf_check(rc < 0, "bind_interdomain to d%u port %u: rc %ld, want an error\n", d, rp, rc);
        }

    /* Allocate 1025 ports: the 2-level ABI has 1024, port 0 never handed out. */
    unsigned n = 0;
    long rc = 0;
    while (n <= NR_PORTS && (rc = alloc(&ports[n])) == 0) {
        if (ports[n] == 0 || ports[n] >= NR_PORTS) {
            xtf_failure("alloc_unbound gave port %u\n", ports[n]);
            break;
        }
        n++;
    }
    xtf_check(n < NR_PORTS && rc == -XEN_ENOSPC, "allocation stopped after %u ports with rc %ld, want -ENOSPC below %u\n", n, rc, NR_PORTS);
    xtf_check(n >= NR_PORTS - 16, "only %u ports could be allocated\n", n);
    for (unsigned i = 0; i < n; i++)
        if (close_port(ports[i]) != 0) {
            xtf_failure("closing port %u failed\n", ports[i]);
            break;
        }
    unsigned again = 0;
    while (again <= NR_PORTS && alloc(&ports[again]) == 0)
        again++;
    xtf_check(again == n, "after closing all, %u ports could be allocated again, want %u\n", again, n);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_evtchn: bad ports refused, allocation stopped at %u ports with -ENOSPC\n", n);
}
