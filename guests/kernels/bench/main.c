/*
 * bench — the hot hypercalls timed from inside a PV guest, for
 * `npm run bench -- hypercalls` (cli/bench/hypercalls.ts), against the native
 * baseline guests/native/hcall, which runs the same operations with privileged
 * instructions. Each operation runs N times between two reads of `instret`,
 * framed by "@begin op" / "@end" console lines (the host times those), then
 * "bench op N insns" is printed; the list runs twice (round 0 warms up the
 * host's JIT). Events stay masked throughout. Where the kernel may not read
 * `instret` (a hypervisor that leaves scounteren.IR clear traps the read as an
 * illegal instruction), a probe at start of day notices it and the count is
 * printed as "-": the host still times the markers.
 *   null               xen_version(XENVER_version)
 *   update_va_mapping  remap a slack page (UVMF_INVLPG)
 *   mmu_update_N       a batch of N PTE writes (N = 1/64/512), same values back
 *   new_baseptr        MMUEXT_NEW_BASEPTR between two pinned roots
 *   set_timer_op       a deadline one second away
 *   iret               a frame built on the stack, then a jump to slot 23
 *   evtchn_send        EVTCHNOP_send on a loopback port
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>
#include <xen/version.h>
#include <xen/event_channel.h>
#include <sdk/traps.h>

#define ITERS 10000u
#define ITERS_512 200u

static mmu_update_t reqs[512];

/* Reads `instret` once at probe_csr; the trap handler skips it if it traps. */
long probe_instret(void);
__asm__(
    "    .section .text.probe_instret, \"ax\", @progbits\n"
    "    .globl probe_instret, probe_csr\n"
    "probe_instret:\n"
    "    li   a0, 1\n"
    "probe_csr:\n"
    "    csrr t0, instret\n"
    "    ret\n"
    "    .previous\n");
extern char probe_csr[];
static volatile int counter_missing;

void sdk_do_trap(bounce_frame_t *frame)
{
    if (frame->cause == 2 && frame->pc == (unsigned long)probe_csr) {
        counter_missing = 1;
        frame->pc += 4;
        return;
    }
    printk("bench: unexpected trap: cause %lu at pc 0x%08lx, stval 0x%08lx\n",
           (unsigned long)frame->cause, frame->pc, (unsigned long)frame->stval);
    sdk_shutdown(SHUTDOWN_crash);
}

/* instret, or 0 where the kernel may not read it. */
static inline uint64_t count_insns(void)
{
    return counter_missing ? 0 : rdinstret64();
}

/* Builds an iret frame below sp (pc = label 1, sp = the caller's) and jumps to slot 23. */
void pv_iret(void);
__asm__(
    "    .section .text.pv_iret, \"ax\", @progbits\n"
    "    .globl pv_iret\n"
    "pv_iret:\n"
    "    addi sp, sp, -32\n"
    "    la   t0, 1f\n"
    "    sw   t0, 0(sp)\n"
    "    addi t1, sp, 32\n"
    "    sw   t1, 4(sp)\n"
    "    sw   a0, 8(sp)\n"
    "    sw   a1, 12(sp)\n"
    "    li   t0, 1\n"                 /* XEN_RV32_FRAME_EVENTS_MASKED: stay masked */
    "    sw   t0, 16(sp)\n"
    "    la   t0, hypercall_page + 32 * 23\n"
    "    jr   t0\n"
    "1:  ret\n"
    "    .previous\n");

static void report(const char *op, uint32_t iters, uint64_t insns)
{
    console_write("@end\n", 5);
    if (counter_missing)
        printk("bench %s %u -\n", op, iters);
    else
        printk("bench %s %u %llu\n", op, iters, (unsigned long long)insns);
}

#define BENCH(op, iters, body)                              \
    do {                                                    \
        console_write("@begin " op "\n", sizeof("@begin " op "\n") - 1); \
        uint64_t t0_ = count_insns();                       \
        for (uint32_t i = 0; i < (iters); i++) { body; }    \
        uint64_t t1_ = count_insns();                       \
        report(op, (iters), t1_ - t0_);                     \
    } while (0)

static long mmuext1(unsigned int cmd, unsigned long mfn)
{
    mmuext_op_t op = { .cmd = cmd };
    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* A second root sharing the bootstrap L1s, read-only and pinned; its mfn or 0. */
static unsigned long second_root(start_info_t *si)
{
    pte_t *root = alloc_page();
    if (!root)
        return 0;
    memcpy(root, (void *)si->pt_base, HYPERVISOR_FIRST_ROOT_SLOT * sizeof(pte_t));
    unsigned long mfn = virt_to_mfn(root);
    if (HYPERVISOR_update_va_mapping((unsigned long)root, make_pte(mfn, PTE_KERNEL_RO), UVMF_INVLPG) ||
        mmuext1(MMUEXT_PIN_L2_TABLE, mfn))
        return 0;
    return mfn;
}

void start_kernel(start_info_t *si)
{
    printk("bench: hot hypercalls from a PV guest\n");
    static const uint8_t illegal[] = { 2 };
    if (trap_table_install(illegal, 1, 0) == 0)
        probe_instret();
    else
        counter_missing = 1;
    if (counter_missing)
        printk("bench: instret is not readable here: instruction counts omitted\n");
    uint32_t *page = alloc_page();
    unsigned long root_b = second_root(si), root_a = virt_to_mfn((void *)si->pt_base);
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_bind_interdomain_t bi = { .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    bi.remote_port = au.port;
    if (rc == 0)
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    if (!page || !root_b || rc) {
        printk("bench: setup failed (page %p, root 0x%lx, evtchn rc %ld)\n", (void *)page, root_b, rc);
        sdk_shutdown(SHUTDOWN_crash);
    }
    unsigned long va = (unsigned long)page;
    pte_t pte = make_pte(virt_to_mfn(page), PTE_KERNEL_RW);
    /* The first L1 maps VIRT_BASE..+4 MiB: rewrite 512 of its entries with their own values. */
    const pte_t *l1 = (const pte_t *)(si->pt_base + PAGE_SIZE);
    uint64_t l1_maddr = (uint64_t)virt_to_mfn(l1) << PAGE_SHIFT;
    for (unsigned n = 0; n < 512; n++)
        reqs[n] = (mmu_update_t){ .ptr = (l1_maddr + n * 4) | MMU_NORMAL_PT_UPDATE, .val = l1[n] };
    evtchn_send_t send = { .port = au.port };
    uint64_t far = monotonic_ns() + 1000000000ull;

    for (int round = 0; round < 2; round++) {   /* round 0 warms up the host */
        BENCH("null", ITERS, HYPERVISOR_xen_version(XENVER_version, NULL));
        BENCH("update_va_mapping", ITERS, HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG));
        BENCH("mmu_update_1", ITERS, HYPERVISOR_mmu_update(reqs, 1, NULL, DOMID_SELF));
        BENCH("mmu_update_64", ITERS, HYPERVISOR_mmu_update(reqs, 64, NULL, DOMID_SELF));
        BENCH("mmu_update_512", ITERS_512, HYPERVISOR_mmu_update(reqs, 512, NULL, DOMID_SELF));
        BENCH("new_baseptr", ITERS, mmuext1(MMUEXT_NEW_BASEPTR, (i & 1) ? root_a : root_b));
        mmuext1(MMUEXT_NEW_BASEPTR, root_a);
        BENCH("set_timer_op", ITERS, HYPERVISOR_set_timer_op(far + i));
        HYPERVISOR_set_timer_op(0);
        BENCH("iret", ITERS, pv_iret());
        BENCH("evtchn_send", ITERS, HYPERVISOR_event_channel_op(EVTCHNOP_send, &send));
    }
    printk("bench: done\n");
}
