/**
 * The ISA conformance images (guests/isa/<group>/<group>.elf) on pvkit's machine and on QEMU.
 * - Every image passes on pvkit's Machine: it writes 1 to `tohost` (a failing sub-test n
 *   shows up as reason "tohost-fail" with test n, named in the message).
 * - When qemu-system-riscv32 is installed, every image also passes on QEMU's spike board
 *   (guests/isa/qemu_run.sh), so a sub-test that is wrong about the specification fails
 *   there and a machine bug fails here. QEMU runs with `host_quirks` = 1, which skips the
 *   few checks where QEMU 7.2 itself deviates from the specification; pvkit must also
 *   pass with that flag set, so the skip paths are sound code.
 * - The committed images match MANIFEST.sha256 and, with clang present, rebuild byte for byte.
 * - A corrupted image (its first sub-test replaced by a jump to `fail`) is reported as a
 *   failure, so the pass verdict above cannot come from the runner ignoring `tohost`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Machine, parseElf32, type Elf32, type RunResult } from "../../machine/index.js";

const dir = resolve(import.meta.dirname, "../../guests/isa");
const GROUPS = ["rv32ui", "rv32um", "rv32ua", "rv32mi", "rv32si"];
const MAX_INSNS = 5_000_000;
/** guests/isa/common/isa.ld: the word qemu_run.sh sets to 1 on QEMU. */
const HOST_QUIRKS = 0x80fff000;

const imagePath = (g: string): string => join(dir, g, `${g}.elf`);
const loadImage = (g: string): Elf32 => parseElf32(new Uint8Array(readFileSync(imagePath(g))));

function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** Runs an image on pvkit; `patch` may change memory after loading. */
function runPvkit(elf: Elf32, patch?: (m: Machine) => void): RunResult {
  const machine = new Machine({ harts: 1, memMiB: 128 });
  machine.load(elf);
  patch?.(machine);
  return machine.run(MAX_INSNS);
}

function describe(r: RunResult): string {
  return r.reason === "tohost-fail" ? `sub-test ${r.test} failed` : `ended with '${r.reason}' after ${r.insns} instructions`;
}

/** The sub-test numbers an image defines (its subtest_<n> labels). */
function subtests(elf: Elf32): number[] {
  return [...elf.symbols.keys()]
    .map((s) => /^subtest_(\d+)$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** J-type `jal x0, target` placed at `from`. */
function jalX0(from: number, target: number): number {
  const off = (target - from) | 0;
  assert.ok(off >= -(1 << 20) && off < 1 << 20 && (off & 1) === 0, `jal offset ${off} out of range`);
  const imm = off >>> 0;
  return (((imm >>> 20) & 1) << 31 | ((imm >>> 1) & 0x3ff) << 21 | ((imm >>> 11) & 1) << 20 |
    ((imm >>> 12) & 0xff) << 12 | 0x6f) >>> 0;
}

function manifest(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(join(dir, "MANIFEST.sha256"), "utf8").split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    assert.ok(m, `MANIFEST.sha256: malformed line '${line}'`);
    entries.set(m[2]!, m[1]!);
  }
  return entries;
}

test("jalX0() encodes forward and backward jumps", () => {
  assert.equal(jalX0(0x1000, 0x1008), 0x0080006f);
  assert.equal(jalX0(0x1008, 0x1000), 0xff9ff06f);
});

test("MANIFEST.sha256 lists every group and each image matches it", () => {
  const m = manifest();
  assert.deepEqual([...m.keys()].sort(), GROUPS.map((g) => `${g}/${g}.elf`).sort());
  for (const [path, sha] of m) {
    const bytes = readFileSync(join(dir, path));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), sha, `${path}: sha256 differs from MANIFEST.sha256`);
  }
});

for (const g of GROUPS) {
  test(`${g}.elf is entered at 0x80000000, has tohost/fromhost and numbered sub-tests 1..254`, () => {
    const elf = loadImage(g);
    assert.equal(elf.entry >>> 0, 0x8000_0000);
    assert.ok(elf.symbols.has("tohost") && elf.symbols.has("fromhost"), "tohost/fromhost symbols");
    const n = subtests(elf);
    assert.ok(n.length >= 10, `${g}: only ${n.length} sub-tests`);
    assert.ok(n[0]! >= 1 && n[n.length - 1]! <= 254, `${g}: sub-test numbers ${n[0]}..${n[n.length - 1]}`);
  });

  test(`${g}.elf passes on pvkit`, () => {
    const r = runPvkit(loadImage(g));
    assert.equal(r.reason, "pass", `${g} on pvkit: ${describe(r)}`);
  });

  test(`${g}.elf passes on pvkit with host_quirks set (the QEMU skip paths)`, () => {
    const r = runPvkit(loadImage(g), (m) => m.bus.write(HOST_QUIRKS, 4, 1));
    assert.equal(r.reason, "pass", `${g} on pvkit with host_quirks = 1: ${describe(r)}`);
  });

  test(`${g}.elf passes on qemu-system-riscv32 -M spike (when installed)`, (t) => {
    if (!hasTool("qemu-system-riscv32")) {
      t.diagnostic("qemu-system-riscv32 not installed: only pvkit checked");
      return;
    }
    const r = spawnSync("bash", [join(dir, "qemu_run.sh"), imagePath(g)], { encoding: "utf8" });
    assert.equal(r.status, 0, `${g} on QEMU: exit ${r.status} (the failing sub-test; 124 = time limit)\n${r.stderr}`);
  });
}

test("a failing sub-test is reported with its number (first sub-test turned into a jump to fail)", () => {
  const elf = loadImage("rv32um");
  const at = elf.symbols.get("subtest_1");
  const fail = elf.symbols.get("fail");
  assert.ok(at !== undefined && fail !== undefined, "subtest_1 and fail symbols");
  // subtest_1 is `li gp, 1` (one addi); the jump replaces what follows it.
  const r = runPvkit(elf, (m) => m.bus.write(at + 4, 4, jalX0(at + 4, fail)));
  assert.equal(r.reason, "tohost-fail");
  assert.equal(r.reason === "tohost-fail" ? r.test : -1, 1);
});

test("build.sh rebuilds every image byte for byte (when clang and ld.lld are installed)", (t) => {
  if (!hasTool("clang") || !hasTool("ld.lld")) {
    t.diagnostic("clang/ld.lld not installed: the sha256 checks stand in for the rebuild");
    return;
  }
  const out = mkdtempSync(join(tmpdir(), "pvkit-isa-"));
  try {
    const r = spawnSync("bash", [join(dir, "build.sh"), "--out", out], { encoding: "utf8" });
    assert.equal(r.status, 0, `build.sh --out failed:\n${r.stderr}`);
    for (const g of GROUPS) {
      const rebuilt = readFileSync(join(out, g, `${g}.elf`));
      assert.ok(rebuilt.equals(readFileSync(imagePath(g))), `${g}.elf: rebuild differs from the committed image`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
