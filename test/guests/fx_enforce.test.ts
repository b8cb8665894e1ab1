/**
 * The full Xen enforcement guests (guests/tests/fx_*): each attacker runs beside a
 * well-behaved domain (guests/kernels/hello) on full Xen. The attacker must report
 * SUCCESS (every attack refused) or at worst crash itself without a FAILURE line; the
 * victim's console must be exactly what it prints alone; the memory manager must be
 * healthy afterwards. These guests are full-Xen-only: microxen does no checks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/index.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { CreditScheduler } from "../../fullxen/sched/index.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff } from "../../abi/sched.js";

const root = join(import.meta.dirname, "../..");
const attackers = readdirSync(join(root, "guests/tests")).filter((n) => n.startsWith("fx_") && existsSync(join(root, "guests/tests", n, "main.c"))).sort();
const hello = readFileSync(join(root, "guests/kernels/hello/hello.elf"));

interface Outcome { consoles: Map<string, string[]>; reasons: Map<string, number>; check: string[]; run: string }

function run(images: [string, Uint8Array][]): Outcome {
  const sched = new CreditScheduler({ harts: 1 });
  const fx = new FullXen(new Machine({ harts: 1, memMiB: 128 }), { scheduler: sched });
  const names = new Map<number, string>();
  const consoles = new Map<string, string[]>();
  const reasons = new Map<string, number>();
  fx.onConsole = (d, line) => consoles.get(names.get(d) ?? "?")?.push(line);
  fx.onShutdown = (d, reason) => void reasons.set(names.get(d) ?? "?", reason);
  for (const [name, img] of images) {
    consoles.set(name, []);
    names.set(fx.createDomain({ name, image: img, memoryMiB: 16 }), name);
  }
  const r = fx.run(400_000_000);
  const check = fx.check();
  for (const d of fx.list()) fx.destroy(d.domid);
  return { consoles, reasons, check: [...check, ...fx.check()], run: r.reason };
}

const alone = run([["hello", hello]]);

test("guests/kernels/hello runs alone on full Xen and powers off", () => {
  assert.equal(alone.run, "shutdown");
  assert.equal(alone.reasons.get("hello"), SHUTDOWN_poweroff);
  assert.ok((alone.consoles.get("hello") ?? []).length > 0);
});

test("there are enforcement guests, each with a full-Xen-only header", () => {
  assert.ok(attackers.length >= 7, attackers.join(" "));
  for (const name of attackers) {
    const src = readFileSync(join(root, "guests/tests", name, "main.c"), "utf8");
    assert.match(src, new RegExp(`^/\\*\\n \\* ${name} — FULL XEN ONLY`), name);
  }
});

for (const name of attackers) {
  test(`${name} beside hello on full Xen: attacks refused, victim untouched, mm healthy`, () => {
    const img = readFileSync(join(root, "guests/tests", name, `${name}.elf`));
    const o = run([["hello", hello], [name, img]]);
    assert.equal(o.run, "shutdown");
    const out = o.consoles.get(name) ?? [];
    const result = out.filter((l) => l.startsWith("Test result: "));
    if (o.reasons.get(name) === SHUTDOWN_crash && result.length === 0) {
      assert.ok(out.some((l) => l.startsWith("(XEN)")), `crashed without a hypervisor note:\n${out.join("\n")}`);
    } else {
      assert.deepEqual(result, ["Test result: SUCCESS"], out.join("\n"));
      assert.equal(o.reasons.get(name), SHUTDOWN_poweroff);
    }
    assert.deepEqual(o.consoles.get("hello"), alone.consoles.get("hello"));
    assert.equal(o.reasons.get("hello"), SHUTDOWN_poweroff);
    assert.deepEqual(o.check, []);
  });
}
