/*
 * fx_bad_pin — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * Pinning validates a whole table, so a malformed table must be refused with
 * the error of its first bad entry and leave no type behind. This guest builds
 * leaf tables holding W without R, a pointer, a foreign frame, a writable
 * mapping of its own root and a non-RAM frame, and roots holding a megapage, a
 * pointer to a root, a pointer to a writable data page and a hypervisor-hole
 * slot; it pins a frame still mapped writable and a frame it does not own, and
 * pins and unpins twice. After every refusal the frame must be ordinary,
 * writable memory again.
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

static pte_t *t;
static unsigned long t_mfn;

/* Fills entry `idx` of the scratch table, maps it read-only and pins it. */
static void try_pin(const char *what, unsigned cmd, unsigned idx, pte_t val, long want)
{
    long rc = HYPERVISOR_update_va_mapping((unsigned long)t, make_pte(t_mfn, PTE_KERNEL_RW), UVMF_INVLPG);
    if (!fx_expect("mapping the scratch table writable again", rc, 0))
        return;
    memset(t, 0, PAGE_SIZE);
    t[idx] = val;
    rc = HYPERVISOR_update_va_mapping((unsigned long)t, make_pte(t_mfn, PTE_KERNEL_RO), UVMF_INVLPG);
    if (fx_expect("mapping the scratch table read-only", rc, 0))
        fx_expect(what, fx_mmuext(cmd, t_mfn), want);
}

void start_kernel(start_info_t *si)
{
    printk("fx_bad_pin: pin malformed tables\n");
    t = alloc_page();
    pte_t *data = alloc_page();
    if (!t || !data) {
        xtf_error("no slack pages\n");
        return;
    }
    t_mfn = virt_to_mfn(t);
    unsigned long data_mfn = virt_to_mfn(data), root_mfn = virt_to_mfn((void *)si->pt_base);
    unsigned long foreign = INVALID_MFN;
    for (unsigned long mfn = 0x80000; mfn < 0x90000 && foreign == INVALID_MFN; mfn++)
        if (mfn != (si->shared_info >> PAGE_SHIFT) && mfn_to_pfn(mfn) == INVALID_PFN)
            foreign = mfn;
    if (foreign == INVALID_MFN) {
        xtf_error("no foreign frame below 0x90000\n");
        return;
    }

    try_pin("L1 with W without R", MMUEXT_PIN_L1_TABLE, 3, make_pte(data_mfn, _PAGE_V | _PAGE_W), -XEN_EINVAL);
    try_pin("L1 with a pointer entry", MMUEXT_PIN_L1_TABLE, 4, make_pte(data_mfn, _PAGE_V), -XEN_EINVAL);
    try_pin("L1 mapping a foreign frame", MMUEXT_PIN_L1_TABLE, 5, make_pte(foreign, PTE_KERNEL_RO), -XEN_EBUSY);
    try_pin("L1 mapping the root writable", MMUEXT_PIN_L1_TABLE, 6, make_pte(root_mfn, PTE_KERNEL_RW), -XEN_EBUSY);
    try_pin("L1 mapping a non-RAM frame", MMUEXT_PIN_L1_TABLE, 7, make_pte(0x10000, PTE_KERNEL_RW), -XEN_EPERM);
    try_pin("root with a megapage", MMUEXT_PIN_L2_TABLE, 1, make_pte(data_mfn, PTE_KERNEL_RW), -XEN_EINVAL);
    try_pin("root pointing to the live root", MMUEXT_PIN_L2_TABLE, 1, make_pte(root_mfn, _PAGE_V), -XEN_EINVAL);
    try_pin("root pointing to itself", MMUEXT_PIN_L2_TABLE, 2, make_pte(t_mfn, _PAGE_V), -XEN_EINVAL);
    try_pin("root pointing to a writable data page", MMUEXT_PIN_L2_TABLE, 1, make_pte(data_mfn, _PAGE_V), -XEN_EINVAL);
    try_pin("root with a hole slot", MMUEXT_PIN_L2_TABLE, 1008, make_pte(data_mfn, _PAGE_V), -XEN_EINVAL);
    try_pin("root pointing to a foreign frame", MMUEXT_PIN_L2_TABLE, 1, make_pte(foreign, _PAGE_V), -XEN_EINVAL);

    /* Pin while a writable mapping exists, and pin what is not ours. */
    fx_expect("mapping the scratch table writable", HYPERVISOR_update_va_mapping((unsigned long)t, make_pte(t_mfn, PTE_KERNEL_RW), UVMF_INVLPG), 0);
    memset(t, 0, PAGE_SIZE);
    fx_expect("pin a frame mapped writable", fx_mmuext(MMUEXT_PIN_L1_TABLE, t_mfn), -XEN_EINVAL);
    fx_expect("pin a foreign frame as L1", fx_mmuext(MMUEXT_PIN_L1_TABLE, foreign), -XEN_EINVAL);
    fx_expect("pin a foreign frame as root", fx_mmuext(MMUEXT_PIN_L2_TABLE, foreign), -XEN_EINVAL);
    fx_expect("unpin a foreign frame", fx_mmuext(MMUEXT_UNPIN_TABLE, foreign), -XEN_EINVAL);
    fx_expect("pin a non-RAM frame", fx_mmuext(MMUEXT_PIN_L1_TABLE, 0x10000), -XEN_EINVAL);

    /* A well-formed empty table pins once and unpins once. */
    try_pin("pin an empty L1", MMUEXT_PIN_L1_TABLE, 0, 0, 0);
    fx_expect("pin it again", fx_mmuext(MMUEXT_PIN_L1_TABLE, t_mfn), -XEN_EINVAL);
    fx_expect("writable mapping of the pinned L1", HYPERVISOR_update_va_mapping((unsigned long)data, make_pte(t_mfn, PTE_KERNEL_RW), UVMF_INVLPG), -XEN_EBUSY);
    fx_expect("unpin it", fx_mmuext(MMUEXT_UNPIN_TABLE, t_mfn), 0);
    fx_expect("unpin it again", fx_mmuext(MMUEXT_UNPIN_TABLE, t_mfn), -XEN_EINVAL);

    /* Nothing left behind: the frame is plain writable memory. */
    fx_expect("final writable mapping", HYPERVISOR_update_va_mapping((unsigned long)t, make_pte(t_mfn, PTE_KERNEL_RW), UVMF_INVLPG), 0);
    t[0] = 0x5a5a;
    xtf_check(t[0] == 0x5a5a, "the scratch frame is not writable data\n");
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_bad_pin: every malformed table was refused and left no type\n");
}
