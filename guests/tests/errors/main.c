/*
 * errors — a guest's mistakes come back as error values, never as a crash:
 * for every hypercall family of the ABI, an unreadable pointer gives -EFAULT,
 * a bad count, type or value -EINVAL, an unknown sub-op -ENOSYS, and unknown
 * hypercall numbers and the x86-only calls -ENOSYS. Calls a hypervisor may not
 * implement for a domU accept -ENOSYS, -EPERM or -EOPNOTSUPP. The domain must
 * still be alive at the end to print the verdict.
 */
#include <sdk/sdk.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>

#define BAD ((void *)0x10)                      /* never mapped */
#define HOLE ((void *)HYPERVISOR_VIRT_START)   /* the hypervisor's, not the guest's */
#define ANY_UNIMPL 1                            /* -ENOSYS, -EPERM or -EOPNOTSUPP */

typedef long (*hcall5_t)(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);

static long hcall(unsigned nr, unsigned long a0, unsigned long a1, unsigned long a2, unsigned long a3)
{
    return ((hcall5_t)HYPERCALL_SLOT(nr))(a0, a1, a2, a3, 0);
}

static unsigned checks;

static void expect(const char *what, long rc, long want)
{
    checks++;
    if (want == ANY_UNIMPL ? (rc != -XEN_ENOSYS && rc != -XEN_EPERM && rc != -XEN_EOPNOTSUPP) : rc != want)
        xtf_failure("%s: rc %ld, want %s%ld\n", what, rc, want == ANY_UNIMPL ? "-ENOSYS/-EPERM/-EOPNOTSUPP " : "", want);
}

void start_kernel(start_info_t *si)
{
    printk("errors: bad pointers, counts, sub-ops and numbers\n");
    trap_info_t traps[2] = { { .vector = 11, .address = 0xc0000000 }, { 0 } };
    expect("set_trap_table(BAD)", HYPERVISOR_set_trap_table(BAD), -XEN_EFAULT);
    expect("set_trap_table(vector 11)", HYPERVISOR_set_trap_table(traps), -XEN_EINVAL);
    traps[0] = (trap_info_t){ .vector = RV_CAUSE_BREAKPOINT, .flags = 1, .address = 0xc0000000 };
    expect("set_trap_table(reserved flag)", HYPERVISOR_set_trap_table(traps), -XEN_EINVAL);
    expect("set_trap_table(empty)", HYPERVISOR_set_trap_table(&traps[1]), 0);

    expect("mmu_update(BAD, 1)", HYPERVISOR_mmu_update(BAD, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    mmu_update_t hole = { .ptr = ((uint64_t)virt_to_mfn((void *)si->pt_base) << PAGE_SHIFT) + HYPERVISOR_FIRST_ROOT_SLOT * 4, .val = 0 };
    expect("mmu_update(root slot in the hole)", HYPERVISOR_mmu_update(&hole, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    expect("mmuext_op(BAD, 1)", HYPERVISOR_mmuext_op(BAD, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    mmuext_op_t op = { .cmd = 14 };
    expect("mmuext_op(cmd 14)", HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_ENOSYS);
    op.cmd = MMUEXT_MARK_SUPER;
    expect("mmuext_op(MARK_SUPER)", HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EOPNOTSUPP);
    unsigned long va = (unsigned long)start_kernel & ~(PAGE_SIZE - 1);
    expect("update_va_mapping(high word set)", HYPERVISOR_update_va_mapping(va, ((uint64_t)1 << 32) | lookup_pte(va), UVMF_INVLPG), -XEN_EINVAL);

    expect("memory_op(cmd 63)", HYPERVISOR_memory_op(63, NULL), -XEN_ENOSYS);
    expect("memory_op(memory_map, BAD)", HYPERVISOR_memory_op(XENMEM_memory_map, BAD), -XEN_EFAULT);
    expect("memory_op(current_reservation, HOLE)", HYPERVISOR_memory_op(XENMEM_current_reservation, HOLE), -XEN_EFAULT);
    expect("multicall(BAD, 1)", HYPERVISOR_multicall(BAD, 1), -XEN_EFAULT);
    expect("xen_version(0x7fff)", HYPERVISOR_xen_version(0x7fff, NULL), -XEN_ENOSYS);
    expect("xen_version(extraversion, HOLE)", HYPERVISOR_xen_version(XENVER_extraversion, HOLE), -XEN_EFAULT);
    expect("console_io(write, BAD)", HYPERVISOR_console_io(CONSOLEIO_write, 8, BAD), -XEN_EFAULT);
    expect("console_io(cmd 7)", HYPERVISOR_console_io(7, 0, NULL), -XEN_ENOSYS);
    expect("grant_table_op(cmd 99)", HYPERVISOR_grant_table_op(99, NULL, 1), -XEN_ENOSYS);
    expect("grant_table_op(query_size, BAD)", HYPERVISOR_grant_table_op(GNTTABOP_query_size, BAD, 1), -XEN_EFAULT);
    expect("vm_assist(enable, type 31)", HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);
    expect("vm_assist(cmd 7)", HYPERVISOR_vm_assist(7, VMASST_TYPE_runstate_update_flag), -XEN_ENOSYS);
    expect("vcpu_op(cmd 99)", HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
    expect("vcpu_op(set_periodic_timer, BAD)", HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, BAD), -XEN_EFAULT);
    expect("vcpu_op(is_up, vCPU 4000)", HYPERVISOR_vcpu_op(VCPUOP_is_up, 4000, NULL), -XEN_ENOENT);
    expect("sched_op(cmd 99)", HYPERVISOR_sched_op(99, NULL), -XEN_ENOSYS);
    expect("sched_op(shutdown, BAD)", HYPERVISOR_sched_op(SCHEDOP_shutdown, BAD), -XEN_EFAULT);
    callback_register_t cb = { .type = 99, .address = 0xc0000000 };
    expect("callback_op(cmd 9)", HYPERVISOR_callback_op(9, &cb), -XEN_ENOSYS);
    expect("callback_op(register, BAD)", HYPERVISOR_callback_op(CALLBACKOP_register, BAD), -XEN_EFAULT);
    expect("callback_op(register type 99)", HYPERVISOR_callback_op(CALLBACKOP_register, &cb), -XEN_EINVAL);
    expect("event_channel_op(cmd 99)", HYPERVISOR_event_channel_op(99, NULL), -XEN_ENOSYS);
    expect("event_channel_op(send, BAD)", HYPERVISOR_event_channel_op(EVTCHNOP_send, BAD), -XEN_EFAULT);
    evtchn_bind_virq_t bv = { .virq = NR_VIRQS + 1, .vcpu = 0 };
    expect("event_channel_op(bind_virq 25)", HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);

    /* x86-only calls have no rv32 meaning; unknown numbers are -ENOSYS. */
    static const unsigned x86_only[] = { __HYPERVISOR_set_gdt, __HYPERVISOR_fpu_taskswitch, __HYPERVISOR_set_debugreg,
                                         __HYPERVISOR_get_debugreg, __HYPERVISOR_update_descriptor, __HYPERVISOR_set_segment_base };
    static const unsigned unknown[] = { 11, 43, 47, 56, 64, 100, 127 };
    static const unsigned unimpl[] = { __HYPERVISOR_platform_op, __HYPERVISOR_xsm_op, __HYPERVISOR_nmi_op, __HYPERVISOR_xenoprof_op,
                                       __HYPERVISOR_physdev_op, __HYPERVISOR_hvm_op, __HYPERVISOR_sysctl, __HYPERVISOR_domctl,
                                       __HYPERVISOR_kexec_op, __HYPERVISOR_tmem_op, __HYPERVISOR_argo_op, __HYPERVISOR_xenpmu_op,
                                       __HYPERVISOR_dm_op, __HYPERVISOR_hypfs_op, __HYPERVISOR_arch_0, __HYPERVISOR_arch_7 };
    char what[48];
    for (unsigned i = 0; i < sizeof(x86_only) / sizeof(x86_only[0]); i++) {
        snprintf(what, sizeof(what), "x86-only hypercall %u", x86_only[i]);
        expect(what, hcall(x86_only[i], 0, 0, 0, 0), -XEN_ENOSYS);
    }
    for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        snprintf(what, sizeof(what), "unknown hypercall %u", unknown[i]);
        expect(what, hcall(unknown[i], 0, 0, 0, 0), -XEN_ENOSYS);
    }
    for (unsigned i = 0; i < sizeof(unimpl) / sizeof(unimpl[0]); i++) {
        snprintf(what, sizeof(what), "hypercall %u with a NULL argument", unimpl[i]);
        long rc = hcall(unimpl[i], 0xdead, 0, 0, 0);
        expect(what, rc == -XEN_EFAULT || rc == -XEN_EINVAL ? -XEN_ENOSYS : rc, ANY_UNIMPL);
    }
    if (xtf_verdict() == XTF_NONE)
        xtf_success("errors: %u bad calls refused with the right errno\n", checks);
}
