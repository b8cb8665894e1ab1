/**
 * The virt board: the one place that wires addresses and interrupt numbers, following
 * QEMU's `virt` machine so bare-metal images built for it run unchanged.
 *
 *   0x0010_0000  SiFive test finisher (4 KiB)
 *   0x0200_0000  CLINT (64 KiB)       msip/mtimecmp per hart, mtime
 *   0x0C00_0000  PLIC (64 MiB)        context 2h = hart h M-mode, 2h+1 = S-mode
 *   0x1000_0000  ns16550a UART (256 B) PLIC source 10
 *   0x8000_0000  RAM (default 128 MiB)
 *
 * Harts are created here (they need the bus and the clock) and every device line is
 * wired to a hart's `setPending`. The board holds no run-loop logic.
 */
import { Bus } from "./bus.js";
import type { Clock } from "./clock.js";
import { Hart } from "./hart.js";
import { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI } from "./trap.js";
import { Clint, CLINT_SIZE } from "./devices/clint.js";
import { Finisher, FINISHER_SIZE } from "./devices/finisher.js";
import { Plic, PLIC_SIZE } from "./devices/plic.js";
import { Uart16550 } from "./devices/uart16550.js";

export const RAM_BASE = 0x8000_0000;
export const DEFAULT_MEM_MIB = 128;
export const MAX_MEM_MIB = 2048;
export const MAX_HARTS = 8;
export const FINISHER_BASE = 0x0010_0000;
export const CLINT_BASE = 0x0200_0000;
export const PLIC_BASE = 0x0c00_0000;
export const PLIC_SOURCES = 96;
export const UART_BASE = 0x1000_0000;
export const UART_SIZE = 0x100;
export const UART_IRQ = 10;

export interface BoardOptions {
  harts?: number;
  memMiB?: number;
}

export class Board {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly harts: Hart[];
  readonly uart: Uart16550;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly finisher: Finisher;
  /** Every console byte (UART THR, HTIF putchar) goes to each sink, in order. */
  readonly consoleSinks: Array<(byte: number) => void>;

  constructor(clock: Clock, opts: BoardOptions = {}) {
    const nharts = opts.harts ?? 1;
    const mem = opts.memMiB ?? DEFAULT_MEM_MIB;
    if (!Number.isInteger(nharts) || nharts < 1 || nharts > MAX_HARTS) {
      throw new Error(`create board: ${nharts} harts is not in 1..${MAX_HARTS}`);
    }
    if (!Number.isInteger(mem) || mem < 1 || mem > MAX_MEM_MIB) {
      throw new Error(`create board: ${mem} MiB of RAM is not in 1..${MAX_MEM_MIB}`);
    }
    this.clock = clock;
    this.bus = new Bus(RAM_BASE, mem * 1024 * 1024);
    const harts: Hart[] = [];
    for (let h = 0; h < nharts; h++) harts.push(new Hart(h, this.bus, clock));
    this.harts = harts;
    this.consoleSinks = [];
    const sinks = this.consoleSinks;

    this.clint = new Clint(clock, harts.map((hart) => ({
      msip: { set: (l: boolean) => hart.setPending(IRQ_MSI, l) },
      mtip: { set: (l: boolean) => hart.setPending(IRQ_MTI, l) },
    })));
    const contexts = harts.flatMap((hart) => [
      { set: (l: boolean) => hart.setPending(IRQ_MEI, l) },
      { set: (l: boolean) => hart.setPending(IRQ_SEI, l) },
    ]);
    this.plic = new Plic(contexts, PLIC_SOURCES);
    this.uart = new Uart16550(this.plic.source(UART_IRQ), (b) => {
      for (let i = 0; i < sinks.length; i++) sinks[i]!(b);
    });
    this.finisher = new Finisher(() => {
      for (const hart of harts) hart.stopRequested = true;
    });

    this.bus.map(FINISHER_BASE, FINISHER_SIZE, this.finisher, "finisher");
    this.bus.map(CLINT_BASE, CLINT_SIZE, this.clint, "clint");
    this.bus.map(PLIC_BASE, PLIC_SIZE, this.plic, "plic");
    this.bus.map(UART_BASE, UART_SIZE, this.uart, "uart");
  }

  /**
   * True while a device may still receive input from the host, so harts waiting for an
   * interrupt can be woken without any timer: today the UART with its line open.
   */
  inputMayArrive(): boolean {
    return this.uart.inputOpen;
  }

  /** Sends one byte to every console sink. */
  console(byte: number): void {
    for (let i = 0; i < this.consoleSinks.length; i++) this.consoleSinks[i]!(byte);
  }
}
