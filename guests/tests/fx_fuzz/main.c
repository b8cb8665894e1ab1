/*
 * fx_fuzz — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * A hostile guest from the inside: a seeded LCG picks FX_FUZZ_CALLS random
 * hypercalls with arguments biased toward trouble (0, -1, small and huge counts,
 * pointers into its scratch pages, its read-only page tables, the hypervisor
 * hole, unmapped and unaligned VAs, ports near 1024, reserved domids, foreign
 * frame numbers) and makes them all. Calls that end or derail the guest by
 * design are left out: shutdown/block/poll, iret, callbacks, trap tables,
 * taking vCPU 0 down. Every result must be 0, a value or a known -errno;
 * SUCCESS means the guest is still alive afterwards with its memory intact.
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>

#define FX_FUZZ_CALLS 3000
#define NSCRATCH 4

static uint32_t seed = 0x5eed1234;
static uint32_t rnd(void) { seed = seed * 1664525u + 1013904223u; return seed ^ (seed >> 15); }
static unsigned below(unsigned n) { return rnd() % n; }

static uint32_t *scratch[NSCRATCH];
static unsigned long ro_vas[3], foreign_mfns[4];

static const uint32_t words[] = { 0, 1, 2, 3, 4, 7, 8, 16, 255, 256, 1023, 1024, 1025, 4095, 4096, 4097,
                                  0x7ff0, 0x7ff1, 0x7ff2, 0x7ff4, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff };
static const uint32_t bad_vas[] = { 0, 0x1000, 0x40000000, 0xbffff000, 0xFC000000, 0xFC001000, 0xFE000000, 0xFFC00000, 0xFFFFF000, 0xFFFFFFFC };

static uint32_t ptr(void)
{
    switch (below(5)) {
    case 0: case 1: return (uint32_t)scratch[below(NSCRATCH)] + 4 * below(1024);
    case 2: return ro_vas[below(3)] + 4 * below(1024);
    case 3: return (uint32_t)scratch[below(NSCRATCH)] + 4 * below(1023) + 1 + below(3);
    default: return bad_vas[below(sizeof(bad_vas) / 4)] + (below(2) ? 0 : below(4096));
    }
}

static uint32_t arg(void)
{
    switch (below(6)) {
    case 0: case 1: return ptr();
    case 2: return words[below(sizeof(words) / 4)];
    case 3: return foreign_mfns[below(4)] << (below(2) ? 0 : 12);
    case 4: return below(32);
    default: return rnd();
    }
}

/* A random call the guest survives by design; returns nr, fills a[5]. */
static unsigned pick(uint32_t a[5])
{
    static const unsigned nrs[] = { 1, 3, 12, 13, 14, 15, 17, 18, 20, 21, 24, 26, 29, 32, 2, 5, 7, 16, 19, 22, 25, 28, 33, 40, 99, 127 };
    unsigned nr = below(3) ? nrs[below(14)] : nrs[below(sizeof(nrs) / sizeof(nrs[0]))];
    for (unsigned i = 0; i < 5; i++)
        a[i] = arg();
    if (below(3))
        a[0] = below(16);
    if (nr == 29)                                   /* sched_op: yield only */
        a[0] = SCHEDOP_yield;
    if (nr == 24 && a[0] == VCPUOP_down)            /* keep vCPU 0 up */
        a[0] = VCPUOP_is_up;
    if (nr == 14)                                   /* update_va_mapping: never the guest's own pages */
        a[0] = bad_vas[below(sizeof(bad_vas) / 4)] & ~0xfffu;
    return nr;
}

static long call(unsigned nr, const uint32_t a[5])
{
    typedef long (*hc_t)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
    return ((hc_t)HYPERCALL_SLOT(nr))(a[0], a[1], a[2], a[3], a[4]);
}

static int errno_known(long rc)
{
    static const int known[] = { 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 28, 30, 31,
                                 33, 34, 35, 36, 37, 38, 39, 61, 62, 74, 75, 84, 88, 90, 95, 98, 99, 105, 106, 107, 110, 111 };
    if (rc >= 0 || rc <= -4096)
        return 1;
    for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (rc == -known[i])
            return 1;
    return 0;
}

/* Fills a scratch page with random words; multicall entries made of safe calls at the start. */
static void fill(uint32_t *p)
{
    for (unsigned i = 0; i < 1024; i++)
        p[i] = arg();
    multicall_entry_t *mc = (multicall_entry_t *)p;
    for (unsigned i = 0; i < 8; i++) {
        uint32_t a[5];
        mc[i].op = pick(a);
        if (mc[i].op == 13)
            mc[i].op = 17;
        for (unsigned k = 0; k < 5; k++)
            mc[i].args[k] = a[k];
    }
}

void start_kernel(start_info_t *si)
{
    printk("fx_fuzz: %u random hypercalls\n", FX_FUZZ_CALLS);
    for (unsigned i = 0; i < NSCRATCH; i++)
        if (!(scratch[i] = alloc_page())) {
            xtf_error("no slack page\n");
            return;
        }
    ro_vas[0] = si->pt_base;
    ro_vas[1] = (unsigned long)hypercall_page;
    ro_vas[2] = si->mfn_list;
    unsigned long own = virt_to_mfn(scratch[0]);
    foreign_mfns[0] = own + 0x1000;
    foreign_mfns[1] = own - 0x1000;
    foreign_mfns[2] = 0x80000;
    foreign_mfns[3] = 0xfffff;
    static volatile uint32_t canary[64];
    for (unsigned i = 0; i < 64; i++)
        canary[i] = 0xc0ffee00u + i;

    unsigned bad = 0;
    for (unsigned i = 0; i < FX_FUZZ_CALLS; i++) {
        if (below(8) == 0)
            fill(scratch[below(NSCRATCH)]);
        uint32_t a[5];
        unsigned nr = pick(a);
        long rc = call(nr, a);
        if (!errno_known(rc) && bad++ < 5)
            xtf_failure("call %u: hypercall %u(0x%x, 0x%x, 0x%x, 0x%x, 0x%x) = %ld: not a known errno\n",
                        i, nr, a[0], a[1], a[2], a[3], a[4], rc);
    }
    for (unsigned i = 0; i < 64; i++)
        xtf_check(canary[i] == 0xc0ffee00u + i, "canary %u changed: 0x%x\n", i, canary[i]);
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_fuzz: still alive after %u random hypercalls\n", FX_FUZZ_CALLS);
}
