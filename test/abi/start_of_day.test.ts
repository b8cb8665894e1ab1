import { test } from "node:test";
import assert from "node:assert/strict";
import { planBoot } from "../../abi/boot.js";
import { renderStartOfDay, SOD_LEAF_RO, SOD_LEAF_RW, SOD_PTE_U } from "../../abi/start_of_day.js";
import { offsetOf } from "../../abi/layout.js";
import { start_info } from "../../abi/xen.js";

const image = { virtBase: 0xc0000000, kernelEnd: 0xc0003000, entry: 0xc0000000, hypercallPage: 0xc0001000 };
const plan = planBoot({ image, memBytes: 16 << 20 });
const p2m = Uint32Array.from({ length: plan.nrPages }, (_, i) => 0x80400 + i);
const seg = { vaddr: 0xc0000000, memsz: 0x3000, data: Uint8Array.of(1, 2, 3) };
const pages = renderStartOfDay({ plan, segments: [seg], p2m, sharedInfoMfn: 0x80000, storeEvtchn: 1, consoleEvtchn: 2, rootExtra: [{ slot: 1023, pte: 0xabc }] });
const page = (va: number) => new DataView(pages[(va - plan.virtBase) / 4096]!.bytes.buffer);

test("renderStartOfDay() lists every page of the region with the kernel bytes in place", () => {
  assert.equal(pages.length, (plan.virtEnd - plan.virtBase) / 4096);
  assert.deepEqual([...pages[0]!.bytes.subarray(0, 4)], [1, 2, 3, 0]);
});

test("renderStartOfDay() fills start_info from the plan and the parameters", () => {
  const si = page(plan.startInfo);
  assert.equal(String.fromCharCode(...new Uint8Array(si.buffer, 0, 12)), "xen-3.0-rv32");
  assert.equal(si.getUint32(offsetOf(start_info, "nr_pages"), true), 4096);
  assert.equal(si.getUint32(offsetOf(start_info, "shared_info"), true), 0x80000000);
  assert.equal(si.getUint32(offsetOf(start_info, "pt_base"), true), plan.ptBase);
  assert.equal(si.getUint32(offsetOf(start_info, "console.evtchn"), true), 2);
  assert.equal(page(plan.mfnList).getUint32(8, true), 0x80402);
});

test("renderStartOfDay() maps the region RW and the tables read-only, with root extras", () => {
  const root = page(plan.ptBase);
  const ptPfn = (plan.ptBase - plan.virtBase) / 4096;
  assert.equal(root.getUint32(768 * 4, true), ((0x80400 + ptPfn + 1) << 10 | 1) >>> 0);
  assert.equal(root.getUint32(1023 * 4, true), 0xabc);
  const l1 = page(plan.ptBase + 4096);
  assert.equal(l1.getUint32(0, true), ((0x80400 << 10) | SOD_LEAF_RW) >>> 0);
  assert.equal(l1.getUint32(ptPfn * 4, true), (((0x80400 + ptPfn) << 10) | SOD_LEAF_RO) >>> 0);
});

test("renderStartOfDay() adds leafExtra (full Xen's U bit) to every leaf and rejects a short p2m", () => {
  const u = renderStartOfDay({ plan, segments: [], p2m, sharedInfoMfn: 1, storeEvtchn: 1, consoleEvtchn: 2, leafExtra: SOD_PTE_U });
  const l1 = new DataView(u[(plan.ptBase - plan.virtBase) / 4096 + 1]!.bytes.buffer);
  assert.equal(l1.getUint32(0, true) & SOD_PTE_U, SOD_PTE_U);
  assert.throws(() => renderStartOfDay({ plan, segments: [], p2m: new Uint32Array(3), sharedInfoMfn: 1, storeEvtchn: 1, consoleEvtchn: 2 }), RangeError);
});
