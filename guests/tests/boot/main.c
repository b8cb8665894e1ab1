/*
 * boot — the start-of-day contract (DESIGN.md §6, abi/boot.ts) as the guest
 * sees it: start_info's magic and fields, a0 = start_info and sp inside the boot
 * stack, upcalls masked at entry, the bootstrap page tables mapped read-only and
 * agreeing with the p2m list page by page, and the xen_version sub-ops. Every
 * other test builds on this layout, so a FAILURE here explains later ones.
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>
#include <xen/version.h>
#include <xen/event_channel.h>

#define MIB4 (4UL << 20)

static void check_start_info(start_info_t *si, unsigned long sp)
{
    unsigned long stack_top = si->pt_base + (si->nr_pt_frames + SDK_BOOT_STACK_PAGES) * PAGE_SIZE;
    unsigned long end = boot_region_end();
    xtf_check(strncmp(si->magic, XEN_START_INFO_MAGIC, sizeof(si->magic)) == 0, "magic \"%.32s\"\n", si->magic);
    xtf_check(si->nr_pages >= (end - VIRT_BASE) / PAGE_SIZE, "nr_pages %lu < region pages\n", si->nr_pages);
    xtf_check(si->shared_info && !(si->shared_info & (PAGE_SIZE - 1)), "shared_info 0x%lx\n", si->shared_info);
    xtf_check(!(si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)), "domU flags 0x%x\n", si->flags);
    xtf_check(si->mfn_list >= VIRT_BASE && !(si->mfn_list & (PAGE_SIZE - 1)), "mfn_list 0x%lx\n", si->mfn_list);
    /* Xen's order: p2m, start_info, xenstore, console, page tables, stack. */
    unsigned long p2m_pages = (si->nr_pages * 4 + PAGE_SIZE - 1) / PAGE_SIZE;
    xtf_check((unsigned long)si == si->mfn_list + p2m_pages * PAGE_SIZE, "a0 %p is not after the p2m list\n", (void *)si);
    unsigned long si_pfn = virt_to_pfn(si);
    xtf_check(si->store_mfn == pfn_to_mfn(si_pfn + 1), "store_mfn 0x%lx\n", (unsigned long)si->store_mfn);
    xtf_check(si->console.domU.mfn == pfn_to_mfn(si_pfn + 2), "console mfn 0x%lx\n", (unsigned long)si->console.domU.mfn);
    xtf_check(si->pt_base == (unsigned long)si + 3 * PAGE_SIZE, "pt_base 0x%lx\n", si->pt_base);
    xtf_check(si->nr_pt_frames == 1 + (end - VIRT_BASE) / MIB4, "nr_pt_frames %lu\n", si->nr_pt_frames);
    xtf_check(sp < stack_top && sp >= stack_top - SDK_BOOT_STACK_PAGES * PAGE_SIZE,
              "sp 0x%lx outside the boot stack below 0x%lx\n", sp, stack_top);
    xtf_check(end - stack_top >= (512UL << 10), "slack %lu bytes\n", end - stack_top);
    xtf_check(si->mod_len == 0, "mod_len %lu with no module\n", si->mod_len);
    uint32_t ports[2] = { si->store_evtchn, si->console.domU.evtchn };
    for (int i = 0; i < 2; i++) {
        evtchn_status_t st = { .dom = DOMID_SELF, .port = ports[i] };
        long rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
        xtf_check(ports[i] > 0 && ports[i] < NR_EVENT_CHANNELS, "%s evtchn %u\n", i ? "console" : "store", ports[i]);
        xtf_check(rc == 0 && st.status != EVTCHNSTAT_closed, "%s evtchn %u: status rc %ld state %u\n",
                  i ? "console" : "store", ports[i], rc, st.status);
    }
}

/* Walks the bootstrap tables by hand: each root entry points at the next L1
 * page, each leaf maps the page the p2m list names, tables are read-only. The U
 * bit is the hypervisor's (DESIGN.md §7), so it is not checked. The SDK has
 * already remapped the HYPERVISOR_shared_info page to the shared_info frame,
 * which is not in the p2m, so that one page is skipped. */
static void check_tables(start_info_t *si)
{
    const pte_t *root = (const pte_t *)si->pt_base;
    unsigned long end = boot_region_end(), bad = 0;
    for (unsigned long va = VIRT_BASE; va < end && bad < 4; va += PAGE_SIZE) {
        if (va == (unsigned long)HYPERVISOR_shared_info)
            continue;
        unsigned long i = (va - VIRT_BASE) / MIB4;
        pte_t pde = root[va >> 22];
        const pte_t *l1 = (const pte_t *)(si->pt_base + (1 + i) * PAGE_SIZE);
        if (!(pde & _PAGE_V) || (pde & (_PAGE_R | _PAGE_W | _PAGE_X)) || pte_mfn(pde) != virt_to_mfn(l1)) {
            xtf_failure("root[%lu] = 0x%08x, want a pointer to mfn 0x%lx\n", va >> 22, pde, virt_to_mfn(l1));
            return;
        }
        pte_t pte = l1[(va >> PAGE_SHIFT) & 0x3ff];
        int is_pt = va >= si->pt_base && va < si->pt_base + si->nr_pt_frames * PAGE_SIZE;
        if (!(pte & _PAGE_V) || pte_mfn(pte) != pfn_to_mfn(virt_to_pfn((void *)va)) ||
            (is_pt && (pte & _PAGE_W)) || (!is_pt && !(pte & _PAGE_W) && va >= si->mfn_list)) {
            xtf_failure("va 0x%08lx: pte 0x%08x, p2m mfn 0x%lx%s\n", va, pte,
                        pfn_to_mfn(virt_to_pfn((void *)va)), is_pt ? " (page table: want read-only)" : "");
            bad++;
        }
    }
}

static void check_version(void)
{
    long v = HYPERVISOR_xen_version(XENVER_version, NULL);
    xtf_check(v >= (3L << 16), "XENVER_version 0x%lx\n", v);
    xtf_check(HYPERVISOR_xen_version(XENVER_pagesize, NULL) == PAGE_SIZE, "XENVER_pagesize\n");
    xen_extraversion_t ev;
    memset(&ev, 0xff, sizeof(ev));
    long rc = HYPERVISOR_xen_version(XENVER_extraversion, &ev);
    xtf_check(rc == 0 && strnlen(ev.extraversion, sizeof(ev.extraversion)) < sizeof(ev.extraversion),
              "XENVER_extraversion rc %ld or not terminated\n", rc);
    static xen_capabilities_info_t caps;
    rc = HYPERVISOR_xen_version(XENVER_capabilities, &caps);
    xtf_check(rc == 0 && strncmp(caps.info, XEN_START_INFO_MAGIC, strlen(XEN_START_INFO_MAGIC)) == 0,
              "XENVER_capabilities rc %ld \"%.40s\"\n", rc, caps.info);
    xen_platform_parameters_t pp = { 0 };
    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    xtf_check(rc == 0 && pp.virt_start == HYPERVISOR_VIRT_START, "platform_parameters rc %ld virt_start 0x%lx\n",
              rc, (unsigned long)pp.virt_start);
    xen_feature_info_t fi = { .submap_idx = 0 };
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    xtf_check(rc == 0, "XENVER_get_features rc %ld\n", rc);
    rc = HYPERVISOR_xen_version(XENVER_extraversion, NULL);
    xtf_check(rc == -XEN_EFAULT, "XENVER_extraversion(NULL) rc %ld, want -EFAULT\n", rc);
    rc = HYPERVISOR_xen_version(0x7fff, NULL);
    xtf_check(rc == -XEN_ENOSYS, "unknown XENVER sub-op rc %ld, want -ENOSYS\n", rc);
}

void start_kernel(start_info_t *si)
{
    unsigned long sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    printk("boot: start of day\n");
    /* Nothing has unmasked upcalls yet: the entry state is still visible. */
    xtf_check(HYPERVISOR_shared_info != NULL, "shared_info not mapped by the SDK\n");
    if (HYPERVISOR_shared_info)
        xtf_check(HYPERVISOR_shared_info->vcpu_info[0].evtchn_upcall_mask == 1, "upcalls not masked at entry\n");
    xtf_check(si == start_info, "a0 at entry %p != start_info %p\n", (void *)si, (void *)start_info);
    check_start_info(si, sp);
    check_tables(si);
    check_version();
    if (xtf_verdict() == XTF_NONE)
        xtf_success("boot: start_info, stack, tables, p2m and xen_version as specified\n");
}
