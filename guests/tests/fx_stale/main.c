/*
 * fx_stale — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * A table stays protected for as long as anything references it, and a mapping
 * must not outlive its table. This guest hooks a pinned L1 into its root,
 * unpins it while the root still points to it (the L1 must stay read-only:
 * -EBUSY for a writable mapping), then unhooks it: the old window must now
 * fault (no stale translation survives a root change), the frame becomes plain
 * data, and after it is rewritten with a foreign frame it can no longer be
 * pinned or hooked in again (-EBUSY / the foreign entry's error).
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

void start_kernel(start_info_t *si)
{
    printk("fx_stale: use a table after unpinning it\n");
    if (fx_traps_init() != 0) {
        xtf_error("set_trap_table failed\n");
        return;
    }
    pte_t *l1 = alloc_page();
    uint32_t *d = alloc_page();
    if (!l1 || !d) {
        xtf_error("no slack pages\n");
        return;
    }
    d[0] = 0xd00dfeed;
    unsigned long l1_mfn = virt_to_mfn(l1), d_mfn = virt_to_mfn(d);
    unsigned long root_mfn = virt_to_mfn((void *)si->pt_base);
    unsigned long win = boot_region_end();
    unsigned slot = win >> 22;
    const volatile pte_t *root = (const pte_t *)si->pt_base;
    if (slot >= 1008 || root[slot] != 0) {
        xtf_error("root slot %u for the window is not free\n", slot);
        return;
    }
    unsigned long foreign = INVALID_MFN;
    for (unsigned long mfn = 0x80000; mfn < 0x90000 && foreign == INVALID_MFN; mfn++)
        if (mfn != (si->shared_info >> PAGE_SHIFT) && mfn_to_pfn(mfn) == INVALID_PFN)
            foreign = mfn;

    l1[0] = make_pte(d_mfn, PTE_KERNEL_RW);
    mmu_update_t hook = { .ptr = fx_pte_maddr(root_mfn, slot) | MMU_NORMAL_PT_UPDATE, .val = make_pte(l1_mfn, _PAGE_V) };
    mmu_update_t unhook = { .ptr = hook.ptr, .val = 0 };
    if (!fx_expect("map the L1 read-only", HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(l1_mfn, PTE_KERNEL_RO), UVMF_INVLPG), 0) ||
        !fx_expect("pin the L1", fx_mmuext(MMUEXT_PIN_L1_TABLE, l1_mfn), 0) ||
        !fx_expect("hook the L1 into the root", HYPERVISOR_mmu_update(&hook, 1, NULL, DOMID_SELF), 0))
        return;
    uint32_t v = 0;
    long cause = fx_probe_load((volatile uint32_t *)win, &v);
    xtf_check(cause < 0 && v == 0xd00dfeed, "window read: cause %ld value 0x%x\n", cause, v);

    /* Unpinned but still referenced by the root: still a table. */
    fx_expect("unpin the hooked L1", fx_mmuext(MMUEXT_UNPIN_TABLE, l1_mfn), 0);
    fx_expect("writable mapping of the unpinned, hooked L1",
              HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(l1_mfn, PTE_KERNEL_RW), UVMF_INVLPG), -XEN_EBUSY);
    cause = fx_probe_store((volatile uint32_t *)&l1[1], make_pte(root_mfn, PTE_KERNEL_RW));
    fx_expect("direct store to the unpinned, hooked L1 (fault cause)", cause, RV_CAUSE_STORE_PAGE_FAULT);
    cause = fx_probe_load((volatile uint32_t *)win, &v);
    xtf_check(cause < 0 && v == 0xd00dfeed, "window read after unpin: cause %ld value 0x%x\n", cause, v);

    /* Unhooked: the window is gone at once, and the frame is data again. */
    fx_expect("unhook the L1", HYPERVISOR_mmu_update(&unhook, 1, NULL, DOMID_SELF), 0);
    cause = fx_probe_load((volatile uint32_t *)win, &v);
    fx_expect("window read after unhooking (fault cause)", cause, RV_CAUSE_LOAD_PAGE_FAULT);
    cause = fx_probe_store((volatile uint32_t *)win, 0xbad);
    fx_expect("window write after unhooking (fault cause)", cause, RV_CAUSE_STORE_PAGE_FAULT);
    xtf_check(d[0] == 0xd00dfeed, "the data page changed through a stale window: 0x%x\n", d[0]);
    if (!fx_expect("map the old L1 writable", HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(l1_mfn, PTE_KERNEL_RW), UVMF_INVLPG), 0))
        return;
    if (foreign != INVALID_MFN) {
        l1[0] = make_pte(foreign, PTE_KERNEL_RW);
        fx_expect("map the rewritten L1 read-only", HYPERVISOR_update_va_mapping((unsigned long)l1, make_pte(l1_mfn, PTE_KERNEL_RO), UVMF_INVLPG), 0);
        fx_expect("pin the L1 now mapping a foreign frame", fx_mmuext(MMUEXT_PIN_L1_TABLE, l1_mfn), -XEN_EBUSY);
        fx_expect("hook the L1 now mapping a foreign frame", HYPERVISOR_mmu_update(&hook, 1, NULL, DOMID_SELF), -XEN_EBUSY);
        cause = fx_probe_load((volatile uint32_t *)win, &v);
        fx_expect("window read after the refused hook (fault cause)", cause, RV_CAUSE_LOAD_PAGE_FAULT);
    }
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_stale: no table or mapping outlived its references\n");
}
