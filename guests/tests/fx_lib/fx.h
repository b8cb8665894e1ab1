/*
 * fx.h — helpers shared by the full Xen enforcement guests (guests/tests/fx_*).
 *
 * FULL XEN ONLY. These guests attack the isolation full Xen enforces (page-type
 * checks, ownership, the hypervisor hole, memory and event-channel limits).
 * microxen does no checking by design, so they are not expected to pass there.
 * This folder has no main.c: the SDK build skips it.
 *
 * A probe runs one load or store with a trap handler installed; the handler
 * records the cause and address and steps over the instruction (rv32ima has no
 * compressed instructions, so every instruction is 4 bytes).
 */
#ifndef FX_H
#define FX_H

#include <sdk/sdk.h>
#include <sdk/pages.h>
#include <sdk/traps.h>

static volatile uint32_t fx_fault_cause, fx_fault_va;
static volatile unsigned fx_faults;

void sdk_do_trap(bounce_frame_t *f)
{
    fx_faults++;
    fx_fault_cause = f->cause;
    fx_fault_va = f->stval;
    f->pc += 4;
}

static inline long fx_traps_init(void)
{
    static const uint8_t vectors[] = { RV_CAUSE_LOAD_PAGE_FAULT, RV_CAUSE_STORE_PAGE_FAULT, RV_CAUSE_FETCH_PAGE_FAULT,
                                       RV_CAUSE_LOAD_ACCESS, RV_CAUSE_STORE_ACCESS };
    return trap_table_install(vectors, sizeof(vectors), 0);
}

/* Stores v at p; returns the fault cause, or -1 when the store went through. */
static inline long fx_probe_store(volatile uint32_t *p, uint32_t v)
{
    unsigned before = fx_faults;
    __asm__ volatile("sw %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
    return fx_faults == before ? -1 : (long)fx_fault_cause;
}

/* Loads from p into *out; returns the fault cause, or -1 when the load went through. */
static inline long fx_probe_load(volatile const uint32_t *p, uint32_t *out)
{
    unsigned before = fx_faults;
    uint32_t v = 0;
    __asm__ volatile("lw %0, 0(%1)" : "+r"(v) : "r"(p) : "memory");
    *out = v;
    return fx_faults == before ? -1 : (long)fx_fault_cause;
}

static inline long fx_mmuext(unsigned int cmd, unsigned long mfn)
{
    mmuext_op_t op = { .cmd = cmd };
    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static inline uint64_t fx_pte_maddr(unsigned long table_mfn, unsigned idx)
{
    return ((uint64_t)table_mfn << PAGE_SHIFT) + idx * sizeof(pte_t);
}

/* Reports a FAILURE unless rc is exactly `want`; returns whether it was. */
#define fx_expect(what, rc, want) ({                                                    \
    long rc_ = (rc), want_ = (want);                                                    \
    if (rc_ != want_)                                                                   \
        xtf_failure("%s: rc %ld, want %ld\n", (what), rc_, want_);                      \
    rc_ == want_; })

#endif
