/*
 * smp — secondary vCPUs the way an SMP kernel brings up its CPUs: VCPUOP_up of a
 * vCPU without a context is -EINVAL; VCPUOP_initialise starts vCPU 1 on its own
 * stack (a second initialise is -EEXIST, vCPU 0 is already initialised, vCPU 32
 * does not exist: -ENOENT); after VCPUOP_up, vCPU 1 checks its arguments, sees
 * itself up, increments a shared counter with an AMO and notifies vCPU 0 on an
 * IPI channel (EVTCHNOP_bind_ipi); vCPU 0 waits in SCHEDOP_block for the IPI,
 * then sees vCPU 1 take itself down (VCPUOP_is_up 1 -> 0). A domain given one
 * vCPU (e.g. microxen without --harts 2) SKIPs.
 *
 * requires: vcpus=2
 */
#include <sdk/sdk.h>
#include <sdk/smp.h>
#include <xen/event_channel.h>
#include <xen/vcpu.h>

#define WAIT_LIMIT 100000

static uint8_t vcpu1_stack[8192] __attribute__((aligned(16)));

static struct {
    volatile uint32_t counter;
    volatile uint32_t port;
    volatile long self_up;
    volatile int arg_ok;
    volatile int stack_ok;
} shared;

static volatile unsigned ipis;

static void on_ipi(uint32_t port, void *data)
{
    ipis++;
}

static void vcpu1_main(void *arg)
{
    volatile int local = 0;
    uintptr_t here = (uintptr_t)&local;
    shared.arg_ok = arg == &shared;
    shared.stack_ok = here >= (uintptr_t)vcpu1_stack && here < (uintptr_t)vcpu1_stack + sizeof(vcpu1_stack);
    shared.self_up = smp_vcpu_is_up(1);
    __atomic_fetch_add(&shared.counter, 1, __ATOMIC_SEQ_CST);
    notify_evtchn(shared.port);
}

void start_kernel(start_info_t *si)
{
    printk("smp: bring up vCPU 1, IPI back to vCPU 0, vCPU 1 goes down\n");
    long rc = smp_vcpu_is_up(1);
    if (rc == -XEN_ENOENT) {
        xtf_skip("the domain has one vCPU (needs vcpus = 2)\n");
        return;
    }
    if (events_init() != 0) {
        xtf_error("no event callback\n");
        return;
    }
    xtf_check(rc == 0, "is_up(1) before initialise: %ld, want 0\n", rc);
    xtf_check((rc = smp_vcpu_is_up(0)) == 1, "is_up(0): %ld, want 1\n", rc);
    xtf_check((rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL)) == -XEN_EINVAL, "up without a context: %ld, want -EINVAL\n", rc);

    evtchn_bind_ipi_t bi = { .vcpu = 0 };
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi)) != 0) {
        xtf_failure("bind_ipi(0): %ld\n", rc);
        return;
    }
    shared.port = bi.port;
    bind_evtchn_handler(bi.port, on_ipi, NULL);

    void *top = vcpu1_stack + sizeof(vcpu1_stack);
    if ((rc = smp_initialise_vcpu(1, vcpu1_main, (void *)&shared, top)) != 0) {
        xtf_failure("initialise(1): %ld\n", rc);
        return;
    }
    xtf_check((rc = smp_initialise_vcpu(1, vcpu1_main, (void *)&shared, top)) == -XEN_EEXIST, "initialise(1) twice: %ld, want -EEXIST\n", rc);
    xtf_check((rc = smp_initialise_vcpu(0, vcpu1_main, (void *)&shared, top)) == -XEN_EEXIST, "initialise(0): %ld, want -EEXIST\n", rc);
    xtf_check((rc = smp_initialise_vcpu(32, vcpu1_main, (void *)&shared, top)) == -XEN_ENOENT, "initialise(32): %ld, want -ENOENT\n", rc);
    xtf_check((rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 32, NULL)) == -XEN_ENOENT, "is_up(32): %ld, want -ENOENT\n", rc);
    xtf_check((rc = smp_vcpu_is_up(1)) == 0, "is_up(1) after initialise: %ld, want 0\n", rc);
    if ((rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL)) != 0) {
        xtf_failure("up(1): %ld\n", rc);
        return;
    }

    /* SCHEDOP_block unmasks events and sleeps until one is pending for vCPU 0. */
    for (int i = 0; ipis == 0 && i < WAIT_LIMIT; i++)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    if (ipis == 0) {
        xtf_failure("no IPI from vCPU 1\n");
        return;
    }
    xtf_check(ipis == 1, "%u IPIs, want 1\n", ipis);
    xtf_check(shared.counter == 1, "counter %u, want 1\n", shared.counter);
    xtf_check(shared.arg_ok && shared.stack_ok, "vCPU 1: arg ok %d, on its stack %d\n", shared.arg_ok, shared.stack_ok);
    xtf_check(shared.self_up == 1, "vCPU 1 saw is_up(1) = %ld, want 1\n", shared.self_up);

    int i = 0;
    while ((rc = smp_vcpu_is_up(1)) == 1 && i++ < WAIT_LIMIT)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    xtf_check(rc == 0, "vCPU 1 did not go down: is_up(1) = %ld\n", rc);
    xtf_check((rc = smp_vcpu_is_up(0)) == 1, "is_up(0) at the end: %ld\n", rc);
    xtf_check((rc = smp_initialise_vcpu(1, vcpu1_main, (void *)&shared, top)) == -XEN_EEXIST,
              "initialise(1) after down: %ld, want -EEXIST\n", rc);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("smp: vCPU 1 started, sent its IPI and went down\n");
}
