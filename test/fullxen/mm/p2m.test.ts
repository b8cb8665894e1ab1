import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_E2BIG, XEN_EINVAL, XEN_ENOMEM } from "../../../abi/errno.js";
import { DOMID_SELF, MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE } from "../../../abi/xen.js";
import {
  allocDomainExtent, allocXenFrames, decreaseReservation, destroyDomainMemory, freeXenFrame,
  increaseReservation, populatePhysmap,
} from "../../../fullxen/mm/p2m.js";
import { mmuUpdate } from "../../../fullxen/mm/mmu_update.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import { OWNER_XEN } from "../../../fullxen/mm/frame_table.js";
import { counts, give, guest, healthy, makeWorld, newDom, poke, ptr, pteAddr, ro, rw } from "./helpers.js";

test("increaseReservation() stops at max_pages and reports extents done", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1, { maxPages: 8 });
  const out: number[] = [];
  assert.equal(increaseReservation(w.ctx, d, 5, 0, out), 5);
  assert.equal(increaseReservation(w.ctx, d, 3, 1, out), 1, "2 frames fit, then 7+2 > 8");
  assert.equal(d.totPages, 7);
  assert.equal(out.length, 6);
  assert.equal(increaseReservation(w.ctx, d, 4, 0, out), 1);
  assert.equal(d.totPages, 8);
  assert.equal(allocDomainExtent(w.ctx, d, 0), -XEN_E2BIG);
  assert.equal(allocDomainExtent(w.ctx, d, 11), -XEN_EINVAL);
  healthy(w.ctx);
});

test("allocation fails with -ENOMEM when RAM runs out, and aligned extents are honoured", () => {
  const w = makeWorld(16);
  const d = newDom(w.ctx, 1, { maxPages: 100 });
  assert.equal(allocDomainExtent(w.ctx, d, 0), 0x80000);
  assert.equal(allocDomainExtent(w.ctx, d, 2), 0x80004);
  assert.equal(allocDomainExtent(w.ctx, d, 3), 0x80008);
  assert.equal(allocDomainExtent(w.ctx, d, 2), -XEN_ENOMEM);
  assert.equal(allocXenFrames(w.ctx, 4), null);
  assert.equal(allocXenFrames(w.ctx, 3)?.length, 3);
  healthy(w.ctx);
});

test("populatePhysmap() fills p2m and m2p; refuses ranges outside the p2m or already populated", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1, { maxPages: 32, p2mSize: 16 });
  const out: number[] = [];
  assert.equal(populatePhysmap(w.ctx, d, [0, 4], 2, out), 2);
  for (let p = 0; p < 8; p++) {
    assert.equal(d.p2m[p], out[p >> 2]! + (p & 3));
    assert.equal(w.ctx.m2p[w.ctx.frames.index(d.p2m[p]!)], p);
  }
  assert.equal(populatePhysmap(w.ctx, d, [4], 2, out), 0, "already populated");
  assert.equal(populatePhysmap(w.ctx, d, [14], 2, out), 0, "beyond the p2m");
  assert.equal(populatePhysmap(w.ctx, d, [8, 16], 2, out), 1);
  assert.equal(d.totPages, 12);
  healthy(w.ctx);
  assert.equal(decreaseReservation(w.ctx, d, [out[1]!], 2), 1);
  assert.equal(d.p2m[4], 0xffffffff);
  assert.equal(d.totPages, 8);
  healthy(w.ctx);
});

test("decreaseReservation() refuses foreign frames and never frees a frame still mapped", () => {
  const w = makeWorld();
  const g = guest(w, 1, 3);
  const h = guest(w, 2, 1);
  const [a, b, c] = g.data;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(a!) }], DOMID_SELF).rc, 0);
  assert.equal(decreaseReservation(w.ctx, g.d, [b!, h.data[0]!, c!], 0), 1);
  assert.deepEqual(counts(w.ctx, b!), [0, 0]);
  assert.ok(w.ctx.alloc.isFree(w.ctx.frames.index(b!)));
  const before = g.d.totPages;
  assert.equal(decreaseReservation(w.ctx, g.d, [a!], 0), 1);
  assert.equal(decreaseReservation(w.ctx, g.d, [a!], 0), 0, "already given back");
  assert.deepEqual(counts(w.ctx, a!), [1, 1], "still mapped: kept, owned, not reusable");
  assert.equal(w.ctx.alloc.isFree(w.ctx.frames.index(a!)), false);
  assert.equal(g.d.totPages, before);
  healthy(w.ctx);
  // A new allocation cannot get it while mapped.
  const [n] = give(w.ctx, g.d, 1);
  assert.notEqual(n, a);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: 0 }], DOMID_SELF).rc, 0);
  assert.equal(w.ctx.frames.isFree(w.ctx.frames.index(a!)), true);
  assert.equal(g.d.totPages, before, "one freed, one allocated");
  healthy(w.ctx);
  // Reusing a frame freed since the last flush flushes every hart first.
  w.cpu.log = [];
  const e = newDom(w.ctx, 3);
  give(w.ctx, e, 2);
  assert.ok(w.cpu.log.includes("flushAll"));
  healthy(w.ctx);
});

test("hypervisor frames have their own owner and go back cleanly", () => {
  const w = makeWorld(8);
  const xs = allocXenFrames(w.ctx, 2)!;
  assert.equal(w.ctx.frames.owner[w.ctx.frames.index(xs[0]!)], OWNER_XEN);
  assert.equal(allocXenFrames(w.ctx, 7), null);
  healthy(w.ctx);
  freeXenFrame(w.ctx, xs[0]!);
  assert.throws(() => freeXenFrame(w.ctx, xs[0]!), /not a hypervisor frame/);
  healthy(w.ctx);
});

/** Builds a guest with two leaf tables, mappings of every kind, pins and a base. */
function busyGuest(w: ReturnType<typeof makeWorld>, domid: number): void {
  const d = newDom(w.ctx, domid, { maxPages: 16, p2mSize: 16, nrVcpus: 2 });
  const out: number[] = [];
  assert.equal(populatePhysmap(w.ctx, d, [0, 1, 2, 3, 4, 5, 6, 7], 0, out), 8);
  const [root, l1a, l1b, x, y, z] = out;
  poke(w, l1a!, 0, rw(x!));
  poke(w, l1a!, 1, ro(y!));
  poke(w, l1a!, 2, ro(l1a!));
  poke(w, l1a!, 3, ro(root!));
  poke(w, l1b!, 0, rw(x!));
  poke(w, l1b!, 9, rw(z!));
  poke(w, root!, 0, ptr(l1a!));
  poke(w, root!, 700, ptr(l1b!));
  poke(w, root!, 701, ptr(l1a!));
  const r = mmuextOp(w.ctx, d, 1, [
    { cmd: MMUEXT_PIN_L1_TABLE, arg1: l1b!, arg2: 0 },
    { cmd: MMUEXT_PIN_L2_TABLE, arg1: root!, arg2: 0 },
    { cmd: MMUEXT_NEW_BASEPTR, arg1: root!, arg2: 0 },
  ], DOMID_SELF);
  assert.deepEqual(r, { rc: 0, done: 3 });
  assert.equal(mmuUpdate(w.ctx, d, [{ ptr: pteAddr(l1b!, 10), val: ro(out[7]!) }], DOMID_SELF).rc, 0);
}

test("hundreds of domains with page tables are created and destroyed without leaking a frame", () => {
  const w = makeWorld(512);
  const total = w.ctx.alloc.freeCount;
  for (let round = 0; round < 30; round++) {
    const ids: number[] = [];
    for (let k = 0; k < 10; k++) {
      const domid = 1 + round * 10 + k;
      busyGuest(w, domid);
      ids.push(domid);
    }
    healthy(w.ctx);
    for (const id of ids) {
      const d = w.ctx.domain(id)!;
      assert.equal(destroyDomainMemory(w.ctx, d), 0);
      assert.equal(d.totPages, 0);
      w.ctx.removeDomain(d);
      healthy(w.ctx);
    }
    assert.equal(w.ctx.alloc.freeCount, total, `round ${round}`);
  }
  for (let i = 0; i < w.ctx.frames.nFrames; i++) {
    assert.equal(w.ctx.frames.count[i]! + w.ctx.frames.typeCount[i]! + w.ctx.frames.flags[i]!, 0);
  }
});

test("a frame another domain still maps outlives its owner, then returns", () => {
  const w = makeWorld();
  const g = guest(w, 1, 2);
  const dom0 = guest(w, 0, 1, { isPrivileged: true });
  assert.equal(mmuUpdate(w.ctx, dom0.d, [{ ptr: pteAddr(dom0.l1, 0), val: rw(g.data[0]!) }], 1).rc, 0);
  assert.equal(destroyDomainMemory(w.ctx, g.d), 1);
  assert.equal(g.d.totPages, 1);
  healthy(w.ctx);
  assert.equal(mmuUpdate(w.ctx, dom0.d, [{ ptr: pteAddr(dom0.l1, 0), val: 0 }], DOMID_SELF).rc, 0);
  assert.equal(g.d.totPages, 0);
  w.ctx.removeDomain(g.d);
  healthy(w.ctx);
  assert.equal(allocDomainExtent(w.ctx, g.d, 0), -XEN_EINVAL, "a dying domain gets no memory");
});
