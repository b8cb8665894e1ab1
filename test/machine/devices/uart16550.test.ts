import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Uart16550, UART_RBR, UART_IER, UART_IIR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR,
  IER_ERBFI, IER_ETBEI, LSR_DR, LSR_THRE, LSR_TEMT, LCR_DLAB, MCR_LOOP,
} from "../../../machine/devices/uart16550.js";

function make() {
  const levels: boolean[] = [];
  const out: number[] = [];
  const uart = new Uart16550({ set: (l) => void levels.push(l) }, (b) => void out.push(b));
  return { uart, levels, out };
}

test("Uart16550 sends THR writes to the sink and always reports THRE|TEMT", () => {
  const { uart, out } = make();
  for (const c of "hi\n") uart.write(UART_RBR, 1, c.charCodeAt(0));
  assert.deepEqual(out, [0x68, 0x69, 0x0a]);
  assert.equal(uart.read(UART_LSR, 1), LSR_THRE | LSR_TEMT);
});

test("Uart16550 redirects offsets 0 and 1 to DLL/DLM while DLAB is set", () => {
  const { uart, out } = make();
  uart.write(UART_IER, 1, 0x05);
  uart.write(UART_LCR, 1, LCR_DLAB | 0x03);
  uart.write(UART_RBR, 1, 0x01);
  uart.write(UART_IER, 1, 0x02);
  assert.equal(uart.read(UART_RBR, 1), 0x01);
  assert.equal(uart.read(UART_IER, 1), 0x02);
  assert.deepEqual(out, [], "a DLL write is not a character");
  uart.write(UART_LCR, 1, 0x03);
  assert.equal(uart.read(UART_IER, 1), 0x05, "IER kept its value under DLAB");
  assert.equal(uart.read(UART_LCR, 1), 0x03);
});

test("Uart16550 queues input: LSR.DR, RBR order, RX interrupt only when IER allows", () => {
  const { uart, levels } = make();
  uart.pushInput([0x41, 0x42]);
  assert.deepEqual(levels, [], "no interrupt with IER = 0");
  assert.equal(uart.read(UART_LSR, 1) & LSR_DR, LSR_DR);
  assert.equal(uart.read(UART_IIR, 1) & 0x0f, 0x01, "IIR says nothing pending");
  uart.write(UART_IER, 1, IER_ERBFI);
  assert.deepEqual(levels, [true]);
  assert.equal(uart.read(UART_IIR, 1) & 0x0f, 0x04, "received data available");
  assert.equal(uart.read(UART_RBR, 1), 0x41);
  assert.equal(uart.hasInput(), true);
  assert.equal(uart.read(UART_RBR, 1), 0x42);
  assert.deepEqual(levels, [true, false]);
  assert.equal(uart.read(UART_LSR, 1) & LSR_DR, 0);
  assert.equal(uart.read(UART_RBR, 1), 0, "empty RBR reads 0");
});

test("Uart16550 raises THRE when ETBEI turns on and clears it on an IIR read that reports it", () => {
  const { uart, levels } = make();
  uart.write(UART_IER, 1, IER_ETBEI);
  assert.deepEqual(levels, [true]);
  assert.equal(uart.read(UART_IIR, 1) & 0x0f, 0x02);
  assert.deepEqual(levels, [true, false]);
  assert.equal(uart.read(UART_IIR, 1) & 0x0f, 0x01);
  uart.write(UART_RBR, 1, 0x2e); // transmitted at once: THR empty again
  assert.deepEqual(levels, [true, false, true]);
  uart.write(UART_IER, 1, 0);
  assert.deepEqual(levels, [true, false, true, false]);
});

test("Uart16550 gives RX priority over THRE in IIR and shows FIFO bits after FCR", () => {
  const { uart } = make();
  uart.write(UART_IIR, 1, 0x01); // FCR: enable FIFOs
  uart.write(UART_IER, 1, IER_ERBFI | IER_ETBEI);
  uart.pushInput([1]);
  assert.equal(uart.read(UART_IIR, 1), 0xc4);
  uart.write(UART_IIR, 1, 0x03); // clear receive FIFO
  assert.equal(uart.hasInput(), false);
  assert.equal(uart.read(UART_IIR, 1), 0xc2);
});

test("Uart16550 keeps MCR and SCR, shows a connected line in MSR, and loops back", () => {
  const { uart, out } = make();
  uart.write(UART_SCR, 1, 0x5a);
  assert.equal(uart.read(UART_SCR, 1), 0x5a);
  assert.equal(uart.read(UART_MSR, 1), 0xb0);
  uart.write(UART_MCR, 1, MCR_LOOP | 0x03);
  assert.equal(uart.read(UART_MCR, 1), MCR_LOOP | 0x03);
  assert.equal(uart.read(UART_MSR, 1), 0x30, "DTR->DSR, RTS->CTS");
  uart.write(UART_RBR, 1, 0x77);
  assert.deepEqual(out, []);
  assert.equal(uart.read(UART_RBR, 1), 0x77);
  uart.write(UART_LSR, 1, 0);
  assert.equal(uart.read(UART_LSR, 1), LSR_THRE | LSR_TEMT, "LSR is read-only");
});
