/**
 * The PV test guests, the native baseline and the hypercall benchmark's parsing:
 * - every XTF-style test guest of the suite is present with its header comment and
 *   exactly one way to end (the SDK's verdict, or its own result line);
 * - guests/native/hcall runs on the machine, passes, and reports every operation
 *   with instruction counts that are deterministic across its two rounds and scale
 *   with the batch size;
 * - parseBenchLines / formatTable (cli/bench/hypercalls.ts) turn console lines into
 *   per-operation figures and a table that says why a target has none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine, parseElf32 } from "../../machine/index.js";
import { formatTable, OPS, parseBenchLines, type TimedLine } from "../../cli/bench/hypercalls.js";

const root = join(import.meta.dirname, "../..");
const SUITE = ["boot", "pagetables", "pagefault", "timer", "events", "multicall", "errors",
  "shutdown_poweroff", "shutdown_reboot", "shutdown_crash", "shutdown_suspend"];

for (const name of SUITE) {
  test(`guests/tests/${name}: main.c says what it tests and its image is built`, () => {
    const src = readFileSync(join(root, "guests/tests", name, "main.c"), "utf8");
    const header = /^\/\*\n([\s\S]*?)\*\//.exec(src);
    assert.ok(header, "main.c opens with a comment");
    assert.match(header[1]!, new RegExp(`^ \\* ${name} — `), "the header names the test");
    assert.ok(header[1]!.split("\n").length >= 5, "the header says what is tested and why");
    assert.ok(src.split("\n").length <= 160, "about 100 lines, XTF style");
    assert.match(src, /void start_kernel\(start_info_t \*si\)/);
    assert.ok(existsSync(join(root, "guests/tests", name, `${name}.elf`)), "image committed (npm run guests)");
  });
}

test("shutdown guests print their SUCCESS line before the shutdown call, and a FAILURE if it returns", () => {
  for (const name of SUITE.filter((n) => n.startsWith("shutdown_"))) {
    const src = readFileSync(join(root, "guests/tests", name, "main.c"), "utf8");
    const line = src.indexOf('printk("Test result: SUCCESS\\n")');
    const call = src.lastIndexOf("HYPERVISOR_sched_op(SCHEDOP_shutdown, &s)");
    assert.ok(line > 0 && call > line, `${name}: result line, then the shutdown`);
    assert.ok(src.indexOf("xtf_failure", call) > call, `${name}: a returning shutdown is a FAILURE`);
  }
});

function runNative(): { reason: string; output: string } {
  const bytes: number[] = [];
  const m = new Machine({ harts: 1, console: (b: number) => void bytes.push(b) });
  m.load(parseElf32(new Uint8Array(readFileSync(join(root, "guests/native/hcall/hcall.elf")))));
  const r = m.run(200_000_000);
  return { reason: r.reason, output: Buffer.from(bytes).toString("latin1") };
}

test("guests/native/hcall passes and reports every operation, deterministically", () => {
  const { reason, output } = runNative();
  assert.equal(reason, "pass", output);
  const lines = output.split("\n");
  const rounds = lines.filter((l) => l.startsWith("bench "));
  assert.equal(rounds.length, 2 * OPS.length);
  assert.deepEqual(rounds.slice(0, OPS.length), rounds.slice(OPS.length), "both rounds retire the same instructions");
  const res = parseBenchLines(lines.map((text, i) => ({ ms: i, text })));
  assert.deepEqual([...res.keys()].sort(), [...OPS].sort());
  const per = (op: string): number => res.get(op)!.insns / res.get(op)!.iters;
  assert.ok(per("null") >= 3 && per("null") < 20, `null call: ${per("null")} insns`);
  assert.ok(per("mmu_update_1") < per("mmu_update_64") && per("mmu_update_64") < per("mmu_update_512"));
  assert.ok(per("mmu_update_512") > 512 * 3, "a 512-entry batch stores 512 PTEs");
  for (const op of OPS) assert.ok(per(op) < 10_000, `${op}: ${per(op)}`);
});

test("parseBenchLines() times an operation from its @begin/@end lines", () => {
  const lines: TimedLine[] = [
    { ms: 1, text: "native: hello" },
    { ms: 10, text: "@begin null" },
    { ms: 12, text: "@end" },
    { ms: 13, text: "bench null 1000 8000" },
    { ms: 20, text: "bench iret 10 220" },
  ];
  const r = parseBenchLines(lines);
  assert.deepEqual(r.get("null"), { iters: 1000, insns: 8000, nsPerOp: 2000 });
  assert.equal(r.get("iret")!.insns, 220);
  assert.ok(Number.isNaN(r.get("iret")!.nsPerOp), "no markers: no host time");
});

test("parseBenchLines() keeps the last round and refuses zero iterations", () => {
  const r = parseBenchLines([{ ms: 0, text: "bench null 10 100" }, { ms: 0, text: "bench null 10 80" }]);
  assert.equal(r.get("null")!.insns, 80);
  assert.throws(() => parseBenchLines([{ ms: 0, text: "bench null 0 5" }]), /no iterations/);
});

test("formatTable() shows n/a, the ratio to native and why a target failed", () => {
  const results = (insns: number) => new Map(OPS.map((op) => [op, { iters: 10, insns, nsPerOp: 5 }]));
  const t = formatTable([
    { target: "native", results: results(100), error: null },
    { target: "microxen-hot", results: results(120), error: null },
    { target: "fullxen", results: new Map(), error: "exit 2: unknown hypervisor" },
  ]);
  assert.match(t, /^null\s+10\.0\s+12\.0\s+n\/a$/m);
  assert.match(t, /set_timer_op\s+1\.20 {2}\(over target\)/);
  assert.match(t, /fullxen: exit 2: unknown hypervisor/);
});
