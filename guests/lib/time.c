/*
 * time.c — pvclock reading (see sdk/time.h). rv32 has no 64x64 multiply-high,
 * so the 64x32 -> 96-bit product is built from two 32x32 -> 64 halves.
 */
#include <sdk/sdk.h>

uint64_t rdtime64(void)
{
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("rdtimeh %0" : "=r"(hi));
        __asm__ volatile("rdtime %0" : "=r"(lo));
        __asm__ volatile("rdtimeh %0" : "=r"(hi2));
    } while (hi != hi2);
    return ((uint64_t)hi << 32) | lo;
}

uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    uint64_t lo = (uint64_t)(uint32_t)delta * mul;
    uint64_t hi = (uint64_t)(uint32_t)(delta >> 32) * mul;
    return hi + (lo >> 32);
}

uint64_t monotonic_ns(void)
{
    if (!HYPERVISOR_shared_info)
        return 0;
    volatile vcpu_time_info_t *t = &HYPERVISOR_shared_info->vcpu_info[0].time;
    uint32_t version;
    uint64_t ns;
    do {
        version = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint64_t delta = rdtime64() - t->tsc_timestamp;
        ns = t->system_time + scale_delta(delta, t->tsc_to_system_mul, t->tsc_shift);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != t->version);
    return ns;
}
