/**
 * UART input and the run loop: a hart waiting in WFI for the UART's receive interrupt
 * (PLIC source 10, hart 0 M-mode context) ends the run with 'input' while the line is
 * open, wakes when bytes are pushed, and is a 'hang' once the line is closed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Machine } from "../../machine/machine.js";
import { parseElf32 } from "../../machine/elf.js";
import { Board, UART_IRQ } from "../../machine/board.js";
import { Clock } from "../../machine/clock.js";
import { buildElf, words } from "./elf_fixture.js";
import { T0, T1, ZERO, addi, csrrs, jal, li, lw, sb, sw, wfi } from "./asm_fixture.js";

const RAM = 0x8000_0000;
const UART = 0x1000_0000;
const PLIC = 0x0c00_0000;
const FINISHER = 0x0010_0000;
const CSR_MIE = 0x304;
const CSR_MIP = 0x344;
const MEIP = 1 << 11;

/**
 * Enables the UART RX interrupt through the PLIC for hart 0 M-mode (mstatus.MIE stays
 * 0: WFI wakes on mip & mie alone), waits, then echoes one received byte and passes.
 */
const program = [
  ...li(T0, PLIC + 4 * UART_IRQ), addi(T1, ZERO, 1), sw(T1, T0, 0), // priority 1
  ...li(T0, PLIC + 0x2000), ...li(T1, 1 << UART_IRQ), sw(T1, T0, 0), // enable, context 0
  ...li(T0, UART), addi(T1, ZERO, 1), sb(T1, T0, 1), // IER.ERBFI
  ...li(T1, MEIP), csrrs(ZERO, CSR_MIE, T1),
  wfi(),
  ...li(T0, UART), lw(T1, T0, 0), sb(T1, T0, 0), // RBR -> THR
  ...li(T0, FINISHER), ...li(T1, 0x5555), sw(T1, T0, 0), jal(ZERO, 0),
];

function boot() {
  let out = "";
  const m = new Machine({ memMiB: 1, console: (b) => void (out += String.fromCharCode(b)) });
  m.load(parseElf32(buildElf({ segments: [{ paddr: RAM, data: words(...program) }] })));
  return { m, out: () => out };
}

test("a hart waiting for UART input ends the run with 'input' while the line is open, and the RX interrupt wakes it", () => {
  const { m, out } = boot();
  m.uart.openInput();
  const first = m.run(1_000_000);
  assert.equal(first.reason, "input");
  assert.ok(first.insns < 100, `waited after ${first.insns} instructions`);
  assert.equal(m.harts[0]!.wfi, true);
  assert.equal(m.harts[0]!.readCsr(CSR_MIP) & MEIP, 0);
  assert.equal(m.run(1_000_000).reason, "input", "asking again changes nothing");

  m.uart.pushInput([0x41]);
  assert.equal(m.harts[0]!.readCsr(CSR_MIP) & MEIP, MEIP, "UART -> PLIC -> MEIP");
  const second = m.run(1_000_000);
  assert.equal(second.reason, "pass");
  assert.equal(out(), "A");
});

test("the same wait is a hang when no line is open, or once it is closed", () => {
  const closedFromStart = boot();
  assert.equal(closedFromStart.m.run(1_000_000).reason, "hang");

  const { m, out } = boot();
  m.uart.openInput();
  assert.equal(m.run(1_000_000).reason, "input");
  m.uart.closeInput();
  assert.equal(m.run(1_000_000).reason, "hang");
  assert.equal(out(), "");
});

test("input queued before the run wakes the hart without any open line", () => {
  const { m, out } = boot();
  m.uart.pushInput([0x7a]);
  assert.equal(m.run(1_000_000).reason, "pass");
  assert.equal(out(), "z");
});

test("Board.inputMayArrive follows the UART's line, and the line is not guest-visible state", () => {
  const b = new Board(new Clock("virtual"), { memMiB: 1 });
  const before = JSON.stringify(b.uart.state);
  assert.equal(b.inputMayArrive(), false);
  b.uart.openInput();
  assert.equal(b.inputMayArrive(), true);
  assert.equal(b.uart.inputOpen, true);
  assert.equal(JSON.stringify(b.uart.state), before);
  assert.equal(b.bus.read(0x1000_0005, 1) & 1, 0, "LSR.DR: an open line is not data");
  b.uart.closeInput();
  assert.equal(b.inputMayArrive(), false);
});
