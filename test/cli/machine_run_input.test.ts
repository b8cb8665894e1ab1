/**
 * `pvkit machine run --input`: the echo image (UART RX interrupt through the PLIC) fed
 * from a file, from a pipe all at once, and from a pipe that delivers a line only after
 * the guest has answered the previous one (the run waits for input instead of ending as
 * a hang). Its console equals the QEMU recording guests/baremetal/echo/qemu.out, which
 * build.sh takes with echo/input.txt as QEMU's console input; when QEMU is installed
 * the recording is checked against a fresh QEMU run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EscapeFilter } from "../../cli/machine_run.js";

const root = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "pvkit-machine-input-"));
const ECHO = "guests/baremetal/echo/echo.elf";
const INPUT = join(root, "guests/baremetal/echo/input.txt");
const recording = readFileSync(join(root, "guests/baremetal/echo/qemu.out"), "latin1");
const CLI = ["--import", "tsx", "cli/main.ts", "machine", "run"];

function pvkit(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: root, encoding: "latin1", timeout: 60_000, ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("the echo recording is a full run: every line echoed, then the goodbye", () => {
  assert.match(recording, /^echo: type lines; the line "quit" ends the run\n/);
  assert.match(recording, /\necho 1: hello, world\n/);
  assert.match(recording, /\necho 3: typo fixed\n/, "backspace edits the line");
  assert.match(recording, /\necho 4: CR LF above, an empty line below\n\necho 5: \n/, "CR LF is one line end");
  assert.match(recording, /\nquit\necho: 5 lines, 0 bytes dropped; bye\n$/);
});

test("machine run --input FILE echoes the file's lines as QEMU does and exits 0", () => {
  const r = pvkit([ECHO, "--input", INPUT]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, recording);
  assert.equal(r.err, "");
});

test("machine run --input - reads a pipe on stdin", () => {
  const r = pvkit([ECHO, "--input", "-"], readFileSync(INPUT, "latin1"));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, recording);
});

test("without --input and with stdin not a terminal, the UART gets no input", () => {
  const r = pvkit([ECHO], "quit\n");
  assert.equal(r.code, 125, r.err);
  assert.match(r.err, /^stopped: every hart waits in WFI with no interrupt that can wake it, at pc 0x[0-9a-f]{8}\n$/);
  assert.equal(r.out, 'echo: type lines; the line "quit" ends the run\n');
});

test("input that ends without 'quit' is a hang once it has run out (exit 125)", () => {
  const file = join(tmp, "no-quit.txt");
  writeFileSync(file, "one\ntwo\n");
  const r = pvkit([ECHO, "--input", file]);
  assert.equal(r.code, 125);
  assert.match(r.err, /\(input has ended\)/);
  assert.match(r.out, /echo 1: one\ntwo\necho 2: two\n$/);
  const piped = pvkit([ECHO, "--input", "-"], "one\ntwo\n");
  assert.equal(piped.code, 125);
  assert.equal(piped.out, r.out);
});

test("machine run --input - waits for a slow pipe: each line is answered before the next is sent", async () => {
  const child = spawn(process.execPath, [...CLI, ECHO, "--input", "-"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding("latin1");
  child.stderr.setEncoding("latin1");
  child.stdout.on("data", (s: string) => {
    out += s;
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on("data", (s: string) => void (err += s));
  const exited = new Promise<number | null>((res) => child.on("close", (code) => res(code)));
  const until = async (text: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!out.includes(text)) {
      assert.ok(Date.now() < deadline, `no '${text}' in:\n${out}\nstderr:\n${err}`);
      await new Promise<void>((res) => {
        waiters.push(res);
        setTimeout(res, 200);
      });
    }
  };
  await until("ends the run\n");
  child.stdin.write("first\n");
  await until("echo 1: first\n");
  // The guest has waited with its line open all this time; that is not a hang.
  await new Promise((res) => setTimeout(res, 300));
  child.stdin.write("second\r\n");
  await until("echo 2: second\n");
  child.stdin.write("quit\n");
  child.stdin.end();
  assert.equal(await exited, 0, err);
  assert.equal(out, 'echo: type lines; the line "quit" ends the run\nfirst\necho 1: first\nsecond\necho 2: second\nquit\necho: 2 lines, 0 bytes dropped; bye\n');
});

test("machine run refuses an unreadable --input with exit 2 and one line", () => {
  const r = pvkit([ECHO, "--input", join(tmp, "missing.txt")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^pvkit machine run: cannot read --input .*missing\.txt: ENOENT\n$/);
  assert.equal(r.out, "");
  const empty = pvkit([ECHO, "--input="]);
  assert.equal(empty.code, 2);
  assert.match(empty.err, /^pvkit machine run: --input needs a file name or -/);
});

test("the terminal escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h asks for help", () => {
  const f = new EscapeFilter();
  assert.deepEqual(f.feed([0x61, 0x01, 0x01, 0x62]), { bytes: [0x61, 0x01, 0x62], quit: false, help: false });
  assert.deepEqual(f.feed([0x01, 0x68, 0x03]), { bytes: [0x03], quit: false, help: true });
  assert.deepEqual(f.feed([0x01, 0x71]), { bytes: [], quit: false, help: false }, "unknown keys are dropped");
  assert.deepEqual(f.feed([0x63, 0x01]), { bytes: [0x63], quit: false, help: false });
  assert.deepEqual(f.feed([0x78, 0x64]), { bytes: [0x64], quit: true, help: false }, "the escape spans chunks");
});

const qemuInstalled = spawnSync("sh", ["-c", "command -v qemu-system-riscv32"], { stdio: "ignore" }).status === 0;

test("echo/qemu.out is what qemu-system-riscv32 prints now with echo/input.txt (when installed)", (t) => {
  if (!qemuInstalled) {
    t.diagnostic("qemu-system-riscv32 not installed: the committed recording stands in for it");
    return;
  }
  const r = spawnSync("bash", [join(root, "guests/baremetal/qemu_run.sh"), join(root, ECHO), "60"], {
    encoding: "latin1", input: readFileSync(INPUT),
  });
  assert.equal(r.status, 0, `echo did not pass on QEMU (status ${r.status}):\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, recording);
});
