/**
 * Sv32 address translation: the page walk and the software TLB.
 *
 * Invariants:
 * - The walk follows the privileged spec's algorithm (§ "Virtual Address Translation
 *   Process") for Sv32: two levels, 4 KiB pages and 4 MiB megapages. A megapage whose
 *   PPN[0] is not zero, a PTE with V=0, or W=1 with R=0 is a page fault; so is a
 *   pointer PTE at level 0.
 * - A and D are updated by the walk ("hardware" A/D management, as QEMU does): a load or
 *   fetch sets A, a store sets A and D. The PTE is written back through the bus, so a
 *   page-table page holding code is invalidated like any other write.
 * - A physical access that hits nothing during the walk (bus.fault), or a PTE whose PPN
 *   lies above 4 GiB (Sv32 has 34-bit physical addresses; this bus has 32), is an
 *   access fault of the original access type.
 * - The TLB only caches translations to RAM; MMIO pages are walked on every access.
 *   It holds permissions already checked for ONE context (privilege, MPRV/MPP, SUM,
 *   MXR, satp): the hart flushes it whenever that context changes, so a hit needs no
 *   further check. A store tag is only set once D is 1, so a hit never skips a D update.
 * - Loads, stores and fetches have separate flat arrays indexed by VPN (see Tlb). A
 *   flush costs the number of translations made since the last one, not the TLB size.
 * - ASIDs are not tagged: the TLB is flushed on every satp write, and SFENCE.VMA with
 *   an ASID but no address flushes everything (a superset of what the spec requires).
 */
import type { Bus } from "./bus.js";
import { PRIV_S, PRIV_U } from "./trap.js";

export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
export const ACCESS_FETCH = 2;

export const WALK_PAGE_FAULT = -1;
export const WALK_ACCESS_FAULT = -2;

export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;

export const SATP_MODE_SV32 = 0x8000_0000;

/** Virtual pages of the 32-bit address space: the TLB arrays are indexed by VPN. */
export const TLB_VPNS = 1 << 20;
/** Translations the TLB holds at most; the oldest is dropped to make room. */
export const TLB_CAPACITY = 512;

const TWO32 = 0x1_0000_0000;

/**
 * Walks the Sv32 tables rooted at satp for `va`. Returns the physical address (>= 0), or
 * WALK_PAGE_FAULT / WALK_ACCESS_FAULT. On success out[0] = the leaf PTE (after any A/D
 * update) and out[1] = the level of the leaf (1 = megapage, 0 = 4 KiB page).
 * `update` false gives a pure query: no A/D write (an A/D bit that would be set does not
 * make the query fail).
 */
export function sv32Walk(
  bus: Bus, satp: number, va: number, access: number, priv: number,
  sum: boolean, mxr: boolean, update: boolean, out: Int32Array,
): number {
  va = va >>> 0;
  let table = (satp & 0x003f_ffff) * 4096;
  let level = 1;
  let pte = 0;
  let pteAddr = 0;
  for (;;) {
    const idx = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
    pteAddr = table + idx * 4;
    if (pteAddr >= TWO32) return WALK_ACCESS_FAULT;
    bus.fault = false;
    pte = bus.read(pteAddr, 4);
    if (bus.fault) {
      bus.fault = false;
      return WALK_ACCESS_FAULT;
    }
    if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0)) return WALK_PAGE_FAULT;
    if ((pte & (PTE_R | PTE_X)) !== 0) break; // leaf
    if (level === 0) return WALK_PAGE_FAULT;
    table = (pte >>> 10) * 4096;
    level = 0;
  }
  if (!pteAllows(pte, access, priv, sum, mxr)) return WALK_PAGE_FAULT;
  const ppn = pte >>> 10;
  if (level === 1 && (ppn & 0x3ff) !== 0) return WALK_PAGE_FAULT; // misaligned megapage
  const pa = level === 1
    ? (ppn >>> 10) * 0x40_0000 + (va & 0x3f_ffff)
    : ppn * 4096 + (va & 0xfff);
  if (pa >= TWO32) return WALK_ACCESS_FAULT;
  if (update) {
    const want = access === ACCESS_STORE ? PTE_A | PTE_D : PTE_A;
    if ((pte & want) !== want) {
      pte = (pte | want) >>> 0;
      bus.fault = false;
      bus.write(pteAddr, 4, pte);
      if (bus.fault) {
        bus.fault = false;
        return WALK_ACCESS_FAULT;
      }
    }
  }
  out[0] = pte | 0;
  out[1] = level;
  return pa;
}

/** True when a leaf PTE allows the access at `priv` with SUM/MXR (the U-bit rules included). */
export function pteAllows(pte: number, access: number, priv: number, sum: boolean, mxr: boolean): boolean {
  const user = (pte & PTE_U) !== 0;
  if (priv === PRIV_U && !user) return false;
  if (priv === PRIV_S && user && (access === ACCESS_FETCH || !sum)) return false;
  if (access === ACCESS_FETCH) return (pte & PTE_X) !== 0;
  if (access === ACCESS_LOAD) return (pte & PTE_R) !== 0 || (mxr && (pte & PTE_X) !== 0);
  return (pte & PTE_W) !== 0;
}

/**
 * The software TLB: one flat Int32Array per kind of access (load, store, fetch),
 * indexed by VPN, so a hit is one typed-array read. An entry is the RAM offset of the
 * page + 1 (page offsets are multiples of 4096, so bit 0 marks "present" and 0 means
 * no entry; the arrays start zeroed, untouched parts of them cost no memory). An
 * aligned access of 2 or 4 bytes may index with `(entry + (va & 0xfff)) >>> 1` or
 * `>>> 2` directly (the +1 drops out); a byte access subtracts the 1.
 *
 * Every VPN that gets an entry is recorded in `filled` (a ring of TLB_CAPACITY): a
 * flush clears only the VPNs recorded there, so its cost is the number of
 * translations made since the last flush (each of which cost a page walk), not the
 * size of the TLB. When the ring is full, the oldest VPN's entries are dropped
 * (FIFO replacement): a miss later, never a stale hit.
 */
export class Tlb {
  readonly load: Int32Array;
  readonly store: Int32Array;
  readonly fetch: Int32Array;
  /** VPNs that may hold entries, oldest first from `head` (a ring; a VPN may appear twice). */
  private readonly filled: Int32Array;
  private head: number;
  private count: number;
  /** Entries filled from megapages since the last full flush (SFENCE.VMA by address then flushes all). */
  megaEntries: number;
  /** Bumped on every flush. */
  generation: number;

  constructor() {
    this.load = new Int32Array(TLB_VPNS);
    this.store = new Int32Array(TLB_VPNS);
    this.fetch = new Int32Array(TLB_VPNS);
    this.filled = new Int32Array(TLB_CAPACITY);
    this.head = 0;
    this.count = 0;
    this.megaEntries = 0;
    this.generation = 0;
  }

  /** Translations recorded since the last full flush (at most TLB_CAPACITY). */
  get size(): number {
    return this.count;
  }

  flushAll(): void {
    const filled = this.filled;
    let i = this.head;
    for (let n = this.count; n > 0; n--) {
      this.clear(filled[i]!);
      i = (i + 1) & (TLB_CAPACITY - 1);
    }
    this.head = 0;
    this.count = 0;
    this.megaEntries = 0;
    this.generation++;
  }

  /** Drops every translation of the page holding `va` (all of them if megapages are cached). */
  flushPage(va: number): void {
    if (this.megaEntries !== 0) {
      this.flushAll();
      return;
    }
    this.clear(va >>> 12);
    this.generation++;
  }

  /** Caches a data translation of `vpn` to the page at RAM offset `ramPageOff`. */
  fillData(vpn: number, ramPageOff: number, load: boolean, store: boolean, mega: boolean): void {
    this.note(vpn);
    this.load[vpn] = load ? ramPageOff + 1 : 0;
    this.store[vpn] = store ? ramPageOff + 1 : 0;
    if (mega) this.megaEntries++;
  }

  fillFetch(vpn: number, ramPageOff: number, mega: boolean): void {
    this.note(vpn);
    this.fetch[vpn] = ramPageOff + 1;
    if (mega) this.megaEntries++;
  }

  private clear(vpn: number): void {
    this.load[vpn] = 0;
    this.store[vpn] = 0;
    this.fetch[vpn] = 0;
  }

  /** Records `vpn` before it gets an entry, dropping the oldest VPN when the ring is full. */
  private note(vpn: number): void {
    if ((this.load[vpn]! | this.store[vpn]! | this.fetch[vpn]!) !== 0) return; // already recorded
    const filled = this.filled;
    if (this.count === TLB_CAPACITY) {
      this.clear(filled[this.head]!);
      filled[this.head] = vpn;
      this.head = (this.head + 1) & (TLB_CAPACITY - 1);
      return;
    }
    filled[(this.head + this.count) & (TLB_CAPACITY - 1)] = vpn;
    this.count++;
  }
}
