import { test } from "node:test";
import assert from "node:assert/strict";
import { parseElf32, ElfError, PF_R, PF_W } from "../../machine/elf.js";
import { decodeImage, ImageError } from "../../abi/image.js";
import { BASE, HCALL, buildPvImage, defaultNotes, cstr, u32le, type Note } from "./pv_image_fixture.js";

const decode = (bytes: Uint8Array) => decodeImage(parseElf32(bytes));
const withNotes = (f: (n: Note[]) => Note[]) => buildPvImage({ notes: f(defaultNotes()) });
const replace = (type: number, desc: Uint8Array) => withNotes((n) => n.map((x) => (x[1] === type ? [x[0], type, desc] : x)));
const drop = (type: number) => withNotes((n) => n.filter((x) => x[1] !== type));

function rejects(bytes: Uint8Array, re: RegExp): void {
  assert.throws(() => decode(bytes), (e: unknown) => e instanceof ImageError && re.test(e.message) && !e.message.includes("\n"));
}

test("decodeImage() decodes a valid image's notes, segments and extent", () => {
  const g = decode(buildPvImage());
  assert.equal(g.guestOs, "pvkit-test");
  assert.equal(g.xenVersion, "xen-3.0");
  assert.equal(g.virtBase, BASE);
  assert.equal(g.entry, BASE);
  assert.equal(g.hypercallPage, HCALL);
  assert.equal(g.loader, "generic");
  assert.deepEqual(g.features, { required: ["writable_page_tables"], optional: ["dom0"] });
  assert.equal(g.segments.length, 2);
  assert.equal(g.kernelStart, BASE);
  assert.equal(g.kernelEnd, BASE + 0x5000);
  assert.equal(g.notes.length, 7);
});

test("decodeImage() accepts 8-byte numeric notes with a zero high word, ignores non-Xen notes", () => {
  const g = decode(withNotes((n) => [...n.map((x): Note => (x[1] === 3 ? ["Xen", 3, Uint8Array.of(...u32le(BASE), 0, 0, 0, 0)] : x)), ["GNU", 3, u32le(1)]]));
  assert.equal(g.virtBase, BASE);
});

test("decodeImage() rejects a missing required note", () => {
  for (const [t, name] of [[6, "GUEST_OS"], [5, "XEN_VERSION"], [3, "VIRT_BASE"], [1, "ENTRY"], [2, "HYPERCALL_PAGE"]] as const) {
    rejects(drop(t), new RegExp(`missing XEN_ELFNOTE_${name} note`));
  }
});

test("decodeImage() rejects a duplicated note", () => {
  rejects(withNotes((n) => [...n, ["Xen", 2, u32le(HCALL)]]), /duplicate XEN_ELFNOTE_HYPERCALL_PAGE/);
});

test("decodeImage() rejects truncated or oversized numeric note data", () => {
  rejects(replace(1, Uint8Array.of(0, 0)), /ENTRY has 2 bytes of data, expected 4 or 8/);
  rejects(replace(3, Uint8Array.of(0, 0, 0, 0x80, 1, 0, 0, 0)), /VIRT_BASE does not fit in 32 bits/);
});

test("decodeImage() rejects malformed string notes and wrong GUEST_OS/XEN_VERSION/LOADER/FEATURES forms", () => {
  rejects(replace(6, new TextEncoder().encode("linux")), /GUEST_OS is not NUL-terminated/);
  rejects(replace(6, cstr("a\tb")), /non-printable/);
  rejects(replace(6, cstr("two words")), /GUEST_OS 'two words'/);
  rejects(replace(6, cstr("")), /GUEST_OS ''/);
  rejects(replace(5, cstr("xen-2.0")), /XEN_VERSION 'xen-2.0' does not start with 'xen-3.0'/);
  rejects(replace(8, cstr("elfboot")), /LOADER 'elfboot'/);
  rejects(replace(10, cstr("writable_page_tables|warp_drive")), /unknown feature 'warp_drive'/);
});

test("decodeImage() rejects a hypercall page that is unaligned or outside the image", () => {
  rejects(replace(2, u32le(HCALL + 4)), /hypercall page 0x80001004 is not page-aligned/);
  rejects(replace(2, u32le(BASE + 0x10000)), /hypercall page 0x80010000 is not inside the image/);
});

test("decodeImage() rejects an entry outside an executable segment", () => {
  rejects(replace(1, u32le(BASE + 0x2000)), /entry 0x80002000 is not inside an executable segment/);
  rejects(buildPvImage({ textFlags: PF_R | PF_W }), /entry 0x80000000 is not inside an executable segment/);
});

test("decodeImage() rejects overlapping segments, segments below VIRT_BASE or in the hole, bad VIRT_BASE", () => {
  const elf = parseElf32(buildPvImage());
  const moved = { ...elf, segments: elf.segments.map((s, i) => (i === 1 ? { ...s, vaddr: BASE + 0x1000 } : s)) };
  assert.throws(() => decodeImage(moved), /segments at 0x80000000 and 0x80001000 overlap/);
  const big = { ...elf, segments: elf.segments.map((s, i) => (i === 1 ? { ...s, filesz: s.memsz + 1 } : s)) };
  assert.throws(() => decodeImage(big), /filesz 12289 > memsz 12288/);
  rejects(replace(3, u32le(BASE + 0x1000)), /segment at 0x80000000 lies below VIRT_BASE/);
  rejects(buildPvImage({ dataVaddr: 0xfbfff000 }), /reaches into the hypervisor hole/);
  rejects(replace(3, u32le(BASE + 8)), /VIRT_BASE 0x80000008 is not page-aligned/);
  rejects(replace(3, u32le(0xfc000000)), /inside the hypervisor hole/);
});

test("decodeImage() rejects an image without loadable segments", () => {
  assert.throws(() => decodeImage({ entry: 0, segments: [], notes: parseElf32(buildPvImage()).notes }), /no loadable segment/);
});

// Every truncation, every single-byte flip and random bytes: only ElfError/ImageError.
test("parseElf32 + decodeImage only ever throw ElfError or ImageError (fuzz)", () => {
  const good = buildPvImage();
  const tryOne = (b: Uint8Array) => {
    try {
      decode(b);
    } catch (e) {
      if (!(e instanceof ElfError || e instanceof ImageError)) throw new Error(`unexpected ${String(e)}`);
    }
  };
  for (let n = 0; n < good.length; n++) tryOne(good.subarray(0, n));
  for (let i = 0; i < good.length; i++) {
    for (const x of [0x01, 0x80, 0xff]) {
      const b = good.slice();
      b[i] = b[i]! ^ x;
      tryOne(b);
    }
  }
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
  for (let k = 0; k < 300; k++) {
    const b = good.slice();
    for (let j = 0; j < 8; j++) b[(rnd() << 8 | rnd()) % b.length] = rnd();
    tryOne(b);
    tryOne(Uint8Array.from({ length: 64 + (k % 200) }, rnd));
  }
});
