/*
 * sdk/traps.h — guest trap handling through set_trap_table.
 *
 * trap_table_install() points the given RISC-V exception codes at one assembly
 * entry (trap_entry.S) that calls sdk_do_trap(frame) with the bounce frame and
 * returns through iret. A guest that handles traps defines sdk_do_trap; the
 * SDK's weak default reports an ERROR naming the unexpected trap and exits.
 */
#ifndef SDK_TRAPS_H
#define SDK_TRAPS_H

#include <xen/xen.h>

#define SDK_MAX_TRAPS 16

/* Installs trap_entry for `n` vectors (at most SDK_MAX_TRAPS) with trap_info
 * flags `flags`; 0 or -errno from set_trap_table (-EINVAL for too many). */
long trap_table_install(const uint8_t *vectors, unsigned n, uint8_t flags);
/* Called for every trap; may edit the frame before it returns. */
void sdk_do_trap(bounce_frame_t *frame);

#endif
