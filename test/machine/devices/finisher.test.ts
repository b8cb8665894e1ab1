import { test } from "node:test";
import assert from "node:assert/strict";
import { Finisher, FIN_FAIL, FIN_NONE, FIN_PASS, FIN_RESET } from "../../../machine/devices/finisher.js";

function make() {
  let calls = 0;
  const fin = new Finisher(() => void calls++);
  return { fin, calls: () => calls };
}

test("Finisher reports pass for 0x5555 and calls back once", () => {
  const { fin, calls } = make();
  fin.write(0, 4, 0x5555);
  assert.deepEqual(fin.state, { status: FIN_PASS, code: 0 });
  assert.equal(calls(), 1);
  fin.write(0, 4, 0x3333); // the first request stands
  assert.deepEqual(fin.state, { status: FIN_PASS, code: 0 });
  assert.equal(calls(), 1);
});

test("Finisher reports fail with the code from the high half", () => {
  const { fin } = make();
  fin.write(0, 4, 0x3333 | (42 << 16));
  assert.deepEqual(fin.state, { status: FIN_FAIL, code: 42 });
  fin.clear();
  fin.write(0, 4, 0x3333);
  assert.deepEqual(fin.state, { status: FIN_FAIL, code: 0 });
});

test("Finisher reports reset for 0x7777 and ignores other values, offsets and sizes", () => {
  const { fin, calls } = make();
  fin.write(0, 4, 0x1234);
  fin.write(4, 4, 0x5555);
  fin.write(0, 2, 0x5555);
  assert.deepEqual(fin.state, { status: FIN_NONE, code: 0 });
  assert.equal(calls(), 0);
  fin.write(0, 4, 0x7777);
  assert.equal(fin.state.status, FIN_RESET);
  assert.equal(fin.read(0, 4), 0);
});
