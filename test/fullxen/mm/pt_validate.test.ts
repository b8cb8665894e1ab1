import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EBUSY, XEN_EINVAL, XEN_EPERM } from "../../../abi/errno.js";
import { MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, DOMID_SELF } from "../../../abi/xen.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import type { MmContext } from "../../../fullxen/mm/context.js";
import type { MmDomain } from "../../../fullxen/mm/domain.js";
import { HOLE_FIRST_SLOT, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, makePte } from "../../../fullxen/mm/pte.js";
import { counts, give, healthy, makeWorld, newDom, peek, poke, ptr, ro, rw } from "./helpers.js";

function pin(ctx: MmContext, d: MmDomain, cmd: number, mfn: number): number {
  return mmuextOp(ctx, d, 0, [{ cmd, arg1: mfn, arg2: 0 }], DOMID_SELF).rc;
}

test("pinning a well-formed L1 takes a reference per entry and stores U=1, G=0", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1);
  const [l1, a, b] = give(w.ctx, d, 3);
  poke(w, l1!, 0, rw(a!) | PTE_G);
  poke(w, l1!, 1, ro(b!));
  poke(w, l1!, 2, ro(l1!)); // a table may map itself read-only
  poke(w, l1!, 3, 0xdead0000); // not present: anything goes
  assert.equal(pin(w.ctx, d, MMUEXT_PIN_L1_TABLE, l1!), 0);
  assert.deepEqual(counts(w.ctx, a!), [2, 1]);
  assert.deepEqual(counts(w.ctx, b!), [2, 0]);
  assert.equal(peek(w, l1!, 0), ((rw(a!) | PTE_U) & ~PTE_G) >>> 0);
  assert.equal(peek(w, l1!, 1), (ro(b!) | PTE_U) >>> 0);
  assert.equal(peek(w, l1!, 3), 0xdead0000);
  healthy(w.ctx);
});

test("pinning a malformed L1 is refused and takes nothing", () => {
  const cases: Array<[string, (l1: number, own: number, foreign: number) => number, number]> = [
    ["W without R", (_l, own) => makePte(own, PTE_V | PTE_W), -XEN_EINVAL],
    ["W+X without R", (_l, own) => makePte(own, PTE_V | PTE_W | PTE_X), -XEN_EINVAL],
    ["pointer at the last level", (_l, own) => ptr(own), -XEN_EINVAL],
    ["foreign frame", (_l, _o, foreign) => ro(foreign), -XEN_EBUSY],
    ["free frame", (_l, own) => ro(own + 100), -XEN_EBUSY],
    ["non-RAM frame", () => ro(0x10000), -XEN_EPERM],
    ["itself writable", (l1) => rw(l1), -XEN_EBUSY],
  ];
  for (const [name, entry, want] of cases) {
    const w = makeWorld();
    const d = newDom(w.ctx, 1);
    const e = newDom(w.ctx, 2);
    const [l1, own] = give(w.ctx, d, 2);
    const [foreign] = give(w.ctx, e, 1);
    poke(w, l1!, 0, rw(own!)); // a good entry before the bad one: its refs must be undone
    poke(w, l1!, 5, entry(l1!, own!, foreign!));
    assert.equal(pin(w.ctx, d, MMUEXT_PIN_L1_TABLE, l1!), want, name);
    assert.deepEqual(counts(w.ctx, own!), [1, 0], name);
    assert.deepEqual(counts(w.ctx, l1!), [1, 0], name);
    assert.equal(peek(w, l1!, 0), rw(own!), `${name}: entries unchanged`);
    healthy(w.ctx);
  }
});

test("pinning a malformed L2 is refused: leaf in root, hole slot, pointer to non-L1, bad L1 below", () => {
  const cases: Array<[string, (root: number, l1: number, data: number, foreign: number, bad: number) => [number, number], number]> = [
    ["megapage leaf", (_r, _l, data) => [0, ro(data)], -XEN_EINVAL],
    ["W-only in root", (_r, l1) => [0, makePte(l1, PTE_V | PTE_W)], -XEN_EINVAL],
    ["U on a pointer", (_r, l1) => [0, ptr(l1) | PTE_U], -XEN_EINVAL],
    ["hole slot", (_r, l1) => [HOLE_FIRST_SLOT + 2, ptr(l1)], -XEN_EINVAL],
    ["hole garbage", () => [1023, 0x1234], -XEN_EINVAL],
    ["pointer to itself (linear)", (root) => [1, ptr(root)], -XEN_EINVAL],
    ["pointer to a foreign frame", (_r, _l, _d, foreign) => [1, ptr(foreign)], -XEN_EINVAL],
    ["pointer to an L1 with a bad entry", (_r, _l, _d, _f, bad) => [2, ptr(bad)], -XEN_EINVAL],
  ];
  for (const [name, entry, want] of cases) {
    const w = makeWorld();
    const d = newDom(w.ctx, 1);
    const e = newDom(w.ctx, 2);
    const [root, l1, data] = give(w.ctx, d, 3);
    const [foreign] = give(w.ctx, e, 1);
    const [bad] = give(w.ctx, d, 1);
    poke(w, bad!, 0, makePte(data!, PTE_V | PTE_W));
    poke(w, l1!, 0, rw(data!));
    poke(w, root!, 0, ptr(l1!));
    const [slot, pte] = entry(root!, l1!, data!, foreign!, bad!);
    poke(w, root!, slot, pte);
    assert.equal(pin(w.ctx, d, MMUEXT_PIN_L2_TABLE, root!), want, name);
    assert.deepEqual(counts(w.ctx, l1!), [1, 0], name);
    assert.deepEqual(counts(w.ctx, data!), [1, 0], name);
    healthy(w.ctx);
  }
});

test("pinning an L2 installs the hypervisor's hole entries, and unpinning removes them", () => {
  const hole = new Uint32Array(16).map((_, k) => makePte(0x80000 + k, PTE_V | PTE_R | PTE_W | PTE_X));
  const w = makeWorld(256, {
    holeEntries(_d, out) { out.set(hole); },
    grantMapAllowed() { return false; },
    externalRefs() {},
  });
  const d = newDom(w.ctx, 1);
  const [root, l1] = give(w.ctx, d, 2);
  poke(w, root!, 0, ptr(l1!));
  assert.equal(pin(w.ctx, d, MMUEXT_PIN_L2_TABLE, root!), 0);
  for (let k = 0; k < 16; k++) assert.equal(peek(w, root!, HOLE_FIRST_SLOT + k), hole[k]);
  assert.deepEqual(counts(w.ctx, l1!), [2, 1]);
  healthy(w.ctx);
  poke(w, root!, 1020, 0); // tampering with the hole is caught by the checker
  assert.match(healthyReport(w.ctx), /hole slot/);
  poke(w, root!, 1020, hole[12]!);
  assert.equal(mmuextOp(w.ctx, d, 0, [{ cmd: 4, arg1: root!, arg2: 0 }], DOMID_SELF).rc, 0);
  for (let k = 0; k < 16; k++) assert.equal(peek(w, root!, HOLE_FIRST_SLOT + k), 0);
  assert.deepEqual(counts(w.ctx, l1!), [1, 0]);
  healthy(w.ctx);
});

import { checkMm } from "../../../fullxen/mm/check.js";
function healthyReport(ctx: MmContext): string {
  return checkMm(ctx).join("\n");
}
