/**
 * LR/SC reservations shared by every hart on one bus.
 */
import type { Bus } from "./bus.js";

/**
 * Reservations of all harts on a bus, by physical word address (i32, -1 = none).
 * The granule is one naturally aligned 32-bit word: LR.W reserves the word it read; a
 * store by any hart overlapping that word, or any SC by the holder, drops it.
 * Writes made by host code straight through Bus do not drop reservations.
 */
export class ReservationTable {
  readonly addr: number[];
  /** Number of harts holding a reservation (stores skip the scan when 0). */
  active: number;

  constructor() {
    this.addr = [];
    this.active = 0;
  }

  register(): number {
    this.addr.push(-1);
    return this.addr.length - 1;
  }

  set(slot: number, word: number): void {
    if (this.addr[slot] === -1) this.active++;
    this.addr[slot] = word;
  }

  clear(slot: number): void {
    if (this.addr[slot] !== -1) {
      this.addr[slot] = -1;
      this.active--;
    }
  }

  /** A store of `size` bytes at physical `pa` happened: drop every reservation on its words. */
  store(pa: number, size: number): void {
    const w0 = pa & ~3;
    const w1 = (pa + size - 1) & ~3;
    const a = this.addr;
    for (let i = 0; i < a.length; i++) {
      const r = a[i]!;
      if (r !== -1 && (r === w0 || r === w1)) {
        a[i] = -1;
        this.active--;
      }
    }
  }
}

const tables = new WeakMap<Bus, ReservationTable>();

/** The reservation table of `bus` (created on first use). */
export function reservationTableFor(bus: Bus): ReservationTable {
  let t = tables.get(bus);
  if (t === undefined) {
    t = new ReservationTable();
    tables.set(bus, t);
  }
  return t;
}
