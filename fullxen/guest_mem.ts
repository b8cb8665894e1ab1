/**
 * Guest memory as the hypervisor reaches it: guest virtual addresses translated through
 * the vCPU's current root table (a software Sv32 walk, as the guest itself would see
 * them from its kernel), never raw arrays indexed by guest values.
 *
 * Rules:
 * - A pointer is good only if every byte is mapped for the access (a write needs a
 *   writable leaf: a page table, mapped read-only to its guest, can never be written
 *   through a hypercall argument). Anything else is a fault, reported as null / false;
 *   callers turn that into -EFAULT. Nothing here throws for a guest mistake.
 * - Writes translate every page first, then copy: a faulting write changes nothing.
 * - Writes go through the bus so decoded-instruction caches see them.
 * - The walk sets A/D bits like the hart would (the access really happens).
 */
import type { Bus } from "../machine/bus.js";
import { ACCESS_LOAD, ACCESS_STORE, SATP_MODE_SV32, sv32Walk } from "../machine/mmu.js";
import { PRIV_U } from "../machine/trap.js";
import { NO_BASE } from "./mm/domain.js";
import type { MmDomain } from "./mm/domain.js";

export class GuestMem {
  private readonly bus: Bus;
  private readonly walkOut: Int32Array;
  private readonly word: Uint8Array;
  private readonly wordView: DataView;

  constructor(bus: Bus) {
    this.bus = bus;
    this.walkOut = new Int32Array(2);
    this.word = new Uint8Array(8);
    this.wordView = new DataView(this.word.buffer);
  }

  /** Physical address of `va` in vCPU `vcpu` of `dom` for a load or store, or -1. */
  translate(dom: MmDomain, vcpu: number, va: number, write: boolean): number {
    const root = dom.base[vcpu] ?? NO_BASE;
    if (root === NO_BASE) return -1;
    const pa = sv32Walk(this.bus, (SATP_MODE_SV32 | root) >>> 0, va >>> 0, write ? ACCESS_STORE : ACCESS_LOAD,
      PRIV_U, false, false, true, this.walkOut);
    if (pa < 0 || !this.bus.isRam(pa, 1)) return -1;
    return pa;
  }

  /** Copies `len` bytes from guest VA `va`; null when any byte cannot be read. */
  read(dom: MmDomain, vcpu: number, va: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    return this.readInto(dom, vcpu, va, out) ? out : null;
  }

  readInto(dom: MmDomain, vcpu: number, va: number, out: Uint8Array): boolean {
    const len = out.length;
    let done = 0;
    va = va >>> 0;
    while (done < len) {
      const cur = (va + done) >>> 0;
      if (done > 0 && cur === 0) return false; // wrapped past the top of the address space
      const pa = this.translate(dom, vcpu, cur, false);
      if (pa < 0) return false;
      const n = Math.min(len - done, 4096 - (cur & 0xfff));
      const off = pa - this.bus.ramBase;
      out.set(this.bus.ram.subarray(off, off + n), done);
      done += n;
    }
    return true;
  }

  /** Writes `bytes` at guest VA `va`; false (and nothing written) when any byte is not writable. */
  write(dom: MmDomain, vcpu: number, va: number, bytes: Uint8Array): boolean {
    va = va >>> 0;
    const len = bytes.length;
    if (len === 0) return true;
    const first = this.translate(dom, vcpu, va, true);
    if (first < 0) return false;
    const inFirst = Math.min(len, 4096 - (va & 0xfff));
    if (inFirst === len) return this.bus.writeBytes(first, bytes);
    // Spans pages: translate all of them before writing anything.
    const pas: number[] = [first];
    for (let done = inFirst; done < len; done += 4096) {
      const cur = (va + done) >>> 0;
      if (cur === 0) return false;
      const pa = this.translate(dom, vcpu, cur, true);
      if (pa < 0) return false;
      pas.push(pa);
    }
    this.bus.writeBytes(first, bytes.subarray(0, inFirst));
    for (let k = 1, done = inFirst; k < pas.length; k++, done += 4096) {
      this.bus.writeBytes(pas[k]!, bytes.subarray(done, Math.min(len, done + 4096)));
    }
    return true;
  }

  /** Reads one u32; null on a fault. */
  readU32(dom: MmDomain, vcpu: number, va: number): number | null {
    const w = this.word.subarray(0, 4);
    return this.readInto(dom, vcpu, va, w) ? this.wordView.getUint32(0, true) : null;
  }

  /** Reads one u64 as a number (exact below 2^53; larger values are rounded); null on a fault. */
  readU64(dom: MmDomain, vcpu: number, va: number): number | null {
    if (!this.readInto(dom, vcpu, va, this.word)) return null;
    return this.wordView.getUint32(4, true) * 0x1_0000_0000 + this.wordView.getUint32(0, true);
  }

  writeU32(dom: MmDomain, vcpu: number, va: number, value: number): boolean {
    this.wordView.setUint32(0, value >>> 0, true);
    return this.write(dom, vcpu, va, this.word.subarray(0, 4));
  }
}
