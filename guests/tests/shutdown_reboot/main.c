/*
 * shutdown_reboot — SCHEDOP_shutdown with SHUTDOWN_reboot ends the domain and never
 * returns. The guest prints its verdict first (a shut-down domain prints
 * nothing more), so the runner expects: console "Test result: SUCCESS" and the
 * domain ended with reason "reboot". If the call returns, a second result line
 * (FAILURE, the most severe wins) says so. An invalid reason must be refused
 * with -EINVAL and leave the domain running.
 */
#include <sdk/sdk.h>
#include <xen/sched.h>

void start_kernel(start_info_t *si)
{
    printk("shutdown_reboot: SCHEDOP_shutdown(SHUTDOWN_reboot)\n");
    sched_shutdown_t bad = { .reason = SHUTDOWN_MAX + 1 };
    long rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &bad);
    if (rc != -XEN_EINVAL) {
        xtf_failure("shutdown with reason %u: rc %ld, want -EINVAL\n", bad.reason, rc);
        return;
    }
    printk("Test result: SUCCESS\n");
    sched_shutdown_t s = { .reason = SHUTDOWN_reboot };
    rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
    xtf_failure("SCHEDOP_shutdown(SHUTDOWN_reboot) returned %ld\n", rc);
    (void)si;
}
