import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildElf, words } from "../machine/elf_fixture.js";
import { T0, T1, ZERO, jal, li, sw } from "../machine/asm_fixture.js";

const root = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "pvkit-machine-run-"));

function pvkit(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/main.ts", "machine", "run", ...args], {
    cwd: root, encoding: "utf8", timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function image(name: string, prog: number[]): string {
  const path = join(tmp, name);
  writeFileSync(path, buildElf({ segments: [{ paddr: 0x8000_0000, data: words(...prog) }] }));
  return path;
}

function oneLine(err: string, start: string): void {
  const lines = err.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${err}`);
  assert.ok(lines[0]!.startsWith(start), lines[0]);
}

test("machine run refuses a file that is not an ELF image: exit 2, one line", () => {
  const bad = join(tmp, "bad.elf");
  writeFileSync(bad, "this is not an ELF image\n");
  const r = pvkit(bad);
  assert.equal(r.code, 2);
  oneLine(r.err, "pvkit machine run: bad image");
  assert.match(r.err, /not an ELF file/);
  assert.equal(r.out, "");
});

test("machine run refuses a missing file and bad arguments with exit 2", () => {
  const missing = pvkit(join(tmp, "nope.elf"));
  assert.equal(missing.code, 2);
  oneLine(missing.err, "pvkit machine run: cannot read");
  const badArg = pvkit("x.elf", "--harts", "99");
  assert.equal(badArg.code, 2);
  oneLine(badArg.err, "pvkit machine run: --harts 99 is not an integer in 1..8");
  const none = pvkit();
  assert.equal(none.code, 2);
  oneLine(none.err, "pvkit machine run: no IMAGE given");
});

test("machine run prints the hello image's console as QEMU does and exits 0", () => {
  const r = pvkit("guests/baremetal/hello/hello.elf");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, readFileSync(join(root, "guests/baremetal/hello/qemu.out"), "utf8"));
});

test("machine run exits with the finisher's fail code, and 1 for code 0", () => {
  const r = pvkit(image("fail5.elf", [...li(T0, 0x0010_0000), ...li(T1, 0x3333 | (5 << 16)), sw(T1, T0, 0), jal(ZERO, 0)]));
  assert.equal(r.code, 5);
  assert.match(r.err, /failure code 5/);
  const z = pvkit(image("fail0.elf", [...li(T0, 0x0010_0000), ...li(T1, 0x3333), sw(T1, T0, 0), jal(ZERO, 0)]));
  assert.equal(z.code, 1);
});

test("machine run reports the instruction limit with the pc: exit 124", () => {
  const r = pvkit(image("spin.elf", [jal(ZERO, 0)]), "--max-insns", "1000");
  assert.equal(r.code, 124);
  oneLine(r.err, "stopped: instruction limit 1000 reached at pc 0x80000000");
});

test("machine run reports a hang: exit 125", () => {
  const r = pvkit(image("hang.elf", [0x10500073, jal(ZERO, -4)]));
  assert.equal(r.code, 125);
  oneLine(r.err, "stopped: every hart waits in WFI");
});

test("machine run --trace prints one line per instruction on stderr", () => {
  const r = pvkit(image("trace.elf", [0x00000013, 0x00000013, jal(ZERO, 0)]), "--trace", "--max-insns", "4");
  assert.equal(r.code, 124);
  const lines = r.err.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, 4), [
    "0 0x80000000 0x00000013",
    "0 0x80000004 0x00000013",
    "0 0x80000008 0x0000006f",
    "0 0x80000008 0x0000006f",
  ]);
  assert.equal(lines.length, 5);
});
