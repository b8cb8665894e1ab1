import { test } from "node:test";
import assert from "node:assert/strict";
import { Plic, PLIC_PENDING, PLIC_ENABLE, PLIC_CONTEXT } from "../../../machine/devices/plic.js";

function make(contexts = 2) {
  const levels: boolean[][] = Array.from({ length: contexts }, () => []);
  const plic = new Plic(Array.from({ length: contexts }, (_, c) => ({ set: (l: boolean) => void levels[c]!.push(l) })));
  return { plic, levels };
}
const enable = (ctx: number) => PLIC_ENABLE + 0x80 * ctx;
const threshold = (ctx: number) => PLIC_CONTEXT + 0x1000 * ctx;
const claim = (ctx: number) => threshold(ctx) + 4;

test("Plic keeps 3-bit priorities per source and ignores source 0", () => {
  const { plic } = make();
  plic.write(4 * 10, 4, 0xff);
  assert.equal(plic.read(4 * 10, 4), 7);
  plic.write(0, 4, 5);
  assert.equal(plic.read(0, 4), 0);
});

test("Plic shows pending bits and raises a context only when enabled above its threshold", () => {
  const { plic, levels } = make();
  const uart = plic.source(10);
  uart.set(true);
  assert.equal(plic.read(PLIC_PENDING, 4), 1 << 10);
  assert.deepEqual(levels, [[], []], "priority 0 never interrupts");
  plic.write(4 * 10, 4, 1);
  assert.deepEqual(levels, [[], []], "not enabled");
  plic.write(enable(1), 4, 1 << 10);
  assert.equal(plic.read(enable(1), 4), 1 << 10);
  assert.deepEqual(levels, [[], [true]]);
  plic.write(threshold(1), 4, 1);
  assert.equal(plic.read(threshold(1), 4), 1);
  assert.deepEqual(levels, [[], [true, false]], "priority must exceed the threshold");
  assert.equal(plic.read(claim(1), 4), 0, "nothing claimable");
  plic.write(threshold(1), 4, 0);
  assert.deepEqual(levels, [[], [true, false, true]]);
});

test("Plic claim/complete: a claimed level source is not pending again until completed", () => {
  const { plic, levels } = make();
  plic.write(4 * 10, 4, 1);
  plic.write(enable(0), 4, 1 << 10);
  const line = plic.source(10);
  line.set(true);
  assert.deepEqual(levels[0], [true]);
  assert.equal(plic.read(claim(0), 4), 10);
  assert.deepEqual(levels[0], [true, false]);
  assert.equal(plic.read(PLIC_PENDING, 4), 0);
  line.set(true); // still high while in service
  assert.equal(plic.read(PLIC_PENDING, 4), 0);
  assert.equal(plic.read(claim(0), 4), 0);
  plic.write(claim(0), 4, 10); // complete while the line is still high
  assert.equal(plic.read(PLIC_PENDING, 4), 1 << 10);
  assert.deepEqual(levels[0], [true, false, true]);
  assert.equal(plic.read(claim(0), 4), 10);
  line.set(false);
  plic.write(claim(0), 4, 10);
  assert.equal(plic.read(PLIC_PENDING, 4), 0);
  assert.deepEqual(levels[0], [true, false, true, false]);
});

test("Plic claims the highest priority first, lowest number on ties, per context", () => {
  const { plic } = make(4);
  for (const [src, prio] of [[3, 2], [5, 6], [7, 6]] as const) {
    plic.write(4 * src, 4, prio);
    plic.source(src).set(true);
  }
  plic.write(enable(2), 4, (1 << 3) | (1 << 5) | (1 << 7));
  plic.write(enable(3), 4, 1 << 3);
  assert.equal(plic.read(claim(3), 4), 3, "context 3 sees only source 3");
  assert.equal(plic.read(claim(2), 4), 5);
  assert.equal(plic.read(claim(2), 4), 7);
  assert.equal(plic.read(claim(2), 4), 0);
  assert.equal(plic.lineOf(2), false);
});

test("Plic ignores a complete for a source the context does not enable, and source 0 enable bits", () => {
  const { plic } = make();
  plic.write(4 * 4, 4, 1);
  plic.write(enable(0), 4, 0xffffffff);
  assert.equal(plic.read(enable(0), 4), 0xfffffffe);
  plic.source(4).set(true);
  assert.equal(plic.read(claim(0), 4), 4);
  plic.write(claim(1), 4, 4); // context 1 does not enable 4
  assert.equal(plic.read(claim(0), 4), 0);
  plic.write(claim(0), 4, 4);
  assert.equal(plic.read(claim(0), 4), 4);
  assert.throws(() => plic.source(0), /out of range/);
  assert.throws(() => plic.source(64), /out of range/);
});

test("Plic reads 0 for contexts that do not exist and drops their writes", () => {
  const { plic } = make(2);
  plic.write(threshold(5), 4, 3);
  assert.equal(plic.read(threshold(5), 4), 0);
  assert.equal(plic.read(enable(5), 4), 0);
  assert.equal(plic.read(PLIC_PENDING + 0x40, 4), 0);
});
