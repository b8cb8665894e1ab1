/*
 * shutdown_suspend — SCHEDOP_shutdown with SHUTDOWN_suspend. With a toolstack
 * that saves the domain it ends with reason "suspend"; with none, Xen cancels
 * the suspend and the call returns 1 in the same domain (0 would mean resumed
 * in a new domain). So the runner expects: console "Test result: SUCCESS" and
 * either reason "suspend", or reason "poweroff" after a cancelled suspend. A
 * negative return is a FAILURE (a second result line; the most severe wins).
 */
#include <sdk/sdk.h>
#include <xen/sched.h>

void start_kernel(start_info_t *si)
{
    printk("shutdown_suspend: SCHEDOP_shutdown(SHUTDOWN_suspend)\n");
    printk("Test result: SUCCESS\n");
    sched_shutdown_t s = { .reason = SHUTDOWN_suspend };
    long rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
    if (rc == 0 || rc == 1) {
        printk("shutdown_suspend: suspend %s, powering off\n", rc ? "cancelled" : "resumed");
        sdk_shutdown(SHUTDOWN_poweroff);
    }
    xtf_failure("SCHEDOP_shutdown(SHUTDOWN_suspend) returned %ld\n", rc);
    (void)si;
}
