/*
 * sdk/pages.h — fresh pages for tests, and the instruction counter.
 *
 * The boot region (abi/boot.ts) ends on a 4 MiB boundary with at least 512 KiB
 * of mapped, backed and unused slack after the boot stack. alloc_page() hands
 * those pages out one by one, zeroed and mapped read-write; they are never
 * freed. The slack starts at pt_base + (nr_pt_frames + BOOT_STACK_PAGES) pages.
 */
#ifndef SDK_PAGES_H
#define SDK_PAGES_H

#include <stdint.h>

#define SDK_BOOT_STACK_PAGES 4

/* VA of a zeroed, writable page of the slack; NULL when the slack is used up. */
void *alloc_page(void);
/* First VA after the boot region (its 4 MiB aligned end). */
unsigned long boot_region_end(void);

/* The `instret` counter (needs mcounteren.IR/scounteren.IR where it is read). */
static inline uint64_t rdinstret64(void)
{
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("csrr %0, instreth" : "=r"(hi));
        __asm__ volatile("csrr %0, instret" : "=r"(lo));
        __asm__ volatile("csrr %0, instreth" : "=r"(hi2));
    } while (hi != hi2);
    return ((uint64_t)hi << 32) | lo;
}

#endif
