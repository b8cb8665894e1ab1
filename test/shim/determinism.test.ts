/** Two runs of the same image give byte-identical console and trace; both profiles print the same console. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runMicroxen } from "../../shim/index.js";
import { formatTraceRecord, parseTrace } from "../../abi/trace.js";

const root = resolve(import.meta.dirname, "../..");

function once(name: string, profile: "none" | "hot"): { out: string; trace: string } {
  let out = "";
  let trace = "";
  runMicroxen({
    image: readFileSync(resolve(root, `guests/tests/${name}/${name}.elf`)), profile,
    console: (b) => { out += String.fromCharCode(b); }, trace: (r) => { trace += formatTraceRecord(r); },
  }, 200_000_000);
  return { out, trace };
}

for (const name of ["timer", "events", "pagefault"]) {
  test(`run() gives identical console and trace twice for ${name}`, () => {
    const a = once(name, "none");
    const b = once(name, "none");
    assert.equal(a.out, b.out);
    assert.equal(a.trace, b.trace);
    assert.ok(parseTrace(a.trace).length > 5);
  });
  test(`profiles none and hot print the same console for ${name}`, () => {
    assert.equal(once(name, "hot").out, once(name, "none").out);
  });
}

test("the hot profile's trace has no in-lined hypercalls, the none profile's has them", () => {
  const none = parseTrace(once("pagetables", "none").trace).filter((r) => r.kind === "hypercall").map((r) => r.name);
  const hot = parseTrace(once("pagetables", "hot").trace).filter((r) => r.kind === "hypercall").map((r) => r.name);
  assert.ok(none.includes("update_va_mapping"));
  assert.ok(hot.length < none.length);
  assert.ok(hot.includes("console_io"));
});
