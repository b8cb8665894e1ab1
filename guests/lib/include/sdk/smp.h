/*
 * sdk/smp.h — starting secondary vCPUs (VCPUOP_initialise + VCPUOP_up).
 *
 * smp_start_vcpu() builds a vcpu_guest_context (xen/arch-rv32.h) that starts
 * vCPU `vcpu` in guest kernel mode on the caller's current page tables, with
 * sp = `stack_top` (rounded down to 16), no trap table, no callbacks and its
 * events masked (docs/abi.md "Secondary vCPUs"), running entry(arg). When entry
 * returns, the vCPU takes itself down (VCPUOP_down) and stays down.
 *
 * The domain must have been given more than one vCPU (a full Xen config's
 * `vcpus = N`); otherwise the calls return -ENOENT for vCPUs it does not have.
 */
#ifndef SDK_SMP_H
#define SDK_SMP_H

#include <xen/xen.h>
#include <xen/arch-rv32.h>

typedef void (*smp_entry_t)(void *arg);

/* Fills *ctx for vCPU `vcpu` to run entry(arg) on stack_top; root = the caller's root frame. */
void smp_prepare_context(vcpu_guest_context_t *ctx, unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top);
/* VCPUOP_initialise with smp_prepare_context's context: 0 or -errno. */
long smp_initialise_vcpu(unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top);
/* smp_initialise_vcpu, then VCPUOP_up: 0 or the first -errno. */
long smp_start_vcpu(unsigned vcpu, smp_entry_t entry, void *arg, void *stack_top);
/* VCPUOP_is_up: 1, 0 or -errno. */
long smp_vcpu_is_up(unsigned vcpu);
/* The calling vCPU (number `self`) goes down; does not return. */
__attribute__((noreturn)) void smp_vcpu_exit(unsigned self);

#endif
