/*
 * sdk/time.h — system time from vcpu_time_info and the RISC-V time counter.
 * ns = system_time + (((ticks - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32,
 * with a negative tsc_shift meaning a right shift; read under the version seqlock.
 */
#ifndef SDK_TIME_H
#define SDK_TIME_H

#include <stdint.h>

/* The `time` CSR (rdtime/rdtimeh), read consistently across the 32-bit halves. */
uint64_t rdtime64(void);
/* Scales a tick delta to ns with Xen's pvclock parameters. */
uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift);
/* Nanoseconds since boot for vCPU 0; 0 if shared_info is not mapped. */
uint64_t monotonic_ns(void);

#endif
