import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_STRUCTS, structByName } from "../../abi/structs.js";
import { GOLDEN } from "../../abi/golden.js";
import { offsetOf } from "../../abi/layout.js";

test("every struct matches the golden table: size, align, every field offset", () => {
  assert.deepEqual(ALL_STRUCTS.map((s) => s.name).sort(), Object.keys(GOLDEN).sort());
  for (const s of ALL_STRUCTS) {
    const g = GOLDEN[s.name]!;
    assert.equal(s.size, g.size, `${s.name} size`);
    assert.equal(s.align, g.align, `${s.name} align`);
    assert.deepEqual(Object.fromEntries(s.fields.map((f) => [f.name, f.offset])), { ...g.offsets }, `${s.name} offsets`);
  }
});

test("struct names are unique and every field lies inside its struct", () => {
  assert.equal(new Set(ALL_STRUCTS.map((s) => s.name)).size, ALL_STRUCTS.length);
  for (const s of ALL_STRUCTS) for (const f of s.fields) assert.ok(f.offset + f.size <= s.size, `${s.name}.${f.name}`);
});

// Where the rv32 binding has no 8-byte field, it matches Xen's x86_32 layout (reference §3).
test("ilp32 layouts without u64 fields match Xen's x86_32 numbers", () => {
  const si = structByName("start_info")!;
  assert.equal(si.size, 1112);
  assert.deepEqual([offsetOf(si, "nr_pages"), offsetOf(si, "console.mfn"), offsetOf(si, "pt_base"), offsetOf(si, "cmd_line"), offsetOf(si, "nr_p2m_frames")], [32, 52, 60, 80, 1108]);
  assert.equal(structByName("mmuext_op")!.size, 12);
  assert.equal(structByName("multicall_entry")!.size, 32);
  assert.equal(structByName("gnttab_setup_table")!.size, 16);
  assert.equal(structByName("gnttab_copy")!.size, 24);
  assert.equal(structByName("xen_memory_reservation")!.size, 20);
  assert.equal(structByName("evtchn_status")!.size, 24);
  assert.equal(structByName("xenstore_domain_interface")!.size, 2080);
  const sh = structByName("shared_info")!;
  assert.deepEqual([offsetOf(sh, "evtchn_pending"), offsetOf(sh, "evtchn_mask"), offsetOf(sh, "wc_version")], [2048, 2176, 2304]);
  const vi = structByName("vcpu_info")!;
  assert.deepEqual([vi.size, offsetOf(vi, "time"), offsetOf(vi, "time.system_time")], [64, 32, 48]);
  // u64-bearing structs follow the 8-aligned (x86_64/arm) placement.
  const req = structByName("blkif_request")!;
  assert.deepEqual([req.size, offsetOf(req, "id"), offsetOf(req, "sector_number")], [112, 8, 16]);
  assert.equal(structByName("sched_poll")!.size, 16);
  assert.equal(structByName("mmu_update")!.size, 16);
});
