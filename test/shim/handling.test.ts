/** shim/handling.ts says what microxen does; the dispatch table and stubs must agree with it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MICROXEN_HANDLING } from "../../shim/handling.js";
import { TABLE, enosys } from "../../shim/hypercalls/table.js";
import { INLINE_CALLS } from "../../shim/stubs.js";
import { HYPERCALLS } from "../../abi/hypercalls.js";

test("every hypercall is declared, and unsupported ones are exactly those dispatched to -ENOSYS", () => {
  for (const h of HYPERCALLS) {
    const e = MICROXEN_HANDLING.calls[h.name];
    assert.ok(e !== undefined, `${h.name} is not declared`);
    assert.equal(e.handling === "unsupported", TABLE[h.nr] === enosys, h.name);
  }
});

test("the calls declared inline are the ones the hot profile in-lines", () => {
  const inline = HYPERCALLS.filter((h) => MICROXEN_HANDLING.calls[h.name]!.handling === "inline").map((h) => h.nr).sort((a, b) => a - b);
  assert.deepEqual(inline, [...INLINE_CALLS].sort((a, b) => a - b));
});

test("declared sub-ops name sub-ops of the hypercall table", () => {
  for (const h of HYPERCALLS) {
    for (const name of Object.keys(MICROXEN_HANDLING.calls[h.name]?.subops ?? {})) {
      assert.ok(h.subops.some((s) => s.name === name), `${h.name}.${name}`);
    }
  }
});
