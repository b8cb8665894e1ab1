/**
 * Hostile-guest fuzzing of microxen's hypercall dispatch. The hello kernel is booted
 * and run a little; then, from host code, random hypercalls are made through the
 * same table the M-mode ecall handler uses (shim/hypercalls/table.ts), as if the
 * guest had made them, with arguments biased toward the dangerous (test/fuzz/gen.ts).
 * Every few calls the guest runs on, so the state the calls leave behind is executed.
 *
 * microxen does no checking by design: a call may wreck the guest. What must hold
 * is that no handler throws, every result is an integer that fits a0 with a known
 * errno, and running the guest afterwards never stops the machine with an internal
 * error — a broken guest is a shutdown (usually a crash) of that guest.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Microxen } from "../../shim/index.js";
import type { Profile } from "../../shim/domain.js";
import { NO_RETURN } from "../../shim/hypercalls/common.js";
import { TABLE, enosys } from "../../shim/hypercalls/table.js";
import { DOMAIN_BASE_MFN } from "../../shim/memmap.js";
import { ArgGen, MmGen, FUZZ_SEED, Prng, badResult, envInt, hex, type FuzzTarget } from "./gen.js";

const HELLO = new Uint8Array(readFileSync(join(import.meta.dirname, "../../guests/kernels/hello/hello.elf")));
/** Two profiles share the budget: two thirds of PVKIT_FUZZ_ITERS each. */
const ITERS = Math.ceil((envInt("PVKIT_FUZZ_ITERS", 1500) * 2) / 3);
const RUN_EVERY = 25;
const IMPLEMENTED = TABLE.flatMap((fn, nr) => (fn === enosys ? [] : [nr]));
const RUN_INSNS = 3000;

function boot(profile: Profile): Microxen {
  const mx = new Microxen({ image: HELLO, profile, memMiB: 4, console: () => undefined });
  const r = mx.run(20_000); // into start_kernel: the SDK has set up events and printed
  assert.equal(r.outcome.kind, "limit", "hello must still be running after 20000 instructions");
  return mx;
}

function targetOf(mx: Microxen): FuzzTarget {
  const d = mx.built.domain;
  const p = d.plan;
  const mfnOf = (va: number): number => DOMAIN_BASE_MFN + ((va - p.virtBase) >>> 12);
  const mfns: number[] = [];
  for (let i = 0; i < p.nrPtFrames; i++) mfns.push(mfnOf(p.ptBase) + i);
  mfns.push(mfnOf(p.a0), mfnOf(p.hypercallPage), mfnOf(p.entry), mfnOf(p.sp + 0x4000), DOMAIN_BASE_MFN + d.maxPages - 1);
  mfns.push(DOMAIN_BASE_MFN + d.maxPages, 0x80000, 0x80001, 0x80002, 0x80004);
  return {
    scratch: (p.sp + 0x4000) >>> 0,
    vas: [p.a0, p.ptBase, p.ptBase + 0x1000, p.hypercallPage, p.entry, p.virtBase, p.mfnList, p.sp - 0x1000, p.virtEnd - 0x1000],
    mfns,
    ptMfns: mfns.slice(0, p.nrPtFrames),
    ownMfns: [0, 1, 2, 5, 9].map((pfn) => DOMAIN_BASE_MFN + pfn).concat(mfnOf(p.sp + 0x4000), mfnOf(p.sp + 0x5000), mfnOf(p.a0)),
    domids: [d.domid, 0],
    poke: (va, bytes) => d.mem.write(va, bytes),
  };
}

function fuzz(profile: Profile, seed: number): string[] {
  const r = new Prng(seed);
  const failures: string[] = [];
  const fail = (what: string): void => {
    if (failures.length < 20) failures.push(what);
  };
  let mx = boot(profile);
  let gen = new ArgGen(r, targetOf(mx), IMPLEMENTED);
  let boots = 1;
  for (let i = 0; i < ITERS; i++) {
    if (mx.built.domain.shutdown !== null) {
      mx = boot(profile);
      gen = new ArgGen(r, targetOf(mx), IMPLEMENTED);
      boots++;
    }
    if (r.chance(0.3)) gen.fillScratch();
    const nr = gen.nr();
    let a = [gen.arg(), gen.arg(), gen.arg(), gen.arg(), gen.arg()];
    if (r.chance(0.6)) a[0] = gen.subop();
    if (r.chance(0.6)) a = new MmGen(gen).args(nr) ?? a;
    const call = `#${i} hypercall ${nr}(${a.map(hex).join(", ")})`;
    try {
      const rc = TABLE[nr]!(mx.built.domain, a[0]! >>> 0, a[1]! >>> 0, a[2]! >>> 0, a[3]! >>> 0, a[4]! >>> 0);
      const bad = rc === NO_RETURN ? null : badResult(rc);
      if (bad !== null) fail(`${call}: ${bad}`);
    } catch (e) {
      fail(`${call} threw: ${e instanceof Error ? e.stack : String(e)}`);
      mx = boot(profile);
      gen = new ArgGen(r, targetOf(mx), IMPLEMENTED);
      continue;
    }
    if (i % RUN_EVERY === RUN_EVERY - 1 && mx.built.domain.shutdown === null) {
      try {
        const out = mx.run(RUN_INSNS).outcome;
        if (out.kind === "machine") fail(`${call}, then running the guest: machine stopped: ${out.detail}`);
      } catch (e) {
        fail(`${call}, then running the guest threw: ${e instanceof Error ? e.stack : String(e)}`);
        mx = boot(profile);
        gen = new ArgGen(r, targetOf(mx), IMPLEMENTED);
      }
    }
  }
  if (process.env.PVKIT_FUZZ_DEBUG) console.log(`${profile}: ${boots} boots`);
  assert.ok(boots >= 1);
  return failures;
}

for (const profile of ["none", "hot"] as const) {
  test(`microxen (${profile}): ${ITERS} random hypercalls from hello never throw and return errno values`, () => {
    const failures = fuzz(profile, FUZZ_SEED + (profile === "hot" ? 1 : 0));
    assert.deepEqual(failures, []);
  });
}
