/*
 * traps.c — the trap table built around trap_entry.S (see sdk/traps.h).
 */
#include <sdk/sdk.h>
#include <sdk/traps.h>

extern char trap_entry[];

long trap_table_install(const uint8_t *vectors, unsigned n, uint8_t flags)
{
    trap_info_t table[SDK_MAX_TRAPS + 1];
    if (n > SDK_MAX_TRAPS)
        return -XEN_EINVAL;
    for (unsigned i = 0; i < n; i++) {
        table[i].vector = vectors[i];
        table[i].flags = flags;
        table[i]._pad = 0;
        table[i].address = (unsigned long)trap_entry;
    }
    memset(&table[n], 0, sizeof(table[n]));
    return HYPERVISOR_set_trap_table(table);
}

__attribute__((weak)) void sdk_do_trap(bounce_frame_t *frame)
{
    xtf_error("unexpected trap: cause %lu at pc 0x%08lx, stval 0x%08lx\n",
              (unsigned long)frame->cause, frame->pc, (unsigned long)frame->stval);
    xtf_exit();
}
