import { test } from "node:test";
import assert from "node:assert/strict";
import { defineStruct, readField, writeField, offsetOf, flattenLayout } from "../../abi/layout.js";

test("defineStruct() aligns u64 to 8 and pads the size to the alignment", () => {
  const s = defineStruct("t", "", [{ name: "a", type: "u8", doc: "" }, { name: "b", type: "u64", doc: "" }, { name: "c", type: "u16", doc: "" }]);
  assert.deepEqual(s.fields.map((f) => f.offset), [0, 8, 16]);
  assert.equal(s.size, 24);
  assert.equal(s.align, 8);
});

test("defineStruct() throws on a duplicate field name", () => {
  assert.throws(() => defineStruct("t", "", [{ name: "a", type: "u8", doc: "" }, { name: "a", type: "u8", doc: "" }]), /duplicate field a/);
});

test("readField()/writeField() round-trip scalars, arrays and nested fields", () => {
  const inner = defineStruct("in", "", [{ name: "x", type: "u32", doc: "" }, { name: "y", type: "i64", doc: "" }]);
  const s = defineStruct("out", "", [{ name: "h", type: "i16", doc: "" }, { name: "arr", type: { array: "u32", length: 3 }, doc: "" }, { name: "n", type: { struct: inner }, doc: "" }]);
  const v = new DataView(new ArrayBuffer(64));
  writeField(v, 8, s, "h", -2);
  writeField(v, 8, s, "arr", 0xdeadbeef, 2);
  writeField(v, 8, s, "n.x", 7);
  writeField(v, 8, s, "n.y", -5n);
  assert.equal(readField(v, 8, s, "h"), -2);
  assert.equal(readField(v, 8, s, "arr", 2), 0xdeadbeef);
  assert.equal(readField(v, 8, s, "n.x"), 7);
  assert.equal(readField(v, 8, s, "n.y"), -5);
  assert.equal(offsetOf(s, "n.y"), 16 + 8);
  assert.throws(() => readField(v, 8, s, "arr", 3), /index 3 outside/);
  assert.throws(() => readField(v, 8, s, "nope"), /has no field nope/);
  assert.deepEqual(flattenLayout(s).map((f) => f.path), ["h", "arr", "n", "n.x", "n.y"]);
});
