/**
 * Secondary vCPUs on full Xen: VCPUOP_initialise (with its -E* paths), up, down,
 * is_up, and what the scheduler and the memory manager see.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EEXIST, XEN_EFAULT, XEN_EINVAL, XEN_ENOENT } from "../../abi/errno.js";
import * as X from "../../abi/xen.js";
import * as V from "../../abi/vcpu.js";
import { SHUTDOWN_poweroff } from "../../abi/sched.js";
import { offsetOf } from "../../abi/layout.js";
import { upcallMasked } from "../../abi/evtchn_2l.js";
import {
  TI_MASK_EVENTS, VGCF_failsafe_disables_events, VGCF_i387_valid, VGCF_in_kernel, VGCF_online, vcpu_guest_context,
} from "../../abi/arch_rv32.js";
import type { Domain } from "../../fullxen/domain.js";
import { NO_BASE } from "../../fullxen/mm/domain.js";
import type { FullXen } from "../../fullxen/hypervisor.js";
import { call, makeDomain, newXen, scratch } from "./helpers.js";

interface Ctx {
  flags: number; pc: number; regs: Record<number, number>; traps: [number, number, number][];
  kernelSp: number; root: number; event: number; failsafe: number; pad: number;
}

function ctxBytes(c: Ctx): Uint8Array {
  const b = new Uint8Array(vcpu_guest_context.size);
  const v = new DataView(b.buffer);
  const ur = offsetOf(vcpu_guest_context, "user_regs");
  v.setUint32(0, c.flags >>> 0, true);
  v.setUint32(ur, c.pc >>> 0, true);
  for (const [n, val] of Object.entries(c.regs)) v.setUint32(ur + 4 * Number(n), val >>> 0, true);
  c.traps.forEach(([vector, flags, address], i) => {
    const at = offsetOf(vcpu_guest_context, "trap_ctxt") + 8 * i;
    v.setUint8(at, vector);
    v.setUint8(at + 1, flags);
    v.setUint32(at + 4, address >>> 0, true);
  });
  v.setUint32(offsetOf(vcpu_guest_context, "kernel_sp"), c.kernelSp >>> 0, true);
  v.setUint32(offsetOf(vcpu_guest_context, "ctrlreg3"), c.root >>> 0, true);
  v.setUint32(offsetOf(vcpu_guest_context, "event_callback"), c.event >>> 0, true);
  v.setUint32(offsetOf(vcpu_guest_context, "failsafe_callback"), c.failsafe >>> 0, true);
  v.setUint32(offsetOf(vcpu_guest_context, "_pad"), c.pad >>> 0, true);
  return b;
}

function good(d: Domain): Ctx {
  return {
    flags: VGCF_in_kernel, pc: 0xc0001000, regs: { 2: 0xc0100000, 10: 0x1234, 4: 7 },
    traps: [[13, TI_MASK_EVENTS, 0xc0002000], [8, 0, 0xc0003000]],
    kernelSp: 0xc0200000, root: d.mm.base[0]!, event: 0xc0004000, failsafe: 0xc0005000, pad: 0,
  };
}

function setup(vcpus = 2): { xen: FullXen; d: Domain; s: number } {
  const { xen } = newXen();
  const d = makeDomain(xen, "smp", { vcpus });
  return { xen, d, s: scratch(d) };
}

function init(xen: FullXen, d: Domain, s: number, vcpu: number, c: Ctx): number {
  assert.ok(xen.mem.write(d.mm, 0, s, ctxBytes(c)));
  return call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_initialise, vcpu, s);
}

test("VCPUOP_initialise loads the context into the vCPU, holds its root like NEW_BASEPTR, and masks its events", () => {
  const { xen, d, s } = setup();
  const v = d.vcpus[1]!;
  const root = d.mm.base[0]!;
  const f = xen.mm.frames;
  const typeRefs = f.typeCount[f.index(root)]!;
  assert.equal(init(xen, d, s, 1, good(d)), 0);
  assert.equal(v.initialised, true);
  assert.equal(v.online, false, "initialise alone does not bring the vCPU up");
  assert.equal(v.pc, 0xc0001000);
  assert.equal(v.regs[2]! >>> 0, 0xc0100000);
  assert.equal(v.regs[10], 0x1234);
  assert.equal(v.regs[4], 7);
  assert.equal(v.regs[0], 0);
  assert.equal(v.kernelMode, true);
  assert.equal(v.kernelSp, 0xc0200000);
  assert.equal(v.trapAddr[13], 0xc0002000);
  assert.equal(v.trapFlags[13], TI_MASK_EVENTS);
  assert.equal(v.trapAddr[8], 0xc0003000);
  assert.equal(v.trapAddr[15], 0);
  assert.equal(v.eventCallback, 0xc0004000);
  assert.equal(v.failsafeCallback, 0xc0005000);
  assert.equal(upcallMasked(v), true);
  assert.equal(d.mm.base[1], root);
  assert.equal(f.typeCount[f.index(root)], typeRefs + 1, "the base pointer holds its own type reference");
  assert.deepEqual(xen.check(), []);
});

test("VCPUOP_up starts an initialised vCPU; is_up follows; the scheduler gets it", () => {
  const { xen, d, s } = setup();
  const v = d.vcpus[1]!;
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), -XEN_EINVAL, "up before initialise");
  assert.equal(init(xen, d, s, 1, good(d)), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 1, 0), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 1, 0), 1);
  assert.equal(v.runnable(), true);
  assert.equal(v.inSched, true);
  assert.equal(v.runstate, V.RUNSTATE_runnable);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), 0, "up again is harmless");
});

test("VGCF_online brings the vCPU up at initialise", () => {
  const { xen, d, s } = setup();
  assert.equal(init(xen, d, s, 1, { ...good(d), flags: VGCF_in_kernel | VGCF_online | VGCF_failsafe_disables_events }), 0);
  assert.equal(d.vcpus[1]!.online, true);
  assert.equal(d.vcpus[1]!.runnable(), true);
});

test("VCPUOP_initialise: -EEXIST once initialised (vCPU 0 from the builder), -ENOENT past the last vCPU, -EFAULT for a bad pointer", () => {
  const { xen, d, s } = setup();
  assert.equal(init(xen, d, s, 0, good(d)), -XEN_EEXIST);
  assert.equal(init(xen, d, s, 1, good(d)), 0);
  assert.equal(init(xen, d, s, 1, good(d)), -XEN_EEXIST);
  assert.equal(init(xen, d, s, 2, good(d)), -XEN_ENOENT);
  assert.equal(init(xen, d, s, 0xffffffff, good(d)), -XEN_ENOENT);
  const { xen: x2, d: d2 } = setup();
  assert.equal(call(x2, d2, X.HYPERVISOR_vcpu_op, V.VCPUOP_initialise, 1, 0x10), -XEN_EFAULT);
  assert.equal(call(x2, d2, X.HYPERVISOR_vcpu_op, V.VCPUOP_initialise, 1, X.HYPERVISOR_VIRT_START), -XEN_EFAULT);
  assert.equal(d2.vcpus[1]!.initialised, false);
  assert.deepEqual(xen.check(), []);
});

test("VCPUOP_initialise: -EINVAL for a bad context, and the vCPU is left untouched", () => {
  const { xen, d, s } = setup();
  const v = d.vcpus[1]!;
  const bad: [string, Partial<Ctx>][] = [
    ["no VGCF_in_kernel", { flags: 0 }],
    ["VGCF_i387_valid", { flags: VGCF_in_kernel | VGCF_i387_valid }],
    ["an unknown flag", { flags: VGCF_in_kernel | 0x100 }],
    ["pc 0", { pc: 0 }],
    ["a misaligned pc", { pc: 0xc0001002 }],
    ["pc in the hole", { pc: 0xfc000000 }],
    ["an event callback in the hole", { event: 0xfffff000 }],
    ["a misaligned failsafe callback", { failsafe: 0xc0005001 }],
    ["trap vector 10", { traps: [[10, 0, 0xc0002000]] }],
    ["reserved trap flags", { traps: [[13, 1, 0xc0002000]] }],
    ["a trap handler in the hole", { traps: [[13, 0, 0xfc001000]] }],
    ["reserved words", { pad: 1 }],
  ];
  for (const [why, change] of bad) assert.equal(init(xen, d, s, 1, { ...good(d), ...change }), -XEN_EINVAL, why);
  assert.equal(v.initialised, false);
  assert.equal(v.pc, 0);
  assert.equal(v.eventCallback, 0);
  assert.equal(d.mm.base[1], NO_BASE);
  assert.deepEqual(xen.check(), []);
});

test("VCPUOP_initialise: the root must be a valid root table of the caller", () => {
  const { xen, d, s } = setup();
  const other = makeDomain(xen, "other", { vcpus: 1 });
  const v = d.vcpus[1]!;
  const dataMfn = d.mm.p2m[0]!;
  assert.notEqual(init(xen, d, s, 1, { ...good(d), root: dataMfn }), 0, "a kernel frame mapped writable cannot be a root");
  assert.notEqual(init(xen, d, s, 1, { ...good(d), root: other.mm.base[0]! }), 0, "another domain's root");
  assert.notEqual(init(xen, d, s, 1, { ...good(d), root: 0xfffff }), 0, "a frame past the end of RAM");
  assert.equal(v.initialised, false);
  assert.deepEqual(xen.check(), []);
  assert.equal(init(xen, d, s, 1, good(d)), 0);
});

test("VCPUOP_down stops a vCPU; the last vCPU going down powers the domain off", () => {
  const { xen, d, s } = setup();
  const shut: number[][] = [];
  xen.onShutdown = (id, r, c) => void shut.push([id, r, c]);
  assert.equal(init(xen, d, s, 1, good(d)), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_down, 1, 0, 0, 0, 1), 0, "vCPU 1 takes itself down");
  assert.equal(d.vcpus[1]!.online, false);
  assert.equal(d.vcpus[1]!.runnable(), false);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 1, 0), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), 0, "an initialised vCPU can come back up");
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_down, 0, 0), 0, "vCPU 0 down while vCPU 1 runs");
  assert.equal(d.isShutdown, false);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_down, 1, 0, 0, 0, 1), 0);
  assert.equal(d.isShutdown, true);
  assert.deepEqual(shut, [[d.domid, SHUTDOWN_poweroff, SHUTDOWN_poweroff]]);
});

test("destroying a domain with an initialised secondary vCPU gives every frame back", () => {
  const { xen, d, s } = setup(3);
  assert.equal(init(xen, d, s, 1, good(d)), 0);
  assert.equal(init(xen, d, s, 2, { ...good(d), flags: VGCF_in_kernel | VGCF_online }), 0);
  xen.destroy(d.domid);
  assert.deepEqual(xen.check(), []);
  assert.equal(xen.mm.alloc.freeCount, xen.mm.alloc.nFrames);
});
