/*
 * fx_pt_write — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * A page table is never writable by its guest: otherwise the guest could point
 * a PTE at any frame. This guest tries to get write access to its own live
 * tables: a writable update_va_mapping of its root and of an L1 (-EBUSY, type
 * conflict), a writable PTE to them through mmu_update (-EBUSY), and a plain
 * store to the read-only mapped root and L1, which must raise a store page
 * fault delivered to the guest's own handler and leave the entry unchanged.
 * Read-only mappings of the same tables stay allowed.
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

void start_kernel(start_info_t *si)
{
    printk("fx_pt_write: write to this domain's own page tables\n");
    if (fx_traps_init() != 0) {
        xtf_error("set_trap_table failed\n");
        return;
    }
    volatile uint32_t *scratch = alloc_page();
    if (!scratch) {
        xtf_error("no slack page\n");
        return;
    }
    unsigned long va = (unsigned long)scratch, own = virt_to_mfn((void *)scratch);
    pte_t *root = (pte_t *)si->pt_base;
    unsigned long root_mfn = virt_to_mfn(root);
    pte_t pde = root[va >> 22];
    unsigned long l1_mfn = pte_mfn(pde);
    unsigned long l1_pfn = mfn_to_pfn(l1_mfn);
    if (root_mfn == INVALID_MFN || l1_pfn == INVALID_PFN) {
        xtf_error("cannot find the bootstrap tables (root mfn 0x%lx, L1 mfn 0x%lx)\n", root_mfn, l1_mfn);
        return;
    }
    volatile pte_t *l1 = pfn_to_virt(l1_pfn);
    unsigned idx = (va >> PAGE_SHIFT) & 0x3ff;
    uint64_t slot = fx_pte_maddr(l1_mfn, idx);

    /* 1. Writable mappings of live tables. */
    fx_expect("writable mapping of the root", HYPERVISOR_update_va_mapping(va, make_pte(root_mfn, PTE_KERNEL_RW), UVMF_INVLPG), -XEN_EBUSY);
    fx_expect("writable mapping of an L1", HYPERVISOR_update_va_mapping(va, make_pte(l1_mfn, PTE_KERNEL_RW), UVMF_INVLPG), -XEN_EBUSY);
    mmu_update_t req = { .ptr = slot | MMU_NORMAL_PT_UPDATE, .val = make_pte(l1_mfn, PTE_KERNEL_RW) };
    fx_expect("mmu_update: writable PTE to an L1", HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EBUSY);
    req.val = make_pte(root_mfn, PTE_KERNEL_RW);
    fx_expect("mmu_update: writable PTE to the root", HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EBUSY);
    /* Writable without readable is a reserved encoding. */
    req.val = make_pte(own, _PAGE_V | _PAGE_W);
    fx_expect("mmu_update: W without R", HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    xtf_check(pte_mfn(l1[idx]) == own, "the scratch PTE changed to 0x%x\n", l1[idx]);

    /* 2. Read-only mappings of tables are fine. */
    fx_expect("read-only mapping of the root", HYPERVISOR_update_va_mapping(va, make_pte(root_mfn, PTE_KERNEL_RO), UVMF_INVLPG), 0);
    xtf_check(scratch[va >> 22] == pde, "the root read through the alias: 0x%x, want 0x%x\n", scratch[va >> 22], pde);

    /* 3. Direct stores to the read-only tables fault and change nothing. */
    pte_t before = l1[idx];
    long cause = fx_probe_store(&l1[idx], make_pte(root_mfn, PTE_KERNEL_RW));
    fx_expect("store to an L1 entry (fault cause)", cause, RV_CAUSE_STORE_PAGE_FAULT);
    xtf_check(fx_fault_va == (uint32_t)(unsigned long)&l1[idx], "fault address 0x%x, want %p\n", fx_fault_va, (void *)&l1[idx]);
    xtf_check(l1[idx] == before, "the L1 entry changed to 0x%x\n", l1[idx]);
    cause = fx_probe_store(&scratch[5], 0x1234);            /* the root, through the read-only alias */
    fx_expect("store to the root through its alias (fault cause)", cause, RV_CAUSE_STORE_PAGE_FAULT);
    cause = fx_probe_store(&root[1], make_pte(l1_mfn, _PAGE_V));
    fx_expect("store to a root entry (fault cause)", cause, RV_CAUSE_STORE_PAGE_FAULT);
    xtf_check(root[5] != 0x1234, "a root entry took a direct store\n");

    /* Back to our own page, still writable. */
    fx_expect("restoring the scratch mapping", HYPERVISOR_update_va_mapping(va, make_pte(own, PTE_KERNEL_RW), UVMF_INVLPG), 0);
    scratch[0] = 0xabc;
    xtf_check(scratch[0] == 0xabc, "the scratch page is not writable again\n");
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_pt_write: page tables stayed read-only; direct stores faulted\n");
}
