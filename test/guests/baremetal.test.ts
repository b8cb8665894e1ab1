/**
 * Differential test of pvkit's machine against QEMU on the bare-metal images.
 * - Every image runs on pvkit's Machine, passes through the test finisher, and its
 *   console equals the QEMU recording guests/baremetal/<name>/qemu.out byte for byte.
 * - When qemu-system-riscv32 is installed, every image also runs under QEMU now and
 *   must still print its recording, so a stale qemu.out fails instead of hiding a
 *   difference.
 * Lines starting "counter:" are masked on both sides: they print minstret, which QEMU
 * does not count exactly without -icount (its counters follow host time), so only
 * their presence is compared. The long `bench` image (hundreds of millions of
 * instructions) stays out of this test to keep it short: both sides run `bench-short`,
 * the same source built with fewer rounds; `npm run bench -- machine` runs `bench` on
 * both and checks pvkit's console against bench/qemu.out.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Machine, parseElf32 } from "../../machine/index.js";

const dir = resolve(import.meta.dirname, "../../guests/baremetal");
const ON_PVKIT = ["hello", "bench-short", "paging", "timer"];
const ON_QEMU = ["hello", "bench-short", "paging", "timer"];
const MAX_INSNS = 50_000_000;

const image = (name: string): string => resolve(dir, name, `${name}.elf`);
const recording = (name: string): string => readFileSync(resolve(dir, name, "qemu.out"), "latin1");

/** Replaces the value of every "counter:" line, keeping the line itself. */
function maskCounters(out: string): string {
  return out.replace(/^counter:.*$/gm, "counter: <masked>");
}

function runPvkit(name: string): { reason: string; insns: number; output: string } {
  const bytes: number[] = [];
  const machine = new Machine({ harts: 1, memMiB: 128, console: (byte: number) => void bytes.push(byte) });
  machine.load(parseElf32(new Uint8Array(readFileSync(image(name)))));
  const r = machine.run(MAX_INSNS);
  return { reason: r.reason, insns: r.insns, output: Buffer.from(bytes).toString("latin1") };
}

const qemuInstalled = spawnSync("sh", ["-c", "command -v qemu-system-riscv32"], { stdio: "ignore" }).status === 0;

test("maskCounters() hides only the value of counter: lines", () => {
  assert.equal(maskCounters("a\ncounter: minstret=12\nb counter: 3\n"), "a\ncounter: <masked>\nb counter: 3\n");
});

for (const name of ON_PVKIT) {
  test(`${name}.elf passes on pvkit and prints what QEMU printed`, () => {
    const r = runPvkit(name);
    assert.equal(r.reason, "pass", `${name} ended with '${r.reason}' after ${r.insns} instructions; console:\n${r.output}`);
    assert.equal(maskCounters(r.output), maskCounters(recording(name)));
  });
}

test("bench-short reports a retired-instruction count no larger than the run's", () => {
  const r = runPvkit("bench-short");
  const m = /^counter: minstret=(\d+)$/m.exec(r.output);
  assert.ok(m, `no counter line in:\n${r.output}`);
  const minstret = Number(m[1]);
  assert.ok(minstret > 100_000 && minstret <= r.insns, `minstret ${minstret} vs ${r.insns} instructions run`);
});

test("the recordings hold the lines each image prints last", () => {
  // A recording truncated or taken from a failing run would fail here even without QEMU.
  assert.match(recording("hello"), /bye\.\n$/);
  assert.match(recording("bench"), /^bench: rounds=1500 checksum=[0-9a-f]{8}\ncounter: <masked>\n$/);
  assert.match(recording("bench-short"), /^bench: rounds=2 checksum=[0-9a-f]{8}\ncounter: <masked>\n$/);
  assert.match(recording("paging"), /paging: ok\n$/);
  assert.match(recording("timer"), /timer: ok\n$/);
});

for (const name of ON_QEMU) {
  test(`${name}/qemu.out is what qemu-system-riscv32 prints now (when installed)`, (t) => {
    if (!qemuInstalled) {
      t.diagnostic("qemu-system-riscv32 not installed: the committed recording stands in for it");
      assert.ok(recording(name).length > 0);
      return;
    }
    const r = spawnSync("bash", [resolve(dir, "qemu_run.sh"), image(name), "60"], { encoding: "latin1" });
    assert.equal(r.status, 0, `${name} did not pass on QEMU (status ${r.status}):\n${r.stdout}${r.stderr}`);
    assert.equal(maskCounters(r.stdout), maskCounters(recording(name)));
  });
}
