/**
 * `pvkit run --on fullxen` / `--config` (cli/run_fullxen.ts), run as a child process:
 * prefixed interleaved consoles, a summary per domain, on_* actions, exit codes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const root = join(import.meta.dirname, "../..");
const hello = join(root, "guests/kernels/hello/hello.elf");
const crash = join(root, "guests/tests/shutdown_crash/shutdown_crash.elf");

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const script = 'const m = await import("./cli/run_fullxen.ts"); process.exitCode = await m.main(process.argv.slice(1));';
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, "--", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function cfgDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pvkit-cfg-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("run_fullxen boots two images, prefixes every line and exits 0 when both power off", () => {
  const r = run("--on", "fullxen", hello, hello);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split("\n");
  assert.ok(lines.every((l) => /^\(d[12]:hello(-2)?\) /.test(l)), r.out);
  assert.ok(lines.includes("(d1:hello) pvkit hello: goodbye") && lines.includes("(d2:hello-2) pvkit hello: goodbye"), r.out);
  assert.match(r.err, /^pvkit run: d1 hello: poweroff\npvkit run: d2 hello-2: poweroff\n$/);
});

test("run_fullxen reports a crashed domain, keeps the others and exits 13", () => {
  const r = run(crash, hello);
  assert.equal(r.code, 13, r.err);
  assert.match(r.out, /\(d2:hello\) pvkit hello: goodbye/);
  assert.match(r.err, /d1 shutdown_crash: crash\n/);
  assert.match(r.err, /d2 hello: poweroff\n/);
});

test("run_fullxen --config applies on_crash = restart up to the restart limit", () => {
  const dir = cfgDir({ "c.cfg": `name = "boom"\nkernel = "${crash}"\nmemory = 8\non_crash = "restart"\n` });
  const r = run("--config", join(dir, "c.cfg"));
  assert.equal(r.code, 13, r.err);
  assert.equal(r.out.split("\n").filter((l) => l.endsWith("Test result: SUCCESS")).length, 4, r.out);
  assert.match(r.err, /boom: crash \(restarted 3 times, restart limit\)\n/);
});

test("run_fullxen --config resolves the kernel against the config's folder", () => {
  const dir = cfgDir({ "web.cfg": 'name = "web"\nkernel = "k/hello.elf"\nweight = 512\n', "bad.cfg": 'name = "bad"\nkernel = "missing.elf"\n' });
  mkdirSync(join(dir, "k"));
  copyFileSync(hello, join(dir, "k", "hello.elf"));
  const r = run("--config", join(dir, "web.cfg"));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\(d1:web\) pvkit hello/);
  const bad = run("--config", join(dir, "bad.cfg"));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.cfg: kernel: cannot read .*missing\.elf: ENOENT/);
});

test("run_fullxen refuses a bad config field with file, line and field, and runs nothing", () => {
  const dir = cfgDir({ "web.cfg": `name = "web"\nkernel = "${hello}"\nmemory = "lots"\n` });
  const r = run("--config", join(dir, "web.cfg"));
  assert.equal(r.code, 2);
  assert.equal(r.out, "");
  assert.match(r.err, /web\.cfg:3: memory: expected a whole number of MiB between 4 and 512, got "lots"/);
});

test("run_fullxen gives distinct codes for usage errors and the instruction limit", () => {
  assert.equal(run().code, 2);
  assert.equal(run("--on", "microxen", hello).code, 2);
  assert.equal(run("/nonexistent.elf").code, 2);
  const limit = run(hello, "--max-insns", "1000");
  assert.equal(limit.code, 124, limit.err);
  assert.match(limit.err, /d1 hello: still running \(instruction limit\)/);
});

test("run_fullxen runs a capped domain alone to the end: the idle hart wakes for the next period", () => {
  const busy = join(root, "guests/tests/fx_busy/fx_busy.elf");
  const dir = cfgDir({ "busy.cfg": `name = "busy"\nkernel = "${busy}"\nmemory = 16\ncap = 25\n` });
  const r = run("--config", join(dir, "busy.cfg"));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\(d1:busy\) Test result: SUCCESS$/m);
});
