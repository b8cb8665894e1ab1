/*
 * smp.c — secondary vCPUs: a context that enters smp_vcpu_boot(entry, arg, id)
 * on a fresh stack, VCPUOP_initialise/up/is_up/down.
 *
 * The new vCPU runs on start_info's bootstrap root (pt_base), the tables every
 * SDK guest runs on unless it calls NEW_BASEPTR itself; such a guest fills the
 * context with smp_prepare_context and sets ctrlreg3 to its own root.
 */
#include <sdk/sdk.h>
#include <sdk/smp.h>
#include <xen/vcpu.h>

static __attribute__((noreturn)) void smp_vcpu_boot(smp_entry_t entry, void *arg, unsigned id)
{
    entry(arg);
    smp_vcpu_exit(id);
}

void smp_prepare_context(vcpu_guest_context_t *ctx, unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->flags = VGCF_in_kernel;
    ctx->user_regs.pc = (unsigned long)smp_vcpu_boot;
    ctx->user_regs.sp = (unsigned long)stack_top & ~15ul;
    ctx->user_regs.a0 = (unsigned long)entry;
    ctx->user_regs.a1 = (unsigned long)arg;
    ctx->user_regs.a2 = vcpu;
    ctx->user_regs.tp = vcpu;
    ctx->kernel_sp = ctx->user_regs.sp;
    ctx->ctrlreg3 = virt_to_mfn((const void *)start_info->pt_base);
}

long smp_initialise_vcpu(unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top)
{
    vcpu_guest_context_t ctx;
    smp_prepare_context(&ctx, vcpu, entry, arg, stack_top);
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, vcpu, &ctx);
}

long smp_start_vcpu(unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top)
{
    long rc = smp_initialise_vcpu(vcpu, entry, arg, stack_top);
    return rc ? rc : HYPERVISOR_vcpu_op(VCPUOP_up, vcpu, NULL);
}

long smp_vcpu_is_up(unsigned vcpu)
{
    return HYPERVISOR_vcpu_op(VCPUOP_is_up, vcpu, NULL);
}

void smp_vcpu_exit(unsigned self)
{
    for (;;)
        HYPERVISOR_vcpu_op(VCPUOP_down, self, NULL);
}
