/*
 * hello — the first PV kernel: prints a banner with the hypervisor's version
 * (XENVER_version, XENVER_extraversion) and the start_info it was handed, then
 * powers off. Runs unmodified on microxen and full Xen.
 */
#include <sdk/sdk.h>
#include <xen/version.h>

void start_kernel(start_info_t *si)
{
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra;
    memset(&extra, 0, sizeof(extra));
    long rc = HYPERVISOR_xen_version(XENVER_extraversion, &extra);
    if (rc < 0)
        strlcpy((char *)&extra, "?", sizeof(extra));
    ((char *)&extra)[sizeof(extra) - 1] = '\0';

    printk("pvkit hello: running on Xen %ld.%ld%s\n", ver >> 16, ver & 0xffff, (char *)&extra);
    printk("  start_info at %p: magic \"%.32s\"\n", (void *)si, si->magic);
    printk("  nr_pages %lu, shared_info 0x%08lx, flags 0x%x\n", si->nr_pages, si->shared_info, si->flags);
    printk("  pt_base 0x%08lx (%lu frames), mfn_list 0x%08lx\n", si->pt_base, si->nr_pt_frames, si->mfn_list);
    printk("  console mfn 0x%lx evtchn %u, store mfn 0x%lx evtchn %u\n",
           (unsigned long)si->console.domU.mfn, si->console.domU.evtchn, (unsigned long)si->store_mfn, si->store_evtchn);
    printk("pvkit hello: goodbye\n");
}
