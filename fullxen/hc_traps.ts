/**
 * set_trap_table, stack_switch, set_callbacks, callback_op, iret and multicall.
 *
 * - set_trap_table: NULL clears the table. Otherwise entries are read and installed one
 *   by one until one with address 0 (Xen's order: earlier entries stay installed when a
 *   later one fails). A vector outside RV_TRAP_VECTORS or reserved flag bits: -EINVAL;
 *   an unreadable entry: -EFAULT; more than MAX_TRAP_ENTRIES entries: -EINVAL (there are
 *   no continuations).
 * - callback_op: event and failsafe only (-EINVAL for the x86 types); unregistering the
 *   event callback is -EINVAL, as in Xen. Unknown cmd: -ENOSYS.
 * - multicall: entries run in order, each result written back; a nested multicall entry
 *   gets -EINVAL; an iret entry ends the batch at once and the vCPU resumes where the
 *   frame says (XSA-213); an unreadable entry (or result write) ends it with -EFAULT.
 *   More than MAX_MULTICALL entries: -EINVAL. With tracing, every entry leaves its own
 *   hypercall record as it completes, before the multicall's (abi/trace.ts).
 */
import { XEN_EFAULT, XEN_EINVAL, XEN_ENOSYS } from "../abi/errno.js";
import { RV_TRAP_VECTORS, TI_FLAGS_VALID } from "../abi/arch_rv32.js";
import {
  CALLBACKOP_register, CALLBACKOP_unregister, CALLBACKTYPE_event, CALLBACKTYPE_failsafe,
} from "../abi/callback.js";
import {
  HYPERVISOR_callback_op, HYPERVISOR_iret, HYPERVISOR_multicall, HYPERVISOR_set_callbacks,
  HYPERVISOR_set_trap_table, HYPERVISOR_stack_switch,
} from "../abi/xen.js";
import { dispatch, registerHypercall, traceHypercall, type HcCtx } from "./hypercall.js";
import { doIret } from "./traps.js";

import { XEN_MAX_MULTICALL as MAX_MULTICALL, XEN_MAX_TRAP_ENTRIES as MAX_TRAP_ENTRIES } from "../abi/guest_visible.js";
const TRAP_INFO_SIZE = 8;
const MC_ENTRY_SIZE = 32;

function setTrapTable(c: HcCtx, traps: number): number {
  const v = c.vcpu;
  if (traps === 0) {
    v.trapAddr.fill(0);
    v.trapFlags.fill(0);
    return 0;
  }
  for (let i = 0; ; i++) {
    if (i >= MAX_TRAP_ENTRIES) return -XEN_EINVAL;
    const e = c.view((traps + i * TRAP_INFO_SIZE) >>> 0, TRAP_INFO_SIZE);
    if (e === null) return -XEN_EFAULT;
    const address = e.getUint32(4, true);
    if (address === 0) return 0;
    const vector = e.getUint8(0);
    const flags = e.getUint8(1);
    if (!RV_TRAP_VECTORS.includes(vector) || (flags & ~TI_FLAGS_VALID) !== 0) return -XEN_EINVAL;
    v.trapAddr[vector] = address;
    v.trapFlags[vector] = flags;
  }
}

function callbackOp(c: HcCtx, cmd: number, arg: number): number {
  const v = c.vcpu;
  if (cmd === CALLBACKOP_register) {
    const b = c.view(arg, 8);
    if (b === null) return -XEN_EFAULT;
    const type = b.getUint16(0, true);
    const address = b.getUint32(4, true);
    if (type === CALLBACKTYPE_event) v.eventCallback = address;
    else if (type === CALLBACKTYPE_failsafe) v.failsafeCallback = address;
    else return -XEN_EINVAL;
    return 0;
  }
  if (cmd === CALLBACKOP_unregister) {
    const b = c.view(arg, 4);
    if (b === null) return -XEN_EFAULT;
    const type = b.getUint16(0, true);
    if (type !== CALLBACKTYPE_failsafe) return -XEN_EINVAL;
    v.failsafeCallback = 0;
    return 0;
  }
  return -XEN_ENOSYS;
}

// One entry's bytes, reused: multicalls do not nest, and each entry's fields are
// copied to locals before it runs.
const MC_ENTRY = new Uint8Array(MC_ENTRY_SIZE);
const MC_WORDS = new DataView(MC_ENTRY.buffer);

function multicall(c: HcCtx, list: number, n: number): number {
  if (c.mcDepth > 0) return -XEN_EINVAL;
  if (n > MAX_MULTICALL) return -XEN_EINVAL;
  c.mcDepth = 1;
  try {
    for (let i = 0; i < n; i++) {
      const at = (list + i * MC_ENTRY_SIZE) >>> 0;
      if (!c.readInto(at, MC_ENTRY)) return -XEN_EFAULT;
      const op = MC_WORDS.getUint32(0, true);
      const a0 = MC_WORDS.getUint32(8, true), a1 = MC_WORDS.getUint32(12, true), a2 = MC_WORDS.getUint32(16, true);
      const a3 = MC_WORDS.getUint32(20, true), a4 = MC_WORDS.getUint32(24, true);
      const rc = dispatch(c, op, a0, a1, a2, a3, a4);
      if (c.xen.tracing) traceHypercall(c.xen, c.vcpu, op, a0, a1, a2, a3, a4, rc);
      if (!c.writeU32(at + 4, rc)) return -XEN_EFAULT;
      if (c.jumped || op === HYPERVISOR_iret) return rc;
      if (c.d!.isShutdown) return 0;
    }
    return 0;
  } finally {
    c.mcDepth = 0;
  }
}

registerHypercall(HYPERVISOR_set_trap_table, (c, traps) => setTrapTable(c, traps));
registerHypercall(HYPERVISOR_stack_switch, (c, _ss, esp) => {
  c.vcpu.kernelSp = esp >>> 0;
  return 0;
});
registerHypercall(HYPERVISOR_set_callbacks, (c, event, failsafe) => {
  c.vcpu.eventCallback = event >>> 0;
  c.vcpu.failsafeCallback = failsafe >>> 0;
  return 0;
});
registerHypercall(HYPERVISOR_callback_op, (c, cmd, arg) => callbackOp(c, cmd, arg));
registerHypercall(HYPERVISOR_iret, (c) => {
  const rc = doIret(c.xen, c.vcpu);
  c.jumped = true;
  return rc;
});
registerHypercall(HYPERVISOR_multicall, (c, list, n) => multicall(c, list, n));
