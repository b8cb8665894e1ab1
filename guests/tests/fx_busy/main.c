/*
 * fx_busy — FULL XEN ONLY workload for `npm run bench -- fullxen` (well-behaved:
 * it attacks nothing, and passes on full Xen beside any other domain).
 *
 * 1. mmu_update validation throughput: a fresh pinned L1 (not hooked into the
 *    root) gets 64 batches of 512 PTE writes, each batch pointing every entry
 *    at a different frame of the domain (read-only), so every write goes
 *    through full validation (a reference taken, one dropped). Each batch must
 *    complete all 512 updates.
 * 2. A busy phase that never blocks: a fixed amount of arithmetic, so the host
 *    can compare the hart time two such domains get at different weights.
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

#define BATCH 512
#define ROUNDS 64
#define SPIN 20000000u

static mmu_update_t req[BATCH];

void start_kernel(start_info_t *si)
{
    pte_t *l1 = alloc_page();
    if (!l1 || si->nr_pages < 2 * BATCH) {
        xtf_error("no slack page or too few frames\n");
        return;
    }
    unsigned long l1_mfn = virt_to_mfn(l1);
    if (map_page((unsigned long)l1, l1_mfn, PTE_KERNEL_RO) != 0 || fx_mmuext(MMUEXT_PIN_L1_TABLE, l1_mfn) != 0) {
        xtf_error("cannot pin the scratch L1\n");
        return;
    }
    for (unsigned i = 0; i < BATCH; i++)
        req[i].ptr = fx_pte_maddr(l1_mfn, i) | MMU_NORMAL_PT_UPDATE;
    printk("@begin mmu_update_512\n");
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (unsigned i = 0; i < BATCH; i++)
            req[i].val = make_pte(pfn_to_mfn(i + (r & 1) * BATCH), PTE_KERNEL_RO);
        unsigned done = 0;
        long rc = HYPERVISOR_mmu_update(req, BATCH, &done, DOMID_SELF);
        if (rc != 0 || done != BATCH) {
            xtf_failure("batch %u: rc %ld done %u\n", r, rc, done);
            return;
        }
    }
    printk("@end %u updates\n", ROUNDS * BATCH);
    volatile uint32_t acc = 1;
    for (uint32_t i = 0; i < SPIN; i++)
        acc = acc * 1664525u + 1013904223u;
    xtf_success("fx_busy: %u PTE updates, spin 0x%x\n", ROUNDS * BATCH, (unsigned)acc);
}
