/*
 * sdk/mm.h — pseudo-physical <-> machine frames and Sv32 page-table helpers.
 *
 * The kernel is mapped at VIRT_BASE; pfn = (va - VIRT_BASE) >> PAGE_SHIFT for
 * the initial region. The p2m list (start_info->mfn_list, nr_pages entries)
 * gives each pfn's machine frame. PTEs hold machine frame numbers; page tables
 * are read-only to the guest and change only through hypercalls.
 */
#ifndef SDK_MM_H
#define SDK_MM_H

#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096UL
#define VIRT_BASE 0xC0000000UL
#define INVALID_MFN 0xFFFFFFFFUL
#define INVALID_PFN 0xFFFFFFFFUL

/* Sv32 PTE bits. */
#define _PAGE_V (1u << 0)
#define _PAGE_R (1u << 1)
#define _PAGE_W (1u << 2)
#define _PAGE_X (1u << 3)
#define _PAGE_U (1u << 4)
#define _PAGE_G (1u << 5)
#define _PAGE_A (1u << 6)
#define _PAGE_D (1u << 7)
#define PTE_KERNEL_RW (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_A | _PAGE_D)
#define PTE_KERNEL_RO (_PAGE_V | _PAGE_R | _PAGE_A)

typedef uint32_t pte_t;

static inline pte_t make_pte(unsigned long mfn, unsigned int flags)
{
    return (pte_t)((mfn << 10) | (flags & 0x3ffu));
}
static inline unsigned long pte_mfn(pte_t pte)
{
    return pte >> 10;
}
static inline unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}
static inline void *pfn_to_virt(unsigned long pfn)
{
    return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

/* INVALID_MFN when pfn is outside the p2m list. */
unsigned long pfn_to_mfn(unsigned long pfn);
/* Searches the p2m list; INVALID_PFN when the frame is not the domain's. */
unsigned long mfn_to_pfn(unsigned long mfn);
unsigned long virt_to_mfn(const void *va);
/* The leaf PTE mapping va, read by walking the tables from start_info->pt_base; 0 if unmapped. */
pte_t lookup_pte(unsigned long va);
/* Maps one page at va to mfn (update_va_mapping, local invlpg); 0 or -errno. */
long map_page(unsigned long va, unsigned long mfn, unsigned int flags);
/* Writes one PTE at machine address pte_maddr with mmu_update; 0 or -errno. */
long mmu_update_pte(uint64_t pte_maddr, pte_t val);

#endif
