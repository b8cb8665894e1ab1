import { test } from "node:test";
import assert from "node:assert/strict";
import { Machine, CHUNK_INSNS } from "../../machine/machine.js";
import { parseElf32 } from "../../machine/elf.js";
import { INSNS_PER_TICK } from "../../machine/clock.js";
import { buildElf, words } from "./elf_fixture.js";
import { A0, S0, T0, T1, ZERO, addi, beq, bne, csrrs, ecall, jal, li, sb, sw, wfi } from "./asm_fixture.js";

const RAM = 0x8000_0000;
const UART = 0x1000_0000;
const FINISHER = 0x0010_0000;
const MTIMECMP = 0x0200_4000;
const CSR_MIE = 0x304;

/** A machine running `prog` from RAM at every hart; console bytes collected as a string. */
function boot(prog: number[], opts: { harts?: number } = {}) {
  let out = "";
  const m = new Machine({ memMiB: 1, console: (b) => void (out += String.fromCharCode(b)), ...opts });
  m.load(parseElf32(buildElf({ segments: [{ paddr: RAM, data: words(...prog) }] })));
  return { m, out: () => out };
}

const putc = (c: string) => [addi(T1, ZERO, c.charCodeAt(0)), sb(T1, T0, 0)];
const finish = (value: number) => [...li(T0, FINISHER), ...li(T1, value), sw(T1, T0, 0), jal(ZERO, 0)];

test("Machine runs a program that writes to the UART and passes through the finisher", () => {
  const { m, out } = boot([...li(T0, UART), ...putc("h"), ...putc("i"), ...putc("\n"), ...finish(0x5555)]);
  const r = m.run(1000);
  assert.deepEqual(r, { reason: "pass", insns: 13 });
  assert.equal(out(), "hi\n");
});

test("Machine reports a finisher failure with its code", () => {
  const { m } = boot(finish(0x3333 | (7 << 16)));
  assert.deepEqual(m.run(1000), { reason: "fail", code: 7, insns: 5 });
});

test("Machine stops at exactly the instruction limit", () => {
  const { m } = boot([jal(ZERO, 0)]);
  const r = m.run(CHUNK_INSNS * 3 + 5);
  assert.deepEqual(r, { reason: "limit", insns: CHUNK_INSNS * 3 + 5 });
  assert.equal(m.harts[0]!.pc, RAM);
});

test("Machine reports a hang when the only hart waits with no interrupt enabled", () => {
  const { m } = boot([wfi(), jal(ZERO, -4)]);
  const r = m.run(1_000_000);
  assert.equal(r.reason, "hang");
  assert.ok(r.insns <= 2);
});

test("Machine fast-forwards to a CLINT deadline and wakes the hart from WFI", () => {
  const deadline = 5_000_000; // half a second of virtual time
  const { m, out } = boot([
    ...li(T0, MTIMECMP), ...li(T1, deadline), sw(T1, T0, 0), sw(ZERO, T0, 4),
    addi(T1, ZERO, 0x80), csrrs(ZERO, CSR_MIE, T1), // mie.MTIE; mstatus.MIE stays 0
    wfi(),
    ...li(T0, UART), ...putc("w"),
    ...finish(0x5555),
  ]);
  const r = m.run(1_000_000);
  assert.equal(r.reason, "pass");
  // Without the jump the deadline would take 50 million instructions.
  assert.ok(r.insns <= CHUNK_INSNS + 30, `took ${r.insns} instructions, so time jumped`);
  assert.equal(out(), "w");
  assert.ok(m.clock.now() >= deadline && m.clock.now() <= deadline + CHUNK_INSNS / INSNS_PER_TICK + 3);
});

test("Machine keeps time running while a hart spins, so a polled deadline arrives", () => {
  // Spin on mip.MTIP (csrrs t1, mip, x0) until the timer fires, then pass.
  const target = 1000;
  const { m } = boot([
    ...li(T0, MTIMECMP), ...li(T1, target), sw(T1, T0, 0), sw(ZERO, T0, 4),
    csrrs(T1, 0x344, ZERO), // read mip
    0x08037313 /* andi t1, t1, 0x80 */, 0xfe030ce3 /* beq t1, zero, -8 */,
    ...finish(0x5555),
  ]);
  const r = m.run(1_000_000);
  assert.equal(r.reason, "pass");
  // The chunk shrinks to end at the deadline; the spin ends within a few instructions of it.
  assert.ok(r.insns >= target * INSNS_PER_TICK && r.insns <= target * INSNS_PER_TICK + CHUNK_INSNS + 50, `${r.insns}`);
});

test("Machine interleaves harts in a fixed order, the same on every run", () => {
  // Each hart prints '0' + hartid 3000 times; hart 1 then passes, hart 0 waits.
  const prog = [
    ...li(T0, UART), ...li(S0, 3000),
    addi(T1, A0, 0x30), sb(T1, T0, 0), addi(S0, S0, -1), bne(S0, ZERO, -12),
    beq(A0, ZERO, 28), ...finish(0x5555), wfi(), jal(ZERO, -4),
  ];
  const runs = [0, 1].map(() => {
    const { m, out } = boot(prog, { harts: 2 });
    const r = m.run(1_000_000);
    return { r, out: out() };
  });
  assert.equal(runs[0]!.out, runs[1]!.out);
  assert.deepEqual(runs[0]!.r, runs[1]!.r);
  const o = runs[0]!.out;
  assert.equal(o.length, 6000);
  assert.equal([...o].filter((c) => c === "1").length, 3000);
  const firstChunk = Math.floor((CHUNK_INSNS - 4) / 4);
  assert.equal(o.slice(0, firstChunk), "0".repeat(firstChunk), "hart 0 runs first");
  assert.equal(o.slice(firstChunk, 2 * firstChunk), "1".repeat(firstChunk), "then hart 1");
});

test("Machine.stop from a host trap handler ends the run with reason 'host'", () => {
  const { m } = boot([addi(T1, ZERO, 1), ecall(), jal(ZERO, 0)]);
  m.harts[0]!.hostTrap[3] = (h) => { // M-mode traps go to host code
    h.pc += 4;
    m.stop(9, "guest called ecall");
  };
  const r = m.run(1000);
  assert.equal(r.reason, "host");
  assert.deepEqual(r, { reason: "host", code: 9, message: "guest called ecall", insns: r.insns });
  assert.equal(m.harts[0]!.stopRequested, false, "cleared for the next run");
  assert.equal(m.run(10).reason, "limit", "the machine can run again");
});

test("Machine follows HTIF tohost: putchar then pass", () => {
  const tohost = RAM + 0x1000;
  const prog = [
    ...li(T0, tohost), ...li(T1, 0x01010000), addi(S0, ZERO, 0x4b),
    sw(S0, T0, 0), sw(T1, T0, 4), // tohost = bcd putchar 'K'
    0x0002a383 /* lw t2, 0(t0) */, 0xfe039ee3 /* bne t2, zero, -4 */,
    addi(T1, ZERO, 1), sw(T1, T0, 0), jal(ZERO, 0),
  ];
  let out = "";
  const m = new Machine({ memMiB: 1, console: (b) => void (out += String.fromCharCode(b)) });
  m.load(parseElf32(buildElf({
    segments: [{ paddr: RAM, data: words(...prog) }, { paddr: tohost, data: new Uint8Array(16) }],
    symbols: { tohost, fromhost: tohost + 8 },
  })));
  const r = m.run(100_000);
  assert.equal(r.reason, "pass");
  assert.equal(out, "K");
  assert.equal(m.bus.read(tohost + 8, 4), 0x14b, "fromhost answered");
});

test("Machine reports a tohost failure with the sub-test number", () => {
  const tohost = RAM + 0x1000;
  const m = new Machine({ memMiB: 1 });
  m.load(parseElf32(buildElf({
    segments: [{ paddr: RAM, data: words(...li(T0, tohost), addi(T1, ZERO, (3 << 1) | 1), sw(T1, T0, 0), wfi(), jal(ZERO, -4)) },
      { paddr: tohost, data: new Uint8Array(8) }],
    symbols: { tohost },
  })));
  assert.deepEqual(m.run(100_000), { reason: "tohost-fail", test: 3, insns: 5 });
});

test("Machine in wall-clock mode sleeps until a CLINT deadline wakes the hart", () => {
  let out = "";
  const m = new Machine({ memMiB: 1, timeMode: "wall", console: (b) => void (out += String.fromCharCode(b)) });
  const deadline = 20_000; // 2 ms after the machine was made
  m.load(parseElf32(buildElf({ segments: [{ paddr: RAM, data: words(
    ...li(T0, MTIMECMP), ...li(T1, deadline), sw(T1, T0, 0), sw(ZERO, T0, 4),
    addi(T1, ZERO, 0x80), csrrs(ZERO, CSR_MIE, T1), wfi(),
    ...li(T0, UART), ...putc("z"), ...finish(0x5555),
  ) }] })));
  const r = m.run(10_000_000);
  assert.equal(r.reason, "pass");
  assert.equal(out, "z");
  assert.ok(m.clock.now() >= deadline);
});

test("Machine reports a reset request from the finisher", () => {
  const { m } = boot(finish(0x7777));
  assert.equal(m.run(100_000).reason, "reset");
});
