/**
 * `pvkit certify`: a real guest behaves the same on microxen and full Xen; two
 * different images, or a trace with one record changed, are reported different
 * with the divergent row marked; what is masked (machine frames in PTE values,
 * U/G, unused argument registers, transfer-page pcs by slot) and what is not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { certifyImage, main } from "../../cli/certify.js";
import { compareRuns, consoleCell, traceCell } from "../../cli/harness/compare.js";
import { htmlReport, textReport } from "../../cli/harness/report.js";
import { runGuest, type GuestRun } from "../../cli/harness/run_guest.js";
import type { TraceRecord } from "../../abi/trace.js";

const tests = resolve(import.meta.dirname, "../../guests/tests");
const image = (name: string): Uint8Array => new Uint8Array(readFileSync(join(tests, name, `${name}.elf`)));

test("a real guest (timer) behaves the same on microxen and full Xen", () => {
  const c = certifyImage(image("timer"));
  assert.equal(c.microxen.verdict, "SUCCESS");
  assert.equal(c.fullxen.verdict, "SUCCESS");
  assert.ok(c.microxen.trace!.length > 10, "the none profile traces every hypercall");
  const text = textReport(c.comparison, "timer");
  assert.equal(c.comparison.same, true, text);
  assert.match(text, /^certify timer: SAME$/m);
  assert.ok(!/^! /m.test(text), "no row marked");
});

test("two different images are reported different, the divergent rows marked", () => {
  const a = runGuest(image("shutdown_poweroff"), "microxen-none", { trace: true });
  const b = runGuest(image("shutdown_reboot"), "microxen-none", { trace: true });
  const c = compareRuns(a, b);
  assert.equal(c.same, false);
  const shutdown = c.sections.find((s) => s.title === "shutdown")!;
  assert.equal(shutdown.divergent, 1);
  assert.deepEqual(shutdown.rows[0], { index: 1, left: "shutdown poweroff", right: "shutdown reboot", same: false });
  const text = textReport(c, "pair");
  assert.match(text, /^certify pair: DIFFERENT$/m);
  assert.match(text, /^!\s+1 shutdown poweroff\s+\| shutdown reboot$/m);
  assert.match(text, /^verdict: different/m);
});

function withTrace(r: GuestRun, trace: TraceRecord[]): GuestRun {
  return { ...r, trace };
}

test("a trace with one result changed diverges at exactly that record, in text and HTML", () => {
  const a = runGuest(image("events"), "microxen-none", { trace: true });
  const trace = a.trace!.map((r) => ({ ...r })) as TraceRecord[];
  const i = trace.findIndex((r) => r.kind === "hypercall");
  const rec = trace[i] as Extract<TraceRecord, { kind: "hypercall" }>;
  trace[i] = { ...rec, result: rec.result - 1 };
  const c = compareRuns(a, withTrace(a, trace));
  assert.equal(c.same, false);
  const t = c.sections.find((s) => s.title === "hypercall trace")!;
  assert.equal(t.divergent, 1);
  assert.deepEqual(t.rows.filter((r) => !r.same).map((r) => r.index), [i + 1]);
  assert.match(textReport(c, "x"), new RegExp(`^!\\s+${i + 1} d1v0 ${rec.name}\\(`, "m"));
  const html = htmlReport(c, "x");
  assert.equal(html.match(/<tr class="diff">/g)?.length, 1);
  assert.match(html, /<h1>certify x: <span class="different">different<\/span><\/h1>/);
});

const hc = (nr: number, name: string, args: number[], result = 0): TraceRecord =>
  ({ kind: "hypercall", dom: 1, vcpu: 0, nr, name, args, result });

test("traceCell() masks the frame number of a PTE, U and G, and unused argument registers only", () => {
  const key = (r: TraceRecord, tp: number | null = null): string => traceCell(r, tp).key;
  // update_va_mapping(va, val lo, val hi, flags): mfn 0x20000 vs 0x20400, flags equal.
  assert.equal(key(hc(14, "update_va_mapping", [0xc0005000, (0x20000 << 10) | 0xc7, 0, 2, 7])),
    key(hc(14, "update_va_mapping", [0xc0005000, (0x20400 << 10) | 0xd7, 0, 2, 9])), "mfn, U and a4 masked");
  assert.notEqual(key(hc(14, "update_va_mapping", [0xc0005000, (0x20000 << 10) | 0xc7, 0, 2, 0])),
    key(hc(14, "update_va_mapping", [0xc0005000, (0x20000 << 10) | 0xc3, 0, 2, 0])), "W differs");
  assert.notEqual(key(hc(14, "update_va_mapping", [0xc0005000, 0xc7, 0, 2, 0])),
    key(hc(14, "update_va_mapping", [0xc0006000, 0xc7, 0, 2, 0])), "the VA differs");
  assert.equal(key(hc(17, "xen_version", [0, 0, 1, 2, 3])), key(hc(17, "xen_version", [0, 0, 4, 5, 6])));
  assert.notEqual(key(hc(17, "xen_version", [1, 0, 0, 0, 0])), key(hc(17, "xen_version", [0, 0, 0, 0, 0])));
  assert.notEqual(key(hc(17, "xen_version", [0, 0, 0, 0, 0], 1)), key(hc(17, "xen_version", [0, 0, 0, 0, 0], 2)));
  // XENMEM_maximum_ram_page (memory_op cmd 2) returns a frame number.
  assert.equal(key(hc(12, "memory_op", [2, 0, 0, 0, 0], 0x2fff)), key(hc(12, "memory_op", [2, 0, 0, 0, 0], 0x3fff)));
  assert.notEqual(key(hc(12, "memory_op", [3, 0, 0, 0, 0], 100)), key(hc(12, "memory_op", [3, 0, 0, 0, 0], 101)));
});

test("traceCell() compares pcs in the transfer page by slot and all others exactly", () => {
  const ev = (pc: number): TraceRecord => ({ kind: "event", dom: 1, vcpu: 0, pc, sel: 1, handler: 0xc0002000 });
  const tp = 0xc0001000;
  assert.equal(traceCell(ev(0xc0001224), tp).key, traceCell(ev(0xc0001228), tp).key, "slot 17 either way");
  assert.match(traceCell(ev(0xc0001224), tp).shown, /hcpage\[17\]/);
  assert.notEqual(traceCell(ev(0xc0001224), tp).key, traceCell(ev(0xc0001244), tp).key, "slot 17 vs 18");
  assert.notEqual(traceCell(ev(0xc0003224), tp).key, traceCell(ev(0xc0003228), tp).key, "guest code");
  assert.notEqual(traceCell(ev(0xc0001224), null).key, traceCell(ev(0xc0001228), null).key, "no page given");
});

test("main() exits 0 for a same image and writes the HTML report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pvkit-certify-"));
  const report = join(dir, "r.html");
  assert.equal(await main([join(tests, "selftest", "selftest.elf"), "--report", report]), 0);
  assert.ok(existsSync(report));
  const html = readFileSync(report, "utf8");
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<th>microxen \(profile none\)<\/th><th>full Xen<\/th>/);
  assert.ok(!html.includes('class="diff"'));
});

test("main() exits 2 for bad input: no image, unreadable file, not an ELF", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pvkit-certify-"));
  const junk = join(dir, "junk.elf");
  writeFileSync(junk, "this is not an image");
  assert.equal(await main([]), 2);
  assert.equal(await main([join(dir, "missing.elf")]), 2);
  assert.equal(await main([junk]), 2);
  assert.equal(await main(["a.elf", "b.elf"]), 2);
});

test("consoleCell() masks the run's machine frames and addresses, nothing else", () => {
  const ram = { base: 0x80000000, bytes: 32 << 20 };
  const key = (l: string): string => consoleCell(l, ram).key;
  assert.equal(key("console mfn 0x8040c evtchn 2"), key("console mfn 0x8000c evtchn 2"));
  assert.equal(key("shared_info 0x80000000"), key("shared_info 0x81000000"));
  assert.notEqual(key("shared_info 0x80000000"), key("shared_info 0x90000000"), "outside this machine's RAM");
  assert.notEqual(key("start_info at 0xc000a000"), key("start_info at 0xc000b000"), "guest virtual addresses");
  assert.notEqual(key("evtchn 0x2"), key("evtchn 0x3"));
  assert.equal(consoleCell("mfn 0x8040c", ram).shown, "mfn 0x8040c", "the report shows the real value");
  assert.notEqual(consoleCell("mfn 0x8040c", { base: 0, bytes: 0 }).key, consoleCell("mfn 0x8000c", { base: 0, bytes: 0 }).key);
});
