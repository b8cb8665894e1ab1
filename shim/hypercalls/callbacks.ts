/**
 * Where the guest wants control back: set_trap_table, set_callbacks,
 * callback_op, stack_switch, and iret (the way back from a bounce frame).
 *
 * - set_trap_table(NULL) clears the table; otherwise each entry (up to the one
 *   with address 0) replaces the handler of its vector, others stay (as Xen).
 *   A vector a trap table may not name, or reserved flag bits: -EINVAL; an
 *   unreadable table: -EFAULT (entries before the bad one are kept).
 * - iret reads the frame at sp: pc, sp, a0, a1 and the upcall mask and mode come
 *   back from it. An unreadable frame calls the failsafe callback, or crashes the
 *   domain if there is none. A due upcall is delivered right after (traps.ts).
 */
import type { Domain } from "../domain.js";
import { copyIn, EFAULT, NO_RETURN, type HypercallFn } from "./common.js";
import { RV_TRAP_VECTORS, TI_FLAGS_VALID, XEN_RV32_FRAME_EVENTS_MASKED, XEN_RV32_FRAME_USER_MODE } from "../../abi/arch_rv32.js";
import * as C from "../../abi/callback.js";
import { readIretFrame } from "../../abi/bounce.js";
import { setUpcallMask } from "../../abi/evtchn_2l.js";
import { XEN_EINVAL, XEN_ENOSYS } from "../../abi/errno.js";
import { PRIV_S, PRIV_U } from "../../machine/trap.js";
import { deliverFailsafe } from "../deliver.js";
import { hex32 } from "../../abi/hex.js";

import { XEN_MAX_TRAP_ENTRIES as MAX_TRAP_ENTRIES } from "../../abi/guest_visible.js";

export const set_trap_table: HypercallFn = (d, table) => {
  if (table === 0) {
    d.cur.trapHandler.fill(0);
    d.cur.trapFlags.fill(0);
    return 0;
  }
  for (let i = 0; i < MAX_TRAP_ENTRIES; i++) {
    const b = d.mem.read(table + i * 8, 8);
    if (b === null) return EFAULT;
    const v = new DataView(b.buffer);
    const vector = v.getUint8(0), flags = v.getUint8(1), address = v.getUint32(4, true);
    if (address === 0) return 0;
    if (!RV_TRAP_VECTORS.includes(vector) || (flags & ~TI_FLAGS_VALID) !== 0) return -XEN_EINVAL;
    d.cur.trapHandler[vector] = address;
    d.cur.trapFlags[vector] = flags;
  }
  return -XEN_EINVAL;
};

export const set_callbacks: HypercallFn = (d, event, failsafe) => {
  d.cur.eventCallback = event >>> 0;
  d.cur.failsafeCallback = failsafe >>> 0;
  return 0;
};

export const callback_op: HypercallFn = (d, cmd, arg) => {
  if (cmd !== C.CALLBACKOP_register && cmd !== C.CALLBACKOP_unregister) return -XEN_ENOSYS;
  const v = copyIn(d, arg, cmd === C.CALLBACKOP_register ? C.callback_register : C.callback_unregister);
  if (v === null) return EFAULT;
  const type = v.getUint16(0, true);
  if (type !== C.CALLBACKTYPE_event && type !== C.CALLBACKTYPE_failsafe) return -XEN_EINVAL;
  if (cmd === C.CALLBACKOP_unregister) return -XEN_EINVAL; // these two cannot be unregistered
  if ((v.getUint16(2, true) & ~C.CALLBACKF_mask_events) !== 0) return -XEN_EINVAL;
  const address = v.getUint32(4, true);
  if (type === C.CALLBACKTYPE_event) d.cur.eventCallback = address;
  else d.cur.failsafeCallback = address;
  return 0;
};

export const stack_switch: HypercallFn = (d, _ss, sp) => {
  d.cur.kernelSp = sp >>> 0;
  return 0;
};

export const iret: HypercallFn = (d) => {
  const h = d.hart;
  const at = h.x[2]! >>> 0;
  const f = readIretFrame((va, len) => d.mem.read(va, len), at);
  if (f === null) {
    deliverFailsafe(d, `iret: cannot read the frame at ${hex32(at)}`);
    return NO_RETURN;
  }
  h.pc = f.pc;
  h.x[2] = f.sp | 0;
  h.x[10] = f.a0 | 0;
  h.x[11] = f.a1 | 0;
  setUpcallMask(d.cur.vcpuInfo, (f.flags & XEN_RV32_FRAME_EVENTS_MASKED) !== 0);
  const to = (f.flags & XEN_RV32_FRAME_USER_MODE) !== 0 ? PRIV_U : PRIV_S;
  if (h.priv !== to) h.priv = to;
  return NO_RETURN;
};
