/*
 * entry.S — the first instructions of every pvkit PV guest.
 *
 * The hypervisor enters at _start with a0 = VA of start_info, sp = top of the
 * boot stack and event upcalls masked (DESIGN.md §6). We keep that stack, zero
 * .bss (a0 lives in s0 meanwhile) and call sdk_start(start_info), which never
 * returns. Also here: the 4 KiB transfer page, filled with the ABI's poison
 * until the domain builder writes the hypercall stubs over it.
 */
#include <xen/xen.h>
#include <xen/transfer_page.h>

    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    mv      s0, a0
    la      t0, _bss_start
    la      t1, _bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  mv      a0, s0
    call    sdk_start
3:  j       3b              /* sdk_start does not return */

    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill   TRANSFER_PAGE_SIZE / 4, 4, TRANSFER_PAGE_POISON
    .size hypercall_page, TRANSFER_PAGE_SIZE
