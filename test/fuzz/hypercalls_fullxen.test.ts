/**
 * Hostile-guest fuzzing of full Xen's hypercall dispatch. Two hello kernels boot on
 * one hart: a victim and an attacker. From host code, random hypercalls are made on
 * the attacker's behalf through the dispatch table (test/fuzz/fullxen_call.ts), with
 * arguments biased toward the dangerous (test/fuzz/gen.ts); every few calls the
 * machine runs on. When the attacker dies it is destroyed and built again.
 *
 * What must hold: no handler throws, every result is an integer that fits a0 with a
 * known errno, the memory manager's invariants (checkMm) hold after every call, the
 * machine never stops with an internal error, and the victim prints exactly what it
 * prints alone. A privileged attacker (dom0) is fuzzed too: it may legitimately
 * reach into other domains, so only the hypervisor's own health is checked there.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/machine.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import type { Domain } from "../../fullxen/domain.js";
import { checkMm } from "../../fullxen/mm/check.js";
import { hypercallRegistered } from "../../fullxen/hypercall.js";
import { ArgGen, MmGen, FUZZ_SEED, Prng, badResult, envInt, hex, type FuzzTarget } from "./gen.js";
import { guestCall } from "./fullxen_call.js";

const HELLO = new Uint8Array(readFileSync(join(import.meta.dirname, "../../guests/kernels/hello/hello.elf")));
const ITERS = envInt("PVKIT_FUZZ_ITERS", 1500);
const RUN_EVERY = 20;
const IMPLEMENTED = Array.from({ length: 128 }, (_, nr) => nr).filter(hypercallRegistered);
const RUN_INSNS = 4000;
/** PVKIT_FUZZ_DEBUG=1: print how often each hypercall gave each result. */
const STATS: Map<string, number> | null = process.env.PVKIT_FUZZ_DEBUG ? new Map() : null;

interface World { xen: FullXen; consoles: Map<number, string[]>; victim: number }

function world(withVictim: boolean): World {
  const consoles = new Map<number, string[]>();
  const xen = new FullXen(new Machine({ harts: 1, memMiB: 40 }), {
    onConsole: (d, line) => {
      let l = consoles.get(d);
      if (l === undefined) consoles.set(d, (l = []));
      l.push(line);
    },
  });
  const victim = withVictim ? xen.createDomain({ name: "victim", image: HELLO, memoryMiB: 8 }) : -1;
  return { xen, consoles, victim };
}

function targetOf(xen: FullXen, d: Domain, others: readonly number[]): FuzzTarget {
  const p = d.plan;
  const mfns: number[] = [];
  const pfnOf = (va: number): number => (va - p.virtBase) >>> 12;
  for (let i = 0; i < p.nrPtFrames; i++) mfns.push(d.mm.p2m[pfnOf(p.ptBase) + i]!);
  for (const va of [p.a0, p.hypercallPage, p.entry, p.sp + 0x4000, p.mfnList]) mfns.push(d.mm.p2m[pfnOf(va)]!);
  mfns.push(d.sharedInfoMfn, ...d.xenFrames);
  for (const id of others) {
    const o = xen.domain(id);
    if (o === null) continue;
    mfns.push(o.sharedInfoMfn, o.mm.p2m[pfnOf(o.plan.ptBase)]!, o.mm.p2m[0]!, o.mm.p2m[100]!);
  }
  mfns.push(xen.machine.bus.ramBase / 4096 + xen.machine.bus.ramSize / 4096 - 1);
  return {
    scratch: (p.sp + 0x4000) >>> 0,
    vas: [p.a0, p.ptBase, p.ptBase + 0x1000, p.hypercallPage, p.entry, p.virtBase, p.mfnList, p.sp - 0x1000, p.virtEnd - 0x1000],
    mfns: mfns.filter((m) => m !== undefined && m >= 0),
    ptMfns: mfns.slice(0, p.nrPtFrames),
    ownMfns: [0, 1, 2, 5, 9, pfnOf(p.sp + 0x4000), pfnOf(p.sp + 0x5000), pfnOf(p.a0), pfnOf(p.hypercallPage)].map((pfn) => d.mm.p2m[pfn]!),
    domids: [d.domid, ...others],
    poke: (va, bytes) => xen.mem.write(d.mm, 0, va, bytes),
  };
}

function fuzz(seed: number, privileged: boolean, iters: number): { failures: string[]; w: World; attackers: number } {
  const r = new Prng(seed);
  const w = world(true);
  const { xen } = w;
  const failures: string[] = [];
  const fail = (what: string): void => {
    if (failures.length < 20) failures.push(what);
  };
  let attackers = 0;
  let att: Domain | null = null;
  let gen: ArgGen | null = null;
  const spawn = (): void => {
    if (att !== null) xen.destroy(att.domid);
    const id = xen.createDomain({ name: `attacker${attackers++}`, image: HELLO, memoryMiB: 8, privileged });
    att = xen.domain(id)!;
    gen = new ArgGen(r, targetOf(xen, att, [w.victim]), IMPLEMENTED);
    const bad = checkMm(xen.mm);
    if (bad.length > 0) fail(`after (re)building the attacker: ${bad.slice(0, 3).join("; ")}`);
  };
  spawn();
  for (let i = 0; i < iters && failures.length === 0; i++) {
    if (att!.isShutdown) spawn();
    const a = att!;
    const g = gen!;
    if (r.chance(0.3)) g.fillScratch();
    const nr = g.nr();
    let args = [g.arg(), g.arg(), g.arg(), g.arg(), g.arg()];
    if (r.chance(0.6)) args[0] = g.subop();
    if (r.chance(0.6)) args = new MmGen(g).args(nr) ?? args;
    const call = `#${i} d${a.domid} hypercall ${nr}(${args.map(hex).join(", ")})`;
    try {
      const rc = guestCall(xen, a.vcpus[0]!, nr, args);
      const bad = badResult(rc);
      if (bad !== null) fail(`${call}: ${bad}`);
      if (STATS !== null) STATS.set(`${nr}:${rc}`, (STATS.get(`${nr}:${rc}`) ?? 0) + 1);
    } catch (e) {
      fail(`${call} threw: ${e instanceof Error ? e.stack : String(e)}`);
      break;
    }
    const mm = checkMm(xen.mm);
    if (mm.length > 0) fail(`${call} broke the memory manager: ${mm.slice(0, 3).join("; ")}`);
    if (i % RUN_EVERY === RUN_EVERY - 1 && !xen.allShutdown()) {
      try {
        const out = xen.run(RUN_INSNS);
        if (out.reason === "error") fail(`${call}, then running: internal error: ${out.message}`);
      } catch (e) {
        fail(`${call}, then running threw: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
  }
  return { failures, w, attackers };
}

/** Runs what is left to its end and returns the victim's console. */
function finish(w: World): string[] {
  const r = w.xen.run(5_000_000);
  assert.notEqual(r.reason, "error", r.reason === "error" ? r.message : "");
  assert.deepEqual(checkMm(w.xen.mm), []);
  return w.consoles.get(w.victim) ?? [];
}

const solo = ((): string[] => {
  const w = world(true);
  return finish(w);
})();

test("hello alone on full Xen prints its banner (the victim's reference output)", () => {
  assert.ok(solo.some((l) => l.startsWith("pvkit hello: goodbye")), solo.join("\n"));
});

test(`full Xen: ${ITERS} random hypercalls from an unprivileged attacker: no throw, errno results, mm healthy, victim untouched`, () => {
  const { failures, w, attackers } = fuzz(FUZZ_SEED, false, ITERS);
  if (STATS !== null) console.log([...STATS].sort().map(([k, n]) => `${k}x${n}`).join(" "));
  assert.deepEqual(failures, []);
  assert.ok(attackers >= 1);
  assert.deepEqual(finish(w), solo);
});

test(`full Xen: ${Math.ceil(ITERS / 3)} random hypercalls from a privileged attacker: no throw, errno results, mm healthy`, () => {
  const { failures, w } = fuzz(FUZZ_SEED + 7, true, Math.ceil(ITERS / 3));
  assert.deepEqual(failures, []);
  const r = w.xen.run(5_000_000);
  assert.notEqual(r.reason, "error", r.reason === "error" ? r.message : "");
  assert.deepEqual(checkMm(w.xen.mm), []);
});
