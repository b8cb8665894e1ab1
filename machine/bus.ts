/**
 * The physical address space: RAM plus memory-mapped devices.
 *
 * Invariants:
 * - RAM is one contiguous Uint8Array at [ramBase, ramBase + ramSize); ramSize is a
 *   multiple of 4 KiB. Harts read and write `ram` directly on their fast path (little
 *   endian, through `ramView`); everything else goes through the methods here.
 * - Devices are addressed by offset inside their region (see Device); a region never
 *   overlaps RAM or another region. The board is the only place that maps them.
 * - Code invalidation: a hart that caches decoded instructions marks the RAM page in
 *   `codePages`; any write to a marked page, by a hart or by host code through this
 *   class, calls every listener in `codeWriteListeners` with the page index, so a
 *   decoded-instruction cache never runs stale code.
 * - Physical accesses never throw for a bad guest address: they return a value and set
 *   `fault` (access fault) which the caller checks. `throw` is only for host bugs.
 */

/** A memory-mapped device: a pure state machine addressed by offset. */
export interface Device {
  /** Reads `size` (1, 2 or 4) bytes at `offset`; returns the value as an unsigned number. */
  read(offset: number, size: number): number;
  /** Writes the low `size` bytes of `value` at `offset`. */
  write(offset: number, size: number, value: number): void;
}

/** An interrupt line: the one method a device uses to raise or lower an interrupt. */
export interface IrqLine {
  set(level: boolean): void;
}

interface Region {
  readonly base: number;
  readonly size: number;
  readonly device: Device;
  readonly name: string;
}

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

export class Bus {
  readonly ramBase: number;
  readonly ramSize: number;
  readonly ram: Uint8Array;
  readonly ramView: DataView;
  /** One byte per RAM page: non-zero when some hart holds decoded code from it. */
  readonly codePages: Uint8Array;
  readonly codeWriteListeners: Array<(page: number) => void>;
  /** Set by a physical access that hit no RAM and no device; the caller clears it. */
  fault: boolean;
  private readonly regions: Region[];

  constructor(ramBase: number, ramSize: number) {
    if (ramSize <= 0 || ramSize % PAGE_SIZE !== 0) {
      throw new Error(`create bus: RAM size ${ramSize} is not a positive multiple of 4 KiB`);
    }
    if (ramBase % PAGE_SIZE !== 0 || ramBase + ramSize > 0x1_0000_0000) {
      throw new Error(`create bus: RAM at 0x${ramBase.toString(16)} does not fit in 32 bits`);
    }
    this.ramBase = ramBase >>> 0;
    this.ramSize = ramSize;
    this.ram = new Uint8Array(ramSize);
    this.ramView = new DataView(this.ram.buffer);
    this.codePages = new Uint8Array(ramSize >>> PAGE_SHIFT);
    this.codeWriteListeners = [];
    this.fault = false;
    this.regions = [];
  }

  /** Maps a device at [base, base + size). Throws on overlap (a board bug). */
  map(base: number, size: number, device: Device, name: string): void {
    const end = base + size;
    const overlaps = (b: number, s: number): boolean => base < b + s && b < end;
    if (overlaps(this.ramBase, this.ramSize)) throw new Error(`map ${name}: overlaps RAM`);
    for (const r of this.regions) {
      if (overlaps(r.base, r.size)) throw new Error(`map ${name}: overlaps ${r.name}`);
    }
    this.regions.push({ base: base >>> 0, size, device, name });
  }

  /** True when [pa, pa + len) lies wholly in RAM. */
  isRam(pa: number, len: number): boolean {
    const off = (pa >>> 0) - this.ramBase;
    return off >= 0 && len >= 0 && off + len <= this.ramSize;
  }

  /** Notifies decoded-code caches that RAM offsets [off, off + len) changed. */
  noteWrite(off: number, len: number): void {
    const last = (off + len - 1) >>> PAGE_SHIFT;
    for (let p = off >>> PAGE_SHIFT; p <= last; p++) {
      if (this.codePages[p] !== 0) {
        this.codePages[p] = 0;
        for (const l of this.codeWriteListeners) l(p);
      }
    }
  }

  /** Reads 1, 2 or 4 bytes (unsigned). Sets `fault` and returns 0 when nothing is there. */
  read(pa: number, size: number): number {
    pa = pa >>> 0;
    const off = pa - this.ramBase;
    if (off >= 0 && off + size <= this.ramSize) {
      if (size === 4) return this.ramView.getUint32(off, true);
      if (size === 2) return this.ramView.getUint16(off, true);
      return this.ram[off]!;
    }
    const r = this.findRegion(pa, size);
    if (r === null) {
      this.fault = true;
      return 0;
    }
    return r.device.read(pa - r.base, size) >>> 0;
  }

  /** Writes 1, 2 or 4 bytes. Sets `fault` when nothing is there. */
  write(pa: number, size: number, value: number): void {
    pa = pa >>> 0;
    const off = pa - this.ramBase;
    if (off >= 0 && off + size <= this.ramSize) {
      if (size === 4) this.ramView.setUint32(off, value >>> 0, true);
      else if (size === 2) this.ramView.setUint16(off, value & 0xffff, true);
      else this.ram[off] = value & 0xff;
      if (this.codePages[off >>> PAGE_SHIFT] !== 0) this.noteWrite(off, size);
      return;
    }
    const r = this.findRegion(pa, size);
    if (r === null) {
      this.fault = true;
      return;
    }
    r.device.write(pa - r.base, size, value >>> 0);
  }

  /** Copies RAM into `dst`; returns false (and copies nothing) if any byte is outside RAM. */
  readBytes(pa: number, dst: Uint8Array): boolean {
    if (!this.isRam(pa, dst.length)) return false;
    const off = (pa >>> 0) - this.ramBase;
    dst.set(this.ram.subarray(off, off + dst.length));
    return true;
  }

  /** Copies `src` into RAM; returns false (and copies nothing) if any byte is outside RAM. */
  writeBytes(pa: number, src: Uint8Array): boolean {
    if (!this.isRam(pa, src.length)) return false;
    const off = (pa >>> 0) - this.ramBase;
    this.ram.set(src, off);
    if (src.length > 0) this.noteWrite(off, src.length);
    return true;
  }

  /** Fills RAM with a byte; returns false if any byte is outside RAM. */
  fill(pa: number, len: number, value: number): boolean {
    if (!this.isRam(pa, len)) return false;
    const off = (pa >>> 0) - this.ramBase;
    this.ram.fill(value & 0xff, off, off + len);
    if (len > 0) this.noteWrite(off, len);
    return true;
  }

  private findRegion(pa: number, size: number): Region | null {
    for (const r of this.regions) {
      if (pa >= r.base && pa + size <= r.base + r.size) return r;
    }
    return null;
  }
}
