/*
 * fx_hole — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * VA 0xFC000000 and up (root slots 1008..1023) belong to the hypervisor in
 * every address space. This guest tries to map a page there with
 * update_va_mapping and to write the root slots with mmu_update (both -EINVAL,
 * even writing 0), and to read and write the hole directly, which must fault
 * into its own handler. The root slots must read back unchanged.
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

#define HOLE_VA 0xFC000000UL
#define HOLE_SLOT0 1008

void start_kernel(start_info_t *si)
{
    printk("fx_hole: reach into the hypervisor hole\n");
    if (fx_traps_init() != 0) {
        xtf_error("set_trap_table failed\n");
        return;
    }
    pte_t *data = alloc_page();
    if (!data) {
        xtf_error("no slack page\n");
        return;
    }
    unsigned long data_mfn = virt_to_mfn(data);
    const volatile pte_t *root = (const pte_t *)si->pt_base;
    unsigned long root_mfn = virt_to_mfn((void *)si->pt_base);
    unsigned long l1_mfn = pte_mfn(root[(unsigned long)data >> 22]);
    pte_t saved[16];
    for (unsigned i = 0; i < 16; i++)
        saved[i] = root[HOLE_SLOT0 + i];

    static const unsigned long vas[] = { HOLE_VA, HOLE_VA + 0x1000, 0xFFFFF000UL, 0xFE000000UL };
    for (unsigned i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
        long rc = HYPERVISOR_update_va_mapping(vas[i], make_pte(data_mfn, PTE_KERNEL_RW), UVMF_INVLPG);
        xtf_check(rc == -XEN_EINVAL, "update_va_mapping at 0x%08lx: rc %ld, want -EINVAL\n", vas[i], rc);
    }
    static const unsigned slots[] = { HOLE_SLOT0, 1015, 1023 };
    for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        mmu_update_t req[2] = {
            { .ptr = fx_pte_maddr(root_mfn, slots[i]) | MMU_NORMAL_PT_UPDATE, .val = make_pte(l1_mfn, _PAGE_V) },
            { .ptr = fx_pte_maddr(root_mfn, slots[i]) | MMU_NORMAL_PT_UPDATE, .val = 0 },
        };
        unsigned done = 99;
        long rc = HYPERVISOR_mmu_update(&req[0], 1, &done, DOMID_SELF);
        xtf_check(rc == -XEN_EINVAL && done == 0, "mmu_update of root slot %u: rc %ld done %u, want -EINVAL 0\n", slots[i], rc, done);
        rc = HYPERVISOR_mmu_update(&req[1], 1, NULL, DOMID_SELF);
        xtf_check(rc == -XEN_EINVAL, "mmu_update zeroing root slot %u: rc %ld, want -EINVAL\n", slots[i], rc);
    }
    for (unsigned i = 0; i < 16; i++)
        xtf_check(root[HOLE_SLOT0 + i] == saved[i], "root slot %u changed: 0x%x -> 0x%x\n", HOLE_SLOT0 + i, saved[i], root[HOLE_SLOT0 + i]);

    /* Direct access: the guest kernel runs deprivileged; the hole is not its memory. */
    for (unsigned i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
        uint32_t v;
        long cause = fx_probe_load((volatile uint32_t *)vas[i], &v);
        xtf_check(cause == RV_CAUSE_LOAD_PAGE_FAULT || cause == RV_CAUSE_LOAD_ACCESS,
                  "load from 0x%08lx: %s (cause %ld)\n", vas[i], cause < 0 ? "went through" : "wrong fault", cause);
        cause = fx_probe_store((volatile uint32_t *)vas[i], 0xbadc0de);
        xtf_check(cause == RV_CAUSE_STORE_PAGE_FAULT || cause == RV_CAUSE_STORE_ACCESS,
                  "store to 0x%08lx: %s (cause %ld)\n", vas[i], cause < 0 ? "went through" : "wrong fault", cause);
        xtf_check(cause < 0 || fx_fault_va == vas[i], "fault address 0x%x, want 0x%08lx\n", fx_fault_va, vas[i]);
    }
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_hole: the hole could be neither mapped, written nor touched\n");
}
