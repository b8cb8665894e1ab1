import { test } from "node:test";
import assert from "node:assert/strict";
import { hex32 } from "../../abi/hex.js";

test("hex32() gives eight lowercase digits and reads negative numbers as u32", () => {
  assert.equal(hex32(0), "0x00000000");
  assert.equal(hex32(0xfc000000), "0xfc000000");
  assert.equal(hex32(-1), "0xffffffff");
  assert.equal(hex32(0xabc), "0x00000abc");
});
