/*
 * fx_foreign — FULL XEN ONLY (microxen does no checks; not expected to pass there).
 *
 * A domain must never map a frame it does not own. This guest learns which
 * frames are foreign the only way a guest can: every RAM frame not in its own
 * p2m list (nor its shared_info) belongs to another domain, to Xen or to nobody.
 * It tries to map each of them read-only with update_va_mapping (and, for a
 * sample, writable, and through mmu_update into its own L1): every attempt must
 * fail with -EBUSY. Non-RAM frames give -EPERM, and acting for another domain
 * with foreigndom needs privilege (-EPERM) or names no domain (-ESRCH).
 */
#include <sdk/sdk.h>
#include "../fx_lib/fx.h"

#define RAM_MFN0 0x80000UL
#define MAX_SCAN 65536UL

static uint32_t owned[MAX_SCAN / 32];

static bool is_owned(unsigned long mfn)
{
    unsigned long i = mfn - RAM_MFN0;
    return mfn >= RAM_MFN0 && i < MAX_SCAN && ((owned[i / 32] >> (i % 32)) & 1);
}

void start_kernel(start_info_t *si)
{
    printk("fx_foreign: map every frame this domain does not own\n");
    volatile uint32_t *scratch = alloc_page();
    if (!scratch) {
        xtf_error("no slack page\n");
        return;
    }
    unsigned long va = (unsigned long)scratch, own = virt_to_mfn((void *)scratch);
    for (unsigned long pfn = 0; pfn < si->nr_pages; pfn++) {
        unsigned long i = pfn_to_mfn(pfn) - RAM_MFN0;
        if (i < MAX_SCAN)
            owned[i / 32] |= 1u << (i % 32);
    }
    unsigned long shinfo = si->shared_info >> PAGE_SHIFT;
    pte_t root_pde = ((const pte_t *)si->pt_base)[va >> 22];
    uint64_t slot = fx_pte_maddr(pte_mfn(root_pde), (va >> PAGE_SHIFT) & 0x3ff);

    unsigned long tried = 0, end = 0;
    for (unsigned long mfn = RAM_MFN0; mfn < RAM_MFN0 + MAX_SCAN; mfn++) {
        if (is_owned(mfn) || mfn == shinfo)
            continue;
        long rc = HYPERVISOR_update_va_mapping(va, make_pte(mfn, PTE_KERNEL_RO), UVMF_INVLPG);
        if (rc == -XEN_EPERM) {         /* past the end of RAM */
            end = mfn;
            break;
        }
        tried++;
        if (rc != -XEN_EBUSY) {
            xtf_failure("read-only mapping of foreign mfn 0x%lx: rc %ld, want -EBUSY\n", mfn, rc);
            break;
        }
        if (tried % 64 == 1) {
            rc = HYPERVISOR_update_va_mapping(va, make_pte(mfn, PTE_KERNEL_RW), UVMF_INVLPG);
            if (!fx_expect("writable mapping of a foreign frame", rc, -XEN_EBUSY))
                break;
            mmu_update_t req = { .ptr = slot | MMU_NORMAL_PT_UPDATE, .val = make_pte(mfn, PTE_KERNEL_RW) };
            if (!fx_expect("mmu_update of a foreign frame into the own L1", HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EBUSY))
                break;
        }
    }
    xtf_check(tried > 0, "no foreign RAM frame found to try\n");
    xtf_check(lookup_pte(va) == make_pte(own, PTE_KERNEL_RW) || pte_mfn(lookup_pte(va)) == own,
              "the scratch PTE changed to 0x%x\n", lookup_pte(va));
    scratch[0] = 0x600d;    /* still our own, writable page */

    /* Frames outside RAM: the UART page, frame 0 and the first frame after RAM. */
    fx_expect("mapping the UART frame", HYPERVISOR_update_va_mapping(va, make_pte(0x10000, PTE_KERNEL_RW), UVMF_INVLPG), -XEN_EPERM);
    fx_expect("mapping frame 0", HYPERVISOR_update_va_mapping(va, make_pte(0, PTE_KERNEL_RO), UVMF_INVLPG), -XEN_EPERM);

    /* foreigndom: an unprivileged domain may not act for anyone else. */
    for (domid_t d = 0; d < 4; d++) {
        mmu_update_t req = { .ptr = slot | MMU_NORMAL_PT_UPDATE, .val = make_pte(own, PTE_KERNEL_RW) };
        long rc = HYPERVISOR_mmu_update(&req, 1, NULL, d);
        xtf_check(rc == -XEN_EPERM || rc == -XEN_ESRCH, "mmu_update with foreigndom %u: rc %ld, want -EPERM or -ESRCH\n", d, rc);
    }
    xtf_check(scratch[0] == 0x600d, "the scratch page lost its contents\n");
    if (xtf_verdict() == XTF_NONE)
        xtf_success("fx_foreign: %lu foreign frames refused (RAM ends at mfn 0x%lx)\n", tried, end);
}
