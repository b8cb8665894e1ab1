import { test } from "node:test";
import assert from "node:assert/strict";
import { Clock, INSNS_PER_TICK } from "../../machine/clock.js";

test("Clock in virtual mode ticks once per INSNS_PER_TICK instructions of progress", () => {
  const c = new Clock();
  assert.equal(c.now(), 0);
  c.advance(INSNS_PER_TICK - 1);
  assert.equal(c.now(), 0);
  c.advance(1);
  assert.equal(c.now(), 1);
  c.advance(INSNS_PER_TICK * 1000);
  assert.equal(c.now(), 1001);
});

test("Clock.fastForward moves only forward; set moves either way", () => {
  const c = new Clock();
  c.advance(100 * INSNS_PER_TICK);
  c.fastForward(50);
  assert.equal(c.now(), 100);
  c.fastForward(5000);
  assert.equal(c.now(), 5000);
  c.fastForward(Infinity);
  assert.equal(c.now(), 5000);
  c.set(7);
  assert.equal(c.now(), 7);
  c.advance(INSNS_PER_TICK);
  assert.equal(c.now(), 8);
});

test("Clock in wall mode ignores instruction progress", () => {
  const c = new Clock("wall");
  const t0 = c.now();
  c.advance(1e9);
  assert.ok(c.now() - t0 < 1e8, "a billion instructions did not move wall time by 10 s");
  c.fastForward(t0 + 1e9);
  assert.ok(c.now() >= t0 + 1e9);
});

test("Clock.insnsFor converts ticks to a positive instruction budget", () => {
  assert.equal(Clock.insnsFor(0), 1);
  assert.equal(Clock.insnsFor(3), 3 * INSNS_PER_TICK);
  assert.equal(Clock.insnsFor(2.5), 3 * INSNS_PER_TICK);
});
