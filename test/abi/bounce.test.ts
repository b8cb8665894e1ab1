import { test } from "node:test";
import assert from "node:assert/strict";
import { bounceFrameAddress, decodeBounceFrame, encodeBounceFrame, readIretFrame, writeBounceFrame } from "../../abi/bounce.js";

test("bounceFrameAddress() uses sp in kernel mode and the stack_switch stack from user mode, 16-aligned", () => {
  assert.equal(bounceFrameAddress(true, 0xc0010008, 0xc0020000), 0xc000ffe0);
  assert.equal(bounceFrameAddress(false, 0x10008, 0xc0020000), 0xc001ffe0);
});

test("encodeBounceFrame() lays the fields out as bounce_frame and decode reverses it", () => {
  const f = { pc: 0xc0001234, sp: 0xc0010000, a0: 1, a1: 2, flags: 3, cause: 13, stval: 0xdead0000 };
  const b = encodeBounceFrame(f);
  assert.equal(b.length, 32);
  assert.equal(new DataView(b.buffer).getUint32(20, true), 13);
  assert.equal(new DataView(b.buffer).getUint32(28, true), 0);
  assert.deepEqual(decodeBounceFrame(b), f);
});

test("writeBounceFrame()/readIretFrame() report unreachable memory and mask reserved flag bits", () => {
  assert.equal(writeBounceFrame(() => false, 0, { pc: 0, sp: 0, a0: 0, a1: 0, flags: 0, cause: 0, stval: 0 }), false);
  assert.equal(readIretFrame(() => null, 0), null);
  const b = encodeBounceFrame({ pc: 4, sp: 8, a0: 0, a1: 0, flags: 0xff, cause: 0, stval: 0 });
  assert.equal(readIretFrame(() => b, 0)!.flags, 3);
});
