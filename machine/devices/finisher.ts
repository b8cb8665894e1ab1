/**
 * SiFive test finisher ("sifive,test0") at 0x0010_0000 on QEMU's virt board.
 *
 * A word write at offset 0 ends the run: low 16 bits 0x5555 = pass, 0x3333 = fail with
 * the code in the high 16 bits, 0x7777 = reset. Any other value is ignored, as QEMU
 * does. The device records the first request in `state` and calls `onRequest` so the
 * run loop can stop the harts at once; the run loop reads and clears the state.
 */
import type { Device } from "../bus.js";

export const FINISHER_FAIL = 0x3333;
export const FINISHER_PASS = 0x5555;
export const FINISHER_RESET = 0x7777;
export const FINISHER_SIZE = 0x1000;

/** 0 none, 1 pass, 2 fail, 3 reset. */
export const FIN_NONE = 0;
export const FIN_PASS = 1;
export const FIN_FAIL = 2;
export const FIN_RESET = 3;

export interface FinisherState {
  status: number;
  code: number;
}

export class Finisher implements Device {
  readonly state: FinisherState;
  private readonly onRequest: () => void;

  constructor(onRequest: () => void = () => {}) {
    this.state = { status: FIN_NONE, code: 0 };
    this.onRequest = onRequest;
  }

  read(_offset: number, _size: number): number {
    return 0;
  }

  write(offset: number, size: number, value: number): void {
    if (offset !== 0 || size !== 4) return;
    const kind = value & 0xffff;
    let status = FIN_NONE;
    if (kind === FINISHER_PASS) status = FIN_PASS;
    else if (kind === FINISHER_FAIL) status = FIN_FAIL;
    else if (kind === FINISHER_RESET) status = FIN_RESET;
    if (status === FIN_NONE || this.state.status !== FIN_NONE) return;
    this.state.status = status;
    this.state.code = status === FIN_FAIL ? (value >>> 16) & 0xffff : 0;
    this.onRequest();
  }

  /** Forgets a handled request. */
  clear(): void {
    this.state.status = FIN_NONE;
    this.state.code = 0;
  }
}
