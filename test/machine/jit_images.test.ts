/**
 * The block compiler on the bare-metal images (guests/baremetal/*.elf): each image runs
 * on a Machine with the compiler on and on one with it off, and the runs must agree on
 * the stop reason, the instructions retired, the console bytes, every register, pc,
 * instret and all of RAM. (The images' output against QEMU is test/guests/baremetal.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Machine, parseElf32 } from "../../machine/index.js";

const dir = resolve(import.meta.dirname, "../../guests/baremetal");
const IMAGES = ["hello", "bench-short", "paging", "timer"];
const MAX_INSNS = 50_000_000;

function run(name: string, jit: boolean) {
  const bytes: number[] = [];
  const machine = new Machine({ harts: 1, memMiB: 128, console: (byte: number) => void bytes.push(byte) });
  for (const h of machine.harts) h.jit = jit;
  machine.load(parseElf32(new Uint8Array(readFileSync(resolve(dir, name, `${name}.elf`)))));
  const r = machine.run(MAX_INSNS);
  return { r, machine, output: Buffer.from(bytes).toString("latin1") };
}

for (const name of IMAGES) {
  test(`${name}.elf runs the same with the block compiler on and off`, () => {
    const on = run(name, true);
    const off = run(name, false);
    assert.equal(on.r.reason, "pass", `${name}: ${on.r.reason}\n${on.output}`);
    assert.deepEqual(on.r, off.r);
    assert.equal(on.output, off.output);
    for (let i = 0; i < on.machine.harts.length; i++) {
      const a = on.machine.harts[i]!;
      const b = off.machine.harts[i]!;
      assert.deepEqual([...a.x], [...b.x], `hart ${i} registers`);
      assert.equal(a.pc, b.pc, `hart ${i} pc`);
      assert.equal(a.instret, b.instret, `hart ${i} instret`);
      assert.equal(b.blocks.compiled, 0);
    }
    assert.ok(Buffer.from(on.machine.bus.ram).equals(Buffer.from(off.machine.bus.ram)), "RAM differs");
    if (name === "bench-short") assert.ok(on.machine.harts[0]!.blocks.compiled > 0, "bench-short compiled nothing");
  });
}
