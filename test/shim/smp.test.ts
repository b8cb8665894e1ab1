/** microxen's one vCPU: vcpu_op's SMP sub-ops give Xen's answers for a domain with nr_vcpus = 1. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildDomain } from "../../shim/index.js";
import { TABLE } from "../../shim/hypercalls/table.js";
import * as X from "../../abi/xen.js";
import * as V from "../../abi/vcpu.js";
import { XEN_EEXIST, XEN_EFAULT, XEN_ENOENT } from "../../abi/errno.js";
import { SHUTDOWN_poweroff } from "../../abi/sched.js";
import { VCPU_GUEST_CONTEXT_SIZE } from "../../abi/vcpu_context.js";

const hello = readFileSync(resolve(import.meta.dirname, "../../guests/kernels/hello/hello.elf"));

function domain() {
  const { domain: d } = buildDomain({ image: hello, profile: "none" });
  const vcpuOp = (cmd: number, vcpu: number, arg = 0) => TABLE[X.HYPERVISOR_vcpu_op]!(d, cmd, vcpu, arg, 0, 0);
  // A context-sized buffer in the boot region's slack (mapped, writable).
  const ctx = d.plan.sp + 0x4000;
  assert.ok(d.mem.write(ctx, new Uint8Array(VCPU_GUEST_CONTEXT_SIZE)));
  return { d, vcpuOp, ctx };
}

test("vcpu_op on any vCPU but 0 is -ENOENT, for every SMP sub-op", () => {
  const { vcpuOp, ctx } = domain();
  for (const cmd of [V.VCPUOP_initialise, V.VCPUOP_up, V.VCPUOP_down, V.VCPUOP_is_up]) {
    assert.equal(vcpuOp(cmd, 1, ctx), -XEN_ENOENT, `cmd ${cmd} on vCPU 1`);
    assert.equal(vcpuOp(cmd, 0xffffffff, ctx), -XEN_ENOENT, `cmd ${cmd} on vCPU -1`);
  }
});

test("vCPU 0 is initialised and up: initialise is -EEXIST (after -EFAULT), up is 0, is_up is 1", () => {
  const { d, vcpuOp, ctx } = domain();
  assert.equal(vcpuOp(V.VCPUOP_initialise, 0, ctx), -XEN_EEXIST);
  assert.equal(vcpuOp(V.VCPUOP_initialise, 0, 0x10), -XEN_EFAULT);
  assert.equal(vcpuOp(V.VCPUOP_up, 0), 0);
  assert.equal(vcpuOp(V.VCPUOP_is_up, 0), 1);
  assert.equal(d.shutdown, null);
});

test("VCPUOP_down of the only vCPU powers the domain off, as Xen does for the last vCPU", () => {
  const { d, vcpuOp } = domain();
  assert.equal(vcpuOp(V.VCPUOP_down, 0), 0);
  assert.equal(d.shutdown?.reason, SHUTDOWN_poweroff);
});
