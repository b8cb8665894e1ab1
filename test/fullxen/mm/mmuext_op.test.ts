import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EACCES, XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM } from "../../../abi/errno.js";
import {
  DOMID_SELF, MMUEXT_CLEAR_PAGE, MMUEXT_COPY_PAGE, MMUEXT_FLUSH_CACHE, MMUEXT_FLUSH_CACHE_GLOBAL,
  MMUEXT_INVLPG_ALL, MMUEXT_INVLPG_LOCAL, MMUEXT_INVLPG_MULTI, MMUEXT_MARK_SUPER, MMUEXT_NEW_BASEPTR,
  MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE, MMUEXT_SET_LDT,
  MMUEXT_TLB_FLUSH_ALL, MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_TLB_FLUSH_MULTI, MMUEXT_UNPIN_TABLE,
} from "../../../abi/xen.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import type { MmuextOpReq } from "../../../fullxen/mm/mmuext_op.js";
import type { MmContext } from "../../../fullxen/mm/context.js";
import type { MmDomain } from "../../../fullxen/mm/domain.js";
import { NO_BASE } from "../../../fullxen/mm/domain.js";
import { FRAME_PINNED, FRAME_VALIDATED } from "../../../fullxen/mm/frame_table.js";
import { counts, give, guest, healthy, makeWorld, newDom, peek, poke, ptr, ro, rw } from "./helpers.js";

const op = (cmd: number, arg1 = 0, arg2 = 0): MmuextOpReq => ({ cmd, arg1, arg2 });
function ext(ctx: MmContext, d: MmDomain, ...ops: MmuextOpReq[]): number {
  return mmuextOp(ctx, d, 0, ops, DOMID_SELF).rc;
}
function flags(ctx: MmContext, mfn: number): number {
  return ctx.frames.flags[ctx.frames.index(mfn)]!;
}

test("pin / unpin / re-pin keep the counts exact", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1);
  const [root, l1, a] = give(w.ctx, d, 3);
  poke(w, l1!, 0, rw(a!));
  poke(w, root!, 0, ptr(l1!));
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L1_TABLE, l1!)), 0);
  assert.deepEqual(counts(w.ctx, l1!), [2, 1]);
  healthy(w.ctx);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L1_TABLE, l1!)), -XEN_EINVAL, "pins do not nest");
  assert.deepEqual(counts(w.ctx, l1!), [2, 1]);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L2_TABLE, root!)), 0);
  assert.deepEqual(counts(w.ctx, l1!), [3, 2]);
  assert.deepEqual(counts(w.ctx, root!), [2, 1]);
  healthy(w.ctx);
  assert.equal(ext(w.ctx, d, op(MMUEXT_UNPIN_TABLE, l1!)), 0);
  assert.deepEqual(counts(w.ctx, l1!), [2, 1]);
  assert.ok(flags(w.ctx, l1!) & FRAME_VALIDATED, "still used by the root");
  healthy(w.ctx);
  assert.equal(ext(w.ctx, d, op(MMUEXT_UNPIN_TABLE, l1!)), -XEN_EINVAL, "not pinned");
  assert.equal(ext(w.ctx, d, op(MMUEXT_UNPIN_TABLE, root!)), 0);
  assert.deepEqual(counts(w.ctx, l1!), [1, 0]);
  assert.deepEqual(counts(w.ctx, a!), [1, 0]);
  assert.equal(flags(w.ctx, l1!) & FRAME_VALIDATED, 0);
  healthy(w.ctx);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L2_TABLE, root!)), 0, "re-pin validates again");
  assert.deepEqual(counts(w.ctx, a!), [2, 1]);
  healthy(w.ctx);
});

test("pinning the wrong type or someone else's frame is -EINVAL; PIN_L3/L4 are ignored", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1);
  const e = newDom(w.ctx, 2);
  const [root, l1] = give(w.ctx, d, 2);
  const [x] = give(w.ctx, e, 1);
  poke(w, root!, 0, ptr(l1!));
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L2_TABLE, root!)), 0);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L2_TABLE, l1!)), -XEN_EINVAL, "an L1 in use cannot be a root");
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L1_TABLE, root!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L1_TABLE, x!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_UNPIN_TABLE, x!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L1_TABLE, 0x10)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_PIN_L3_TABLE, x!), op(MMUEXT_PIN_L4_TABLE, 0x10)), 0);
  assert.deepEqual(counts(w.ctx, x!), [1, 0]);
  healthy(w.ctx);
});

test("NEW_BASEPTR holds its own reference, validates an unpinned root, and refuses bad ones", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1);
  const e = newDom(w.ctx, 2);
  const [r1, r2, l1, data, bad] = give(w.ctx, d, 5);
  const [foreignRoot] = give(w.ctx, e, 1);
  poke(w, r1!, 0, ptr(l1!));
  poke(w, l1!, 0, rw(data!));
  poke(w, bad!, 4, ro(data!)); // a leaf in a root
  assert.equal(ext(w.ctx, d, op(MMUEXT_NEW_BASEPTR, bad!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_NEW_BASEPTR, foreignRoot!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, d, op(MMUEXT_NEW_BASEPTR, 0x99)), -XEN_EINVAL);
  assert.equal(d.base[0], NO_BASE);
  w.cpu.log = [];
  assert.equal(ext(w.ctx, d, op(MMUEXT_NEW_BASEPTR, r1!)), 0, "unpinned but valid");
  assert.deepEqual(w.cpu.log, [`loadBase d1 v0 ${r1!.toString(16)}`]);
  assert.equal(d.base[0], r1);
  assert.deepEqual(counts(w.ctx, r1!), [2, 1]);
  assert.deepEqual(counts(w.ctx, data!), [2, 1]);
  healthy(w.ctx);
  assert.equal(ext(w.ctx, d, op(MMUEXT_NEW_BASEPTR, r2!)), 0);
  assert.deepEqual(counts(w.ctx, r1!), [1, 0], "old base released and devalidated");
  assert.deepEqual(counts(w.ctx, data!), [1, 0]);
  healthy(w.ctx);
  assert.equal(mmuextOp(w.ctx, e, 0, [op(MMUEXT_NEW_BASEPTR, r2!)], DOMID_SELF).rc, -XEN_EINVAL);
});

test("unpinning the current base keeps it valid: the base pointer holds it", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_UNPIN_TABLE, g.root)), 0);
  assert.deepEqual(counts(w.ctx, g.root), [2, 1]);
  assert.equal(flags(w.ctx, g.root) & FRAME_PINNED, 0);
  assert.ok(flags(w.ctx, g.root) & FRAME_VALIDATED);
  assert.deepEqual(counts(w.ctx, g.l1), [2, 1]);
  healthy(w.ctx);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_PIN_L2_TABLE, g.root)), 0);
  assert.deepEqual(counts(w.ctx, g.root), [3, 2]);
  healthy(w.ctx);
});

test("TLB operations go to the caller's harts; hole addresses are ignored", () => {
  const w = makeWorld();
  const g = guest(w, 1, 1, { nrVcpus: 4 });
  w.cpu.masks.set(0x5000, 0b1010);
  w.cpu.log = [];
  const r = mmuextOp(w.ctx, g.d, 2, [
    op(MMUEXT_TLB_FLUSH_LOCAL), op(MMUEXT_INVLPG_LOCAL, 0x1234_5000), op(MMUEXT_INVLPG_LOCAL, 0xfc00_0000),
    op(MMUEXT_TLB_FLUSH_MULTI, 0, 0x5000), op(MMUEXT_INVLPG_MULTI, 0x4000, 0x5000),
    op(MMUEXT_TLB_FLUSH_ALL), op(MMUEXT_INVLPG_ALL, 0x8000),
  ], DOMID_SELF);
  assert.deepEqual(r, { rc: 0, done: 7 });
  assert.deepEqual(w.cpu.log, [
    "flushLocal d1 v2", "invlpgLocal d1 v2 12345000", "flushVcpus d1 a", "invlpgVcpus d1 a 4000",
    "flushVcpus d1 ffffffff", "invlpgVcpus d1 ffffffff 8000",
  ]);
  assert.deepEqual(mmuextOp(w.ctx, g.d, 0, [op(MMUEXT_TLB_FLUSH_LOCAL), op(MMUEXT_TLB_FLUSH_MULTI, 0, 0x6000)], DOMID_SELF),
    { rc: -XEN_EINVAL, done: 1 }, "unreadable vCPU mask");
  assert.throws(() => mmuextOp(w.ctx, g.d, 4, [], DOMID_SELF), /vcpu 4 out of range/);
});

test("foreign mmuext ops: unprivileged -EPERM; privileged may pin but not flush for another domain", () => {
  const w = makeWorld();
  const g = guest(w, 1);
  const dom0 = newDom(w.ctx, 0, { isPrivileged: true });
  assert.equal(mmuextOp(w.ctx, g.d, 0, [op(MMUEXT_TLB_FLUSH_LOCAL)], 0).rc, -XEN_EPERM);
  const [t] = give(w.ctx, g.d, 1);
  assert.deepEqual(mmuextOp(w.ctx, dom0, 0, [op(MMUEXT_PIN_L1_TABLE, t!)], 1), { rc: 0, done: 1 });
  for (const c of [MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_TLB_FLUSH_ALL, MMUEXT_NEW_BASEPTR, MMUEXT_FLUSH_CACHE]) {
    assert.equal(mmuextOp(w.ctx, dom0, 0, [op(c, t!)], 1).rc, -XEN_EPERM);
  }
  healthy(w.ctx);
});

test("cache, LDT, superpage and unknown commands answer as Xen does", () => {
  const w = makeWorld();
  const d = newDom(w.ctx, 1);
  const dom0 = newDom(w.ctx, 0, { isPrivileged: true });
  assert.equal(ext(w.ctx, d, op(MMUEXT_FLUSH_CACHE)), -XEN_EACCES);
  assert.equal(ext(w.ctx, d, op(MMUEXT_FLUSH_CACHE_GLOBAL)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, dom0, op(MMUEXT_FLUSH_CACHE), op(MMUEXT_FLUSH_CACHE_GLOBAL)), 0);
  assert.equal(ext(w.ctx, d, op(MMUEXT_MARK_SUPER)), -XEN_EOPNOTSUPP);
  assert.equal(ext(w.ctx, d, op(MMUEXT_SET_LDT)), -XEN_ENOSYS);
  assert.equal(ext(w.ctx, d, op(99)), -XEN_ENOSYS);
});

test("CLEAR_PAGE and COPY_PAGE work on own ordinary frames only", () => {
  const w = makeWorld();
  const g = guest(w, 1, 2);
  const h = guest(w, 2, 1);
  const [a, b] = g.data;
  w.bus.fill(a! * 4096, 4096, 0xab);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_COPY_PAGE, b!, a!)), 0);
  assert.equal(w.bus.read(b! * 4096 + 100, 1), 0xab);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_CLEAR_PAGE, a!)), 0);
  assert.equal(w.bus.read(a! * 4096 + 100, 1), 0);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_CLEAR_PAGE, g.l1)), -XEN_EINVAL, "a table in use");
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_COPY_PAGE, g.root, a!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_COPY_PAGE, a!, h.data[0]!)), -XEN_EINVAL);
  assert.equal(ext(w.ctx, g.d, op(MMUEXT_CLEAR_PAGE, h.data[0]!)), -XEN_EINVAL);
  assert.equal(peek(w, g.root, 0), ptr(g.l1));
  healthy(w.ctx);
});
