/*
 * pagefault — trap bouncing: with a page-fault handler installed by
 * set_trap_table, a load from an unmapped page and a store to a read-only
 * mapping must each reach the handler through a bounce frame carrying the right
 * cause, stval and pc (and the interrupted sp/a0/a1); the handler maps the page
 * (update_va_mapping) and returns with iret, and the faulting instruction then
 * completes. arch_vcpu_info must record the same stval/scause. This is the
 * demand-paging path of every PV kernel.
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>
#include <sdk/traps.h>

struct seen {
    unsigned count;
    uint32_t cause, stval, flags;
    unsigned long pc, sp;
};
static volatile struct seen seen;
static unsigned long fix_mfn;       /* what the handler maps at the faulting page */
static unsigned int fix_flags;

void sdk_do_trap(bounce_frame_t *f)
{
    seen.count++;
    seen.cause = f->cause;
    seen.stval = f->stval;
    seen.flags = f->flags;
    seen.pc = f->pc;
    seen.sp = f->sp;
    if (seen.count > 4) {               /* the fix did not take: stop looping */
        xtf_failure("fault at 0x%08lx repeats after the handler mapped it\n", (unsigned long)f->stval);
        xtf_exit();
    }
    long rc = HYPERVISOR_update_va_mapping(f->stval & ~(PAGE_SIZE - 1), make_pte(fix_mfn, fix_flags), UVMF_INVLPG);
    if (rc)
        xtf_failure("update_va_mapping in the handler: rc %ld\n", rc);
}

/* A load / store at a known pc (the label), so the frame's pc can be checked. */
static uint32_t load_at(volatile uint32_t *p, unsigned long *pc)
{
    uint32_t v;
    __asm__ volatile("la %1, 1f\n1: lw %0, 0(%2)" : "=&r"(v), "=&r"(*pc) : "r"(p) : "memory");
    return v;
}
static void store_at(volatile uint32_t *p, uint32_t v, unsigned long *pc)
{
    __asm__ volatile("la %0, 1f\n1: sw %1, 0(%2)" : "=&r"(*pc) : "r"(v), "r"(p) : "memory");
}

static void expect(const char *what, uint32_t cause, unsigned long va, unsigned long pc)
{
    vcpu_info_t *vi = &HYPERVISOR_shared_info->vcpu_info[0];
    xtf_check(seen.count == 1, "%s: handler ran %u times, want 1\n", what, seen.count);
    xtf_check(seen.cause == cause && seen.stval == va, "%s: cause %u stval 0x%08x, want %u 0x%08lx\n",
              what, seen.cause, seen.stval, cause, va);
    xtf_check(seen.pc == pc, "%s: frame pc 0x%08lx, want 0x%08lx\n", what, seen.pc, pc);
    xtf_check(seen.flags == XEN_RV32_FRAME_EVENTS_MASKED, "%s: frame flags 0x%x, want EVENTS_MASKED only\n", what, seen.flags);
    xtf_check(vi->arch.stval == va && vi->arch.scause == cause, "%s: arch_vcpu_info stval 0x%lx scause %lu\n",
              what, vi->arch.stval, vi->arch.scause);
}

void start_kernel(start_info_t *si)
{
    static const uint8_t vectors[] = { RV_CAUSE_LOAD_PAGE_FAULT, RV_CAUSE_STORE_PAGE_FAULT, RV_CAUSE_FETCH_PAGE_FAULT };
    printk("pagefault: bounce, fix up, iret\n");
    long rc = trap_table_install(vectors, sizeof(vectors), 0);
    if (rc) {
        xtf_failure("set_trap_table: rc %ld\n", rc);
        return;
    }
    volatile uint32_t *page = alloc_page();
    if (!page || !HYPERVISOR_shared_info) {
        xtf_error("no slack page or no shared_info\n");
        return;
    }
    unsigned long va = (unsigned long)page, mfn = virt_to_mfn((void *)page), pc;
    page[3] = 0xfeedf00d;

    /* 1. Load from an unmapped page: cause 13, the handler maps it back. */
    rc = HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG);
    if (rc) {
        xtf_error("unmapping the test page: rc %ld\n", rc);
        return;
    }
    fix_mfn = mfn;
    fix_flags = PTE_KERNEL_RO;
    unsigned long sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    uint32_t v = load_at(page + 3, &pc);
    expect("load from an unmapped page", RV_CAUSE_LOAD_PAGE_FAULT, va + 12, pc);
    xtf_check(v == 0xfeedf00d, "the load completed with 0x%x after iret\n", v);
    xtf_check(seen.sp <= sp && seen.sp > sp - 256, "frame sp 0x%lx, caller sp 0x%lx\n", seen.sp, sp);

    /* 2. Store to the (now read-only) mapping: cause 15, the handler makes it writable. */
    seen.count = 0;
    fix_flags = PTE_KERNEL_RW;
    store_at(page + 5, 0xabad1dea, &pc);
    expect("store to a read-only mapping", RV_CAUSE_STORE_PAGE_FAULT, va + 20, pc);
    xtf_check(page[5] == 0xabad1dea, "the store did not complete after iret\n");
    /* 3. No fault once mapped: the handler must stay quiet. */
    seen.count = 0;
    page[6] = 1;
    xtf_check(seen.count == 0, "a fault was bounced for a writable mapping\n");
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("pagefault: load and store faults bounced with the right frame and resumed\n");
}
