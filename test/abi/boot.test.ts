import { test } from "node:test";
import assert from "node:assert/strict";
import { planBoot, BootPlanError, BOOT_MIN_SLACK } from "../../abi/boot.js";

const img = (virtBase: number, kernelEnd: number) => ({ virtBase, kernelEnd, entry: virtBase, hypercallPage: virtBase + 0x1000 });

test("planBoot() lays items out in Xen's order, page-aligned and contiguous", () => {
  const p = planBoot({ image: img(0x80000000, 0x80005000), memBytes: 16 << 20, moduleBytes: 5000 });
  assert.deepEqual(p.items.map((i) => i.name), ["kernel", "module", "p2m", "start_info", "xenstore", "console", "page_tables", "stack"]);
  let va = 0x80000000;
  for (const it of p.items) {
    assert.equal(it.va, va, it.name);
    assert.equal(it.pfn, (va - 0x80000000) / 4096, it.name);
    va += it.pages * 4096;
  }
  assert.deepEqual(p.items.map((i) => i.pages), [5, 2, 4, 1, 1, 1, 2, 4]);
  assert.equal(p.modStart, 0x80005000);
  assert.equal(p.modLen, 5000);
  assert.ok(p.items.find((i) => i.name === "page_tables")!.readOnly);
  assert.equal(p.items.filter((i) => i.readOnly).length, 1);
});

test("planBoot() ends the region on a 4 MiB boundary with >= 512 KiB slack; a0 and sp", () => {
  for (const kernelEnd of [0x80001000, 0x80370000, 0x803a0000, 0x81000000]) {
    const p = planBoot({ image: img(0x80000000, kernelEnd), memBytes: 64 << 20 });
    assert.equal(p.virtEnd % (4 << 20), 0);
    const stack = p.items.at(-1)!;
    assert.equal(p.sp, stack.va + stack.pages * 4096);
    assert.ok(p.virtEnd - p.sp >= BOOT_MIN_SLACK);
    assert.equal(p.slackBytes, p.virtEnd - p.sp);
    assert.equal(p.a0, p.items.find((i) => i.name === "start_info")!.va);
    assert.equal(p.startInfo, p.a0);
    assert.equal(p.sp % 16, 0);
  }
});

test("planBoot() gives one root plus one L1 per 4 MiB of the region", () => {
  const small = planBoot({ image: img(0x80000000, 0x80010000), memBytes: 16 << 20 });
  assert.equal(small.virtEnd, 0x80400000);
  assert.equal(small.nrPtFrames, 2);
  // A kernel that leaves less than the slack in its 4 MiB pushes the region into the next.
  const edge = planBoot({ image: img(0x80000000, 0x803c0000), memBytes: 16 << 20 });
  assert.equal(edge.virtEnd, 0x80800000);
  assert.equal(edge.nrPtFrames, 3);
  const big = planBoot({ image: img(0x80000000, 0x81000000), memBytes: 64 << 20 });
  assert.equal(big.nrPtFrames, 1 + (big.virtEnd - 0x80000000) / (4 << 20));
  // VIRT_BASE not on a 4 MiB boundary: L1s count the 4 MiB slots touched.
  const odd = planBoot({ image: img(0x80200000, 0x80210000), memBytes: 16 << 20 });
  assert.equal(odd.virtEnd, 0x80400000);
  assert.equal(odd.nrPtFrames, 2);
});

test("planBoot() reports out-of-memory, bad sizes and the hypervisor hole as BootPlanError", () => {
  assert.throws(() => planBoot({ image: img(0x80000000, 0x80010000), memBytes: 2 << 20 }), (e: unknown) => e instanceof BootPlanError && /not enough memory/.test(e.message));
  assert.throws(() => planBoot({ image: img(0x80000000, 0x80010000), memBytes: 1000 }), BootPlanError);
  assert.throws(() => planBoot({ image: img(0x80000000, 0x80010000), memBytes: 16 << 20, moduleBytes: -1 }), BootPlanError);
  assert.throws(() => planBoot({ image: img(0xfb800000, 0xfbfc0000), memBytes: 64 << 20 }), /hypervisor hole/);
});
