import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/image_inspect.js";
import { buildPvImage, defaultNotes } from "../abi/pv_image_fixture.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const dir = mkdtempSync(join(tmpdir(), "pvkit-inspect-"));
const file = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

test("image inspect prints notes, segments and the start-of-day plan", async () => {
  const r = await run([file("ok.elf", buildPvImage())]);
  assert.equal(r.code, 0);
  assert.equal(r.err, "");
  assert.match(r.out, /HYPERCALL_PAGE\s+0x80001000/);
  assert.match(r.out, /0x80002000\s+0x80002000\s+0x00000100\s+0x00003000\s+RW-/);
  assert.match(r.out, /page_tables\s+0x8000c000\s+0x0000000c\s+2\s+read-only/);
  assert.match(r.out, /a0=0x80009000 \(start_info\) sp=0x80012000/);
  assert.match(r.out, /start of day \(16 MiB, 4096 pages\)/);
});

test("image inspect --mem changes the plan's memory size", async () => {
  const r = await run([file("ok2.elf", buildPvImage()), "--mem", "64"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /p2m\s+0x80005000\s+0x00000005\s+16\s/);
});

test("image inspect reports a bad image, a missing file and bad arguments in one line, exit 2", async () => {
  const bad = await run([file("bad.elf", buildPvImage({ notes: defaultNotes().filter((n) => n[1] !== 2) }))]);
  assert.equal(bad.code, 2);
  assert.equal(bad.err, "pvkit image inspect: missing XEN_ELFNOTE_HYPERCALL_PAGE note\n");
  const notElf = await run([file("text.txt", new TextEncoder().encode("hello"))]);
  assert.equal(notElf.err, "pvkit image inspect: not an ELF file\n");
  const missing = await run([join(dir, "nope.elf")]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^pvkit image inspect: cannot read .*nope\.elf: ENOENT\n/);
  const small = await run([file("ok3.elf", buildPvImage()), "--mem", "2"]);
  assert.equal(small.code, 2);
  assert.match(small.err, /not enough memory/);
  const noArgs = await run([]);
  assert.equal(noArgs.code, 2);
  assert.match(noArgs.err, /no IMAGE given/);
});
