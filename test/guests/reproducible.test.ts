/**
 * The committed bare-metal images are what their sources build to.
 * - Always: guests/baremetal/MANIFEST.sha256 (written by build.sh) names every image
 *   folder, each committed image hashes to its recorded sha256 and parses as an RV32
 *   executable entered at 0x80000000, so a hand-edited or truncated image fails here
 *   even on a machine without clang.
 * - When clang and ld.lld are installed: build.sh builds every image twice into temp
 *   dirs; both builds equal the committed bytes (reproducible, and not stale).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseElf32, PT_LOAD } from "../../machine/elf.js";

const dir = resolve(import.meta.dirname, "../../guests/baremetal");

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

function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

test("MANIFEST.sha256 lists exactly the image folders, each with its qemu.out", () => {
  const folders = readdirSync(dir)
    .filter((n) => n !== "common" && statSync(join(dir, n)).isDirectory())
    .sort();
  const listed = [...manifest().keys()].sort();
  assert.deepEqual(listed, folders.map((n) => `${n}/${n}.elf`).sort());
  for (const n of folders) assert.ok(existsSync(join(dir, n, "qemu.out")), `${n}/qemu.out missing`);
});

test("every committed image matches its sha256 and parses as an RV32 ELF entered at 0x80000000", () => {
  for (const [path, sha] of manifest()) {
    const bytes = readFileSync(join(dir, path));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), sha, `${path}: sha256 differs from MANIFEST.sha256`);
    const elf = parseElf32(new Uint8Array(bytes));
    assert.equal(elf.entry >>> 0, 0x8000_0000, `${path}: entry`);
    assert.equal(elf.symbols.get("_start"), 0x8000_0000, `${path}: _start`);
    assert.ok(elf.segments.some((s) => s.type === PT_LOAD && s.vaddr >>> 0 === 0x8000_0000), `${path}: no PT_LOAD at RAM base`);
  }
});

test("build.sh rebuilds every image byte for byte, twice (when clang and ld.lld are installed)", (t) => {
  if (!hasTool("clang") || !hasTool("ld.lld")) {
    t.diagnostic("clang/ld.lld not installed: the sha256 checks above stand in for the rebuild");
    return;
  }
  const outs = [mkdtempSync(join(tmpdir(), "pvkit-bm-a-")), mkdtempSync(join(tmpdir(), "pvkit-bm-b-"))];
  try {
    for (const out of outs) {
      const r = spawnSync("bash", [join(dir, "build.sh"), "--out", out], { encoding: "utf8" });
      assert.equal(r.status, 0, `build.sh --out failed:\n${r.stderr}`);
    }
    for (const path of manifest().keys()) {
      const committed = readFileSync(join(dir, path));
      for (const out of outs) {
        assert.ok(readFileSync(join(out, path)).equals(committed), `${path}: rebuilt image differs from the committed one`);
      }
    }
  } finally {
    for (const out of outs) rmSync(out, { recursive: true, force: true });
  }
});
