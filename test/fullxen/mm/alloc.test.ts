import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameAllocator } from "../../../fullxen/mm/alloc.js";

test("allocOne() hands out the lowest free frame, deterministically", () => {
  const a = new FrameAllocator(8);
  assert.deepEqual([a.allocOne(), a.allocOne(), a.allocOne()], [0, 1, 2]);
  a.release(1);
  assert.equal(a.allocOne(), 1);
  assert.equal(a.allocOne(), 3);
  assert.equal(a.freeCount, 4);
});

test("allocExtent() returns a naturally aligned free run or -1", () => {
  const a = new FrameAllocator(16);
  assert.equal(a.allocOne(), 0);
  assert.equal(a.allocExtent(2), 4);
  assert.equal(a.allocExtent(3), 8);
  assert.equal(a.allocExtent(3), -1);
  assert.equal(a.allocExtent(1), 2);
  assert.equal(a.freeCount, 16 - 1 - 4 - 8 - 2);
});

test("release() of a free frame is a host bug and throws", () => {
  const a = new FrameAllocator(4);
  assert.throws(() => a.release(2), /already free/);
});

test("allocOne() returns -1 when exhausted and take() reserves", () => {
  const a = new FrameAllocator(2);
  assert.equal(a.take(1), true);
  assert.equal(a.take(1), false);
  assert.equal(a.allocOne(), 0);
  assert.equal(a.allocOne(), -1);
});
