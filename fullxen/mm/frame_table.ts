/**
 * The frame table: one record per machine frame of RAM, kept as parallel typed arrays
 * (struct-of-arrays, indexed by `mfn - baseMfn`).
 *
 * Invariants (checked by check.ts):
 * - A free frame has owner DOMID_INVALID, general count 0, type count 0, no flags.
 * - An owned frame has general count > 0. FRAME_ALLOCATED holds one of those
 *   references (Xen's PGC_allocated): the frame is freed when the count reaches 0, not
 *   when the owner lets go of it, so a frame still mapped somewhere is never reused.
 * - A type reference is always paired with a general reference, so a frame whose
 *   general count reaches 0 has type count 0.
 * - The type field keeps its last value while the type count is 0 (like Xen); only
 *   FRAME_VALIDATED says whether the contents are checked for that type.
 */
import { DOMID_INVALID, DOMID_XEN } from "../../abi/xen.js";

/** Page types (Xen's PGT_* numbers where they exist). */
export const PGT_none = 0;
export const PGT_l1_page_table = 1;
export const PGT_l2_page_table = 2;
export const PGT_writable_page = 7;

/** Frame flags. */
export const FRAME_PINNED = 1;
export const FRAME_VALIDATED = 2;
/** Holds one general reference on behalf of the owner (Xen's PGC_allocated). */
export const FRAME_ALLOCATED = 4;

/** Owner of frames the hypervisor keeps for itself. */
export const OWNER_XEN = DOMID_XEN;
export const OWNER_NONE = DOMID_INVALID;

/** Largest count a frame may hold; a further reference fails like Xen's overflow check. */
export const COUNT_MAX = 0x7fffffff;

export function typeName(t: number): string {
  switch (t) {
    case PGT_none: return "none";
    case PGT_l1_page_table: return "L1";
    case PGT_l2_page_table: return "L2";
    case PGT_writable_page: return "writable";
    default: return `type${t}`;
  }
}

export class FrameTable {
  /** Machine frame number of the first RAM frame. */
  readonly baseMfn: number;
  readonly nFrames: number;
  readonly owner: Uint16Array;
  readonly type: Uint8Array;
  readonly typeCount: Uint32Array;
  /** General reference count. */
  readonly count: Uint32Array;
  readonly flags: Uint8Array;
  /**
   * Flush epoch at which the frame last lost a writable mapping or was freed: while it
   * equals the context's current epoch, some TLB may still hold a stale mapping of it.
   */
  readonly stamp: Uint32Array;

  constructor(baseMfn: number, nFrames: number) {
    if (nFrames <= 0 || !Number.isInteger(nFrames)) {
      throw new Error(`create frame table: bad frame count ${nFrames}`);
    }
    this.baseMfn = baseMfn >>> 0;
    this.nFrames = nFrames;
    this.owner = new Uint16Array(nFrames).fill(OWNER_NONE);
    this.type = new Uint8Array(nFrames);
    this.typeCount = new Uint32Array(nFrames);
    this.count = new Uint32Array(nFrames);
    this.flags = new Uint8Array(nFrames);
    this.stamp = new Uint32Array(nFrames);
  }

  /** Index of `mfn` in the arrays, or -1 when the frame is not RAM. */
  index(mfn: number): number {
    const i = mfn - this.baseMfn;
    return Number.isInteger(i) && i >= 0 && i < this.nFrames ? i : -1;
  }

  mfnOf(i: number): number {
    return this.baseMfn + i;
  }

  isFree(i: number): boolean {
    return this.owner[i] === OWNER_NONE;
  }

  /** Gives a free frame to `domid` with the single FRAME_ALLOCATED reference. */
  assign(i: number, domid: number): void {
    if (this.owner[i] !== OWNER_NONE || this.count[i] !== 0) {
      throw new Error(`assign frame ${this.mfnOf(i).toString(16)}: frame is not free`);
    }
    this.owner[i] = domid;
    this.count[i] = 1;
    this.typeCount[i] = 0;
    this.type[i] = PGT_none;
    this.flags[i] = FRAME_ALLOCATED;
  }

  /** Returns a frame whose last reference went to the free state. */
  clear(i: number): void {
    this.owner[i] = OWNER_NONE;
    this.count[i] = 0;
    this.typeCount[i] = 0;
    this.type[i] = PGT_none;
    this.flags[i] = 0;
  }

  describe(i: number): string {
    return `mfn 0x${this.mfnOf(i).toString(16)} owner ${this.owner[i]} type ${typeName(this.type[i]!)}` +
      ` tc ${this.typeCount[i]} gc ${this.count[i]} flags ${this.flags[i]}`;
  }
}
