/**
 * abi/guest_visible.ts: the values both hypervisors give a guest, and full Xen's
 * xen_version/time code using them (microxen is checked by `pvkit certify`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  encodeFixedStrings, encodeVarbufString, guestHandle, shutdownCodeOf, writeVcpuTimeInfo, VCPU_TIME_MUL, VCPU_TIME_NS_PER_TICK, VCPU_TIME_SHIFT, XEN_CAPABILITIES, XEN_COMPILE_INFO,
  XEN_VERSION_CODE, xenFeaturesSubmap0,
} from "../../abi/guest_visible.js";
import { XENFEAT_dom0, XENFEAT_mmu_pt_update_preserve_ad, XENFEAT_writable_page_tables } from "../../abi/features.js";
import { vcpu_info, XEN_PVCLOCK_TSC_STABLE_BIT, XEN_START_INFO_MAGIC } from "../../abi/xen.js";
import { offsetOf } from "../../abi/layout.js";
import { xen_compile_info } from "../../abi/version.js";

test("XENVER_version is 4.21 and capabilities is the start-info magic", () => {
  assert.equal(XEN_VERSION_CODE, 0x40015);
  assert.equal(XEN_CAPABILITIES, XEN_START_INFO_MAGIC);
});

test("compile info fills xen_compile_info exactly", () => {
  assert.equal(XEN_COMPILE_INFO.reduce((n, [, len]) => n + len, 0), xen_compile_info.size);
});

test("xenFeaturesSubmap0() offers preserve_ad, dom0 only when privileged, never writable page tables", () => {
  assert.equal(xenFeaturesSubmap0(false), 1 << XENFEAT_mmu_pt_update_preserve_ad);
  assert.equal(xenFeaturesSubmap0(true), (1 << XENFEAT_mmu_pt_update_preserve_ad) | (1 << XENFEAT_dom0));
  assert.equal(xenFeaturesSubmap0(true) & (1 << XENFEAT_writable_page_tables), 0);
});

test("guestHandle() puts the domain id big-endian in the last two bytes", () => {
  assert.deepEqual([...guestHandle(0x1234)], [...new Array(14).fill(0), 0x12, 0x34]);
});

test("the time scaling turns ticks into ns: ((ticks << shift) * mul) >> 32 = ticks * 100", () => {
  for (const ticks of [0, 1, 7, 12345, 0xffffff]) {
    const ns = (BigInt(ticks) << BigInt(VCPU_TIME_SHIFT)) * BigInt(VCPU_TIME_MUL) >> 32n;
    assert.equal(ns, BigInt(ticks * VCPU_TIME_NS_PER_TICK));
  }
});

test("shutdownCodeOf() is the code set by SCHEDOP_shutdown_code, else the reason", () => {
  assert.equal(shutdownCodeOf(3, -1), 3);
  assert.equal(shutdownCodeOf(0, -1), 0);
  assert.equal(shutdownCodeOf(3, 1), 1);
});

test("encodeFixedStrings() NUL-pads each field and keeps at most size - 1 characters", () => {
  const b = encodeFixedStrings([["abc", 4], ["toolong", 4], ["", 2]]);
  assert.deepEqual([...b], [0x61, 0x62, 0x63, 0, 0x74, 0x6f, 0x6f, 0, 0, 0]);
  assert.equal(encodeFixedStrings(XEN_COMPILE_INFO).length, xen_compile_info.size);
});

test("encodeVarbufString() gives 7-bit ASCII bytes without a NUL", () => {
  assert.deepEqual([...encodeVarbufString("-pv\u00e9")], [0x2d, 0x70, 0x76, 0x69]);
  assert.equal(encodeVarbufString("").length, 0);
});

test("writeVcpuTimeInfo() writes version 2, zero bases, the scaling and the stable flag at its offset", () => {
  const view = new DataView(new Uint8Array(256).fill(0xaa).buffer);
  const at = 64;
  writeVcpuTimeInfo(view, at);
  const f = (name: string): number => at + offsetOf(vcpu_info, `time.${name}`);
  assert.equal(view.getUint32(f("version"), true), 2);
  assert.equal(view.getBigUint64(f("tsc_timestamp"), true), 0n);
  assert.equal(view.getBigUint64(f("system_time"), true), 0n);
  assert.equal(view.getUint32(f("tsc_to_system_mul"), true), 0xc8000000);
  assert.equal(view.getInt8(f("tsc_shift")), 7);
  assert.equal(view.getUint8(f("flags")), XEN_PVCLOCK_TSC_STABLE_BIT);
  assert.equal(view.getUint8(0), 0xaa);
});
