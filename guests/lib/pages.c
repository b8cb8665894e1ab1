/*
 * pages.c — a bump allocator over the boot region's slack (see sdk/pages.h).
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>

#define REGION_ALIGN (4UL << 20)

static unsigned long next_free;

unsigned long boot_region_end(void)
{
    unsigned long stack_top = start_info->pt_base + (start_info->nr_pt_frames + SDK_BOOT_STACK_PAGES) * PAGE_SIZE;
    return (stack_top + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1);
}

void *alloc_page(void)
{
    if (!start_info)
        return NULL;
    if (next_free == 0)
        next_free = start_info->pt_base + (start_info->nr_pt_frames + SDK_BOOT_STACK_PAGES) * PAGE_SIZE;
    if (next_free >= boot_region_end())
        return NULL;
    void *p = (void *)next_free;
    next_free += PAGE_SIZE;
    memset(p, 0, PAGE_SIZE);
    return p;
}
