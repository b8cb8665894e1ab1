import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseRunArgs, EXIT_USAGE, EXIT_FAULT, EXIT_LIMIT } from "../../cli/run.js";
import { exitCodeOf } from "../../cli/run_microxen.js";
import { ArgError } from "../../cli/args.js";
import { parseTrace } from "../../abi/trace.js";

const root = resolve(import.meta.dirname, "../..");
const pvkit = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", resolve(root, "cli/main.ts"), ...args], { cwd: root, encoding: "utf8" });

test("parseRunArgs() requires --on and checks the profile", () => {
  assert.deepEqual(parseRunArgs(["x.elf", "--on", "microxen"]), { image: "x.elf", on: "microxen", profile: "hot", memMiB: undefined, trace: null, maxInsns: 2_000_000_000 });
  assert.throws(() => parseRunArgs(["x.elf"]), ArgError);
  assert.throws(() => parseRunArgs(["x.elf", "--on", "kvm"]), ArgError);
  assert.throws(() => parseRunArgs(["x.elf", "--on", "microxen", "--profile", "warm"]), ArgError);
});

test("exitCodeOf() maps outcomes to the documented codes", () => {
  assert.equal(exitCodeOf({ outcome: { kind: "shutdown", reason: 0, code: -1, fault: null }, insns: 1 }), 0);
  assert.equal(exitCodeOf({ outcome: { kind: "shutdown", reason: 3, code: -1, fault: null }, insns: 1 }), 13);
  assert.equal(exitCodeOf({ outcome: { kind: "shutdown", reason: 3, code: -1, fault: "x" }, insns: 1 }), EXIT_FAULT);
  assert.equal(exitCodeOf({ outcome: { kind: "limit" }, insns: 1 }), EXIT_LIMIT);
});

test("pvkit run --on microxen boots hello, exits 0 and writes a trace", () => {
  const dir = mkdtempSync(resolve(tmpdir(), "pvkit-run-"));
  const r = pvkit("run", "guests/kernels/hello/hello.elf", "--on", "microxen", "--profile", "none", "--trace", `${dir}/t.jsonl`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pvkit hello: goodbye/);
  assert.match(r.stderr, /domain shut down: poweroff/);
  const t = parseTrace(readFileSync(`${dir}/t.jsonl`, "utf8"));
  assert.ok(t.some((x) => x.kind === "shutdown" && x.reason === 0));
  assert.ok(t.some((x) => x.kind === "hypercall" && x.name === "console_io"));
});

test("pvkit run reports a crash, a limit and a bad image with distinct codes", () => {
  assert.equal(pvkit("run", "guests/tests/shutdown_crash/shutdown_crash.elf", "--on", "microxen").status, 13);
  assert.equal(pvkit("run", "guests/kernels/hello/hello.elf", "--on", "microxen", "--max-insns", "1000").status, EXIT_LIMIT);
  const bad = pvkit("run", "package.json", "--on", "microxen");
  assert.equal(bad.status, EXIT_USAGE);
  assert.match(bad.stderr, /not an ELF file/);
});

test("pvkit run --on fullxen boots one image, or several side by side with prefixed consoles", () => {
  const one = pvkit("run", "guests/kernels/hello/hello.elf", "--on", "fullxen");
  assert.equal(one.status, 0);
  assert.match(one.stdout, /^\(d1:hello\) pvkit hello: goodbye$/m);
  const two = pvkit("run", "--on", "fullxen", "guests/kernels/hello/hello.elf", "guests/tests/shutdown_crash/shutdown_crash.elf");
  assert.equal(two.status, 13, "the crash is the most severe shutdown");
  assert.match(two.stdout, /^\(d1:hello\) pvkit hello: goodbye$/m);
  assert.match(two.stdout, /^\(d2:shutdown_crash\) Test result: SUCCESS$/m);
});
