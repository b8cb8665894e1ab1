/**
 * A timer comparator of all ones means "never": time (a double below 2^53) can never
 * reach it, so neither the hart's deadline nor the run loop may treat it as one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bus } from "../../machine/bus.js";
import { Hart } from "../../machine/hart.js";
import { Machine } from "../../machine/machine.js";
import { parseElf32 } from "../../machine/elf.js";
import { CSR_MENVCFGH, CSR_MIE, CSR_STIMECMP, CSR_STIMECMPH, MENVCFGH_STCE, MIP_STIP } from "../../machine/csr.js";
import { buildElf, words } from "./elf_fixture.js";
import { ZERO, T0, csrrw, jal, li, wfi } from "./asm_fixture.js";

const RAM = 0x8000_0000;

test("nextTimerDeadline() is Infinity for an all-ones stimecmp and the value for a real one", () => {
  const h = new Hart(0, new Bus(RAM, 0x1000), { now: () => 0 });
  h.writeCsr(CSR_MENVCFGH, MENVCFGH_STCE);
  h.writeCsr(CSR_MIE, MIP_STIP);
  h.writeCsr(CSR_STIMECMP, 0xffffffff);
  h.writeCsr(CSR_STIMECMPH, 0xffffffff);
  assert.equal(h.nextTimerDeadline(), Infinity);
  h.writeCsr(CSR_STIMECMPH, 0);
  h.writeCsr(CSR_STIMECMP, 5000);
  assert.equal(h.nextTimerDeadline(), 5000);
});

test("Machine ends a hart waiting on a never-firing stimecmp with 'hang'", () => {
  const prog = [
    ...li(T0, MENVCFGH_STCE), csrrw(ZERO, CSR_MENVCFGH, T0),
    ...li(T0, -1), csrrw(ZERO, CSR_STIMECMP, T0), csrrw(ZERO, CSR_STIMECMPH, T0),
    ...li(T0, MIP_STIP), csrrw(ZERO, CSR_MIE, T0),
    wfi(), jal(ZERO, -4),
  ];
  const m = new Machine({ memMiB: 1 });
  m.load(parseElf32(buildElf({ segments: [{ paddr: RAM, data: words(...prog) }] })));
  const r = m.run(1_000_000);
  assert.equal(r.reason, "hang");
  assert.ok(m.clock.now() < 2 ** 53, "time did not jump to the comparator");
});
