import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EBUSY, XEN_EFAULT, XEN_EINVAL } from "../../../abi/errno.js";
import { DOMID_SELF, MMUEXT_NEW_BASEPTR, UVMF_ALL, UVMF_INVLPG, UVMF_NONE, UVMF_TLB_FLUSH } from "../../../abi/xen.js";
import { updateVaMapping } from "../../../fullxen/mm/update_va_mapping.js";
import { mmuextOp } from "../../../fullxen/mm/mmuext_op.js";
import { PTE_U } from "../../../fullxen/mm/pte.js";
import { counts, give, guest, healthy, makeWorld, newDom, peek, ro, rw } from "./helpers.js";

test("updateVaMapping() changes the leaf for a VA through the current root and flushes as asked", () => {
  const w = makeWorld();
  const g = guest(w, 1, 2, { nrVcpus: 2 });
  const [a, b] = g.data;
  assert.equal(mmuextOp(w.ctx, g.d, 1, [{ cmd: MMUEXT_NEW_BASEPTR, arg1: g.root, arg2: 0 }], DOMID_SELF).rc, 0);
  w.cpu.log = [];
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x0000_3000, rw(a!), UVMF_INVLPG), 0);
  assert.equal(peek(w, g.l1, 3), (rw(a!) | PTE_U) >>> 0);
  assert.deepEqual(counts(w.ctx, a!), [2, 1]);
  assert.equal(updateVaMapping(w.ctx, g.d, 1, 0x0000_4000, ro(b!), UVMF_TLB_FLUSH | UVMF_ALL), 0);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x0000_3000, 0, UVMF_TLB_FLUSH), 0);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x0000_5000, ro(b!), UVMF_NONE), 0);
  w.cpu.masks.set(0x7000, 2);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x0000_6000, ro(b!), UVMF_INVLPG | 0x7000), 0);
  assert.deepEqual(w.cpu.log, [
    "invlpgLocal d1 v0 3000", "flushVcpus d1 ffffffff", "flushLocal d1 v0", "invlpgVcpus d1 2 6000",
  ]);
  assert.deepEqual(counts(w.ctx, a!), [1, 0]);
  assert.deepEqual(counts(w.ctx, b!), [4, 0]);
  healthy(w.ctx);
});

test("updateVaMapping() refuses the hole, a missing root or leaf table, and bad entries", () => {
  const w = makeWorld();
  const g = guest(w, 1, 1);
  const e = newDom(w.ctx, 2);
  const [x] = give(w.ctx, e, 1);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0xfc00_0000, ro(g.data[0]!), 0), -XEN_EINVAL);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0xffff_f000, 0, 0), -XEN_EINVAL);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x0040_0000, ro(g.data[0]!), 0), -XEN_EINVAL, "slot 1 empty");
  assert.equal(updateVaMapping(w.ctx, e, 0, 0x1000, ro(x!), 0), -XEN_EINVAL, "no base");
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x1000, ro(x!), 0), -XEN_EBUSY, "foreign frame");
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x1000, rw(g.root), 0), -XEN_EBUSY, "root writable");
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x1000, 2 ** 33, 0), -XEN_EINVAL);
  assert.equal(updateVaMapping(w.ctx, g.d, 0, 0x1000, ro(g.data[0]!), UVMF_INVLPG | 0x9000), -XEN_EFAULT);
  assert.deepEqual(counts(w.ctx, g.data[0]!), [2, 0], "the update is done even when the mask faults, as in Xen");
  healthy(w.ctx);
});
