import { test } from "node:test";
import assert from "node:assert/strict";
import { SHUTDOWN_crash } from "../../abi/sched.js";
import { PRIV_U } from "../../machine/trap.js";
import { HELLO, makeDomain, newXen } from "./helpers.js";

test("createDomain gives domids from 1 (0 for the first privileged domain) and list() reports them", () => {
  const { xen } = newXen();
  assert.equal(makeDomain(xen, "a").domid, 1);
  assert.equal(makeDomain(xen, "d0", { privileged: true }).domid, 0);
  assert.equal(makeDomain(xen, "b").domid, 2);
  const l = xen.list();
  assert.deepEqual(l.map((d) => [d.domid, d.name, d.state, d.privileged]), [[0, "d0", "running", true], [1, "a", "running", false], [2, "b", "running", false]]);
  assert.equal(l[1]!.pages, 8 * 256);
});

test("creating and destroying hundreds of domains returns every frame (checkMm healthy)", () => {
  const { xen } = newXen(1, 32);
  const free = xen.mm.alloc.freeCount;
  for (let i = 0; i < 300; i++) {
    const a = makeDomain(xen, "a", { memoryMiB: 4 + (i % 3) });
    const b = i % 2 === 0 ? makeDomain(xen, "b", { memoryMiB: 4 }) : null;
    if (i % 50 === 0) assert.deepEqual(xen.check(), []);
    xen.destroy(a.domid);
    if (b !== null) xen.destroy(b.domid);
  }
  assert.equal(xen.mm.alloc.freeCount, free);
  assert.deepEqual(xen.check(), []);
  assert.deepEqual(xen.list(), []);
});

test("a domain's frames need not be contiguous: the p2m follows whatever the allocator had free", () => {
  const { xen } = newXen(1, 32);
  const a = makeDomain(xen, "a", { memoryMiB: 4 });
  const b = makeDomain(xen, "b", { memoryMiB: 4 });
  xen.destroy(a.domid);
  const c = makeDomain(xen, "c", { memoryMiB: 6 });
  const p2m = c.mm.p2m;
  let gaps = 0;
  for (let i = 1; i < p2m.length; i++) if (p2m[i] !== p2m[i - 1]! + 1) gaps++;
  assert.ok(gaps > 0, "the new domain spans the hole left by the first one and more");
  assert.ok(b.domid > 0);
  assert.deepEqual(xen.check(), []);
});

test("bad images and configurations throw a clear Error and leave no trace", () => {
  const { xen } = newXen();
  const free = xen.mm.alloc.freeCount;
  assert.throws(() => xen.createDomain({ name: "x", image: new Uint8Array([1, 2, 3]), memoryMiB: 8 }), /^Error: create domain 'x': not an ELF file/);
  const noNotes = HELLO.slice();
  noNotes[0] = 0;
  assert.throws(() => xen.createDomain({ name: "x", image: noNotes, memoryMiB: 8 }), /create domain 'x': /);
  assert.throws(() => xen.createDomain({ name: "bad name", image: HELLO, memoryMiB: 8 }), /name must be/);
  assert.throws(() => xen.createDomain({ name: "x", image: HELLO, memoryMiB: 0 }), /memory 0 MiB/);
  assert.throws(() => xen.createDomain({ name: "x", image: HELLO, memoryMiB: 1 }), /not enough memory/);
  assert.throws(() => xen.createDomain({ name: "x", image: HELLO, memoryMiB: 8, vcpus: 33 }), /vcpus 33/);
  assert.throws(() => xen.createDomain({ name: "x", image: HELLO, memoryMiB: 8, weight: 0 }), /weight 0/);
  assert.throws(() => xen.createDomain({ name: "x", image: HELLO, memoryMiB: 100 }), /not enough free memory/);
  assert.equal(xen.mm.alloc.freeCount, free);
  assert.deepEqual(xen.check(), []);
  assert.throws(() => xen.pause(5), /pause domain: no domain 5/);
  assert.throws(() => xen.destroy(5), /destroy domain: no domain 5/);
});

test("a paused domain does not run until unpaused; unpausing a running domain is an error", () => {
  const { xen, console } = newXen();
  const d = makeDomain(xen, "a");
  xen.pause(d.domid);
  assert.equal(xen.list()[0]!.state, "paused");
  assert.equal(xen.run(2_000_000).reason, "hang");
  assert.deepEqual(console, []);
  xen.unpause(d.domid);
  assert.equal(xen.run(50_000_000).reason, "shutdown");
  assert.match(console.at(-1) ?? "", /goodbye/);
  assert.throws(() => xen.unpause(d.domid), /is not paused/);
});

test("an unhandled fault crashes that domain only, with cause, pc and stval on its console", () => {
  const { xen, console } = newXen();
  const shut: number[][] = [];
  xen.onShutdown = (domid, reason, code) => void shut.push([domid, reason, code]);
  const bad = makeDomain(xen, "bad");
  const good = makeDomain(xen, "good");
  bad.vcpus[0]!.pc = 0x1000; // unmapped: an instruction page fault with no trap table
  assert.equal(xen.run(50_000_000).reason, "shutdown");
  assert.ok(console.includes(`${bad.domid}: (XEN) domain ${bad.domid} crashed: unhandled instruction page fault (cause 12) in guest kernel mode at pc 0x00001000, stval 0x00001000`), console.join("\n"));
  assert.deepEqual(shut, [[bad.domid, SHUTDOWN_crash, SHUTDOWN_crash], [good.domid, 0, 0]]);
  assert.match(console.at(-1) ?? "", new RegExp(`^${good.domid}: pvkit hello: goodbye$`));
  assert.deepEqual(xen.check(), []);
});

test("harts run guests in U-mode with M-mode traps taken by the hypervisor", () => {
  const { xen } = newXen();
  makeDomain(xen, "a");
  const h = xen.machine.harts[0]!;
  xen.run(1000);
  assert.equal(h.priv, PRIV_U);
  assert.equal(h.medeleg, 0);
  assert.equal(h.mideleg, 0);
  assert.ok((h.satp & 0x8000_0000) !== 0);
});

test("destroying a running domain mid-run lets the others finish", () => {
  const { xen, console } = newXen();
  const a = makeDomain(xen, "a");
  const b = makeDomain(xen, "b");
  xen.run(3000);
  xen.destroy(a.domid);
  assert.equal(xen.run(50_000_000).reason, "shutdown");
  assert.match(console.at(-1) ?? "", new RegExp(`^${b.domid}: pvkit hello: goodbye$`));
  xen.destroy(b.domid);
  assert.equal(xen.mm.alloc.freeCount, xen.mm.alloc.nFrames);
  assert.deepEqual(xen.check(), []);
});
