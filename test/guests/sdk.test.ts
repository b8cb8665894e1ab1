/**
 * Every SDK-built PV image (guests/kernels/<name>, guests/tests/<name>) is
 * committed, decodes as a valid PV image (machine/elf.ts + abi/image.ts) with
 * the SDK's notes, links at VIRT_BASE with paddr = vaddr - VIRT_BASE, and
 * carries a poison-filled, page-aligned transfer page; each guest folder has
 * one main.c that opens with a header comment.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf32 } from "../../machine/elf.js";
import { decodeImage } from "../../abi/image.js";
import { TRANSFER_PAGE_POISON, TRANSFER_PAGE_SIZE } from "../../abi/transfer_page.js";

const root = join(import.meta.dirname, "../..");
const VIRT_BASE = 0xc0000000;

function guestDirs(): string[] {
  const out: string[] = [];
  for (const kind of ["guests/kernels", "guests/tests"]) {
    const dir = join(root, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (existsSync(join(dir, name, "main.c"))) out.push(`${kind}/${name}`);
  }
  return out;
}

test("the SDK's first guests exist: kernels/hello and tests/selftest", () => {
  const dirs = guestDirs();
  assert.ok(dirs.includes("guests/kernels/hello"));
  assert.ok(dirs.includes("guests/tests/selftest"));
});

for (const dir of guestDirs()) {
  const name = dir.split("/").pop()!;
  test(`${dir}: main.c opens with a header comment and the image is committed`, () => {
    assert.match(readFileSync(join(root, dir, "main.c"), "utf8"), /^\/\*\n \* \S/);
    assert.ok(existsSync(join(root, dir, `${name}.elf`)), `${dir}/${name}.elf is missing: run npm run guests`);
  });

  test(`${dir}/${name}.elf decodes as a PV image with the SDK's notes`, () => {
    const elf = parseElf32(new Uint8Array(readFileSync(join(root, dir, `${name}.elf`))));
    const img = decodeImage(elf);
    assert.equal(img.guestOs, "pvkit");
    assert.equal(img.xenVersion, "xen-3.0");
    assert.equal(img.loader, "generic");
    assert.equal(img.virtBase, VIRT_BASE);
    assert.equal(img.entry, elf.entry);
    assert.equal(img.entry, elf.symbols.get("_start"));
    assert.equal(img.hypercallPage, elf.symbols.get("hypercall_page"));
    assert.deepEqual(img.features, { required: [], optional: [] });
    for (const s of img.segments) {
      assert.equal(s.paddr, s.vaddr - VIRT_BASE, `segment at 0x${s.vaddr.toString(16)}`);
      assert.equal(s.vaddr % 4096, 0);
    }
  });

  test(`${dir}/${name}.elf: the transfer page is filled with the ABI's poison`, () => {
    const elf = parseElf32(new Uint8Array(readFileSync(join(root, dir, `${name}.elf`))));
    const va = elf.symbols.get("hypercall_page")!;
    const seg = elf.segments.find((s) => s.type === 1 && va >= s.vaddr && va + TRANSFER_PAGE_SIZE <= s.vaddr + s.filesz);
    assert.ok(seg, "the transfer page lies in the file part of one loadable segment");
    const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + seg.offset + (va - seg.vaddr), TRANSFER_PAGE_SIZE);
    for (let off = 0; off < TRANSFER_PAGE_SIZE; off += 4) {
      assert.equal(view.getUint32(off, true), TRANSFER_PAGE_POISON >>> 0, `word at +${off}`);
    }
  });
}
