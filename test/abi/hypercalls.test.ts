import { test } from "node:test";
import assert from "node:assert/strict";
import { HYPERCALLS } from "../../abi/hypercalls.js";
import { ALL_STRUCTS } from "../../abi/structs.js";
import { ERRNO_NAMES, INTERNAL_ERRNOS } from "../../abi/errno.js";
import type { HandlingTable } from "../../abi/hypercall_table.js";
import { MICROXEN_HANDLING } from "../../shim/handling.js";
import { FULLXEN_HANDLING } from "../../fullxen/handling.js";
import * as X from "../../abi/xen.js";

test("HYPERCALLS lists every number 0..55 Xen defines, once, matching HYPERVISOR_*", () => {
  const expected = [...Array(56).keys()].filter((n) => n !== 11 && (n < 43 || n > 47));
  assert.deepEqual(HYPERCALLS.map((h) => h.nr), expected);
  const rec = X as unknown as Record<string, number>;
  for (const h of HYPERCALLS) assert.equal(rec[`HYPERVISOR_${h.name}`], h.nr, h.name);
});

test("every hypercall names known structs and errno values, at most 5 args, unique sub-ops", () => {
  const names = new Set(ALL_STRUCTS.map((s) => s.name));
  for (const h of HYPERCALLS) {
    assert.ok(h.args.length <= 5, h.name);
    for (const s of h.structs) assert.ok(names.has(s), `${h.name} uses unknown struct ${s}`);
    for (const e of [...h.errors, ...h.subops.flatMap((o) => o.errors)]) {
      assert.ok(e in ERRNO_NAMES && !INTERNAL_ERRNOS.includes(e), `${h.name}: ${e}`);
    }
    assert.equal(new Set(h.subops.map((o) => o.name)).size, h.subops.length, h.name);
    assert.equal(new Set(h.subops.map((o) => o.value)).size, h.subops.length, h.name);
    for (const o of h.subops) if (o.struct !== null) assert.ok(names.has(o.struct), `${o.name} uses unknown struct ${o.struct}`);
  }
});

function checkHandling(t: HandlingTable, allowed: string[]): void {
  assert.deepEqual(Object.keys(t.calls).sort(), HYPERCALLS.map((h) => h.name).sort());
  for (const h of HYPERCALLS) {
    const e = t.calls[h.name]!;
    assert.ok(allowed.includes(e.handling), `${t.hypervisor} ${h.name}: ${e.handling}`);
    if (e.subops === undefined) continue;
    assert.deepEqual(Object.keys(e.subops).sort(), h.subops.map((o) => o.name).sort(), `${t.hypervisor} ${h.name} sub-ops`);
    for (const [k, v] of Object.entries(e.subops)) assert.ok(allowed.includes(v), `${t.hypervisor} ${k}: ${v}`);
    if (e.handling === "unsupported") assert.ok(Object.values(e.subops).every((v) => v === "unsupported"));
  }
}

test("MICROXEN_HANDLING covers every hypercall and sub-op with inline/local/unsupported", () => {
  checkHandling(MICROXEN_HANDLING, ["inline", "local", "unsupported"]);
  for (const hot of ["update_va_mapping", "set_timer_op", "iret"]) assert.equal(MICROXEN_HANDLING.calls[hot]!.handling, "inline");
  assert.equal(MICROXEN_HANDLING.calls["set_gdt"]!.handling, "unsupported");
});

test("FULLXEN_HANDLING covers every hypercall and sub-op with checked/unsupported", () => {
  checkHandling(FULLXEN_HANDLING, ["checked", "unsupported"]);
  assert.equal(FULLXEN_HANDLING.calls["mmu_update"]!.handling, "checked");
  assert.equal(FULLXEN_HANDLING.calls["grant_table_op"]!.subops!["GNTTABOP_setup_table"], "checked");
  // Grant mapping arrives with split I/O; until then full Xen refuses it.
  assert.equal(FULLXEN_HANDLING.calls["grant_table_op"]!.subops!["GNTTABOP_map_grant_ref"], "unsupported");
});
