/**
 * Guest virtual memory as microxen's handlers see it: addresses are translated
 * through the guest's current page tables as guest kernel (S-mode) accesses, with
 * no side effects on A/D bits. Every access returns a status: a guest pointer that
 * is unmapped, outside RAM or in the hypervisor hole gives null/false (the caller returns -EFAULT).
 */
import type { Hart } from "../machine/hart.js";
import type { Bus } from "../machine/bus.js";
import { PRIV_S } from "../machine/trap.js";
import { ACCESS_LOAD, ACCESS_STORE } from "../machine/mmu.js";
import { HYPERVISOR_VIRT_START } from "../abi/xen.js";

export class GuestMem {
  private readonly hart: Hart;
  private readonly bus: Bus;

  constructor(hart: Hart, bus: Bus) {
    this.hart = hart;
    this.bus = bus;
  }

  /** Machine address of `va` for a load or store, or -1 (never for the hypervisor hole). */
  pa(va: number, store: boolean): number {
    if (va >>> 0 >= HYPERVISOR_VIRT_START) return -1;
    const pa = this.hart.translate(va >>> 0, store ? ACCESS_STORE : ACCESS_LOAD, PRIV_S);
    return pa;
  }

  read(va: number, len: number): Uint8Array | null {
    if (!Number.isInteger(len) || len < 0 || len > 1 << 24) return null;
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const v = (va + done) >>> 0;
      if (done > 0 && v < done) return null; // wrapped around the address space
      const n = Math.min(len - done, 4096 - (v & 0xfff));
      const pa = this.pa(v, false);
      if (pa < 0 || !this.bus.readBytes(pa, out.subarray(done, done + n))) return null;
      done += n;
    }
    return out;
  }

  write(va: number, bytes: Uint8Array): boolean {
    // Translate every page first so a fault leaves memory untouched.
    const pas: number[] = [];
    for (let done = 0; done < bytes.length;) {
      const v = (va + done) >>> 0;
      const n = Math.min(bytes.length - done, 4096 - (v & 0xfff));
      const pa = this.pa(v, true);
      if (pa < 0 || !this.bus.isRam(pa, n)) return false;
      pas.push(pa);
      done += n;
    }
    let done = 0;
    for (const pa of pas) {
      const n = Math.min(bytes.length - done, 4096 - (pa & 0xfff));
      this.bus.writeBytes(pa, bytes.subarray(done, done + n));
      done += n;
    }
    return true;
  }

  /** A u32 (4-byte aligned va), or -1 as a number outside u32 when it cannot be read. */
  read32(va: number): number {
    if ((va & 3) !== 0) {
      const b = this.read(va, 4);
      return b === null ? -1 : (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    }
    const pa = this.pa(va, false);
    if (pa < 0 || !this.bus.isRam(pa, 4)) return -1;
    return this.bus.read(pa, 4) >>> 0;
  }

  write32(va: number, v: number): boolean {
    if ((va & 3) !== 0) return this.write(va, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
    const pa = this.pa(va, true);
    if (pa < 0 || !this.bus.isRam(pa, 4)) return false;
    this.bus.write(pa, 4, v >>> 0);
    return true;
  }

  write16(va: number, v: number): boolean {
    return this.write(va, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff));
  }
}
