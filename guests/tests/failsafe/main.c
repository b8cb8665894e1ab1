/*
 * failsafe — the failsafe rule (docs/abi.md "Failsafe"): when the hypervisor
 * cannot write a bounce frame on the stack a delivery would use, or iret cannot
 * read its frame, the failsafe callback runs instead, its frame on the
 * stack_switch kernel stack (cause XEN_RV32_CAUSE_FAILSAFE, stval 0). Xen leaves
 * this corner to each port; both pvkit hypervisors must agree on it, because a
 * guest kernel's recovery path depends on it.
 * 1. ebreak with sp on an unmapped page: the breakpoint handler must not run;
 *    the failsafe frame names the ebreak and the bad sp.
 * 2. iret with sp on an unmapped page: the failsafe callback runs.
 * The failsafe handler resumes the guest after each case with a good sp.
 */
#include <sdk/sdk.h>
#include <sdk/pages.h>
#include <sdk/traps.h>
#include <xen/callback.h>

extern char trap_entry[];
static volatile unsigned traps, failsafes;
static volatile uint32_t fs_cause, fs_stval, fs_flags;
static volatile unsigned long fs_pc, fs_sp, fs_frame;
/* Where the handler resumes the guest; the code there reloads sp from saved_sp. */
unsigned long resume_pc;
unsigned long saved_sp;

void sdk_do_trap(bounce_frame_t *f)
{
    if (f->cause != XEN_RV32_CAUSE_FAILSAFE) {
        traps++;
        f->pc += 4;                    /* skip the ebreak */
        return;
    }
    failsafes++;
    fs_cause = f->cause;
    fs_stval = f->stval;
    fs_flags = f->flags;
    fs_pc = f->pc;
    fs_sp = f->sp;
    fs_frame = (unsigned long)f;
    f->pc = resume_pc;
    f->sp = saved_sp;
}

/* ebreak at a known pc with sp = bad; resumes at the label after it. */
static unsigned long ebreak_with_sp(unsigned long bad)
{
    unsigned long pc;
    __asm__ volatile(
        "la t0, 1f\n la t1, resume_pc\n sw t0, 0(t1)\n"
        "la t1, saved_sp\n sw sp, 0(t1)\n"
        "la %0, 2f\n mv sp, %1\n"
        "2: ebreak\n"
        "1: la t1, saved_sp\n lw sp, 0(t1)\n"
        : "=&r"(pc) : "r"(bad) : "t0", "t1", "memory");
    return pc;
}

/* Jumps to the iret slot with sp = bad; resumes at the label after it. */
static void iret_with_sp(unsigned long bad)
{
    __asm__ volatile(
        "la t0, 1f\n la t1, resume_pc\n sw t0, 0(t1)\n"
        "la t1, saved_sp\n sw sp, 0(t1)\n"
        "la t0, hypercall_page + 32 * 23\n mv sp, %0\n jr t0\n"
        "1: la t1, saved_sp\n lw sp, 0(t1)\n"
        : : "r"(bad) : "t0", "t1", "a0", "a1", "memory");
}

void start_kernel(start_info_t *si)
{
    static const uint8_t vectors[] = { RV_CAUSE_BREAKPOINT };
    printk("failsafe: deliveries that cannot write or read their frame\n");
    char *kstack = alloc_page(), *hole = alloc_page();
    if (!kstack || !hole) {
        xtf_error("no slack pages\n");
        return;
    }
    unsigned long ktop = (unsigned long)kstack + PAGE_SIZE, bad = (unsigned long)hole + PAGE_SIZE / 2;
    callback_register_t cb = { .type = CALLBACKTYPE_failsafe, .address = (xen_callback_t)trap_entry };
    long rc = trap_table_install(vectors, sizeof(vectors), 0);
    if (rc == 0) rc = HYPERVISOR_stack_switch(0, ktop);
    if (rc == 0) rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    if (rc == 0) rc = HYPERVISOR_update_va_mapping((unsigned long)hole, 0, UVMF_INVLPG);
    if (rc) {
        xtf_error("setting up: rc %ld\n", rc);
        return;
    }
    /* The handler runs as usual while the stack is good. */
    ebreak_with_sp(ktop - 256);
    xtf_check(traps == 1 && failsafes == 0, "ebreak on a good stack: %u traps, %u failsafes\n", traps, failsafes);

    unsigned long pc = ebreak_with_sp(bad);
    unsigned long want_frame = (ktop - 32) & ~15UL;
    xtf_check(traps == 1 && failsafes == 1, "ebreak on a bad stack: %u traps, %u failsafes, want 1 and 1\n", traps, failsafes);
    xtf_check(fs_cause == XEN_RV32_CAUSE_FAILSAFE && fs_stval == 0, "failsafe frame cause 0x%x stval 0x%x\n", fs_cause, fs_stval);
    xtf_check(fs_pc == pc && fs_sp == bad, "failsafe frame pc 0x%lx sp 0x%lx, want 0x%lx 0x%lx\n", fs_pc, fs_sp, pc, bad);
    xtf_check(fs_frame == want_frame, "failsafe frame at 0x%lx, want 0x%lx on the stack_switch stack\n", fs_frame, want_frame);
    xtf_check(!(fs_flags & XEN_RV32_FRAME_USER_MODE), "failsafe frame flags 0x%x say user mode\n", fs_flags);

    iret_with_sp(bad);
    xtf_check(failsafes == 2 && traps == 1, "iret with an unreadable frame: %u failsafes, %u traps\n", failsafes, traps);
    xtf_check(fs_cause == XEN_RV32_CAUSE_FAILSAFE && fs_frame == want_frame, "iret failsafe: cause 0x%x frame 0x%lx\n",
              fs_cause, fs_frame);
    (void)si;
    if (xtf_verdict() == XTF_NONE)
        xtf_success("failsafe: bad delivery and iret frames reach the failsafe callback on the kernel stack\n");
}
