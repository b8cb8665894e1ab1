import { test } from "node:test";
import assert from "node:assert/strict";
import { CreditScheduler, type SchedVcpu } from "../../../fullxen/sched/index.js";

function vcpu(dom: number, id: number, weight = 256, cap = 0): SchedVcpu & { w: number; c: number } {
  const v = { dom, id, w: weight, c: cap, weight: () => v.w, cap: () => v.c };
  return v;
}

const MS = 10_000;

/** Runs every hart busy for `until` ticks, event-driven; returns the pick log. */
function simulate(s: CreditScheduler, until: number): string[] {
  const t = new Array<number>(s.harts).fill(0);
  const log: string[] = [];
  for (;;) {
    let h = 0;
    for (let i = 1; i < s.harts; i++) if ((t[i] ?? 0) < (t[h] ?? 0)) h = i;
    const now = t[h] ?? 0;
    if (now >= until) return log;
    const p = s.pick(h, now);
    if (p === null) {
      const others = t.filter((x, i) => i !== h && x > now);
      const next = Math.min(s.nextEvent(now) ?? Infinity, ...others, now + MS);
      t[h] = next;
      log.push(`${now}:h${h}:idle`);
      continue;
    }
    log.push(`${now}:h${h}:d${p.vcpu.dom}v${p.vcpu.id}:${p.slice}`);
    s.account(p.vcpu, p.slice);
    t[h] = now + p.slice;
  }
}

test("pick() gives two busy vCPUs at weights 256 and 512 CPU within 5% of 1:2", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0, 256), b = vcpu(2, 0, 512);
  for (const v of [a, b]) { s.add(v); s.wake(v); }
  simulate(s, 3000 * MS);
  const ratio = s.vcpuTime(b) / s.vcpuTime(a);
  assert.ok(Math.abs(ratio - 2) / 2 < 0.05, `ratio ${ratio}`);
  assert.equal(s.vcpuTime(a) + s.vcpuTime(b), 3000 * MS);
});

test("pick() shares two harts by domain weight across several vCPUs", () => {
  const s = new CreditScheduler({ harts: 2 });
  const vs = [vcpu(1, 0, 256), vcpu(1, 1, 256), vcpu(2, 0, 512), vcpu(2, 1, 512)];
  for (const v of vs) { s.add(v); s.wake(v); }
  simulate(s, 3000 * MS);
  const ratio = s.domainTime(2) / s.domainTime(1);
  assert.ok(Math.abs(ratio - 2) / 2 < 0.05, `ratio ${ratio}`);
  assert.equal(s.domainTime(1) + s.domainTime(2), 2 * 3000 * MS);
});

test("pick() holds a 25% cap for a lone busy vCPU and idles the rest", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0, 256, 25);
  s.add(a); s.wake(a);
  const log = simulate(s, 3000 * MS);
  const share = s.vcpuTime(a) / (3000 * MS);
  assert.ok(Math.abs(share - 0.25) < 0.01, `share ${share}`);
  assert.ok(log.some((l) => l.endsWith(":idle")));
});

test("pick() gives the uncapped domain what a capped one cannot use", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0, 512, 25), b = vcpu(2, 0, 256);
  for (const v of [a, b]) { s.add(v); s.wake(v); }
  simulate(s, 3000 * MS);
  assert.ok(Math.abs(s.vcpuTime(a) / (3000 * MS) - 0.25) < 0.01);
  assert.ok(Math.abs(s.vcpuTime(b) / (3000 * MS) - 0.75) < 0.01);
});

test("pick() gives blocked vCPUs nothing", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0), b = vcpu(2, 0), c = vcpu(3, 0);
  for (const v of [a, b, c]) s.add(v);
  s.wake(a); s.wake(c);
  simulate(s, 300 * MS);
  s.sleep(c);
  const cBefore = s.vcpuTime(c);
  simulate(s, 900 * MS);
  assert.equal(s.vcpuTime(b), 0);
  assert.ok(cBefore > 0);
  // The second run restarts at t=0 < the current period; c is asleep and gets no more.
  assert.equal(s.vcpuTime(c), cBefore);
});

test("pick() returns null when nothing is runnable", () => {
  const s = new CreditScheduler({ harts: 2 });
  assert.equal(s.pick(0, 0), null);
  const a = vcpu(1, 0);
  s.add(a);
  assert.equal(s.pick(1, 0), null);
  s.wake(a);
  assert.equal(s.pick(1, 0)?.vcpu, a);
  assert.equal(s.pick(0, 0), null, "a running vCPU is not picked twice");
  s.sleep(a);
  s.account(a, MS);
  assert.equal(s.pick(0, MS), null);
  assert.equal(s.pick(1, MS), null);
});

test("yield() lets the other runnable vCPU go first even with less credit", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0, 512), b = vcpu(2, 0, 256);
  for (const v of [a, b]) { s.add(v); s.wake(v); }
  const first = s.pick(0, 0);
  assert.equal(first?.vcpu, a);
  s.account(a, MS);
  // a is now behind b in the queue but has more credit; a yield of b in the queue moves it back.
  assert.equal(s.pick(0, MS)?.vcpu, b);
  s.yield(b);
  s.account(b, MS);
  assert.equal(s.pick(0, 2 * MS)?.vcpu, a);
  s.yield(a);
  s.account(a, MS);
  assert.equal(s.pick(0, 3 * MS)?.vcpu, b, "the yielder runs after the other");
  s.account(b, MS);
  assert.equal(s.pick(0, 4 * MS)?.vcpu, a, "the yield lasts one pick");
});

test("yield() by the only runnable vCPU picks it again", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0);
  s.add(a); s.wake(a);
  assert.equal(s.pick(0, 0)?.vcpu, a);
  s.yield(a);
  s.account(a, 10);
  assert.equal(s.pick(0, 10)?.vcpu, a);
});

test("wake() boosts a vCPU with credit ahead of a busy one", () => {
  const s = new CreditScheduler();
  const busy = vcpu(1, 0), io = vcpu(2, 0);
  s.add(busy); s.add(io);
  s.wake(busy); s.wake(io);
  assert.equal(s.pick(0, 0)?.vcpu, busy);
  s.account(busy, MS);
  assert.equal(s.pick(0, MS)?.vcpu, io);
  s.sleep(io);
  s.account(io, 100);
  assert.equal(s.pick(0, MS + 100)?.vcpu, busy);
  s.wake(io);
  s.account(busy, MS);
  s.account(busy, 0);
  assert.equal(s.pick(0, 2 * MS + 100)?.vcpu, io);
  const noBoost = new CreditScheduler({ boost: false });
  noBoost.add(busy); noBoost.add(io);
  noBoost.wake(io); noBoost.wake(busy);
  assert.equal(noBoost.pick(0, 0)?.vcpu, io);
});

test("pick() slices are bounded by credit, the period and the minimum", () => {
  const s = new CreditScheduler({ sliceTicks: 300_000, periodTicks: 300_000, minSliceTicks: 10_000 });
  const a = vcpu(1, 0, 256), b = vcpu(2, 0, 512);
  for (const v of [a, b]) { s.add(v); s.wake(v); }
  assert.deepEqual(s.pick(0, 0), { vcpu: a, slice: 100_000 });
  s.account(a, 100_000);
  assert.deepEqual(s.pick(0, 100_000), { vcpu: b, slice: 200_000 });
  s.account(b, 195_000);
  assert.deepEqual(s.pick(0, 295_000), { vcpu: b, slice: 10_000 }, "at least the minimum slice");
});

test("remove() of a running vCPU frees its hart", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0), b = vcpu(2, 0);
  for (const v of [a, b]) { s.add(v); s.wake(v); }
  assert.equal(s.pick(0, 0)?.vcpu, a);
  s.remove(a);
  s.account(a, MS); // ignored
  assert.equal(s.pick(0, MS)?.vcpu, b);
  s.account(b, MS);
  assert.equal(s.pick(0, 2 * MS)?.vcpu, b);
  assert.equal(s.vcpuTime(a), 0);
});

test("pick() on an idle hart steals a runnable vCPU from another hart", () => {
  const s = new CreditScheduler({ harts: 2 });
  const a = vcpu(1, 0), b = vcpu(1, 1), c = vcpu(2, 0);
  for (const v of [a, b, c]) s.add(v); // a, c on hart 0; b on hart 1
  s.wake(a); s.wake(c);
  assert.equal(s.pick(1, 0)?.vcpu, a);
  assert.equal(s.pick(0, 0)?.vcpu, c);
});

test("the same calls give the same picks", () => {
  const run = (): string[] => {
    const s = new CreditScheduler({ harts: 2 });
    const vs = [vcpu(1, 0, 100), vcpu(2, 0, 300, 40), vcpu(2, 1, 300, 40), vcpu(3, 0, 700)];
    for (const v of vs) { s.add(v); s.wake(v); }
    return simulate(s, 500 * MS);
  };
  assert.deepEqual(run(), run());
});

test("bad calls throw with the action named", () => {
  const s = new CreditScheduler({ harts: 2 });
  const a = vcpu(1, 0);
  s.add(a);
  assert.throws(() => s.add(a), /add: d1v0 already added/);
  assert.throws(() => s.pick(2, 0), /pick: no hart 2/);
  assert.throws(() => s.account(a, -1), /account: d1v0 ran -1/);
  assert.throws(() => new CreditScheduler({ harts: 0 }), /harts must be a positive integer/);
});

test("pick() again without account drops the unrun vCPU until it is woken", () => {
  const s = new CreditScheduler();
  const a = vcpu(1, 0);
  s.add(a); s.wake(a);
  assert.equal(s.pick(0, 0)?.vcpu, a);
  assert.equal(s.pick(0, 0), null, "the caller could not run it: it is not handed out again");
  s.wake(a);
  assert.equal(s.pick(0, 0)?.vcpu, a);
});

test("nextEvent() names the next period while a capped vCPU is parked", () => {
  const s = new CreditScheduler({ periodTicks: 300_000 });
  const a = vcpu(1, 0, 256, 10);
  s.add(a); s.wake(a);
  assert.equal(s.nextEvent(0), null);
  assert.deepEqual(s.pick(0, 0), { vcpu: a, slice: 30_000 });
  s.account(a, 30_000);
  assert.equal(s.pick(0, 30_000), null);
  assert.equal(s.nextEvent(30_000), 300_000);
  assert.equal(s.pick(0, 300_000)?.vcpu, a);
});
