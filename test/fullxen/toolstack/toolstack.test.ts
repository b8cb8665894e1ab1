import { test } from "node:test";
import assert from "node:assert/strict";
import { Toolstack, type ToolstackHypervisor } from "../../../fullxen/toolstack/toolstack.js";
import { parseDomainConfig } from "../../../fullxen/toolstack/domain_config.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff, SHUTDOWN_reboot, SHUTDOWN_watchdog } from "../../../abi/sched.js";

class FakeHv implements ToolstackHypervisor {
  next = 1;
  log: string[] = [];
  ticks = new Map<number, number>();
  createDomain(s: { name: string; image: Uint8Array; memoryMiB: number; vcpus: number; weight: number; cap: number; cmdline: string }): number {
    const id = this.next++;
    this.log.push(`create ${s.name} d${id} ${s.memoryMiB}M ${s.vcpus}v w${s.weight} c${s.cap} "${s.cmdline}" img${s.image.length}`);
    this.ticks.set(id, 0);
    return id;
  }
  pause(d: number): void { this.log.push(`pause d${d}`); }
  unpause(d: number): void { this.log.push(`unpause d${d}`); }
  destroy(d: number): void { this.log.push(`destroy d${d}`); }
  cpuTicks(d: number): number { return this.ticks.get(d) ?? 0; }
}

const cfg = (extra = "", name = "web") => parseDomainConfig(`name = "${name}"\nkernel = "k.elf"\nmemory = 16\nextra = "x=1"\n${extra}`, `${name}.cfg`);

test("create() builds from the config and list() shows the domain", () => {
  const hv = new FakeHv();
  const ts = new Toolstack(hv);
  assert.equal(ts.create(cfg("vcpus = 2\nweight = 512\ncap = 50"), new Uint8Array(7)), 1);
  hv.ticks.set(1, 25_000_000);
  assert.deepEqual(hv.log, ['create web d1 16M 2v w512 c50 "x=1" img7']);
  assert.deepEqual(ts.list(), [{ id: 1, name: "web", state: "running", memoryMiB: 16, vcpus: 2, cpuSeconds: 2.5 }]);
  assert.throws(() => ts.create(cfg(), new Uint8Array(1)), /create domain web: a domain of that name exists/);
});

test("pause(), unpause() and destroy() act by name or id and check the state", () => {
  const hv = new FakeHv();
  const ts = new Toolstack(hv);
  ts.create(cfg(), new Uint8Array(1));
  ts.pause("web");
  assert.equal(ts.list()[0]?.state, "paused");
  assert.throws(() => ts.pause(1), /pause web: domain is paused/);
  ts.unpause(1);
  assert.throws(() => ts.unpause("web"), /unpause web: domain is running/);
  ts.destroy("web");
  assert.deepEqual(ts.list(), []);
  assert.throws(() => ts.destroy("web"), /destroy web: domain is destroyed/);
  assert.throws(() => ts.pause("nope"), /pause: no domain named "nope"/);
  assert.throws(() => ts.pause(9), /pause: no domain with id 9/);
  assert.deepEqual(hv.log.slice(1), ["pause d1", "unpause d1", "destroy d1"]);
});

test("consoleLine() keeps a per-domain buffer and tells the listener", () => {
  const seen: string[] = [];
  const ts = new Toolstack(new FakeHv(), { onConsole: (n, l) => seen.push(`${n}:${l}`) });
  ts.create(cfg(), new Uint8Array(1));
  ts.create(cfg("", "db"), new Uint8Array(1));
  ts.consoleLine(1, "hello");
  ts.consoleLine(2, "db up");
  ts.consoleLine(1, "bye");
  ts.consoleLine(7, "nobody");
  assert.deepEqual(ts.console("web"), ["hello", "bye"]);
  assert.deepEqual(ts.console(2), ["db up"]);
  assert.deepEqual(seen, ["web:hello", "db:db up", "web:bye"]);
});

test("settle() applies on_poweroff=destroy, the default", () => {
  const hv = new FakeHv();
  const ts = new Toolstack(hv);
  ts.create(cfg(), new Uint8Array(1));
  ts.shutdown(1, SHUTDOWN_poweroff, 0);
  assert.equal(ts.all()[0]?.state, "shutdown");
  assert.equal(ts.active(), 0);
  ts.settle();
  assert.equal(ts.all()[0]?.state, "destroyed");
  assert.equal(ts.all()[0]?.action, "destroy");
  assert.equal(hv.log.at(-1), "destroy d1");
});

test("settle() restarts from the same image on reboot, keeping console and CPU time", () => {
  const hv = new FakeHv();
  const ts = new Toolstack(hv);
  ts.create(cfg(), new Uint8Array(5));
  ts.consoleLine(1, "first boot");
  hv.ticks.set(1, 10_000_000);
  ts.shutdown(1, SHUTDOWN_reboot, 1);
  ts.settle();
  const r = ts.all()[0]!;
  assert.deepEqual([r.domid, r.state, r.restarts, r.action, r.reason], [2, "running", 1, "restart", -1]);
  assert.deepEqual(hv.log, ['create web d1 16M 1v w256 c0 "x=1" img5', "destroy d1", 'create web d2 16M 1v w256 c0 "x=1" img5']);
  ts.consoleLine(2, "second boot");
  assert.deepEqual(ts.console("web"), ["first boot", "second boot"]);
  assert.equal(ts.list()[0]?.cpuSeconds, 1);
});

test("settle() stops restarting a crashing domain after maxRestarts", () => {
  const hv = new FakeHv();
  const ts = new Toolstack(hv, { maxRestarts: 2 });
  ts.create(cfg('on_crash = "restart"'), new Uint8Array(1));
  for (let i = 0; i < 3; i++) {
    ts.shutdown(ts.all()[0]!.domid, SHUTDOWN_crash, 3);
    ts.settle();
  }
  const r = ts.all()[0]!;
  assert.deepEqual([r.state, r.restarts, r.action, r.reason], ["destroyed", 2, "restart-limit", SHUTDOWN_crash]);
  assert.equal(hv.log.filter((l) => l.startsWith("create")).length, 3);
});

test("settle() preserves a domain on request and treats watchdog as a crash", () => {
  const hv = new FakeHv();
  const done: string[] = [];
  const ts = new Toolstack(hv, { onShutdown: (r) => done.push(`${r.name}:${r.action}`) });
  ts.create(cfg('on_crash = "preserve"'), new Uint8Array(1));
  ts.shutdown(1, SHUTDOWN_watchdog, 4);
  ts.settle();
  assert.equal(ts.list()[0]?.state, "shutdown");
  assert.deepEqual(done, ["web:preserve"]);
  ts.destroy("web");
  assert.equal(hv.log.at(-1), "destroy d1");
});
