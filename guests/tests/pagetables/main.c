/*
 * pagetables — the PV MMU life cycle a kernel goes through when it builds its
 * own address space: fill a new root and L1 from fresh pages while they are
 * ordinary memory, map them read-only, pin them, switch with NEW_BASEPTR, use
 * the new mappings, change them with an mmu_update batch and with
 * update_va_mapping under every UVMF flush type, switch back, unpin, reuse the
 * frames as data, and update the M2P with MMU_MACHPHYS_UPDATE. Both
 * hypervisors must accept this sequence (full Xen validates each step).
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>

static long mmuext(unsigned int cmd, unsigned long arg)
{
    mmuext_op_t op = { .cmd = cmd };
    op.arg1.mfn = arg;
    unsigned int done = 0;
    long rc = HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
    if (rc == 0 && done != 1)
        xtf_failure("mmuext_op %u: rc 0 but pdone %u\n", cmd, done);
    return rc;
}

/* U and G of a leaf are the hypervisor's (docs/abi.md, "Page-table entries"):
 * a read-back entry is compared with them masked. */
#define PTE_GUEST_BITS(pte) ((pte) & ~(pte_t)(_PAGE_U | _PAGE_G))

#define CHECK_RC(what, expr) do { long rc_ = (expr); if (rc_ != 0) { xtf_failure("%s: rc %ld\n", what, rc_); return; } } while (0)

static uint64_t pte_maddr(const void *table, unsigned idx)
{
    return ((uint64_t)virt_to_mfn(table) << PAGE_SHIFT) + idx * sizeof(pte_t);
}

void start_kernel(start_info_t *si)
{
    printk("pagetables: build, pin, switch, update, unpin\n");
    uint32_t *d0 = alloc_page(), *d1 = alloc_page(), *d2 = alloc_page();
    pte_t *l1 = alloc_page(), *root = alloc_page();
    if (!d0 || !d1 || !d2 || !l1 || !root) {
        xtf_error("no slack pages for the test\n");
        return;
    }
    d0[0] = 0xd0d0d0d0; d1[0] = 0xd1d1d1d1; d2[0] = 0xd2d2d2d2;
    unsigned long win = boot_region_end();        /* first VA the bootstrap tables do not cover */
    volatile uint32_t *w = (volatile uint32_t *)win;
    /* Filled while still ordinary writable pages. */
    l1[0] = make_pte(virt_to_mfn(d0), PTE_KERNEL_RW);
    l1[1] = make_pte(virt_to_mfn(d1), PTE_KERNEL_RO);
    const pte_t *boot_root = (const pte_t *)si->pt_base;
    for (unsigned s = VIRT_BASE >> 22; s < win >> 22; s++)
        root[s] = boot_root[s];
    root[win >> 22] = make_pte(virt_to_mfn(l1), _PAGE_V);

    CHECK_RC("map the new L1 read-only", HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(virt_to_mfn(l1), PTE_KERNEL_RO), UVMF_INVLPG));
    CHECK_RC("map the new root read-only", HYPERVISOR_update_va_mapping((unsigned long)root, make_pte(virt_to_mfn(root), PTE_KERNEL_RO), UVMF_INVLPG));
    CHECK_RC("MMUEXT_PIN_L1_TABLE", mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1)));
    CHECK_RC("MMUEXT_PIN_L2_TABLE (root)", mmuext(MMUEXT_PIN_L2_TABLE, virt_to_mfn(root)));
    CHECK_RC("MMUEXT_NEW_BASEPTR", mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn(root)));

    /* The new window, and the old region still reachable through the shared L1s. */
    xtf_check(w[0] == 0xd0d0d0d0 && w[1024] == 0xd1d1d1d1, "window reads 0x%x 0x%x\n", w[0], w[1024]);
    w[1] = 0x5eed;
    xtf_check(d0[1] == 0x5eed, "store through the window not seen in d0\n");

    /* One mmu_update batch of three PTE writes. */
    mmu_update_t req[3] = {
        { .ptr = pte_maddr(l1, 2) | MMU_NORMAL_PT_UPDATE, .val = make_pte(virt_to_mfn(d2), PTE_KERNEL_RW) },
        { .ptr = pte_maddr(l1, 3) | MMU_NORMAL_PT_UPDATE, .val = make_pte(virt_to_mfn(d1), PTE_KERNEL_RO) },
        { .ptr = pte_maddr(l1, 0) | MMU_NORMAL_PT_UPDATE, .val = make_pte(virt_to_mfn(d2), PTE_KERNEL_RW) },
    };
    unsigned int done = 0;
    CHECK_RC("mmu_update batch of 3", HYPERVISOR_mmu_update(req, 3, &done, DOMID_SELF));
    CHECK_RC("MMUEXT_TLB_FLUSH_LOCAL", mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0));
    xtf_check(done == 3, "mmu_update success_count %u, want 3\n", done);
    xtf_check(PTE_GUEST_BITS(l1[2]) == req[0].val && w[2048] == 0xd2d2d2d2 && w[3072] == 0xd1d1d1d1 && w[0] == 0xd2d2d2d2,
              "after the batch: l1[2] 0x%x, window 0x%x 0x%x 0x%x\n", l1[2], w[2048], w[3072], w[0]);

    /* update_va_mapping under each flush type, each time switching page 4's frame. */
    static const unsigned long flags[] = { UVMF_NONE, UVMF_INVLPG | UVMF_LOCAL, UVMF_TLB_FLUSH | UVMF_LOCAL,
                                           UVMF_INVLPG | UVMF_ALL, UVMF_TLB_FLUSH | UVMF_ALL };
    uint32_t *frames[2] = { d0, d1 };
    for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        uint32_t *f = frames[i & 1];
        unsigned long va = win + 4 * PAGE_SIZE;
        long rc = HYPERVISOR_update_va_mapping(va, make_pte(virt_to_mfn(f), PTE_KERNEL_RW), flags[i]);
        if (rc == 0 && flags[i] == UVMF_NONE)
            rc = mmuext(MMUEXT_INVLPG_LOCAL, va);       /* the guest flushes itself */
        xtf_check(rc == 0 && *(volatile uint32_t *)va == f[0], "update_va_mapping flags 0x%lx: rc %ld, reads 0x%x\n",
                  flags[i], rc, *(volatile uint32_t *)va);
    }

    /* Back to the bootstrap tables; the frames become ordinary pages again. */
    CHECK_RC("NEW_BASEPTR back to pt_base", mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn((void *)si->pt_base)));
    CHECK_RC("MMUEXT_UNPIN_TABLE (root)", mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(root)));
    CHECK_RC("MMUEXT_UNPIN_TABLE (L1)", mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1)));
    CHECK_RC("map the old root writable", HYPERVISOR_update_va_mapping((unsigned long)root, make_pte(virt_to_mfn(root), PTE_KERNEL_RW), UVMF_INVLPG));
    CHECK_RC("map the old L1 writable", HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(virt_to_mfn(l1), PTE_KERNEL_RW), UVMF_INVLPG));
    root[0] = 0x1234;
    l1[0] = 0x5678;
    xtf_check(root[0] == 0x1234 && l1[0] == 0x5678, "unpinned frames are not writable data\n");

    /* M2P: point the frame of d2 at its own pfn again (a no-op a guest may do). */
    mmu_update_t m2p = { .ptr = ((uint64_t)virt_to_mfn(d2) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, .val = virt_to_pfn(d2) };
    CHECK_RC("MMU_MACHPHYS_UPDATE", HYPERVISOR_mmu_update(&m2p, 1, NULL, DOMID_SELF));
    if (xtf_verdict() == XTF_NONE)
        xtf_success("pagetables: pin, NEW_BASEPTR, batches, every UVMF flag and unpin work\n");
}
