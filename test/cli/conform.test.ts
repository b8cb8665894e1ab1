/**
 * `pvkit conform`: the verdict rules (most severe line wins, no line = CRASH), the
 * matrix's exit code and text, the argument errors, and the matrix over the real
 * guests: every guest SUCCESS on all three targets, every fx_ guest SUCCESS on full
 * Xen (and not run on microxen).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { exitCodeOf, formatMatrix, main, runMatrix, worstOf, type Matrix } from "../../cli/conform.js";
import { runGuest, TARGET_MAX_VCPUS, TARGETS, verdictOf, worse } from "../../cli/harness/run_guest.js";
import { requiredVcpus, suiteGuests, targetsFor } from "../../cli/harness/suite.js";

test("verdictOf() takes the most severe result line, and CRASH when there is none", () => {
  assert.equal(verdictOf(["hello", "Test result: SUCCESS"]), "SUCCESS");
  assert.equal(verdictOf(["Test result: SKIP", "Test result: SUCCESS"]), "SKIP");
  assert.equal(verdictOf(["Test result: FAILURE", "Test result: ERROR"]), "FAILURE");
  assert.equal(verdictOf(["Test result: ERROR", "Test result: SKIP"]), "ERROR");
  assert.equal(verdictOf(["booting", "no verdict here"]), "CRASH");
  assert.equal(verdictOf([]), "CRASH");
  assert.equal(verdictOf(["  Test result: SUCCESS"]), "CRASH", "the line must start with the marker");
  assert.equal(worse("SKIP", "FAILURE"), "FAILURE");
  assert.equal(worse("CRASH", "ERROR"), "CRASH");
});

const cell = (verdict: "SUCCESS" | "SKIP" | "ERROR" | "FAILURE" | "CRASH", detail = "") => ({ verdict, detail });

test("exitCodeOf() is 0 for success or skip, else the most severe of 4, 5, 6", () => {
  const m = (...vs: ("SUCCESS" | "SKIP" | "ERROR" | "FAILURE" | "CRASH")[]): Matrix => ({
    targets: ["fullxen"], rows: vs.map((v, i) => ({ name: `g${i}`, cells: { fullxen: cell(v) } })),
  });
  assert.equal(exitCodeOf(m("SUCCESS", "SKIP")), 0);
  assert.equal(exitCodeOf(m("SUCCESS", "ERROR")), 4);
  assert.equal(exitCodeOf(m("ERROR", "FAILURE", "SKIP")), 5);
  assert.equal(exitCodeOf(m("FAILURE", "CRASH")), 6);
  assert.equal(worstOf(m()), "SUCCESS");
});

test("formatMatrix() prints one row per guest, '-' where a guest does not run, colour only when asked", () => {
  const m: Matrix = {
    targets: ["microxen-hot", "fullxen"],
    rows: [
      { name: "alpha", cells: { "microxen-hot": cell("SUCCESS"), fullxen: cell("FAILURE") } },
      { name: "fx_beta", cells: { fullxen: cell("CRASH", "hang: blocked for ever") } },
    ],
  };
  const plain = formatMatrix(m, false);
  assert.match(plain, /^test\s+microxen-hot\s+fullxen$/m);
  assert.match(plain, /^alpha\s+SUCCESS\s+FAILURE$/m);
  assert.match(plain, /^fx_beta\s+-\s+CRASH$/m);
  assert.match(plain, /^conform: 2 guests, 3 runs: 1 SUCCESS, 1 FAILURE, 1 CRASH — worst CRASH$/m);
  assert.match(plain, /fx_beta on fullxen: hang: blocked for ever/);
  assert.ok(!plain.includes("\x1b["), "no escape codes without a terminal");
  const coloured = formatMatrix(m, true);
  assert.ok(coloured.includes("\x1b[31mFAILURE"), "FAILURE in red");
  assert.ok(coloured.includes("\x1b[32mSUCCESS"), "SUCCESS in green");
});

test("fx_ guests run on full Xen only; the others on every target", () => {
  assert.deepEqual(targetsFor("fx_hole"), ["fullxen"]);
  assert.deepEqual(targetsFor("timer"), TARGETS);
});

test("requiredVcpus() reads the header's requires line", () => {
  assert.equal(requiredVcpus("/*\n * smp — x\n *\n * requires: vcpus=2\n */\n"), 2);
  assert.equal(requiredVcpus("/*\n * timer — x\n */\n"), 1);
  assert.equal(requiredVcpus("/*\n * requires: vcpus=0\n */"), 1);
});

test("runGuest() gives CRASH, not an exception, for an image that is not an ELF", () => {
  for (const t of TARGETS) {
    const r = runGuest(new TextEncoder().encode("not an elf"), t);
    assert.equal(r.ended, "bad-image", t);
    assert.equal(r.verdict, "CRASH", t);
    assert.ok(r.detail.length > 0, t);
  }
});

test("main() refuses unknown targets, unknown guests and stray arguments with exit code 2", async () => {
  assert.equal(await main(["--targets", "microxen-hot,qemu"]), 2);
  assert.equal(await main(["--only", "no_such_guest"]), 2);
  assert.equal(await main(["--only", "fx_hole", "--targets", "microxen-hot"]), 2);
  assert.equal(await main(["stray"]), 2);
});

test("main() runs one guest and writes the matrix as JSON", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "pvkit-conform-")), "m.json");
  assert.equal(await main(["--only", "selftest", "--targets", "fullxen,microxen-none", "--json", file]), 0);
  const j = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual(j.targets, ["microxen-none", "fullxen"], "targets in the suite's order");
  assert.deepEqual(j.rows, [{ name: "selftest", cells: { "microxen-none": cell("SUCCESS"), fullxen: cell("SUCCESS") } }]);
  assert.equal(j.exit, 0);
});

test("the conformance matrix: every guest SUCCESS on every target it applies to", () => {
  const guests = suiteGuests();
  assert.ok(guests.filter((g) => !g.name.startsWith("fx_")).length >= 10, "the PV test guests are there");
  assert.ok(guests.filter((g) => g.name.startsWith("fx_")).length >= 7, "the full Xen enforcement guests are there");
  const m = runMatrix(guests, TARGETS);
  for (const r of m.rows) {
    const g = guests.find((x) => x.name === r.name)!;
    const want = r.name.startsWith("fx_") ? ["fullxen"] : [...TARGETS];
    assert.deepEqual(Object.keys(r.cells).sort(), want.sort(), r.name);
    for (const t of TARGETS) {
      const c = r.cells[t];
      if (c === undefined) continue;
      // A guest needing more vCPUs than the target has (microxen: one per hart, up to 8; smp gets 2) must SKIP there, and only there.
      const verdict = g.vcpus > TARGET_MAX_VCPUS[t] ? "SKIP" : "SUCCESS";
      assert.deepEqual(c, cell(verdict), `${r.name} on ${t}`);
    }
  }
  assert.equal(exitCodeOf(m), 0);
});
