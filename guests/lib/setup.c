/*
 * setup.c — start of day in C: remember start_info, map shared_info, run the
 * guest's start_kernel, then shut down (see sdk/sdk.h for the rules).
 */
#include <sdk/sdk.h>
#include <xen/sched.h>

start_info_t *start_info;
shared_info_t *HYPERVISOR_shared_info;

/* The page whose mapping is replaced by the shared_info frame. */
static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void sdk_shutdown(unsigned int reason)
{
    sched_shutdown_t s = { .reason = reason };
    for (;;)
        (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

static void map_shared_info(void)
{
    unsigned long mfn = start_info->shared_info >> PAGE_SHIFT;
    long rc = map_page((unsigned long)shared_info_page, mfn, PTE_KERNEL_RW);
    if (rc < 0) {
        printk("sdk: mapping shared_info (mfn 0x%lx) failed: %ld\n", mfn, rc);
        return;
    }
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;
}

void sdk_start(start_info_t *si)
{
    start_info = si;
    map_shared_info();
    start_kernel(si);
    if (xtf_verdict() != XTF_NONE)
        xtf_exit();
    sdk_shutdown(SHUTDOWN_poweroff);
}
