import { test } from "node:test";
import assert from "node:assert/strict";
import { Bus, type Device } from "../../machine/bus.js";

const RAM = 0x8000_0000;

test("Bus reads back little-endian RAM writes of every size", () => {
  const bus = new Bus(RAM, 0x1000);
  bus.write(RAM + 4, 4, 0xdeadbeef);
  assert.equal(bus.read(RAM + 4, 4), 0xdeadbeef);
  assert.equal(bus.read(RAM + 4, 2), 0xbeef);
  assert.equal(bus.read(RAM + 7, 1), 0xde);
  assert.equal(bus.fault, false);
});

test("Bus sets fault for an address with no RAM and no device", () => {
  const bus = new Bus(RAM, 0x1000);
  assert.equal(bus.read(0x4000_0000, 4), 0);
  assert.equal(bus.fault, true);
  bus.fault = false;
  bus.write(RAM + 0x1000, 1, 1);
  assert.equal(bus.fault, true);
});

test("Bus routes device accesses by offset and refuses overlapping maps", () => {
  const bus = new Bus(RAM, 0x1000);
  const seen: number[] = [];
  const dev: Device = { read: (off) => off + 1, write: (off, _s, v) => void seen.push(off, v) };
  bus.map(0x1000_0000, 0x100, dev, "dev");
  assert.equal(bus.read(0x1000_0010, 1), 0x11);
  bus.write(0x1000_0004, 1, 0x41);
  assert.deepEqual(seen, [4, 0x41]);
  assert.throws(() => bus.map(0x1000_0080, 0x100, dev, "other"), /overlaps dev/);
  assert.throws(() => bus.map(RAM, 0x100, dev, "ramdev"), /overlaps RAM/);
});

test("Bus tells code caches when a marked page is written, by host or hart", () => {
  const bus = new Bus(RAM, 0x3000);
  const pages: number[] = [];
  bus.codeWriteListeners.push((p) => pages.push(p));
  bus.codePages[1] = 1;
  bus.write(RAM + 0x10, 4, 1); // unmarked page: no call
  bus.write(RAM + 0x1010, 4, 1);
  assert.deepEqual(pages, [1]);
  bus.codePages[2] = 1;
  assert.equal(bus.writeBytes(RAM + 0x1ffe, new Uint8Array(4)), true);
  assert.deepEqual(pages, [1, 2]);
  assert.equal(bus.writeBytes(RAM + 0x2ffe, new Uint8Array(4)), false);
});
