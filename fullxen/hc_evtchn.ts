/**
 * event_channel_op: decodes each sub-op's struct from guest memory, runs the port logic
 * (event_channel.ts) and writes the OUT fields back. An unreadable or unwritable struct
 * is -EFAULT; the FIFO and PIRQ sub-ops are -EOPNOTSUPP; unknown cmds -ENOSYS.
 */
import { XEN_EFAULT, XEN_ENOSYS, XEN_EOPNOTSUPP } from "../abi/errno.js";
import {
  EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain, EVTCHNOP_bind_ipi, EVTCHNOP_bind_pirq, EVTCHNOP_bind_vcpu,
  EVTCHNOP_bind_virq, EVTCHNOP_close, EVTCHNOP_expand_array, EVTCHNOP_init_control, EVTCHNOP_reset,
  EVTCHNOP_send, EVTCHNOP_set_priority, EVTCHNOP_status, EVTCHNOP_unmask,
} from "../abi/event_channel.js";
import { HYPERVISOR_event_channel_op } from "../abi/xen.js";
import * as E from "./event_channel.js";
import { registerHypercall, type HcCtx } from "./hypercall.js";

/** Writes `value` (u32) at arg + off; the op's result when that works, else -EFAULT. */
function out(c: HcCtx, arg: number, off: number, value: number): number {
  if (value < 0) return value;
  return c.writeU32(arg + off, value) ? 0 : -XEN_EFAULT;
}

function evtchnOp(c: HcCtx, cmd: number, arg: number): number {
  const xen = c.xen;
  const d = c.dom;
  switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      return out(c, arg, 4, E.allocUnbound(xen, d, b.getUint16(0, true), b.getUint16(2, true)));
    }
    case EVTCHNOP_bind_interdomain: {
      const b = c.view(arg, 12);
      if (b === null) return -XEN_EFAULT;
      return out(c, arg, 8, E.bindInterdomain(xen, d, b.getUint16(0, true), b.getUint32(4, true)));
    }
    case EVTCHNOP_bind_virq: {
      const b = c.view(arg, 12);
      if (b === null) return -XEN_EFAULT;
      return out(c, arg, 8, E.bindVirq(xen, d, b.getUint32(0, true), b.getUint32(4, true)));
    }
    case EVTCHNOP_bind_ipi: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      return out(c, arg, 4, E.bindIpi(xen, d, b.getUint32(0, true)));
    }
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask: {
      const port = c.readU32(arg);
      if (port === null) return -XEN_EFAULT;
      if (cmd === EVTCHNOP_close) return E.closePort(xen, d, port);
      if (cmd === EVTCHNOP_send) return E.send(xen, d, port);
      return E.unmask(xen, d, port);
    }
    case EVTCHNOP_status: {
      const b = c.view(arg, 24);
      if (b === null) return -XEN_EFAULT;
      const s = E.status(xen, d, b.getUint16(0, true), b.getUint32(4, true));
      if (typeof s === "number") return s;
      const w = new Uint8Array(16);
      const wv = new DataView(w.buffer);
      wv.setUint32(0, s.status, true);
      wv.setUint32(4, s.vcpu, true);
      wv.setUint32(8, s.u0, true);
      wv.setUint32(12, s.u1, true);
      return c.write(arg + 8, w) ? 0 : -XEN_EFAULT;
    }
    case EVTCHNOP_bind_vcpu: {
      const b = c.view(arg, 8);
      if (b === null) return -XEN_EFAULT;
      return E.bindVcpu(xen, d, b.getUint32(0, true), b.getUint32(4, true));
    }
    case EVTCHNOP_reset: {
      const b = c.view(arg, 2);
      if (b === null) return -XEN_EFAULT;
      return E.reset(xen, d, b.getUint16(0, true));
    }
    case EVTCHNOP_bind_pirq:
    case EVTCHNOP_init_control:
    case EVTCHNOP_expand_array:
    case EVTCHNOP_set_priority:
      return -XEN_EOPNOTSUPP;
    default:
      return -XEN_ENOSYS;
  }
}

registerHypercall(HYPERVISOR_event_channel_op, (c, cmd, arg) => evtchnOp(c, cmd, arg));
