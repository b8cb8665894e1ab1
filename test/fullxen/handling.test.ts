/**
 * FULLXEN_HANDLING says what full Xen does; these checks keep it true: every call
 * declared "checked" has a handler and every "unsupported" one is -ENOSYS; every
 * sub-op declared "unsupported" is refused with -EOPNOTSUPP (or -ENOSYS).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_ENOSYS, XEN_EOPNOTSUPP } from "../../abi/errno.js";
import { HYPERCALLS } from "../../abi/hypercalls.js";
import * as X from "../../abi/xen.js";
import { FULLXEN_HANDLING } from "../../fullxen/handling.js";
import { hypercallRegistered } from "../../fullxen/hypercall.js";
import { call, makeDomain, newXen, put32, scratch } from "./helpers.js";

test("checked calls have a handler, unsupported calls are -ENOSYS", () => {
  const { xen } = newXen();
  const d = makeDomain(xen);
  for (const h of HYPERCALLS) {
    const e = FULLXEN_HANDLING.calls[h.name]!;
    if (e.handling === "checked") assert.ok(hypercallRegistered(h.nr), h.name);
    else assert.equal(call(xen, d, h.nr, 0, 0, 0, 0, 0), -XEN_ENOSYS, h.name);
  }
});

test("sub-ops declared unsupported are refused", () => {
  const { xen } = newXen();
  const d = makeDomain(xen);
  const s = scratch(d);
  const refused = [-XEN_EOPNOTSUPP, -XEN_ENOSYS];
  for (const h of HYPERCALLS) {
    const subs = FULLXEN_HANDLING.calls[h.name]!.subops ?? {};
    for (const op of h.subops) {
      if (subs[op.name] !== "unsupported") continue;
      put32(xen, d, s, 0, 0, 0, 0, 0, 0, 0, 0);
      let rc: number;
      if (h.nr === X.HYPERVISOR_mmuext_op) {
        put32(xen, d, s, op.value, 0, 0);
        rc = call(xen, d, h.nr, s, 1, 0, X.DOMID_SELF);
      } else if (h.nr === X.HYPERVISOR_mmu_update) {
        put32(xen, d, s, op.value, 0, 0, 0);
        rc = call(xen, d, h.nr, s, 1, 0, X.DOMID_SELF);
      } else if (h.nr === X.HYPERVISOR_grant_table_op) {
        rc = call(xen, d, h.nr, op.value, s, 1);
      } else if (h.nr === X.HYPERVISOR_vcpu_op) {
        rc = call(xen, d, h.nr, op.value, 0, s);
      } else {
        rc = call(xen, d, h.nr, op.value, s);
      }
      assert.ok(refused.includes(rc), `${h.name} ${op.name}: rc ${rc}`);
    }
  }
});
