/*
 * multicall — batching as Xen defines it (xen/common/multicall.c): every entry
 * runs in order and gets its own result, a failing entry in the middle does not
 * stop the batch, a nested multicall entry gets -EINVAL, an unknown hypercall
 * number -ENOSYS, and an iret entry ends the batch at once: control resumes
 * where the iret frame says and later entries never run (the XSA-213 rule).
 */
#include <sdk/sdk.h>
#include <xen/version.h>
#include <xen/event_channel.h>

#define SENTINEL 0x5a5a5a5aUL
#define MARKER 0x1ee7c0deUL

/*
 * mc_with_iret(list, n): builds an iret frame at sp (pc = label 1, sp = itself,
 * a0 = MARKER, upcalls kept masked), then calls the multicall slot with sp
 * pointing at it. Returns MARKER when the iret entry resumed at the frame's pc,
 * or the multicall's own result | 0x80000000 if it returned normally.
 */
long mc_with_iret(multicall_entry_t *list, unsigned n);
__asm__(
    "    .section .text.mc_with_iret, \"ax\", @progbits\n"
    "    .globl mc_with_iret\n"
    "mc_with_iret:\n"
    "    addi sp, sp, -48\n"
    "    sw   ra, 44(sp)\n"
    "    la   t0, 1f\n"
    "    sw   t0, 0(sp)\n"              /* frame.pc */
    "    sw   sp, 4(sp)\n"              /* frame.sp */
    "    li   t0, 0x1ee7c0de\n"
    "    sw   t0, 8(sp)\n"              /* frame.a0 */
    "    sw   zero, 12(sp)\n"           /* frame.a1 */
    "    li   t0, 1\n"
    "    sw   t0, 16(sp)\n"             /* frame.flags = EVENTS_MASKED */
    "    sw   zero, 20(sp)\n"
    "    sw   zero, 24(sp)\n"
    "    sw   zero, 28(sp)\n"
    "    la   t0, hypercall_page + 32 * 13\n"
    "    jalr t0\n"
    "    li   t0, 0x80000000\n"
    "    or   a0, a0, t0\n"
    "1:  lw   ra, 44(sp)\n"
    "    addi sp, sp, 48\n"
    "    ret\n"
    "    .previous\n");

static void entry(multicall_entry_t *e, unsigned long op, unsigned long a0, unsigned long a1, unsigned long a2)
{
    memset(e, 0, sizeof(*e));
    e->op = op;
    e->result = SENTINEL;
    e->args[0] = a0;
    e->args[1] = a1;
    e->args[2] = a2;
}

void start_kernel(start_info_t *si)
{
    static multicall_entry_t mc[7], inner[1], tail[3];
    printk("multicall: results, failures, nesting, iret\n");
    entry(&inner[0], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    entry(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    entry(&mc[1], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    entry(&mc[2], __HYPERVISOR_event_channel_op, 0x7777, 0, 0);          /* unknown sub-op */
    entry(&mc[3], __HYPERVISOR_multicall, (unsigned long)inner, 1, 0);   /* nested */
    entry(&mc[4], 60, 0, 0, 0);                                          /* no such hypercall */
    entry(&mc[5], __HYPERVISOR_xen_version, XENVER_extraversion, 0, 0);  /* NULL buffer */
    entry(&mc[6], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    long direct = HYPERVISOR_xen_version(XENVER_version, NULL);
    long rc = HYPERVISOR_multicall(mc, 7);
    xtf_check(rc == 0, "multicall of 7: rc %ld, want 0\n", rc);
    static const long want[7] = { 0, PAGE_SIZE, -XEN_ENOSYS, -XEN_EINVAL, -XEN_ENOSYS, -XEN_EFAULT, PAGE_SIZE };
    for (int i = 0; i < 7; i++) {
        long w = i == 0 ? direct : want[i];
        xtf_check((long)mc[i].result == w, "entry %d (op %lu): result %ld, want %ld\n", i, (unsigned long)mc[i].op,
                  (long)mc[i].result, w);
    }
    xtf_check(inner[0].result == SENTINEL, "the nested list ran (result %ld)\n", (long)inner[0].result);

    rc = HYPERVISOR_multicall(mc, 0);
    xtf_check(rc == 0, "empty multicall: rc %ld\n", rc);
    rc = HYPERVISOR_multicall((multicall_entry_t *)0x10, 1);
    xtf_check(rc == -XEN_EFAULT, "multicall of an unreadable list: rc %ld, want -EFAULT\n", rc);

    /* iret ends the batch: entry 0 ran, entry 2 never did. */
    entry(&tail[0], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    entry(&tail[1], __HYPERVISOR_iret, 0, 0, 0);
    entry(&tail[2], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    rc = mc_with_iret(tail, 3);
    xtf_check(rc == (long)MARKER, "iret entry: did not resume at the frame's pc (got 0x%lx)\n", (unsigned long)rc);
    xtf_check((long)tail[0].result == PAGE_SIZE, "entry before iret: result %ld\n", (long)tail[0].result);
    xtf_check(tail[2].result == SENTINEL, "entry after iret ran (result %ld)\n", (long)tail[2].result);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("multicall: per-entry results, nesting refused, iret ends the batch\n");
}
