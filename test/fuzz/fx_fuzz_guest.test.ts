/**
 * guests/tests/fx_fuzz (random hypercalls from inside a C guest) beside the hello
 * kernel on full Xen: the fuzzer must report SUCCESS (alive, every result a known
 * errno), hello must print exactly what it prints alone, the run must not end with
 * an internal error and the memory manager must be healthy, before and after both
 * domains are destroyed. On microxen (no checks by design) the guest may wreck
 * itself, but the run must still end with a guest outcome, never an internal error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/machine.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { Microxen } from "../../shim/index.js";
import { SHUTDOWN_poweroff } from "../../abi/sched.js";

const root = join(import.meta.dirname, "../..");
const HELLO = new Uint8Array(readFileSync(join(root, "guests/kernels/hello/hello.elf")));
const FUZZ = new Uint8Array(readFileSync(join(root, "guests/tests/fx_fuzz/fx_fuzz.elf")));

function run(images: [string, Uint8Array][]): { consoles: Map<string, string[]>; reasons: Map<string, number>; end: string; check: string[] } {
  const xen = new FullXen(new Machine({ harts: 1, memMiB: 64 }));
  const names = new Map<number, string>();
  const consoles = new Map<string, string[]>();
  const reasons = new Map<string, number>();
  xen.onConsole = (d, line) => consoles.get(names.get(d) ?? "?")?.push(line);
  xen.onShutdown = (d, reason) => void reasons.set(names.get(d) ?? "?", reason);
  for (const [name, image] of images) {
    consoles.set(name, []);
    names.set(xen.createDomain({ name, image, memoryMiB: 16 }), name);
  }
  const r = xen.run(300_000_000);
  const check = xen.check();
  for (const d of xen.list()) xen.destroy(d.domid);
  return { consoles, reasons, end: r.reason === "error" ? `error: ${r.message}` : r.reason, check: [...check, ...xen.check()] };
}

test("fx_fuzz beside hello on full Xen: fuzzer alive, hello untouched, mm healthy", () => {
  const alone = run([["hello", HELLO]]);
  const both = run([["hello", HELLO], ["fx_fuzz", FUZZ]]);
  assert.equal(both.end, "shutdown");
  assert.deepEqual(both.check, []);
  assert.deepEqual(both.consoles.get("hello"), alone.consoles.get("hello"));
  assert.equal(both.reasons.get("hello"), SHUTDOWN_poweroff);
  const fuzz = both.consoles.get("fx_fuzz") ?? [];
  assert.equal(fuzz.at(-1), "Test result: SUCCESS", fuzz.join("\n"));
  assert.equal(both.reasons.get("fx_fuzz"), SHUTDOWN_poweroff);
});

for (const profile of ["none", "hot"] as const) {
  test(`fx_fuzz on microxen (${profile}) ends with a guest outcome, never an internal error`, () => {
    const mx = new Microxen({ image: FUZZ, profile, memMiB: 16, console: () => undefined });
    const r = mx.run(300_000_000);
    assert.notEqual(r.outcome.kind, "machine", r.outcome.kind === "machine" ? r.outcome.detail : "");
  });
}
