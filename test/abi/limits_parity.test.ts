/**
 * The per-call limits of abi/guest_visible.ts hold alike on both hypervisors: a
 * multicall of XEN_MAX_MULTICALL + 1 entries and a poll of XEN_MAX_POLL_PORTS + 1
 * ports, and an mmu_update/mmuext_op batch of XEN_MAX_MMU_BATCH + 1 requests (or with
 * the continuation bit set) are -EINVAL on microxen and on full Xen, before any entry
 * is read.
 */
const PREEMPTED = 0x80000000;
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XEN_MAX_MMU_BATCH, XEN_MAX_MULTICALL, XEN_MAX_POLL_PORTS } from "../../abi/guest_visible.js";
import { DOMID_SELF, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_multicall, HYPERVISOR_sched_op } from "../../abi/xen.js";
import { SCHEDOP_poll } from "../../abi/sched.js";
import { XEN_EINVAL } from "../../abi/errno.js";
import { Microxen } from "../../shim/index.js";
import { TABLE } from "../../shim/hypercalls/table.js";
import { Machine } from "../../machine/machine.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import type { Domain } from "../../fullxen/domain.js";
import { guestCall } from "../fuzz/fullxen_call.js";

const HELLO = new Uint8Array(readFileSync(join(import.meta.dirname, "../../guests/kernels/hello/hello.elf")));
const VA = 0xc0000000; // a readable guest address: the kernel's first page

test("microxen refuses a multicall or poll past the shared limits with -EINVAL", () => {
  const mx = new Microxen({ image: HELLO, memMiB: 4, console: () => undefined });
  mx.run(20_000);
  const d = mx.built.domain;
  assert.equal(TABLE[HYPERVISOR_multicall]!(d, VA, XEN_MAX_MULTICALL + 1, 0, 0, 0), -XEN_EINVAL);
  // sched_poll {ports handle, nr_ports, timeout}: written in guest memory first.
  assert.ok(d.mem.write32(VA + 0x100, VA) && d.mem.write32(VA + 0x104, XEN_MAX_POLL_PORTS + 1));
  assert.equal(TABLE[HYPERVISOR_sched_op]!(d, SCHEDOP_poll, VA + 0x100, 0, 0, 0), -XEN_EINVAL);
  for (const nr of [HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op]) {
    assert.equal(TABLE[nr]!(d, VA, XEN_MAX_MMU_BATCH + 1, 0, DOMID_SELF, 0), -XEN_EINVAL);
    assert.equal(TABLE[nr]!(d, VA, (PREEMPTED | 1) >>> 0, 0, DOMID_SELF, 0), -XEN_EINVAL);
  }
});

test("full Xen refuses a multicall or poll past the shared limits with -EINVAL", () => {
  const xen = new FullXen(new Machine({ harts: 1, memMiB: 24 }), {});
  const id = xen.createDomain({ name: "hello", image: HELLO, memoryMiB: 8 });
  const d = xen.doms[id] as Domain;
  const v = d.vcpus[0]!;
  assert.equal(guestCall(xen, v, HYPERVISOR_multicall, [VA, XEN_MAX_MULTICALL + 1, 0, 0, 0]), -XEN_EINVAL);
  for (const nr of [HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op]) {
    assert.equal(guestCall(xen, v, nr, [VA, XEN_MAX_MMU_BATCH + 1, 0, DOMID_SELF, 0]), -XEN_EINVAL);
    assert.equal(guestCall(xen, v, nr, [VA, (PREEMPTED | 1) >>> 0, 0, DOMID_SELF, 0]), -XEN_EINVAL);
  }
});
