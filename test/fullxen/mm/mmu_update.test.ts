import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EBUSY, XEN_EINVAL, XEN_EPERM, XEN_ESRCH } from "../../../abi/errno.js";
import { DOMID_SELF, DOMID_XEN, MMU_MACHPHYS_UPDATE, MMU_PT_UPDATE_PRESERVE_AD, MMUEXT_PIN_L2_TABLE } from "../../../abi/xen.js";
import { mmuUpdate } from "../../../fullxen/mm/mmu_update.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, makePte } from "../../../fullxen/mm/pte.js";
import { counts, give, guest, healthy, makeWorld, peek, poke, ptr, pteAddr, ro, rw } from "./helpers.js";

test("mmuUpdate() maps an own frame RW and RO with the right references", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const [a, b] = g.data;
  const r = mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(a!) }, { ptr: pteAddr(g.l1, 1), val: ro(b!) }], DOMID_SELF);
  assert.deepEqual(r, { rc: 0, done: 2 });
  assert.deepEqual(counts(w.ctx, a!), [2, 1]);
  assert.deepEqual(counts(w.ctx, b!), [2, 0]);
  assert.equal(peek(w, g.l1, 0), (rw(a!) | PTE_U) >>> 0);
  healthy(w.ctx);
  assert.deepEqual(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: 0 }], DOMID_SELF), { rc: 0, done: 1 });
  assert.deepEqual(counts(w.ctx, a!), [1, 0]);
  healthy(w.ctx);
});

test("mmuUpdate() refuses another domain's frame (-EBUSY) and reports done", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const h = guest(w, 2);
  const r = mmuUpdate(w.ctx, g.d, [
    { ptr: pteAddr(g.l1, 0), val: ro(g.data[0]!) },
    { ptr: pteAddr(g.l1, 1), val: ro(h.data[0]!) },
    { ptr: pteAddr(g.l1, 2), val: ro(g.data[1]!) },
  ], DOMID_SELF);
  assert.deepEqual(r, { rc: -XEN_EBUSY, done: 1 });
  assert.equal(peek(w, g.l1, 1), 0);
  assert.deepEqual(counts(w.ctx, h.data[0]!), [1, 0]);
  healthy(w.ctx);
});

test("mmuUpdate() on a table of another domain is -EINVAL", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const h = guest(w, 2);
  assert.deepEqual(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(h.l1, 0), val: ro(g.data[0]!) }], DOMID_SELF),
    { rc: -XEN_EINVAL, done: 0 });
  healthy(w.ctx);
});

test("mmuUpdate() never maps a page table writable", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  for (const t of [g.l1, g.root]) {
    assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 3), val: rw(t) }], DOMID_SELF).rc, -XEN_EBUSY);
    assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 3), val: ro(t) }], DOMID_SELF).rc, 0);
    healthy(w.ctx);
  }
});

test("a frame mapped writable cannot become a table (type conflict); a write to it is a plain write", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const f = g.data[0]!;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(f) }], DOMID_SELF).rc, 0);
  // The guest now hands the frame to the root as a leaf table: refused.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 1), val: ptr(f) }], DOMID_SELF).rc, -XEN_EINVAL);
  // mmu_update aimed at it is just a write into an ordinary page.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(f, 7), val: rw(g.data[1]!) }], DOMID_SELF).rc, 0);
  assert.equal(peek(w, f, 7), rw(g.data[1]!));
  assert.deepEqual(counts(w.ctx, g.data[1]!), [1, 0], "a plain write takes no reference");
  healthy(w.ctx);
  // Unmapped, it may become a table (its contents are then validated).
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: 0 }], DOMID_SELF).rc, 0);
  w.cpu.log = [];
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 1), val: ptr(f) }], DOMID_SELF).rc, 0);
  assert.ok(w.cpu.log.includes("flushAll"), "stale writable TLB entries flushed before it became a table");
  assert.deepEqual(counts(w.ctx, g.data[1]!), [2, 1]);
  healthy(w.ctx);
});

test("flags-only updates never change frame, presence or writability (XSA-182)", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const [a, b] = g.data;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: ro(a!) }], DOMID_SELF).rc, 0);
  // Only A/D/X change: fast path, no new references.
  const fast = makePte(a!, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: fast }], DOMID_SELF).rc, 0);
  assert.deepEqual(counts(w.ctx, a!), [2, 0]);
  // Sneaking in W with the same frame goes through full validation: a writable type ref.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(a!) }], DOMID_SELF).rc, 0);
  assert.deepEqual(counts(w.ctx, a!), [2, 1]);
  healthy(w.ctx);
  // Sneaking in another frame with the same flags moves the references.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(b!) }], DOMID_SELF).rc, 0);
  assert.deepEqual(counts(w.ctx, a!), [1, 0]);
  assert.deepEqual(counts(w.ctx, b!), [2, 1]);
  // W on an L1 that is the table itself: refused, old entry intact.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(g.l1) }], DOMID_SELF).rc, -XEN_EBUSY);
  assert.equal(peek(w, g.l1, 0), (rw(b!) | PTE_U) >>> 0);
  // A root entry flag change that would turn a pointer into a leaf is refused.
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 0), val: makePte(g.l1, PTE_V | PTE_R | PTE_W) }], DOMID_SELF).rc, -XEN_EINVAL);
  healthy(w.ctx);
});

test("MMU_PT_UPDATE_PRESERVE_AD keeps the A/D bits the hart set", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const a = g.data[0]!;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: makePte(a, PTE_V | PTE_R | PTE_W) }], DOMID_SELF).rc, 0);
  poke(w, g.l1, 0, peek(w, g.l1, 0) | PTE_A | PTE_D); // the hart's A/D update
  const val = makePte(a, PTE_V | PTE_R);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0, MMU_PT_UPDATE_PRESERVE_AD), val }], DOMID_SELF).rc, 0);
  assert.equal(peek(w, g.l1, 0), (val | PTE_U | PTE_A | PTE_D) >>> 0);
  assert.deepEqual(counts(w.ctx, a), [2, 0]);
  healthy(w.ctx);
});

test("mmuUpdate() refuses hole slots, entries wider than 32 bits and non-RAM tables", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const r = (ptrv: number, val: number): number => mmuUpdate(w.ctx, g.d, [{ ptr: ptrv, val }], DOMID_SELF).rc;
  assert.equal(r(pteAddr(g.root, 1008), 0), -XEN_EINVAL);
  assert.equal(r(pteAddr(g.root, 1023), ptr(g.l1)), -XEN_EINVAL);
  assert.equal(r(pteAddr(g.l1, 0), 2 ** 40), -XEN_EINVAL);
  assert.equal(r(0x1000_0000, 0), -XEN_EINVAL);
  assert.equal(r(-4, 0), -XEN_EINVAL);
  healthy(w.ctx);
});

test("a root change flushes every vCPU of the domain (XSA-286)", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const [t] = give(w.ctx, g.d, 1);
  w.cpu.log = [];
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 5), val: ptr(t!) }], DOMID_SELF).rc, 0);
  assert.deepEqual(w.cpu.log, ["flushVcpus d1 ffffffff"]);
  w.cpu.log = [];
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 5), val: ro(t!) }], DOMID_SELF).rc, 0);
  assert.deepEqual(w.cpu.log, [], "leaf changes leave flushing to the guest");
  healthy(w.ctx);
});

test("MMU_MACHPHYS_UPDATE sets the m2p of an own frame and refuses a foreign one", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const h = guest(w, 2);
  const a = g.data[0]!;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: a * 4096 + MMU_MACHPHYS_UPDATE, val: 9 }], DOMID_SELF).rc, 0);
  assert.equal(w.ctx.m2p[w.ctx.frames.index(a)], 9);
  assert.equal(g.d.p2m[9], a);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: a * 4096 + MMU_MACHPHYS_UPDATE, val: 3 }], DOMID_SELF).rc, 0);
  assert.equal(g.d.p2m[3], a);
  assert.equal(g.d.p2m[9], 0xffffffff, "old pfn forgotten");
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: h.data[0]! * 4096 + MMU_MACHPHYS_UPDATE, val: 1 }], DOMID_SELF).rc, -XEN_EINVAL);
  assert.equal(w.ctx.m2p[w.ctx.frames.index(h.data[0]!)], 0xffffffff);
  healthy(w.ctx);
});

test("foreigndom: unprivileged -EPERM, unknown -ESRCH, itself -ESRCH, privileged maps the target's frames", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const dom0 = guest(w, 0, 4, { isPrivileged: true });
  const req = [{ ptr: pteAddr(g.l1, 0), val: ro(dom0.data[0]!) }];
  assert.equal(mmuUpdate(w.ctx, g.d, req, 0).rc, -XEN_EPERM);
  assert.equal(mmuUpdate(w.ctx, g.d, req, 77).rc, -XEN_ESRCH);
  assert.equal(mmuUpdate(w.ctx, g.d, req, 1).rc, -XEN_ESRCH);
  assert.equal(mmuUpdate(w.ctx, g.d, req, DOMID_XEN).rc, -XEN_ESRCH);
  assert.equal(mmuUpdate(w.ctx, g.d, req, (1 << 16) | DOMID_SELF).rc, -XEN_EPERM, "PFD = dom0");
  // dom0 maps domain 1's frame writable into its own table.
  const r = mmuUpdate(w.ctx, dom0.d, [{ ptr: pteAddr(dom0.l1, 0), val: rw(g.data[0]!) }], 1);
  assert.deepEqual(r, { rc: 0, done: 1 });
  assert.deepEqual(counts(w.ctx, g.data[0]!), [2, 1]);
  // Data owner != table owner: root updates are refused.
  assert.equal(mmuUpdate(w.ctx, dom0.d, [{ ptr: pteAddr(dom0.root, 3), val: 0 }], 1).rc, -XEN_EINVAL);
  healthy(w.ctx);
  // dom0 edits domain 1's own table (PFD = 1 + 1).
  assert.equal(mmuUpdate(w.ctx, dom0.d, [{ ptr: pteAddr(g.l1, 4), val: ro(g.data[1]!) }], (2 << 16) | 1).rc, 0);
  assert.deepEqual(counts(w.ctx, g.data[1]!), [2, 0]);
  healthy(w.ctx);
});

test("no linear page tables: a root entry naming a root (own, pinned) is refused (XSA-240/185)", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const [other, l1] = give(w.ctx, g.d, 2);
  poke(w, other!, 0, ptr(l1!));
  assert.equal(mmuextOp(w.ctx, g.d, 0, [{ cmd: MMUEXT_PIN_L2_TABLE, arg1: other!, arg2: 0 }], DOMID_SELF).rc, 0);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 2), val: ptr(other!) }], DOMID_SELF).rc, -XEN_EINVAL);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.root, 2), val: ptr(g.root) }], DOMID_SELF).rc, -XEN_EINVAL);
  healthy(w.ctx);
});

test("the grant hook lets a leaf table map a granted foreign frame, with references", () => {
  let granted = -1;
  const w = makeWorld(64, {
    holeEntries(_d, out) { out.fill(0); },
    grantMapAllowed(_d, mfn, writable) { return mfn === granted && !writable; },
    externalRefs() {},
  });
  const g = guest(w, 1);
  const h = guest(w, 2);
  granted = h.data[0]!;
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: rw(granted) }], DOMID_SELF).rc, -XEN_EBUSY);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: ro(granted) }], DOMID_SELF).rc, 0);
  assert.deepEqual(counts(w.ctx, granted), [2, 0]);
  healthy(w.ctx);
  assert.equal(mmuUpdate(w.ctx, g.d, [{ ptr: pteAddr(g.l1, 0), val: 0 }], DOMID_SELF).rc, 0);
  assert.deepEqual(counts(w.ctx, granted), [1, 0]);
  healthy(w.ctx);
});
