import { test } from "node:test";
import assert from "node:assert/strict";
import { Bus } from "../../../machine/bus.js";
import { Htif, SETTLE_INSNS } from "../../../machine/devices/htif.js";

const RAM = 0x8000_0000;
const TOHOST = RAM + 0x1000;
const FROMHOST = RAM + 0x1040;

function make(fromhost = FROMHOST) {
  const bus = new Bus(RAM, 0x2000);
  const out: number[] = [];
  const notes: string[] = [];
  const htif = new Htif(bus, TOHOST, fromhost, (b) => void out.push(b), (n) => void notes.push(n));
  return { bus, htif, out, notes };
}

test("Htif reports pass for 1 once the value has settled", () => {
  const { bus, htif } = make();
  assert.deepEqual(htif.poll(0), { kind: "none" });
  bus.write(TOHOST, 4, 1);
  assert.deepEqual(htif.poll(100), { kind: "none" }, "first sighting waits");
  assert.deepEqual(htif.poll(100 + SETTLE_INSNS - 1), { kind: "none" });
  assert.deepEqual(htif.poll(100 + SETTLE_INSNS), { kind: "pass" });
});

test("Htif reports a failing sub-test for an odd value", () => {
  const { bus, htif } = make();
  bus.write(TOHOST, 4, (5 << 1) | 1);
  htif.poll(0);
  assert.deepEqual(htif.poll(SETTLE_INSNS), { kind: "fail", test: 5 });
});

test("Htif prints bcd putchar, clears tohost and answers in fromhost", () => {
  const { bus, htif, out } = make();
  bus.write(TOHOST, 4, 0x41); // low word first: looks odd (a fail) until the high word lands
  htif.poll(0);
  bus.write(TOHOST + 4, 4, 0x01010000);
  assert.deepEqual(htif.poll(SETTLE_INSNS), { kind: "none" }, "changed value restarts the wait");
  assert.deepEqual(out, []);
  assert.deepEqual(htif.poll(2 * SETTLE_INSNS), { kind: "none" });
  assert.deepEqual(out, [0x41]);
  assert.equal(bus.read(TOHOST, 4), 0);
  assert.equal(bus.read(TOHOST + 4, 4), 0);
  assert.equal(bus.read(FROMHOST, 4), 0x141);
  assert.equal(bus.read(FROMHOST + 4, 4), 0x01010000);
});

test("Htif works without fromhost and notes an unsupported command once", () => {
  const { bus, htif, out, notes } = make(-1);
  bus.write(TOHOST, 4, 0x42);
  bus.write(TOHOST + 4, 4, 0x01010000);
  htif.poll(0);
  htif.poll(SETTLE_INSNS);
  assert.deepEqual(out, [0x42]);
  for (const at of [1000, 2000]) {
    bus.write(TOHOST, 4, 0x80001000); // device 0 syscall: not supported
    htif.poll(at);
    htif.poll(at + SETTLE_INSNS);
    assert.equal(bus.read(TOHOST, 4), 0);
  }
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /ignored tohost command 0x0000000080001000 \(device 0 command 0\)/);
});

test("Htif ignores a tohost outside RAM", () => {
  const bus = new Bus(RAM, 0x1000);
  const htif = new Htif(bus, 0x1000, -1, () => {});
  assert.deepEqual(htif.poll(0), { kind: "none" });
  assert.equal(bus.fault, false);
});
