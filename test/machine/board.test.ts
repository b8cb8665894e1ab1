import { test } from "node:test";
import assert from "node:assert/strict";
import { Board, RAM_BASE, UART_BASE, CLINT_BASE, PLIC_BASE, FINISHER_BASE } from "../../machine/board.js";
import { Clock, INSNS_PER_TICK } from "../../machine/clock.js";

test("Board maps RAM and every device at the virt addresses", () => {
  const b = new Board(new Clock(), { memMiB: 2, harts: 2 });
  assert.equal(b.bus.ramBase, RAM_BASE);
  assert.equal(b.bus.ramSize, 2 << 20);
  assert.equal(b.harts.length, 2);
  b.bus.write(UART_BASE + 7, 1, 0x5a); // UART scratch register
  assert.equal(b.bus.read(UART_BASE + 7, 1), 0x5a);
  assert.equal(b.bus.read(UART_BASE + 5, 1), 0x60, "LSR");
  b.clock.advance(42 * INSNS_PER_TICK);
  assert.equal(b.bus.read(CLINT_BASE + 0xbff8, 4), 42);
  b.bus.write(PLIC_BASE + 4 * 10, 4, 3);
  assert.equal(b.bus.read(PLIC_BASE + 4 * 10, 4), 3);
  b.bus.write(FINISHER_BASE, 4, 0x5555);
  assert.equal(b.finisher.state.status, 1);
  assert.ok(b.harts.every((h) => h.stopRequested), "finisher stops every hart");
  assert.equal(b.bus.fault, false);
});

test("Board wires the UART to PLIC source 10 and the PLIC to MEIP/SEIP, the CLINT to MSIP/MTIP", () => {
  const b = new Board(new Clock(), { memMiB: 1, harts: 2 });
  const MIP = 0x344;
  b.bus.write(PLIC_BASE + 4 * 10, 4, 1);
  b.bus.write(PLIC_BASE + 0x2000 + 0x80 * 3, 4, 1 << 10); // hart 1 S-mode
  b.bus.write(UART_BASE + 1, 1, 0x02); // IER.ETBEI: THR empty interrupt
  assert.equal(b.harts[1]!.readCsr(MIP) & (1 << 9), 1 << 9, "SEIP on hart 1");
  assert.equal(b.harts[0]!.readCsr(MIP) & (1 << 9), 0);
  b.bus.write(CLINT_BASE + 4, 4, 1);
  assert.equal(b.harts[1]!.readCsr(MIP) & (1 << 3), 1 << 3, "MSIP on hart 1");
  b.bus.write(CLINT_BASE + 0x4000, 4, 0);
  b.bus.write(CLINT_BASE + 0x4004, 4, 0);
  assert.equal(b.harts[0]!.readCsr(MIP) & (1 << 7), 1 << 7, "MTIP on hart 0");
});

test("Board refuses impossible hart counts and RAM sizes", () => {
  assert.throws(() => new Board(new Clock(), { harts: 0 }), /0 harts is not in 1\.\.8/);
  assert.throws(() => new Board(new Clock(), { memMiB: 4096 }), /4096 MiB of RAM/);
});

test("Board sends console bytes to every sink in order", () => {
  const b = new Board(new Clock(), { memMiB: 1 });
  const seen: string[] = [];
  b.consoleSinks.push((x) => void seen.push(`a${x}`), (x) => void seen.push(`b${x}`));
  b.bus.write(UART_BASE, 1, 65);
  b.console(66);
  assert.deepEqual(seen, ["a65", "b65", "a66", "b66"]);
});
