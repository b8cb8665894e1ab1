import { test } from "node:test";
import assert from "node:assert/strict";
import {
  XEN_E2BIG, XEN_EEXIST, XEN_EFAULT, XEN_EINVAL, XEN_ENOBUFS, XEN_ENOENT, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM,
  XEN_ESRCH, XEN_ETIME,
} from "../../abi/errno.js";
import * as X from "../../abi/xen.js";
import * as S from "../../abi/sched.js";
import * as V from "../../abi/vcpu.js";
import * as M from "../../abi/memory.js";
import * as G from "../../abi/grant_table.js";
import * as VER from "../../abi/version.js";
import { CALLBACKOP_register, CALLBACKOP_unregister, CALLBACKTYPE_event, CALLBACKTYPE_failsafe, CALLBACKTYPE_syscall } from "../../abi/callback.js";
import { upcallMasked } from "../../abi/evtchn_2l.js";
import { fullxenTransferPage } from "../../fullxen/transfer_page.js";
import { RoundRobinScheduler } from "../../fullxen/sched_rr.js";
import { nsToTicks } from "../../fullxen/time.js";
import { call, get32, makeDomain, newXen, pack16, put32, scratch } from "./helpers.js";

void XEN_E2BIG;

function one() {
  const { xen, console } = newXen();
  const d = makeDomain(xen, "a");
  return { xen, d, s: scratch(d), console };
}

test("unknown and unimplemented hypercall numbers are -ENOSYS", () => {
  const { xen, d } = one();
  for (const nr of [2, 5, 11, 36, 47, 55, 60, 127, 128, 5000]) assert.equal(call(xen, d, nr), -XEN_ENOSYS, `nr ${nr}`);
});

test("the transfer page: li t0, nr; ecall; ret in every slot, no ret after iret", () => {
  const p = new DataView(fullxenTransferPage().buffer);
  assert.equal(p.getUint32(32 * 17, true), (17 << 20 | 5 << 7 | 0x13) >>> 0);
  assert.equal(p.getUint32(32 * 17 + 4, true), 0x73);
  assert.equal(p.getUint32(32 * 17 + 8, true), 0x8067);
  assert.equal(p.getUint32(32 * 23 + 8, true), 0xc0001073);
  assert.equal(p.getUint32(32 * 17 + 12, true), 0xc0001073);
});

test("the round-robin scheduler picks in queue order, requeues on wake/yield, forgets on sleep", () => {
  const s = new RoundRobinScheduler(50);
  const v = (id: number) => ({ dom: 1, id, weight: () => 256, cap: () => 0 });
  const a = v(0), b = v(1), c = v(2);
  s.wake(a); s.wake(b); s.wake(c); s.wake(a);
  assert.deepEqual(s.pick(0, 0), { vcpu: a, slice: 50 });
  s.sleep(b);
  assert.equal(s.pick(0, 0)?.vcpu, c);
  s.wake(a);
  s.yield(a);
  assert.equal(s.pick(0, 0)?.vcpu, a);
  assert.equal(s.pick(0, 0), null);
  assert.throws(() => new RoundRobinScheduler(0), /bad slice/);
});

test("sched_op: shutdown reasons, shutdown_code, remote_shutdown privilege, unsupported and unknown cmds", () => {
  const { xen, d, s } = one();
  put32(xen, d, s, S.SHUTDOWN_MAX + 1);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_shutdown, s), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_shutdown, 0x10), -XEN_EFAULT);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_shutdown_code, s), -XEN_EINVAL);
  put32(xen, d, s, pack16(d.domid, 0), S.SHUTDOWN_reboot);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_remote_shutdown, s), -XEN_EPERM);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_watchdog, s), -XEN_EOPNOTSUPP);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, 42, s), -XEN_ENOSYS);
  put32(xen, d, s, S.SHUTDOWN_watchdog);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_shutdown_code, s), 0);
  const got: number[][] = [];
  xen.onShutdown = (id, r, c) => void got.push([id, r, c]);
  put32(xen, d, s, S.SHUTDOWN_poweroff);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_shutdown, s), 0);
  assert.deepEqual(got, [[d.domid, S.SHUTDOWN_poweroff, S.SHUTDOWN_watchdog]]);
  assert.equal(d.vcpus[0]!.runnable(), false);
  const p = makeDomain(xen, "p", { privileged: true });
  const sp = scratch(p);
  put32(xen, p, sp, pack16(999, 0), 0);
  assert.equal(call(xen, p, X.HYPERVISOR_sched_op, S.SCHEDOP_remote_shutdown, sp), -XEN_ESRCH);
});

test("sched_op block unmasks upcalls and blocks; poll checks its ports", () => {
  const { xen, d, s } = one();
  const v = d.vcpus[0]!;
  assert.ok(upcallMasked(v));
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_block, 0), 0);
  assert.equal(upcallMasked(v), false);
  assert.equal(v.blocked, true);
  v.blocked = false;
  put32(xen, d, s, s + 32, 129, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_poll, s), -XEN_EINVAL);
  put32(xen, d, s, s + 32, 1, 0, 0);
  put32(xen, d, s + 32, 1024);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_poll, s), -XEN_EINVAL);
  put32(xen, d, s, 0x10, 1, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_poll, s), -XEN_EFAULT);
  put32(xen, d, s, s + 32, 1, 1000, 0);
  put32(xen, d, s + 32, 1);
  assert.equal(call(xen, d, X.HYPERVISOR_sched_op, S.SCHEDOP_poll, s), 0);
  assert.equal(v.blocked, true);
  assert.deepEqual(v.pollPorts, [1]);
  assert.equal(v.pollDeadline, nsToTicks(1000));
});

test("timers: set_timer_op, periodic >= 1 ms, single shot on self only, SSHOTTMR_future", () => {
  const { xen, d, s } = makeTwoVcpus();
  const v = d.vcpus[0]!;
  assert.equal(call(xen, d, X.HYPERVISOR_set_timer_op, 2_000_050, 0), 0);
  assert.equal(v.singleshot, 20_001);
  assert.equal(call(xen, d, X.HYPERVISOR_set_timer_op, 0, 0), 0);
  assert.equal(v.singleshot, -1);
  put32(xen, d, s, 999_999, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_periodic_timer, 0, s), -XEN_EINVAL);
  put32(xen, d, s, 1_000_000, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_periodic_timer, 1, s), 0);
  assert.equal(d.vcpus[1]!.periodTicks, 10_000);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_periodic_timer, 0, 0x10), -XEN_EFAULT);
  put32(xen, d, s, 5, 0, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_singleshot_timer, 1, s), -XEN_EINVAL);
  xen.machine.clock.fastForward(1000);
  put32(xen, d, s, 5, 0, V.VCPU_SSHOTTMR_future, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_singleshot_timer, 0, s), -XEN_ETIME);
  put32(xen, d, s, 5, 0, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_set_singleshot_timer, 0, s), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_stop_singleshot_timer, 1, 0), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_stop_singleshot_timer, 0, 0), 0);
  assert.equal(v.singleshot, -1);
});

function makeTwoVcpus() {
  const { xen } = newXen();
  const d = makeDomain(xen, "two", { vcpus: 2 });
  return { xen, d, s: scratch(d) };
}

test("vcpu_op: -ENOENT past the last vCPU, up needs a context, is_up, down, runstate, register_vcpu_info", () => {
  const { xen, d, s } = makeTwoVcpus();
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 2, 0), -XEN_ENOENT);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 0, 0), 1);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_is_up, 1, 0), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_up, 1, 0), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_initialise, 1, s), -XEN_EINVAL, "a context without VGCF_in_kernel (test/fullxen/smp.test.ts has the rest)");
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_get_runstate_info, 0, s), 0);
  assert.equal(get32(xen, d, s), V.RUNSTATE_runnable);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_send_nmi, 0, 0), -XEN_EOPNOTSUPP);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, 99, 0, 0), -XEN_ENOSYS);
  // register_vcpu_info on a data frame of the domain (the boot region's last page).
  const pfn = (d.plan.virtEnd - d.plan.virtBase) / 4096 - 1;
  const mfn = d.mm.p2m[pfn]!;
  put32(xen, d, s, mfn, 0, 4040, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_register_vcpu_info, 0, s), -XEN_EINVAL);
  put32(xen, d, s, d.mm.p2m[d.plan.items.find((i) => i.name === "page_tables")!.pfn]!, 0, 64, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_register_vcpu_info, 0, s), -XEN_EINVAL, "a page table cannot hold a vcpu_info");
  put32(xen, d, s, mfn, 0, 64, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_register_vcpu_info, 0, s), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_register_vcpu_info, 0, s), -XEN_EINVAL, "a second registration is refused");
  assert.equal(d.vcpus[0]!.viMfn, mfn);
  assert.deepEqual(xen.check(), []);
  assert.equal(call(xen, d, X.HYPERVISOR_vcpu_op, V.VCPUOP_down, 1, 0), 0);
  xen.destroy(d.domid);
  assert.deepEqual(xen.check(), []);
  assert.equal(xen.mm.alloc.freeCount, xen.mm.alloc.nFrames);
});

test("set_trap_table and callback_op validate their input", () => {
  const { xen, d, s } = one();
  const v = d.vcpus[0]!;
  put32(xen, d, s, 13 | (4 << 8), 0xc0001000, 15, 0xc0002000, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_set_trap_table, s), 0);
  assert.equal(v.trapAddr[13], 0xc0001000);
  assert.equal(v.trapFlags[13], 4);
  assert.equal(v.trapAddr[15], 0xc0002000);
  put32(xen, d, s, 10, 0xc0001000, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_set_trap_table, s), -XEN_EINVAL, "vector 10 is not an rv32 exception");
  put32(xen, d, s, 2 | (1 << 8), 0xc0001000, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_set_trap_table, s), -XEN_EINVAL, "reserved flag bits");
  assert.equal(call(xen, d, X.HYPERVISOR_set_trap_table, 0x10), -XEN_EFAULT);
  assert.equal(call(xen, d, X.HYPERVISOR_set_trap_table, 0), 0);
  assert.equal(v.trapAddr[13], 0);
  put32(xen, d, s, pack16(CALLBACKTYPE_event, 0), 0xc0003000);
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_register, s), 0);
  assert.equal(v.eventCallback, 0xc0003000);
  put32(xen, d, s, pack16(CALLBACKTYPE_syscall, 0), 0xc0003000);
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_register, s), -XEN_EINVAL);
  put32(xen, d, s, pack16(CALLBACKTYPE_event, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_unregister, s), -XEN_EINVAL);
  put32(xen, d, s, pack16(CALLBACKTYPE_failsafe, 0), 0xc0004000);
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_register, s), 0);
  put32(xen, d, s, pack16(CALLBACKTYPE_failsafe, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_unregister, s), 0);
  assert.equal(v.failsafeCallback, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, 7, s), -XEN_ENOSYS);
  assert.equal(call(xen, d, X.HYPERVISOR_callback_op, CALLBACKOP_register, 0x10), -XEN_EFAULT);
  assert.equal(call(xen, d, X.HYPERVISOR_stack_switch, 0, 0xc0ff0000), 0);
  assert.equal(v.kernelSp, 0xc0ff0000);
});

test("iret restores the frame; an unreadable frame without a failsafe callback crashes the domain", () => {
  const { xen, d, s, console } = one();
  const v = d.vcpus[0]!;
  put32(xen, d, s, 0xc0001234, s + 64, 7, 8, 0, 0, 0, 0);
  v.regs[2] = s;
  assert.equal(call(xen, d, X.HYPERVISOR_iret), 7);
  assert.equal(v.pc, 0xc0001234);
  assert.equal(v.regs[2]! >>> 0, s + 64);
  assert.equal(v.regs[11], 8);
  assert.equal(upcallMasked(v), false);
  v.regs[2] = 0x10;
  call(xen, d, X.HYPERVISOR_iret);
  assert.equal(d.isShutdown, true);
  assert.match(console.join("\n"), /crashed: iret: cannot read the frame at 0x00000010/);
});

test("multicall: an oversized list is -EINVAL, an unreadable one -EFAULT", () => {
  const { xen, d, s } = one();
  assert.equal(call(xen, d, X.HYPERVISOR_multicall, s, 1025), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_multicall, 0x10, 1), -XEN_EFAULT);
  put32(xen, d, s, X.HYPERVISOR_xen_version, 0x5a5a, VER.XENVER_pagesize, 0, 0, 0, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_multicall, s, 1), 0);
  assert.equal(get32(xen, d, s + 4), 4096);
});

test("xen_version sub-ops and console_io rules", () => {
  const { xen, d, s, console } = one();
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_version), (4 << 16) | 21);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_extraversion, 0), -XEN_EFAULT);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_get_features, s), 0);
  put32(xen, d, s, 1, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_get_features, s), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_commandline, s), -XEN_EPERM);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_extraversion2, 0), 6);
  put32(xen, d, s, 3);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, VER.XENVER_extraversion2, s), -XEN_ENOBUFS);
  assert.equal(call(xen, d, X.HYPERVISOR_xen_version, 0x7fff, 0), -XEN_ENOSYS);
  put32(xen, d, s, 0x0a6968); // "hi\n"
  assert.equal(call(xen, d, X.HYPERVISOR_console_io, X.CONSOLEIO_write, 3, s), 0);
  assert.equal(console.at(-1), `${d.domid}: hi`);
  assert.equal(call(xen, d, X.HYPERVISOR_console_io, X.CONSOLEIO_write, 3, 0x10), -XEN_EFAULT);
  assert.equal(call(xen, d, X.HYPERVISOR_console_io, X.CONSOLEIO_write, -1, s), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_console_io, X.CONSOLEIO_read, 3, s), -XEN_EPERM);
  assert.equal(call(xen, d, X.HYPERVISOR_console_io, 9, 3, s), -XEN_ENOSYS);
  assert.equal(call(xen, d, X.HYPERVISOR_vm_assist, X.VMASST_CMD_enable, X.VMASST_TYPE_runstate_update_flag), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_vm_assist, X.VMASST_CMD_enable, X.VMASST_TYPE_writable_pagetables), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_vm_assist, 7, 5), -XEN_ENOSYS);
});

test("memory_op: reservations within max_pages, scrubbed frames, per-element faults, other domains", () => {
  const { xen, d, s } = one();
  const max = d.maxReservation();
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_current_reservation, 0x10), -XEN_EFAULT);
  put32(xen, d, s, pack16(X.DOMID_SELF, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_current_reservation, s), d.reservation());
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_maximum_reservation, s), max);
  // Give two frames back, then take two again (the second array element faults on a third).
  const last = d.mm.p2m.length - 1;
  const m1 = d.mm.p2m[last]!, m2 = d.mm.p2m[last - 1]!;
  put32(xen, d, s + 64, m1, m2);
  put32(xen, d, s, s + 64, 2, 0, 0, pack16(X.DOMID_SELF, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_decrease_reservation, s), 2);
  assert.equal(d.reservation(), max - 2);
  xen.machine.bus.fill(m1 * 4096, 4096, 0xab);
  put32(xen, d, s + 64, last, last - 1);
  put32(xen, d, s, s + 64, 2, 0, 0, pack16(X.DOMID_SELF, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_populate_physmap, s), 2);
  const got = get32(xen, d, s + 64);
  assert.equal(d.mm.p2m[last], got);
  assert.equal(xen.machine.bus.read(got * 4096, 4), 0, "new frames are scrubbed");
  put32(xen, d, s, s + 64, 3, 0, 0, pack16(X.DOMID_SELF, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_increase_reservation, s), 0, "at max_pages");
  put32(xen, d, s, 0, 1, 0, 0, pack16(9, 0));
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_increase_reservation, s), -XEN_EPERM);
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_maximum_ram_page, 0), (0x8000_0000 + 64 * 1024 * 1024) / 4096 - 1);
  put32(xen, d, s, 1, s + 64);
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_memory_map, s), 0);
  assert.equal(get32(xen, d, s + 64 + 8), d.mm.p2m.length * 4096);
  assert.equal(get32(xen, d, s + 64 + 16), M.XEN_MEMREGION_RAM);
  put32(xen, d, s, 0, s + 64);
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_memory_map, s), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, M.XENMEM_exchange, s), -XEN_EOPNOTSUPP);
  assert.equal(call(xen, d, X.HYPERVISOR_memory_op, 63, s), -XEN_ENOSYS);
  assert.deepEqual(xen.check(), []);
});

test("grant_table_op: setup_table frames held by the hypervisor, query_size, get_version, the rest -EOPNOTSUPP", () => {
  const { xen, d, s } = one();
  put32(xen, d, s, pack16(X.DOMID_SELF, 0), 2, 0, s + 64);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_setup_table, s, 1), 0);
  assert.equal(get32(xen, d, s + 8) & 0xffff, G.GNTST_okay);
  assert.equal(get32(xen, d, s + 64), d.grantFrames[0]);
  assert.equal(d.grantFrames.length, 2);
  assert.deepEqual(xen.check(), []);
  put32(xen, d, s, pack16(X.DOMID_SELF, 0), 9, 0, s + 64);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_setup_table, s, 1), 0);
  assert.equal((get32(xen, d, s + 8) << 16) >> 16, G.GNTST_general_error);
  put32(xen, d, s, pack16(77, 0), 1, 0, s + 64);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_setup_table, s, 1), 0);
  assert.equal((get32(xen, d, s + 8) << 16) >> 16, G.GNTST_permission_denied);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_setup_table, s, 2), -XEN_EINVAL);
  put32(xen, d, s, pack16(X.DOMID_SELF, 0), 0, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_query_size, s, 1), 0);
  assert.deepEqual([get32(xen, d, s + 4), get32(xen, d, s + 8)], [2, 4]);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_get_version, s, 1), 0);
  assert.equal(get32(xen, d, s + 4), 1);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, G.GNTTABOP_map_grant_ref, s, 1), -XEN_EOPNOTSUPP);
  assert.equal(call(xen, d, X.HYPERVISOR_grant_table_op, 40, s, 1), -XEN_ENOSYS);
  xen.destroy(d.domid);
  assert.equal(xen.mm.alloc.freeCount, xen.mm.alloc.nFrames);
});

test("mmu_update and mmuext_op copy their arrays element by element and refuse oversized counts", () => {
  const { xen, d, s } = one();
  assert.equal(call(xen, d, X.HYPERVISOR_mmu_update, s, 4097, 0, X.DOMID_SELF), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_mmuext_op, s, 4097, 0, X.DOMID_SELF), -XEN_EINVAL);
  // One good TLB flush op, then an array that runs off the mapped region: -EFAULT, pdone 1.
  const edge = d.plan.virtEnd - 12;
  put32(xen, d, edge, X.MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
  assert.equal(call(xen, d, X.HYPERVISOR_mmuext_op, edge, 2, s, X.DOMID_SELF), -XEN_EFAULT);
  assert.equal(get32(xen, d, s), 1);
  assert.equal(call(xen, d, X.HYPERVISOR_mmu_update, 0x10, 1, s, X.DOMID_SELF), -XEN_EFAULT);
  assert.equal(get32(xen, d, s), 0);
  assert.equal(call(xen, d, X.HYPERVISOR_update_va_mapping, 0xfc000000, 0, 0, 0), -XEN_EINVAL);
  assert.equal(call(xen, d, X.HYPERVISOR_update_va_mapping, s, 1, 1, 0), -XEN_EINVAL, "a PTE wider than 32 bits");
});
