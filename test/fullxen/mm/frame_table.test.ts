import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameTable, OWNER_NONE, FRAME_ALLOCATED, PGT_none } from "../../../fullxen/mm/frame_table.js";

test("FrameTable.index() maps RAM mfns and refuses others", () => {
  const f = new FrameTable(0x80000, 16);
  assert.equal(f.index(0x80000), 0);
  assert.equal(f.index(0x8000f), 15);
  assert.equal(f.index(0x80010), -1);
  assert.equal(f.index(0x7ffff), -1);
  assert.equal(f.mfnOf(3), 0x80003);
});

test("FrameTable.assign() gives one allocation reference; clear() frees", () => {
  const f = new FrameTable(0x80000, 4);
  assert.equal(f.owner[1], OWNER_NONE);
  f.assign(1, 7);
  assert.equal(f.owner[1], 7);
  assert.equal(f.count[1], 1);
  assert.equal(f.flags[1], FRAME_ALLOCATED);
  assert.throws(() => f.assign(1, 8), /not free/);
  f.clear(1);
  assert.equal(f.isFree(1), true);
  assert.equal(f.type[1], PGT_none);
});

test("new FrameTable() refuses a bad size", () => {
  assert.throws(() => new FrameTable(0, 0), /bad frame count/);
});
