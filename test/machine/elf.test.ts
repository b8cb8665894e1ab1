import { test } from "node:test";
import assert from "node:assert/strict";
import { parseElf32, loadElf, ElfError, PT_LOAD, PT_NOTE } from "../../machine/elf.js";
import { Bus } from "../../machine/bus.js";
import { buildElf, words } from "./elf_fixture.js";

const RAM = 0x8000_0000;
const code = words(0x00000013, 0x00100073); // nop; ebreak

function good() {
  return buildElf({
    entry: RAM + 4,
    segments: [
      { paddr: RAM, data: code, flags: 5 },
      { paddr: RAM + 0x1000, data: words(0x11223344), memsz: 0x10, flags: 6 },
    ],
    notes: [["Xen", 6, new TextEncoder().encode("linux\0")], ["Xen", 2, words(0x1234)]],
    symbols: { tohost: RAM + 0x1000, _start: RAM },
  });
}

function expectError(bytes: Uint8Array, message: string | RegExp): void {
  assert.throws(() => parseElf32(bytes), (e: unknown) => {
    assert.ok(e instanceof ElfError);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

function patch(bytes: Uint8Array, f: (dv: DataView) => void): Uint8Array {
  const b = bytes.slice();
  f(new DataView(b.buffer));
  return b;
}

test("parseElf32 returns entry, segments, sections, symbols and notes", () => {
  const elf = parseElf32(good());
  assert.equal(elf.entry, RAM + 4);
  assert.equal(elf.segments.length, 3);
  assert.deepEqual(elf.segments[0], { type: PT_LOAD, offset: 52 + 96, vaddr: RAM, paddr: RAM, filesz: 8, memsz: 8, flags: 5, align: 4 });
  assert.equal(elf.segments[1]!.memsz, 0x10);
  assert.equal(elf.segments[2]!.type, PT_NOTE);
  assert.deepEqual(elf.sections.map((s) => s.name), ["", ".text", ".shstrtab", ".strtab", ".symtab"]);
  assert.equal(elf.symbols.get("tohost"), RAM + 0x1000);
  assert.equal(elf.symbols.get("_start"), RAM);
  assert.equal(elf.notes.length, 2);
  assert.deepEqual(elf.notes[0], { name: "Xen", type: 6, desc: new TextEncoder().encode("linux\0") });
  assert.deepEqual(elf.notes[1]!.desc, words(0x1234));
});

test("parseElf32 reads notes from SHT_NOTE sections when there is no PT_NOTE", () => {
  const elf = parseElf32(buildElf({ segments: [{ paddr: RAM, data: code }], notes: [["Xen", 5, words(7)]], noteSection: true }));
  assert.equal(elf.segments.length, 1);
  assert.deepEqual(elf.notes, [{ name: "Xen", type: 5, desc: words(7) }]);
});

test("parseElf32 rejects what is not an ELF file", () => {
  expectError(new Uint8Array(0), "not an ELF file");
  expectError(new TextEncoder().encode("#!/bin/sh\necho this is a shell script, not a kernel image at all\n"), "not an ELF file");
});

test("parseElf32 rejects ELF64, big-endian, other machines and non-executables", () => {
  expectError(patch(good(), (dv) => dv.setUint8(4, 2)), "ELF class 2 is not ELF32");
  expectError(patch(good(), (dv) => dv.setUint8(5, 2)), "ELF data encoding 2 is not little-endian");
  expectError(patch(good(), (dv) => dv.setUint16(18, 62, true)), "machine 62 is not RISC-V");
  expectError(patch(good(), (dv) => dv.setUint16(16, 3, true)), /ELF type 3 is not ET_EXEC/);
});

test("parseElf32 rejects a truncated or odd program header table", () => {
  expectError(good().slice(0, 100), "truncated program header table");
  expectError(patch(good(), (dv) => dv.setUint16(42, 56, true)), "program header entry size 56 is not 32");
});

test("parseElf32 rejects segments past the end of the file, overlapping, or absurd", () => {
  expectError(patch(good(), (dv) => dv.setUint32(52 + 32 + 16, 0x10000, true)), "segment 1 extends past the end of the file");
  expectError(patch(good(), (dv) => {
    dv.setUint32(52 + 32 + 4, 52, true);
    dv.setUint32(52 + 32 + 16, 0x10000, true);
    dv.setUint32(52 + 32 + 20, 0x10000, true);
  }), "segment 1 extends past the end of the file");
  expectError(patch(good(), (dv) => dv.setUint32(52 + 32 + 12, RAM + 4, true)), "segments 0 and 1 overlap");
  expectError(patch(good(), (dv) => dv.setUint32(52 + 20, 0xfffff000, true)), "segment 0: segment size 0xfffff000 is absurd");
  expectError(patch(good(), (dv) => dv.setUint32(52 + 20, 4, true)), "segment 0 file size 0x8 exceeds its memory size 0x4");
});

test("parseElf32 rejects truncated notes and section tables", () => {
  expectError(patch(good(), (dv) => dv.setUint32(52 + 64 + 16, 10, true)), "truncated note in segment 2");
  expectError(patch(good(), (dv) => {
    const noteOff = dv.getUint32(52 + 64 + 4, true);
    dv.setUint32(noteOff + 4, 0x100, true); // descsz runs past the note area
  }), "truncated note in segment 2");
  const b = good();
  expectError(b.slice(0, b.length - 8), "truncated section header table");
  expectError(patch(good(), (dv) => dv.setUint16(50, 40, true)), /section name table index 40 is out of range/);
});

test("loadElf copies segments at paddr and zero-fills memsz beyond filesz", () => {
  const bus = new Bus(RAM, 0x4000);
  bus.fill(RAM + 0x1000, 0x20, 0xee);
  loadElf(bus, parseElf32(good()));
  assert.equal(bus.read(RAM, 4), 0x00000013);
  assert.equal(bus.read(RAM + 4, 4), 0x00100073);
  assert.equal(bus.read(RAM + 0x1000, 4), 0x11223344);
  assert.equal(bus.read(RAM + 0x1004, 4), 0);
  assert.equal(bus.read(RAM + 0x100c, 4), 0);
  assert.equal(bus.read(RAM + 0x1010, 4), 0xeeeeeeee, "nothing past memsz");
});

test("loadElf refuses a segment outside RAM with the RAM range in the message", () => {
  const bus = new Bus(RAM, 0x800_0000);
  const elf = parseElf32(buildElf({ segments: [{ paddr: RAM, data: code }, { paddr: 0x4000_0000, data: code }] }));
  assert.throws(() => loadElf(bus, elf), { name: "ElfError", message: "segment 1 at 0x40000000 is outside RAM 0x80000000-0x87ffffff" });
  const none = parseElf32(buildElf({ segments: [{ type: PT_NOTE, paddr: 0, data: new Uint8Array(0) }] }));
  assert.throws(() => loadElf(bus, none), /no loadable segment/);
});

test("parseElf32 parses the committed bare-metal hello image", async () => {
  const { readFileSync } = await import("node:fs");
  const path = new URL("../../guests/baremetal/hello/hello.elf", import.meta.url);
  const elf = parseElf32(readFileSync(path));
  assert.ok(elf.segments.some((s) => s.type === PT_LOAD && s.paddr === RAM));
  assert.ok(elf.entry >= RAM);
});
