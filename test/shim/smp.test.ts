/**
 * microxen SMP: one vCPU per hart. With one hart vcpu_op gives Xen's answers for a
 * domain with nr_vcpus = 1; with N harts, VCPUOP_initialise/up/down/is_up follow
 * full Xen's semantics and errno order, and per-vCPU state (vcpu_info, VIRQs, IPIs,
 * timers, the in-line code's data) is per hart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildDomain } from "../../shim/index.js";
import { TABLE } from "../../shim/hypercalls/table.js";
import * as X from "../../abi/xen.js";
import * as V from "../../abi/vcpu.js";
import { XEN_EEXIST, XEN_EFAULT, XEN_EINVAL, XEN_ENOENT } from "../../abi/errno.js";
import * as E from "../../abi/event_channel.js";
import { VGCF_in_kernel, VGCF_online } from "../../abi/arch_rv32.js";
import { upcallPending } from "../../abi/evtchn_2l.js";
import { CSR_MIE, CSR_SSCRATCH } from "../../machine/csr.js";
import { PRIV_S } from "../../machine/trap.js";
import { DOMAIN_BASE_MFN, DOMAIN_BASE_PA, MicroxenError, shimDataPa, shimHoleVa, SHIM_DATA_KERNEL_SP, SHIM_BASE_PA } from "../../shim/index.js";
import { VCPU_TIME_VERSION, writeVcpuTimeInfo } from "../../abi/guest_visible.js";
import { offsetOf } from "../../abi/layout.js";
import { SHUTDOWN_poweroff } from "../../abi/sched.js";
import { VCPU_GUEST_CONTEXT_SIZE } from "../../abi/vcpu_context.js";

const TIME = offsetOf(X.vcpu_info, "time");
const { vcpu_info, vcpu_time_info } = X;

const hello = readFileSync(resolve(import.meta.dirname, "../../guests/kernels/hello/hello.elf"));

function domain(harts = 1) {
  const { domain: d } = buildDomain({ image: hello, profile: "none", harts });
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

test("VCPUOP_register_vcpu_info writes the shared time record (version 2), as full Xen does", () => {
  const { d, vcpuOp, ctx } = domain();
  const slot = vcpu_info.size; // vCPU 0's record as the build wrote it: slot 1 is never touched
  const time = (view: DataView, at: number) => [...new Uint8Array(view.buffer, view.byteOffset + at + TIME, vcpu_time_info.size)];
  const built = time(d.sharedInfo, slot);
  const expected = new DataView(new ArrayBuffer(vcpu_info.size));
  writeVcpuTimeInfo(expected, 0);
  assert.deepEqual(built, time(expected, 0));
  // The boot region's last page, offset 64.
  const pfn = (d.plan.virtEnd - d.plan.virtBase) / 4096 - 1;
  const arg = new DataView(new ArrayBuffer(16));
  arg.setUint32(0, DOMAIN_BASE_MFN + pfn, true);
  arg.setUint32(8, 64, true);
  assert.ok(d.mem.write(ctx, new Uint8Array(arg.buffer)));
  assert.equal(vcpuOp(V.VCPUOP_register_vcpu_info, 0, ctx), 0);
  const pa = DOMAIN_BASE_PA + pfn * 4096 + 64;
  const ram = d.machine.bus.ram;
  const moved = new DataView(ram.buffer, ram.byteOffset + pa - d.machine.bus.ramBase, vcpu_info.size);
  assert.deepEqual(time(moved, 0), built);
  assert.equal(moved.getUint32(TIME, true), VCPU_TIME_VERSION);
});

/** A vcpu_guest_context: kernel mode, pc/sp/a0, ctrlreg3 = `root`, 288 bytes. */
function context(o: { flags?: number; pc: number; sp: number; a0: number; root: number; kernelSp?: number }): Uint8Array {
  const b = new Uint8Array(VCPU_GUEST_CONTEXT_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, o.flags ?? VGCF_in_kernel, true);
  v.setUint32(4, o.pc, true);
  v.setUint32(4 + 4 * 2, o.sp, true);
  v.setUint32(4 + 4 * 10, o.a0, true);
  v.setUint32(260, o.kernelSp ?? 0, true);
  v.setUint32(264, o.root, true);
  return b;
}

function smp(harts = 2) {
  const t = domain(harts);
  const root = t.d.vcpus[0]!.hart.satp & 0x3fffff;
  const put = (c: Uint8Array) => assert.ok(t.d.mem.write(t.ctx, c));
  return { ...t, root, put };
}

test("buildDomain() gives one vCPU per hart: vCPU 0 runs, the others are parked", () => {
  const { d } = smp(3);
  assert.equal(d.nrVcpus, 3);
  assert.equal(d.machine.harts.length, 3);
  assert.deepEqual(d.vcpus.map((v) => [v.up, v.initialised]), [[true, true], [false, false], [false, false]]);
  for (const v of d.vcpus.slice(1)) {
    assert.equal(v.hart.wfi, true);
    assert.equal(v.hart.readCsr(CSR_MIE), 0);
  }
  // Each hart's sscratch names its own shim data block (the in-line code's per-vCPU words).
  assert.deepEqual(d.vcpus.map((v) => v.hart.readCsr(CSR_SSCRATCH)), [0, 1, 2].map((n) => shimHoleVa(shimDataPa(n))));
  // Every vcpu_info slot starts masked, as full Xen's builder leaves them.
  for (let i = 0; i < 32; i++) assert.equal(d.sharedInfo.getUint8(i * 64 + 1), 1, `slot ${i}`);
  assert.throws(() => buildDomain({ image: hello, harts: 0 }), MicroxenError);
  assert.throws(() => buildDomain({ image: hello, harts: 9 }), MicroxenError);
});

test("with 2 harts: vCPU 2 is -ENOENT, up before initialise -EINVAL, is_up(1) 0", () => {
  const { vcpuOp, ctx } = smp();
  for (const cmd of [V.VCPUOP_initialise, V.VCPUOP_up, V.VCPUOP_down, V.VCPUOP_is_up]) assert.equal(vcpuOp(cmd, 2, ctx), -XEN_ENOENT);
  assert.equal(vcpuOp(V.VCPUOP_up, 1), -XEN_EINVAL);
  assert.equal(vcpuOp(V.VCPUOP_is_up, 1), 0);
  assert.equal(vcpuOp(V.VCPUOP_is_up, 0), 1);
});

test("VCPUOP_initialise checks in Xen's order: -EFAULT, -EEXIST, then the context (-EINVAL)", () => {
  const { d, vcpuOp, ctx, root, put } = smp();
  const pc = d.plan.entry;
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, 0x10), -XEN_EFAULT);
  put(context({ flags: 0, pc, sp: 0, a0: 0, root }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), -XEN_EINVAL, "no VGCF_in_kernel");
  assert.equal(vcpuOp(V.VCPUOP_initialise, 0, ctx), -XEN_EEXIST, "vCPU 0 before the context check");
  put(context({ pc: pc + 2, sp: 0, a0: 0, root }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), -XEN_EINVAL, "misaligned pc");
  put(context({ pc, sp: 0, a0: 0, root: 0x12345 }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), -XEN_EINVAL, "a root the domain does not own");
  assert.equal(d.vcpus[1]!.initialised, false);
});

test("VCPUOP_initialise loads hart 1; up runs it; down parks it; the last vCPU down powers off", () => {
  const { d, vcpuOp, ctx, root, put } = smp();
  const pc = d.plan.entry, sp = d.plan.sp - 0x100;
  put(context({ pc, sp, a0: 0x1234, root, kernelSp: sp - 16 }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), 0);
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), -XEN_EEXIST);
  const v1 = d.vcpus[1]!;
  const h = v1.hart;
  assert.deepEqual([h.pc, h.x[2]! >>> 0, h.x[10], h.priv, h.satp & 0x3fffff], [pc >>> 0, sp >>> 0, 0x1234, PRIV_S, root]);
  assert.equal(v1.kernelSp, (sp - 16) >>> 0);
  assert.equal(d.shim.getUint32(shimDataPa(1) - SHIM_BASE_PA + SHIM_DATA_KERNEL_SP, true), (sp - 16) >>> 0);
  assert.equal(d.sharedInfo.getUint8(64 + 1), 1, "vCPU 1 starts with events masked");
  assert.equal(vcpuOp(V.VCPUOP_is_up, 1), 0);
  assert.equal(h.wfi, true);
  assert.equal(vcpuOp(V.VCPUOP_up, 1), 0);
  assert.equal(vcpuOp(V.VCPUOP_up, 1), 0, "up twice");
  assert.equal(vcpuOp(V.VCPUOP_is_up, 1), 1);
  assert.equal(h.wfi, false);
  assert.notEqual(h.readCsr(CSR_MIE), 0);
  assert.equal(vcpuOp(V.VCPUOP_down, 1), 0);
  assert.equal(vcpuOp(V.VCPUOP_is_up, 1), 0);
  assert.deepEqual([h.wfi, h.readCsr(CSR_MIE)], [true, 0]);
  const shutdown = () => d.shutdown;
  assert.equal(shutdown(), null);
  assert.equal(vcpuOp(V.VCPUOP_down, 0), 0);
  assert.equal(shutdown()?.reason, SHUTDOWN_poweroff);
});

test("VGCF_online brings the vCPU up at VCPUOP_initialise", () => {
  const { d, vcpuOp, ctx, root, put } = smp();
  put(context({ flags: VGCF_in_kernel | VGCF_online, pc: d.plan.entry, sp: d.plan.sp, a0: 0, root }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), 0);
  assert.equal(vcpuOp(V.VCPUOP_is_up, 1), 1);
});

test("an IPI port bound to vCPU 1 makes vCPU 1's vcpu_info pending, not vCPU 0's, and kicks its hart", () => {
  const { d, ctx, root, put, vcpuOp } = smp();
  put(context({ flags: VGCF_in_kernel | VGCF_online, pc: d.plan.entry, sp: d.plan.sp, a0: 0, root }));
  assert.equal(vcpuOp(V.VCPUOP_initialise, 1, ctx), 0);
  d.sharedInfo.setUint8(1, 0); // unmask both, so only pending decides
  d.sharedInfo.setUint8(65, 0);
  const evtchn = (cmd: number, words: number[]) => {
    const b = new Uint8Array(24);
    words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w, true));
    assert.ok(d.mem.write(ctx, b));
    return TABLE[X.HYPERVISOR_event_channel_op]!(d, cmd, ctx, 0, 0, 0);
  };
  assert.equal(evtchn(E.EVTCHNOP_bind_ipi, [2]), -XEN_ENOENT);
  assert.equal(evtchn(E.EVTCHNOP_bind_ipi, [1]), 0);
  const port = d.mem.read32(ctx + 4);
  assert.equal(evtchn(E.EVTCHNOP_status, [X.DOMID_SELF, port]), 0);
  assert.equal(d.mem.read32(ctx + 12), 1, "status names the notify vCPU");
  assert.equal(d.vcpus[1]!.kicked, false);
  assert.equal(evtchn(E.EVTCHNOP_send, [port]), 0);
  assert.equal(upcallPending(d.vcpus[1]!.vcpuInfo), true);
  assert.equal(upcallPending(d.vcpus[0]!.vcpuInfo), false);
  assert.equal(d.vcpus[1]!.kicked, true);
  assert.equal(d.machine.clint.deadlineOf(1), 0, "the kick: hart 1's timer is due at once");
  // bind_vcpu: the vCPU is checked before the port (Xen's order); an IPI port cannot move.
  assert.equal(evtchn(E.EVTCHNOP_bind_vcpu, [0, 5]), -XEN_ENOENT);
  assert.equal(evtchn(E.EVTCHNOP_bind_vcpu, [port, 0]), -XEN_EINVAL);
});

test("VIRQ_TIMER binds per vCPU; the single-shot timer of another vCPU is -EINVAL", () => {
  const { d, ctx } = smp();
  const bind = (vcpu: number) => {
    const b = new Uint8Array(12);
    new DataView(b.buffer).setUint32(0, X.VIRQ_TIMER, true);
    new DataView(b.buffer).setUint32(4, vcpu, true);
    assert.ok(d.mem.write(ctx, b));
    return TABLE[X.HYPERVISOR_event_channel_op]!(d, E.EVTCHNOP_bind_virq, ctx, 0, 0, 0);
  };
  assert.equal(bind(0), 0);
  assert.equal(bind(1), 0);
  assert.equal(bind(1), -XEN_EEXIST);
  assert.equal(bind(2), -XEN_ENOENT);
  assert.notEqual(d.vcpus[0]!.virqPort[X.VIRQ_TIMER], d.vcpus[1]!.virqPort[X.VIRQ_TIMER]);
  assert.ok(d.mem.write(ctx, new Uint8Array(16)));
  const vcpuOp = (cmd: number, vcpu: number) => TABLE[X.HYPERVISOR_vcpu_op]!(d, cmd, vcpu, ctx, 0, 0);
  assert.equal(vcpuOp(V.VCPUOP_set_singleshot_timer, 1), -XEN_EINVAL);
  assert.equal(vcpuOp(V.VCPUOP_stop_singleshot_timer, 1), -XEN_EINVAL);
  assert.equal(vcpuOp(V.VCPUOP_stop_singleshot_timer, 0), 0);
});

test("stack_switch keeps the kernel stack per vCPU", () => {
  const { d } = smp();
  TABLE[X.HYPERVISOR_stack_switch]!(d, 0, 0x1000, 0, 0, 0);
  d.cur = d.vcpus[1]!;
  TABLE[X.HYPERVISOR_stack_switch]!(d, 0, 0x2000, 0, 0, 0);
  assert.deepEqual(d.vcpus.map((v) => v.kernelSp), [0x1000, 0x2000]);
});
