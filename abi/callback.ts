/**
 * callback_op (hypercall 30) — xen/include/public/callback.h.
 *
 *   long HYPERVISOR_callback_op(int cmd, const void *arg)
 *
 * rv32: xen_callback_t is one unsigned long (the handler VA). Callbacks are
 * delivered with a bounce frame (arch_rv32.ts). event and failsafe are the types
 * an rv32 guest uses; syscall/sysenter types are x86-only (-EINVAL).
 */
import { defineStruct } from "./layout.js";

export const CALLBACKOP_register = 0;
export const CALLBACKOP_unregister = 1;

export const CALLBACKTYPE_event = 0;
export const CALLBACKTYPE_failsafe = 1;
export const CALLBACKTYPE_syscall = 2;
export const CALLBACKTYPE_sysenter_deprecated = 3;
export const CALLBACKTYPE_nmi = 4;
export const CALLBACKTYPE_sysenter = 5;
export const CALLBACKTYPE_syscall32 = 7;

/** Mask events on entry (ignored for event and nmi: they always mask). */
export const CALLBACKF_mask_events = 1 << 0;
export const _CALLBACKF_mask_events = 0;

export const callback_register = defineStruct("callback_register", "CALLBACKOP_register.", [
  { name: "type", type: "u16", doc: "IN: CALLBACKTYPE_*." },
  { name: "flags", type: "u16", doc: "IN: CALLBACKF_*." },
  { name: "address", type: "u32", doc: "IN: handler VA.", ctype: "xen_callback_t" },
]);
export const callback_unregister = defineStruct("callback_unregister", "CALLBACKOP_unregister.", [
  { name: "type", type: "u16", doc: "IN: CALLBACKTYPE_*." },
  { name: "_unused", type: "u16", doc: "Reserved." },
]);

export const CALLBACK_STRUCTS = [callback_register, callback_unregister] as const;
