/**
 * The hypercall fuzzer's generator, shared by the microxen and full Xen suites: a
 * seeded PRNG (deterministic: the same seed gives the same calls) and argument
 * choices biased toward the values that break hypervisors — 0, -1, small and huge
 * counts, pointers into the guest's own memory, into its page tables, into the
 * hypervisor hole, unmapped and unaligned pointers, port numbers around 1024, the
 * reserved domids, and machine frame numbers of the guest's own tables.
 *
 * Iterations: PVKIT_FUZZ_ITERS (default per suite), seed: PVKIT_FUZZ_SEED.
 */
import { ERRNO_NAMES, INTERNAL_ERRNOS } from "../../abi/errno.js";
import { HYPERCALLS } from "../../abi/hypercalls.js";

/** mulberry32: a small, fast 32-bit PRNG with a good spread. */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** 0 .. n-1 */
  below(n: number): number {
    return this.u32() % n;
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
}

export function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name}=${v}: not a non-negative integer`);
  return n;
}

export const FUZZ_SEED = envInt("PVKIT_FUZZ_SEED", 0x5eed);

/** What the generator knows about the guest it attacks. */
export interface FuzzTarget {
  /** Guest VA of a writable scratch area (>= 8 KiB) the generator may fill. */
  scratch: number;
  /** Guest VAs worth pointing at: start_info, the page tables, code, stack... */
  vas: readonly number[];
  /** Machine frames worth naming: the guest's page tables, its own frames, others'. */
  mfns: readonly number[];
  /** The guest's own page-table frames: the root first, then its L1 tables. */
  ptMfns: readonly number[];
  /** A few of the guest's own ordinary frames. */
  ownMfns: readonly number[];
  /** Domain ids worth naming (own id, others, reserved ones are added). */
  domids: readonly number[];
  /** Writes bytes at a guest VA (the scratch area); false if it could not. */
  poke(va: number, bytes: Uint8Array): boolean;
}

const HOLE = 0xfc000000;
const DOMIDS = [0, 1, 2, 3, 0x7ff0, 0x7ff1, 0x7ff2, 0x7ff3, 0x7ff4, 0x7ff5, 0x7fff, 0xffff];
const PORTS = [0, 1, 2, 3, 4, 31, 32, 1022, 1023, 1024, 1025, 4095, 0xffff];
const COUNTS = [0, 1, 2, 3, 4, 8, 16, 255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
const WORDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const BAD_VAS = [0, 4, 0x1000, 0x40000000, 0x7ffff000, 0xbffffffc, HOLE, HOLE + 0x1000, 0xfe000000, 0xffc00000, 0xffc02000, 0xfffff000, 0xfffffffc, 0xffffffff];

/** Implemented-or-not, every number 0..127 can come up; the known ones more often. */
const KNOWN_NRS = HYPERCALLS.map((h) => h.nr);

export class ArgGen {
  readonly r: Prng;
  readonly t: FuzzTarget;
  /** The numbers the hypervisor implements: most calls go there. */
  readonly implemented: readonly number[];

  constructor(r: Prng, t: FuzzTarget, implemented: readonly number[]) {
    this.r = r;
    this.t = t;
    this.implemented = implemented;
  }

  nr(): number {
    const r = this.r;
    if (r.chance(0.85)) return r.pick(this.implemented);
    return r.chance(0.5) ? r.pick(KNOWN_NRS) : r.below(128);
  }

  /** A sub-op number: mostly the small ones every op family uses. */
  subop(): number {
    return this.r.chance(0.8) ? this.r.below(16) : this.r.below(48);
  }

  ptr(): number {
    const r = this.r;
    const t = this.t;
    switch (r.below(6)) {
      case 0: case 1: return (t.scratch + 8 * r.below(512)) >>> 0;
      case 2: return (r.pick(t.vas) + 4 * r.below(1024)) >>> 0;
      case 3: return (t.scratch + 4 * r.below(256) + 1 + r.below(3)) >>> 0; // unaligned
      case 4: return (r.pick(BAD_VAS) + (r.chance(0.5) ? 0 : r.below(0x1000))) >>> 0;
      default: return (t.scratch + 0x2000 - 1 - r.below(8)) >>> 0; // straddles the end
    }
  }

  /** Any argument: a pointer, a count, a port, a domid, an mfn, a word or noise. */
  arg(): number {
    const r = this.r;
    switch (r.below(9)) {
      case 0: case 1: return this.ptr();
      case 2: return r.pick(COUNTS);
      case 3: return r.pick(PORTS);
      case 4: return r.pick(this.t.domids.length > 0 && r.chance(0.5) ? this.t.domids : DOMIDS);
      case 5: return this.mfn();
      case 6: return r.pick(WORDS);
      case 7: return r.below(48); // sub-op numbers, small indices
      default: return r.u32();
    }
  }

  mfn(): number {
    const r = this.r;
    if (this.t.mfns.length === 0 || r.chance(0.2)) return r.pick([0, 1, 0x7ffff, 0x80000, 0x80400, 0xfffff, 0xffffffff]);
    return this.t.mfns[r.below(this.t.mfns.length)]!;
  }

  /** A word to store in guest memory: arguments plus machine addresses of PTEs (mmu_update ptrs). */
  word(): number {
    const r = this.r;
    if (r.chance(0.15)) return ((this.mfn() << 12) + 4 * r.below(1024) + r.below(4)) >>> 0;
    if (r.chance(0.1)) return (((this.mfn() << 10) | r.pick([0x1, 0x3, 0x7, 0xf, 0xcf, 0xc7, 0xd7, 0x0b, 0x5])) >>> 0);
    return this.arg();
  }

  /** Refills part of the scratch area: random words, sometimes well-formed multicall entries. */
  fillScratch(): void {
    const r = this.r;
    const n = 64 + r.below(192);
    const b = new Uint8Array(n * 4);
    const v = new DataView(b.buffer);
    for (let i = 0; i < n; i++) v.setUint32(i * 4, this.word(), true);
    if (r.chance(0.3)) {
      // multicall_entry {op; result; args[6]} = 32 bytes
      for (let e = 0; e + 32 <= b.length; e += 32) {
        v.setUint32(e, r.chance(0.9) ? this.nr() : this.word(), true);
        for (let k = 8; k < 32; k += 4) v.setUint32(e + k, this.arg(), true);
      }
    }
    const at = (this.t.scratch + 4 * r.below(2048 - n)) >>> 0;
    this.t.poke(at, b);
  }
}

const PTE_FLAGS = [0, 0x1, 0x3, 0x7, 0xb, 0xf, 0x5, 0x9, 0xc7, 0xcf, 0x11, 0x13, 0x17, 0x21, 0x41, 0x83, 0xff];

/** Well-formed-looking requests for the memory-management hypercalls, so they get past the first checks. */
export class MmGen {
  private readonly g: ArgGen;

  constructor(g: ArgGen) {
    this.g = g;
  }

  private frame(): number {
    const r = this.g.r;
    const t = this.g.t;
    if (r.chance(0.4) && t.ptMfns.length > 0) return r.pick(t.ptMfns);
    if (r.chance(0.8) && t.ownMfns.length > 0) return r.pick(t.ownMfns);
    return this.g.mfn();
  }

  pte(): number {
    const r = this.g.r;
    if (r.chance(0.1)) return 0;
    return ((this.frame() << 10) | r.pick(PTE_FLAGS)) >>> 0;
  }

  /** A page-table entry's machine address | MMU_* type (mostly MMU_NORMAL_PT_UPDATE). */
  ptr(): number {
    const r = this.g.r;
    const t = this.g.t;
    const table = r.chance(0.8) && t.ptMfns.length > 0 ? r.pick(t.ptMfns) : this.frame();
    const idx = r.chance(0.2) ? 1008 + r.below(16) : r.below(1024);
    const type = r.chance(0.8) ? 0 : r.below(4);
    return ((table << 12) + idx * 4 + type) >>> 0;
  }

  private words(at: number, ws: readonly number[]): void {
    const b = new Uint8Array(ws.length * 4);
    const v = new DataView(b.buffer);
    ws.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
    this.g.t.poke(at, b);
  }

  private dom(): number {
    const r = this.g.r;
    return r.chance(0.8) ? 0x7ff0 : this.g.arg();
  }

  private count(): number {
    const r = this.g.r;
    return r.chance(0.85) ? 1 + r.below(4) : r.pick(COUNTS);
  }

  /** Arguments for hypercall nr (mmu_update 1, update_va_mapping 14, mmuext_op 26), or null. */
  args(nr: number): number[] | null {
    const r = this.g.r;
    const t = this.g.t;
    const reqs = (t.scratch + 0x1000) >>> 0;
    const done = r.chance(0.5) ? 0 : (t.scratch + 0x1ff0) >>> 0;
    if (nr === 1) {
      const ws: number[] = [];
      for (let i = 0; i < 4; i++) ws.push(this.ptr(), 0, this.pte(), r.chance(0.95) ? 0 : r.u32());
      this.words(reqs, ws);
      return [reqs, this.count(), done, this.dom(), 0];
    }
    if (nr === 14) {
      const va = r.chance(0.8) ? (this.g.r.pick(t.vas) & ~0xfff) >>> 0 : this.g.ptr() & ~0xfff;
      return [va, this.pte(), r.chance(0.95) ? 0 : 1, r.chance(0.8) ? r.below(4) : this.g.arg(), 0];
    }
    if (nr === 26) {
      const ws: number[] = [];
      for (let i = 0; i < 4; i++) ws.push(r.chance(0.9) ? r.below(21) : this.g.arg(), r.chance(0.8) ? this.frame() : this.g.ptr(), r.chance(0.5) ? this.g.ptr() : r.below(4));
      this.words(reqs, ws);
      return [reqs, this.count(), done, this.dom(), 0];
    }
    return null;
  }
}

const KNOWN = new Set(Object.entries(ERRNO_NAMES).filter(([n]) => !INTERNAL_ERRNOS.includes(n)).map(([, v]) => v));

/**
 * Why a hypercall result is not acceptable, or null: it must be an integer that fits
 * a0 (i32 or u32), and a small negative value must be a public, guest-visible errno.
 */
export function badResult(rc: unknown): string | null {
  if (typeof rc !== "number" || !Number.isInteger(rc)) return `not an integer: ${String(rc)}`;
  if (rc < -0x8000_0000 || rc > 0xffff_ffff) return `does not fit a register: ${rc}`;
  const s = rc | 0;
  if (s < 0 && s > -4096 && !KNOWN.has(-s)) return `unknown errno ${s}`;
  return null;
}

export const hex = (x: number): string => `0x${(x >>> 0).toString(16)}`;
