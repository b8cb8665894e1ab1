/*
 * fx_exhaust — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * A domain may hold at most max_pages frames, whatever it asks for, so one
 * domain cannot starve the others. This guest grows its reservation one frame
 * at a time until increase_reservation completes 0 extents, checks it stopped
 * exactly at XENMEM_maximum_reservation, that large requests (many extents, a
 * big extent order) complete nothing more, that every frame it got is new and
 * its own, and that giving one back lets it take exactly one again.
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

#define MAX_GROW 16384

static xen_pfn_t got[MAX_GROW];

static long reservation(unsigned cmd, xen_pfn_t *frames, unsigned long n, unsigned order)
{
    xen_memory_reservation_t r = { .extent_start = frames, .nr_extents = n, .extent_order = order, .domid = DOMID_SELF };
    return HYPERVISOR_memory_op(cmd, &r);
}

void start_kernel(start_info_t *si)
{
    printk("fx_exhaust: grow past max_pages\n");
    domid_t self = DOMID_SELF;
    long max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    if (max <= 0 || cur <= 0) {
        xtf_error("maximum/current_reservation: %ld / %ld\n", max, cur);
        return;
    }
    unsigned long n = 0;
    long rc = 1;
    while (n < MAX_GROW && (rc = reservation(XENMEM_increase_reservation, &got[n], 1, 0)) == 1)
        n++;
    if (n == MAX_GROW) {
        xtf_failure("still growing after %u frames (max_pages %ld)\n", MAX_GROW, max);
        return;
    }
    fx_expect("increase_reservation at the limit", rc, 0);
    long now = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    xtf_check(now == max && (long)(cur + n) == max, "grew %lu frames from %ld: now %ld, max %ld\n", n, cur, now, max);
    for (unsigned long i = 0; i < n; i++) {
        if (mfn_to_pfn(got[i]) != INVALID_PFN || got[i] == (si->shared_info >> PAGE_SHIFT)) {
            xtf_failure("increase_reservation returned mfn 0x%lx the domain already had\n", (unsigned long)got[i]);
            break;
        }
        for (unsigned long j = 0; j < i; j++)
            if (got[j] == got[i]) {
                xtf_failure("mfn 0x%lx returned twice\n", (unsigned long)got[i]);
                i = n;
                break;
            }
    }
    /* Our new frames are mappable by us (they are ours), read-only here. */
    void *scratch = alloc_page();
    if (n > 0 && scratch)
        fx_expect("mapping a new frame", HYPERVISOR_update_va_mapping((unsigned long)scratch, make_pte(got[0], PTE_KERNEL_RO), UVMF_INVLPG), 0);

    /* Bigger asks get nothing more. */
    static xen_pfn_t many[64];
    fx_expect("64 extents at the limit", reservation(XENMEM_increase_reservation, many, 64, 0), 0);
    fx_expect("one order-9 extent at the limit", reservation(XENMEM_increase_reservation, many, 1, 9), 0);
    fx_expect("populate_physmap at the limit", reservation(XENMEM_populate_physmap, many, 1, 0), 0);
    now = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    xtf_check(now == max, "reservation moved to %ld after refused requests (max %ld)\n", now, max);

    /* One back, one again, then the limit holds. */
    if (n >= 2) {
        if (scratch)
            HYPERVISOR_update_va_mapping((unsigned long)scratch, 0, UVMF_INVLPG);
        xen_pfn_t back = got[n - 1];
        fx_expect("decrease_reservation of one frame", reservation(XENMEM_decrease_reservation, &back, 1, 0), 1);
        fx_expect("increase after giving one back", reservation(XENMEM_increase_reservation, &got[n - 1], 1, 0), 1);
        fx_expect("increase past the limit again", reservation(XENMEM_increase_reservation, many, 1, 0), 0);
    }
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_exhaust: stopped at max_pages %ld after %lu new frames\n", max, n);
}
