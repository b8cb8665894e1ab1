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
 * - The data TLB and the fetch TLB are separate direct-mapped arrays keyed by VPN.
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

export const TLB_BITS = 9;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;

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
 * The software TLB: struct-of-arrays, direct-mapped by VPN. A tag holds the VPN whose
 * access of that kind is known to be allowed (or -1); `*Off` holds the RAM offset of the
 * page (the hart adds `va & 0xfff`).
 */
export class Tlb {
  readonly loadTag: Int32Array;
  readonly storeTag: Int32Array;
  readonly dataOff: Int32Array;
  readonly fetchTag: Int32Array;
  readonly fetchOff: Int32Array;
  /** Entries filled from megapages since the last full flush (SFENCE.VMA by address then flushes all). */
  megaEntries: number;
  /** Bumped on every flush: lets the hart drop its "same page as last fetch" cache. */
  generation: number;

  constructor() {
    this.loadTag = new Int32Array(TLB_SIZE).fill(-1);
    this.storeTag = new Int32Array(TLB_SIZE).fill(-1);
    this.dataOff = new Int32Array(TLB_SIZE);
    this.fetchTag = new Int32Array(TLB_SIZE).fill(-1);
    this.fetchOff = new Int32Array(TLB_SIZE);
    this.megaEntries = 0;
    this.generation = 0;
  }

  flushAll(): void {
    this.loadTag.fill(-1);
    this.storeTag.fill(-1);
    this.fetchTag.fill(-1);
    this.megaEntries = 0;
    this.generation++;
  }

  /** Drops every translation of the page holding `va` (all of them if megapages are cached). */
  flushPage(va: number): void {
    if (this.megaEntries !== 0) {
      this.flushAll();
      return;
    }
    const vpn = va >>> 12;
    const t = vpn & TLB_MASK;
    if (this.loadTag[t] === vpn) this.loadTag[t] = -1;
    if (this.storeTag[t] === vpn) this.storeTag[t] = -1;
    if (this.fetchTag[t] === vpn) this.fetchTag[t] = -1;
    this.generation++;
  }

  /** Caches a data translation to RAM offset `ramOff` of the page. */
  fillData(vpn: number, ramPageOff: number, load: boolean, store: boolean, mega: boolean): void {
    const t = vpn & TLB_MASK;
    this.loadTag[t] = load ? vpn : -1;
    this.storeTag[t] = store ? vpn : -1;
    this.dataOff[t] = ramPageOff;
    if (mega) this.megaEntries++;
  }

  fillFetch(vpn: number, ramPageOff: number, mega: boolean): void {
    const t = vpn & TLB_MASK;
    this.fetchTag[t] = vpn;
    this.fetchOff[t] = ramPageOff;
    if (mega) this.megaEntries++;
  }
}
