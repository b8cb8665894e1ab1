/** The domain builder and the M-mode entry, driven directly (no guest image needed beyond hello). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildDomain, MicroxenError, DOMAIN_BASE_PA, SHARED_INFO_PA } from "../../shim/index.js";
import { TABLE } from "../../shim/hypercalls/table.js";
import { PRIV_S } from "../../machine/trap.js";
import * as X from "../../abi/xen.js";
import { XEN_EFAULT, XEN_EINVAL, XEN_ENOSYS, XEN_ENOENT } from "../../abi/errno.js";
import { EVTCHNOP_bind_virq, EVTCHNOP_send, EVTCHNOP_status } from "../../abi/event_channel.js";

const hello = readFileSync(resolve(import.meta.dirname, "../../guests/kernels/hello/hello.elf"));

test("buildDomain() enters the kernel in S-mode with a0 = start_info, events masked", () => {
  const { domain: d } = buildDomain({ image: hello, profile: "none" });
  const h = d.hart;
  assert.equal(h.priv, PRIV_S);
  assert.equal(h.pc, d.plan.entry);
  assert.equal(h.x[10]! >>> 0, d.plan.startInfo);
  assert.equal(h.x[2]! >>> 0, d.plan.sp);
  assert.equal(d.sharedInfo.getUint8(1), 1);
  const siPa = DOMAIN_BASE_PA + (d.plan.startInfo - d.plan.virtBase);
  assert.equal(d.machine.bus.read(siPa + 36, 4), SHARED_INFO_PA);
});

test("buildDomain() refuses a bad image or memory size with MicroxenError", () => {
  assert.throws(() => buildDomain({ image: new Uint8Array(10) }), MicroxenError);
  assert.throws(() => buildDomain({ image: hello, memMiB: 61 }), MicroxenError);
});

test("hypercalls return -EFAULT for bad pointers and -ENOSYS for unknown numbers", () => {
  const { domain: d } = buildDomain({ image: hello, profile: "none" });
  const call = (nr: number, ...a: number[]) => TABLE[nr]!(d, a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0, a[4] ?? 0);
  assert.equal(call(X.HYPERVISOR_console_io, X.CONSOLEIO_write, 4, 0x1000), -XEN_EFAULT);
  assert.equal(call(X.HYPERVISOR_event_channel_op, EVTCHNOP_status, 0xfc000000), -XEN_EFAULT);
  assert.equal(call(X.HYPERVISOR_set_gdt), -XEN_ENOSYS);
  assert.equal(call(X.HYPERVISOR_vcpu_op, 3, 1, 0), -XEN_ENOENT);
  assert.equal(call(X.HYPERVISOR_update_va_mapping, 0xfc000000, 0, 0, 0), -XEN_EINVAL);
  assert.equal(call(X.HYPERVISOR_update_va_mapping, 0x1000, 0, 1, 0), -XEN_EINVAL);
  assert.equal(call(X.HYPERVISOR_xen_version, 0), (4 << 16) | 21);
  assert.equal(call(X.HYPERVISOR_mmuext_op, 0, 1, 0, X.DOMID_SELF), -XEN_EFAULT);
});

test("a bound VIRQ port is reported by EVTCHNOP_status and cannot be sent", () => {
  const { domain: d } = buildDomain({ image: hello, profile: "none" });
  const va = d.plan.sp - 64; // boot stack, mapped RW
  d.mem.write(va, new Uint8Array(12));
  assert.equal(TABLE[X.HYPERVISOR_event_channel_op]!(d, EVTCHNOP_bind_virq, va, 0, 0, 0), 0);
  const port = d.mem.read32(va + 8);
  assert.equal(port, 3, "ports 1 and 2 are the xenstore and console channels");
  d.mem.write32(va, port);
  assert.equal(TABLE[X.HYPERVISOR_event_channel_op]!(d, EVTCHNOP_send, va, 0, 0, 0), -XEN_EINVAL);
  const st = new Uint8Array(24);
  new DataView(st.buffer).setUint16(0, X.DOMID_SELF, true);
  new DataView(st.buffer).setUint32(4, port, true);
  d.mem.write(va, st);
  assert.equal(TABLE[X.HYPERVISOR_event_channel_op]!(d, EVTCHNOP_status, va, 0, 0, 0), 0);
  assert.equal(d.mem.read32(va + 8), 4); // EVTCHNSTAT_virq
});
