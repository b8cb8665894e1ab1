/**
 * ns16550a UART, as QEMU's virt board has it (8 byte-wide registers, offsets 0..7).
 *
 * Invariants:
 * - Output is immediate: a THR write hands the byte to the sink, so LSR always shows
 *   THRE|TEMT. Input bytes pushed by the host wait in `rx` (unbounded, FIFO order).
 * - The interrupt line is a pure function of state, recomputed after every access:
 *   received data available (IER bit 0, rx non-empty) or THR empty (IER bit 1 and the
 *   `thrIpending` latch). As on the chip, the THRE latch is set when the transmitter
 *   empties or ETBEI is turned on, and cleared by a THR write or by an IIR read that
 *   reports it.
 * - DLAB (LCR bit 7) redirects offsets 0/1 to the divisor latch (DLL/DLM).
 * - The host end of the line is open (`openInput`) while more input may still arrive
 *   (a terminal or a pipe not yet at its end). That is host-side state, not a register:
 *   it is not in `state`, and the guest cannot see it. The run loop asks it (through
 *   the board) before it calls "every hart waits" a hang.
 */
import type { Device, IrqLine } from "../bus.js";

export const UART_RBR = 0; // read: receive buffer; write: THR
export const UART_IER = 1;
export const UART_IIR = 2; // read: IIR; write: FCR
export const UART_LCR = 3;
export const UART_MCR = 4;
export const UART_LSR = 5;
export const UART_MSR = 6;
export const UART_SCR = 7;

export const IER_ERBFI = 0x01; // received data available
export const IER_ETBEI = 0x02; // transmitter holding register empty
export const IIR_NONE = 0x01;
export const IIR_THRI = 0x02;
export const IIR_RDI = 0x04;
export const IIR_FIFO = 0xc0; // FIFOs enabled
export const LCR_DLAB = 0x80;
export const LSR_DR = 0x01;
export const LSR_THRE = 0x20;
export const LSR_TEMT = 0x40;
export const MCR_LOOP = 0x10;
/** DCD | DSR | CTS: the line looks connected when not in loopback. */
const MSR_CONNECTED = 0xb0;

/** Plain-data state (savable as JSON). */
export interface UartState {
  ier: number;
  lcr: number;
  mcr: number;
  scr: number;
  fcr: number;
  dll: number;
  dlm: number;
  thrIpending: boolean;
  rx: number[];
}

export class Uart16550 implements Device {
  readonly state: UartState;
  private readonly irq: IrqLine;
  private sink: (byte: number) => void;
  private irqLevel: boolean;
  private lineOpen: boolean;

  constructor(irq: IrqLine, sink: (byte: number) => void = () => {}) {
    this.state = { ier: 0, lcr: 0x03, mcr: 0, scr: 0, fcr: 0, dll: 0x0c, dlm: 0, thrIpending: false, rx: [] };
    this.irq = irq;
    this.sink = sink;
    this.irqLevel = false;
    this.lineOpen = false;
  }

  /** Replaces the byte sink (where THR writes go). */
  setSink(sink: (byte: number) => void): void {
    this.sink = sink;
  }

  /** Queues input bytes as if they arrived on the line; raises RX when IER allows. */
  pushInput(bytes: Iterable<number>): void {
    for (const b of bytes) this.state.rx.push(b & 0xff);
    this.update();
  }

  /** True when received bytes wait to be read. */
  hasInput(): boolean {
    return this.state.rx.length > 0;
  }

  /** Marks the host end of the line open: more input may arrive later (see `inputOpen`). */
  openInput(): void {
    this.lineOpen = true;
  }

  /** Marks the host end of the line closed (end of file): no more input will arrive. */
  closeInput(): void {
    this.lineOpen = false;
  }

  /** True while the host may still push input (between `openInput` and `closeInput`). */
  get inputOpen(): boolean {
    return this.lineOpen;
  }

  read(offset: number, _size: number): number {
    const s = this.state;
    let v = 0;
    switch (offset) {
      case UART_RBR:
        if (s.lcr & LCR_DLAB) v = s.dll;
        else v = s.rx.shift() ?? 0;
        break;
      case UART_IER:
        v = s.lcr & LCR_DLAB ? s.dlm : s.ier;
        break;
      case UART_IIR:
        v = this.iir();
        if ((v & 0x0f) === IIR_THRI) s.thrIpending = false; // reading the THRE cause clears it
        v |= s.fcr & 1 ? IIR_FIFO : 0;
        break;
      case UART_LCR:
        v = s.lcr;
        break;
      case UART_MCR:
        v = s.mcr;
        break;
      case UART_LSR:
        v = LSR_THRE | LSR_TEMT | (s.rx.length > 0 ? LSR_DR : 0);
        break;
      case UART_MSR:
        // loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD
        v = s.mcr & MCR_LOOP ? ((s.mcr & 1) << 5) | ((s.mcr & 2) << 3) | ((s.mcr & 0x0c) << 4) : MSR_CONNECTED;
        break;
      case UART_SCR:
        v = s.scr;
        break;
      default:
        v = 0;
    }
    this.update();
    return v;
  }

  write(offset: number, _size: number, value: number): void {
    const s = this.state;
    value &= 0xff;
    switch (offset) {
      case UART_RBR:
        if (s.lcr & LCR_DLAB) {
          s.dll = value;
        } else if (s.mcr & MCR_LOOP) {
          s.rx.push(value); // loopback: the byte comes straight back
          s.thrIpending = true;
        } else {
          this.sink(value);
          s.thrIpending = true; // transmitted at once, so the holding register is empty again
        }
        break;
      case UART_IER:
        if (s.lcr & LCR_DLAB) {
          s.dlm = value;
        } else {
          const turnedOn = (value & IER_ETBEI) !== 0 && (s.ier & IER_ETBEI) === 0;
          s.ier = value & 0x0f;
          if (turnedOn) s.thrIpending = true; // THR is always empty here
        }
        break;
      case UART_IIR: // FCR
        if (value & 0x02) s.rx.length = 0; // clear receive FIFO
        s.fcr = value & 0xc9;
        break;
      case UART_LCR:
        s.lcr = value;
        break;
      case UART_MCR:
        s.mcr = value & 0x1f;
        break;
      case UART_LSR:
      case UART_MSR:
        break; // read-only here
      case UART_SCR:
        s.scr = value;
        break;
      default:
        break;
    }
    this.update();
  }

  /** Interrupt identification (low 4 bits), highest priority cause first. */
  private iir(): number {
    const s = this.state;
    if (s.ier & IER_ERBFI && s.rx.length > 0) return IIR_RDI;
    if (s.ier & IER_ETBEI && s.thrIpending) return IIR_THRI;
    return IIR_NONE;
  }

  private update(): void {
    const level = this.iir() !== IIR_NONE;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq.set(level);
    }
  }
}
