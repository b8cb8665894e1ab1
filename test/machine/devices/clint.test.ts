import { test } from "node:test";
import assert from "node:assert/strict";
import { Clint, CLINT_MTIME, CLINT_MTIMECMP } from "../../../machine/devices/clint.js";
import { Clock, INSNS_PER_TICK } from "../../../machine/clock.js";

function make(harts = 2) {
  const clock = new Clock();
  const log: string[] = [];
  const lines = Array.from({ length: harts }, (_, h) => ({
    msip: { set: (l: boolean) => void log.push(`msip${h}=${l}`) },
    mtip: { set: (l: boolean) => void log.push(`mtip${h}=${l}`) },
  }));
  return { clock, log, clint: new Clint(clock, lines) };
}

test("Clint msip per hart drives that hart's MSIP line from bit 0", () => {
  const { clint, log } = make();
  clint.write(4, 4, 0xffffffff);
  assert.equal(clint.read(4, 4), 1);
  assert.equal(clint.read(0, 4), 0);
  clint.write(4, 4, 0);
  assert.deepEqual(log, ["msip1=true", "msip1=false"]);
});

test("Clint mtimecmp resets to never, reads back both words, and arms MTIP at mtime >= mtimecmp", () => {
  const { clint, clock, log } = make();
  assert.equal(clint.read(CLINT_MTIMECMP, 4), 0xffffffff);
  assert.equal(clint.nextDeadline(), Infinity);
  clint.write(CLINT_MTIMECMP + 8, 4, 100); // hart 1 low word
  clint.write(CLINT_MTIMECMP + 12, 4, 0); // high word
  assert.equal(clint.read(CLINT_MTIMECMP + 8, 4), 100);
  assert.equal(clint.read(CLINT_MTIMECMP + 12, 4), 0);
  assert.equal(clint.nextDeadline(), 100);
  assert.equal(clint.deadlineOf(0), Infinity);
  assert.deepEqual(log, []);
  clock.advance(99 * INSNS_PER_TICK);
  clint.update();
  assert.deepEqual(log, []);
  clock.advance(INSNS_PER_TICK);
  clint.update();
  assert.deepEqual(log, ["mtip1=true"]);
  clint.write(CLINT_MTIMECMP + 12, 4, 1); // far future: lowers MTIP at once
  assert.deepEqual(log, ["mtip1=true", "mtip1=false"]);
  assert.equal(clint.nextDeadline(), 0x1_0000_0064);
});

test("Clint mtime reads the clock as two words, and a write moves the clock", () => {
  const { clint, clock } = make(1);
  clock.advance(1234 * INSNS_PER_TICK);
  assert.equal(clint.read(CLINT_MTIME, 4), 1234);
  assert.equal(clint.read(CLINT_MTIME + 4, 4), 0);
  clint.write(CLINT_MTIME + 4, 4, 2);
  assert.equal(clock.now(), 2 * 0x1_0000_0000 + 1234);
  clint.write(CLINT_MTIME, 4, 5);
  assert.equal(clint.read(CLINT_MTIME, 4), 5);
  assert.equal(clint.read(CLINT_MTIME + 4, 4), 2);
});

test("Clint ignores byte accesses and offsets past the last hart", () => {
  const { clint, log } = make(1);
  clint.write(0, 1, 1);
  clint.write(4, 4, 1); // msip of a hart that does not exist
  clint.write(CLINT_MTIMECMP + 8, 4, 0);
  assert.deepEqual(log, []);
  assert.equal(clint.read(4, 4), 0);
  assert.equal(clint.read(0x8000, 4), 0);
});
