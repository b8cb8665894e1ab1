import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTable, parseBenchLines, parseTimedLine, stripDomainPrefix, TARGETS, type TargetRun } from "../../cli/bench/hypercalls.js";

const at = (ms: number, text: string) => ({ ms, text });

test("parseBenchLines() takes insns from the bench line and ns/op from the marker times", () => {
  const r = parseBenchLines([
    at(0, "bench: hot hypercalls"), at(10, "@begin null"), at(30, "@end"), at(31, "bench null 10000 80000"),
  ]);
  assert.deepEqual([...r.keys()], ["null"]);
  assert.deepEqual(r.get("null"), { iters: 10000, insns: 80000, nsPerOp: 2000 });
});

test("parseBenchLines() keeps the last round of an operation", () => {
  const r = parseBenchLines([
    at(0, "@begin iret"), at(100, "@end"), at(100, "bench iret 10 220"),
    at(200, "@begin iret"), at(201, "@end"), at(201, "bench iret 10 230"),
  ]);
  assert.equal(r.get("iret")!.insns, 230);
  assert.equal(r.get("iret")!.nsPerOp, 100_000);
});

test("parseBenchLines() strips full Xen's domain prefix and reads '-' as no count", () => {
  const r = parseBenchLines([
    at(5, "(d1:bench) @begin set_timer_op"), at(7, "(d1:bench) @end"), at(7, "(d1:bench) bench set_timer_op 1000 -"),
  ]);
  const x = r.get("set_timer_op")!;
  assert.equal(x.iters, 1000);
  assert.ok(Number.isNaN(x.insns));
  assert.equal(x.nsPerOp, 2000);
});

test("parseBenchLines() gives NaN ns/op when the markers are missing or belong to another op", () => {
  const r = parseBenchLines([at(0, "@begin null"), at(5, "@end"), at(6, "bench iret 10 100"), at(7, "bench null 10 80")]);
  assert.ok(Number.isNaN(r.get("iret")!.nsPerOp));
  assert.ok(Number.isNaN(r.get("null")!.nsPerOp), "the begin marker was consumed by nothing, but the end is stale");
});

test("parseBenchLines() rejects a bench line with zero iterations", () => {
  assert.throws(() => parseBenchLines([at(0, "bench null 0 0")]), /parse bench output: 'bench null 0 0' has no iterations/);
});

test("stripDomainPrefix() removes '(dN:name) ' only at the start", () => {
  assert.equal(stripDomainPrefix("(d12:my-guest) @end"), "@end");
  assert.equal(stripDomainPrefix("(d1) @end"), "@end");
  assert.equal(stripDomainPrefix("x (d1:a) @end"), "x (d1:a) @end");
  assert.equal(stripDomainPrefix("(XEN) domain 1 crashed"), "(XEN) domain 1 crashed");
});

test("formatTable() prints both tables side by side, the hot/native ratios and why a target failed", () => {
  const one = (insns: number, ns: number) => new Map([["update_va_mapping", { iters: 10, insns, nsPerOp: ns }]]);
  const runs: TargetRun[] = [
    { target: "native", results: one(200, 1500), error: null },
    { target: "microxen-hot", results: one(440, 2500), error: null },
    { target: "fullxen", results: new Map(), error: "exit 3: not available" },
  ];
  const out = formatTable(runs);
  const lines = out.split("\n");
  assert.match(lines[0]!, /^guest insns\/op\s+native\s+microxen-hot\s+fullxen$/);
  assert.ok(lines.some((l) => /^update_va_mapping\s+20\.0\s+44\.0\s+n\/a$/.test(l)), out);
  assert.ok(lines.some((l) => /^update_va_mapping\s+1500\s+2500\s+n\/a$/.test(l)), out);
  assert.ok(lines.some((l) => /^ {2}update_va_mapping\s+2\.20 {2}\(over target\)$/.test(l)), out);
  assert.ok(lines.some((l) => /^ {2}set_timer_op\s+n\/a$/.test(l)), out);
  assert.equal(lines.at(-1), "fullxen: exit 3: not available");
});

test("TARGETS run native on the machine and the one PV image on both hypervisors", () => {
  assert.deepEqual(TARGETS.map((t) => t.name), ["native", "microxen-hot", "microxen-none", "fullxen"]);
  const pv = TARGETS.filter((t) => t.name !== "native").map((t) => t.image);
  assert.deepEqual([...new Set(pv)], ["guests/kernels/bench/bench.elf"]);
  assert.equal(TARGETS.find((t) => t.name === "native")!.image, "guests/native/hcall/hcall.elf");
});

test("parseTimedLine() splits the child's time from the console line", () => {
  assert.deepEqual(parseTimedLine("1234.5678 (d1:bench) @end"), { ms: 1234.5678, text: "(d1:bench) @end" });
  assert.deepEqual(parseTimedLine("12 @begin null"), { ms: 12, text: "@begin null" });
  const bad = parseTimedLine("error: no time");
  assert.ok(Number.isNaN(bad.ms));
  assert.equal(bad.text, "error: no time");
});
