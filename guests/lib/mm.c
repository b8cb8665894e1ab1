/*
 * mm.c — p2m lookups and page-table helpers (see sdk/mm.h).
 * Lookups bounds-check everything they take from start_info: a bad value gives
 * INVALID_* or 0, never a wild read.
 */
#include <sdk/sdk.h>

unsigned long pfn_to_mfn(unsigned long pfn)
{
    if (!start_info || pfn >= start_info->nr_pages)
        return INVALID_MFN;
    return ((const uint32_t *)start_info->mfn_list)[pfn];
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
    if (!start_info)
        return INVALID_PFN;
    const uint32_t *p2m = (const uint32_t *)start_info->mfn_list;
    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return pfn;
    return INVALID_PFN;
}

unsigned long virt_to_mfn(const void *va)
{
    if ((unsigned long)va < VIRT_BASE)
        return INVALID_MFN;
    return pfn_to_mfn(virt_to_pfn(va));
}

pte_t lookup_pte(unsigned long va)
{
    if (!start_info || !start_info->pt_base)
        return 0;
    const pte_t *root = (const pte_t *)start_info->pt_base;
    pte_t pde = root[va >> 22];
    if (!(pde & _PAGE_V))
        return 0;
    if (pde & (_PAGE_R | _PAGE_X))
        return pde; /* a 4 MiB leaf */
    unsigned long pfn = mfn_to_pfn(pte_mfn(pde));
    if (pfn == INVALID_PFN)
        return 0;
    const pte_t *l1 = pfn_to_virt(pfn);
    pte_t pte = l1[(va >> PAGE_SHIFT) & 0x3ff];
    return (pte & _PAGE_V) ? pte : 0;
}

long map_page(unsigned long va, unsigned long mfn, unsigned int flags)
{
    return HYPERVISOR_update_va_mapping(va, make_pte(mfn, flags), UVMF_INVLPG);
}

long mmu_update_pte(uint64_t pte_maddr, pte_t val)
{
    mmu_update_t req = { .ptr = pte_maddr | MMU_NORMAL_PT_UPDATE, .val = val };
    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}
