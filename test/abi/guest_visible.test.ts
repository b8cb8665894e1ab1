/**
 * abi/guest_visible.ts: the values both hypervisors give a guest, and full Xen's
 * xen_version/time code using them (microxen is checked by `pvkit certify`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  guestHandle, shutdownCodeOf, VCPU_TIME_MUL, VCPU_TIME_NS_PER_TICK, VCPU_TIME_SHIFT, XEN_CAPABILITIES, XEN_COMPILE_INFO,
  XEN_VERSION_CODE, xenFeaturesSubmap0,
} from "../../abi/guest_visible.js";
import { XENFEAT_dom0, XENFEAT_mmu_pt_update_preserve_ad, XENFEAT_writable_page_tables } from "../../abi/features.js";
import { XEN_START_INFO_MAGIC } from "../../abi/xen.js";
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
