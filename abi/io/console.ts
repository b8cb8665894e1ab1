/**
 * PV console ring — xen/include/public/io/console.h. One page, in start_info's
 * console_mfn, signalled through console_evtchn. in: to the guest; out: from it.
 * Index masking: MASK_XENCONS_IDX(idx, ring) = idx & (sizeof(ring) - 1).
 */
import { defineStruct } from "../layout.js";

export const XENCONS_IN_SIZE = 1024;
export const XENCONS_OUT_SIZE = 2048;
/**
 * Values Xen's header defines for a back-end-written `connection` byte after
 * out_prod. The rv32 xencons_interface below does not carry that field; the
 * values are listed for a guest that reads Xen's layout.
 */
export const XENCONSOLE_CONNECTED = 0;
export const XENCONSOLE_DISCONNECTED = 1;

export const xencons_interface = defineStruct("xencons_interface", "The console page.", [
  { name: "in", type: { array: "u8", length: 1024 }, doc: "Input ring (to the guest).", owner: "XEN", ctype: "char" },
  { name: "out", type: { array: "u8", length: 2048 }, doc: "Output ring (from the guest).", owner: "GST", ctype: "char" },
  { name: "in_cons", type: "u32", doc: "Guest has consumed input up to here.", owner: "GST", ctype: "XENCONS_RING_IDX" },
  { name: "in_prod", type: "u32", doc: "Back end has produced input up to here.", owner: "XEN", ctype: "XENCONS_RING_IDX" },
  { name: "out_cons", type: "u32", doc: "Back end has consumed output up to here.", owner: "XEN", ctype: "XENCONS_RING_IDX" },
  { name: "out_prod", type: "u32", doc: "Guest has produced output up to here.", owner: "GST", ctype: "XENCONS_RING_IDX" },
]);

export const CONSOLE_STRUCTS = [xencons_interface] as const;
