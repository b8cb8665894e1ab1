/*
 * timer — guest time and timers: VIRQ_TIMER bound on vCPU 0, a single-shot
 * set_timer_op deadline that wakes SCHEDOP_block no earlier than asked, a
 * periodic timer (VCPUOP_set_periodic_timer) counted in the upcall and then
 * stopped, VCPUOP_set_singleshot_timer with VCPU_SSHOTTMR_future refusing a past
 * deadline (-ETIME), and system time from vcpu_time_info never running
 * backwards. Kernels schedule with exactly these calls.
 */
#include <sdk/sdk.h>
#include <xen/event_channel.h>
#include <xen/vcpu.h>
#include <xen/sched.h>

#define MS 1000000ULL

static volatile unsigned ticks;
static volatile uint64_t last_tick_ns;

static void on_timer(uint32_t port, void *data)
{
    uint64_t now = monotonic_ns();
    if (now < last_tick_ns)
        xtf_failure("time ran backwards in the upcall: %llu after %llu\n", (unsigned long long)now,
                    (unsigned long long)last_tick_ns);
    last_tick_ns = now;
    ticks++;
}

/* Blocks until `want` ticks were counted; false if that takes absurdly long. */
static bool wait_ticks(unsigned want)
{
    for (unsigned i = 0; i < 1000; i++) {
        local_events_disable();
        if (ticks >= want) {
            local_events_enable();
            return true;
        }
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);   /* unmasks, sleeps, upcall on return */
    }
    local_events_enable();
    return ticks >= want;
}

void start_kernel(start_info_t *si)
{
    printk("timer: VIRQ_TIMER, single-shot, periodic, block\n");
    evtchn_bind_virq_t bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = events_init();
    if (rc == 0)
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    if (rc || !HYPERVISOR_shared_info) {
        xtf_failure("callback/bind VIRQ_TIMER: rc %ld\n", rc);
        return;
    }
    bind_evtchn_handler(bv.port, on_timer, NULL);
    local_events_enable();

    /* Single shot: wakes the blocked vCPU, not before the deadline. */
    uint64_t t0 = monotonic_ns(), deadline = t0 + 2 * MS;
    rc = HYPERVISOR_set_timer_op(deadline);
    xtf_check(rc == 0, "set_timer_op: rc %ld\n", rc);
    if (!wait_ticks(1)) {
        xtf_failure("no VIRQ_TIMER after a single-shot timer\n");
        return;
    }
    xtf_check(last_tick_ns >= deadline, "single shot fired at %llu, before the deadline %llu\n",
              (unsigned long long)last_tick_ns, (unsigned long long)deadline);
    xtf_check(ticks == 1, "single shot gave %u ticks\n", ticks);

    /* Periodic: five ticks about one period apart, then stopped. */
    vcpu_set_periodic_timer_t per = { .period_ns = 1 * MS };
    uint64_t p0 = monotonic_ns();
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per);
    xtf_check(rc == 0, "VCPUOP_set_periodic_timer: rc %ld\n", rc);
    if (!wait_ticks(6)) {
        xtf_failure("periodic timer gave %u ticks, want 6\n", ticks);
        return;
    }
    xtf_check(last_tick_ns - p0 >= 4 * MS, "5 periodic ticks within %llu ns\n", (unsigned long long)(last_tick_ns - p0));
    rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    xtf_check(rc == 0, "VCPUOP_stop_periodic_timer: rc %ld\n", rc);

    /* After the stop only the next single shot ticks: exactly one more. */
    unsigned before = ticks;
    uint64_t d2 = monotonic_ns() + 5 * MS;
    HYPERVISOR_set_timer_op(d2);
    if (!wait_ticks(before + 1))
        xtf_failure("no tick for the single shot after stopping the periodic timer\n");
    xtf_check(ticks == before + 1 && last_tick_ns >= d2, "stopped periodic timer still ticked (%u ticks)\n", ticks - before);

    /* VCPU_SSHOTTMR_future with a deadline in the past: -ETIME. */
    vcpu_set_singleshot_timer_t ss = { .timeout_abs_ns = monotonic_ns() - MS, .flags = VCPU_SSHOTTMR_future };
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    xtf_check(rc == -XEN_ETIME, "past singleshot with SSHOTTMR_future: rc %ld, want -ETIME\n", rc);

    uint64_t a = monotonic_ns(), b = monotonic_ns();
    xtf_check(b >= a && a >= last_tick_ns, "system time went backwards (%llu, %llu)\n", (unsigned long long)a,
              (unsigned long long)b);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("timer: %u ticks, single-shot and periodic as specified\n", ticks);
}
