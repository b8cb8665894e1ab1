/**
 * Every committed PV guest (guests/tests/<name>/<name>.elf and the hello kernel) runs
 * unmodified on full Xen: each test guest prints "Test result: SUCCESS" as it does on
 * microxen, hello powers off, and the memory manager is healthy afterwards (checkMm),
 * also once the domain is destroyed (every frame back).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SHUTDOWN_poweroff } from "../../abi/sched.js";
import { bootGuests, requiredVcpus } from "./run_helper.js";

const root = join(import.meta.dirname, "../..");

function testGuests(): { name: string; path: string; vcpus: number }[] {
  const dir = join(root, "guests/tests");
  const out: { name: string; path: string; vcpus: number }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name, `${name}.elf`);
    const src = join(dir, name, "main.c");
    const vcpus = existsSync(src) ? requiredVcpus(readFileSync(src, "latin1")) : 1;
    if (existsSync(path)) out.push({ name, path, vcpus });
  }
  return out;
}

test("the guest list is not empty", () => {
  assert.ok(testGuests().length > 0);
});

for (const g of testGuests()) {
  test(`${g.name} prints Test result: SUCCESS on full Xen`, () => {
    const r = bootGuests([{ name: g.name, path: g.path, vcpus: g.vcpus }]);
    const lines = r.lines.get(1) ?? [];
    assert.equal(r.result.reason, "shutdown", `run ended with ${JSON.stringify(r.result)}; console:\n${lines.join("\n")}`);
    assert.equal(r.verdicts.get(1), "SUCCESS", `console:\n${lines.join("\n")}`);
    assert.deepEqual(r.xen.check(), []);
    const free = r.xen.mm.alloc.freeCount;
    r.xen.destroy(1);
    assert.deepEqual(r.xen.check(), []);
    assert.ok(r.xen.mm.alloc.freeCount > free);
    assert.equal(r.xen.mm.alloc.freeCount, r.xen.mm.alloc.nFrames, "every frame went back to the allocator");
  });
}

test("hello boots, prints its banner and powers off", () => {
  const r = bootGuests([{ name: "hello", path: join(root, "guests/kernels/hello/hello.elf") }]);
  const lines = r.lines.get(1) ?? [];
  assert.equal(r.result.reason, "shutdown");
  assert.match(lines[0] ?? "", /^pvkit hello: running on Xen 4\.21-pvkit$/);
  assert.equal(lines.at(-1), "pvkit hello: goodbye");
  assert.deepEqual(r.shutdowns.get(1), { reason: SHUTDOWN_poweroff, code: SHUTDOWN_poweroff });
  assert.deepEqual(r.xen.check(), []);
});

test("several guests share one hart and all finish", () => {
  const names = ["events", "timer", "multicall"].filter((n) => existsSync(join(root, `guests/tests/${n}/${n}.elf`)));
  const r = bootGuests(names.map((n) => ({ name: n, path: join(root, `guests/tests/${n}/${n}.elf`) })));
  assert.equal(r.result.reason, "shutdown");
  for (let i = 0; i < names.length; i++) assert.equal(r.verdicts.get(i + 1), "SUCCESS", names[i]);
  assert.deepEqual(r.xen.check(), []);
});

test("two harts run two guests and the trace is the same on every run", () => {
  const path = join(root, "guests/tests/timer/timer.elf");
  const once = () => bootGuests([{ name: "a", path }, { name: "b", path }], { harts: 2, trace: true });
  const a = once();
  const b = once();
  assert.equal(a.result.reason, "shutdown");
  assert.equal(a.verdicts.get(1), "SUCCESS");
  assert.equal(a.verdicts.get(2), "SUCCESS");
  assert.ok(a.trace.length > 10);
  assert.deepEqual(a.trace, b.trace);
});

test("smp SKIPs when its domain has one vCPU, and passes on two harts with two vCPUs", () => {
  const path = join(root, "guests/tests/smp/smp.elf");
  const one = bootGuests([{ name: "smp", path }]);
  assert.equal(one.verdicts.get(1), "SKIP", (one.lines.get(1) ?? []).join("\n"));
  const two = bootGuests([{ name: "smp", path, vcpus: 2 }, { name: "timer", path: join(root, "guests/tests/timer/timer.elf") }], { harts: 2 });
  assert.equal(two.result.reason, "shutdown");
  assert.equal(two.verdicts.get(1), "SUCCESS", (two.lines.get(1) ?? []).join("\n"));
  assert.equal(two.verdicts.get(2), "SUCCESS");
  assert.deepEqual(two.xen.check(), []);
});
