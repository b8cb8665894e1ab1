/**
 * The invariant checker: recounts every reference from scratch and compares.
 *
 * Walks every frame, every validated table and every base pointer, and reports (as
 * text, one line per violation; empty = healthy):
 * - general and type counts that differ from the references found (allocation, pins,
 *   base pointers, entries of validated tables);
 * - a frame typed L1/L2 mapped writable anywhere, a table in use but not validated;
 * - a present entry of a validated table that breaks the validation rules or maps a
 *   frame of another owner (unless the table owner is privileged, or a grant allows it);
 * - hole slots of a validated root that are not the hypervisor's entries;
 * - free frames with an owner, counts or flags, or disagreeing with the allocator;
 * - tot_pages not equal to the frames owned; p2m entries naming frames not owned.
 * It only reads; it is for tests and debugging, not for hot paths.
 */
import type { MmContext } from "./context.js";
import { INVALID_M2P } from "./context.js";
import { INVALID_MFN, NO_BASE } from "./domain.js";
import {
  FRAME_ALLOCATED, FRAME_PINNED, FRAME_VALIDATED, OWNER_NONE, PGT_l1_page_table,
  PGT_l2_page_table, PGT_writable_page,
} from "./frame_table.js";
import { checkL1e, checkL2e } from "./pt_validate.js";
import { HOLE_FIRST_SLOT, HOLE_SLOTS, PTE_G, PTE_U, PTE_V, PT_ENTRIES, isWritableLeaf, pteMfn, readPte } from "./pte.js";

export function checkMm(ctx: MmContext): string[] {
  const f = ctx.frames;
  const n = f.nFrames;
  const out: string[] = [];
  const gc = new Uint32Array(n);
  const tc = new Uint32Array(n);
  const writers = new Uint32Array(n);
  const hole = new Uint32Array(HOLE_SLOTS);
  const hex = (mfn: number): string => `0x${mfn.toString(16)}`;

  for (let i = 0; i < n; i++) {
    const fl = f.flags[i]!;
    if ((fl & FRAME_ALLOCATED) !== 0) gc[i]!++;
    if ((fl & FRAME_PINNED) !== 0) {
      gc[i]!++;
      tc[i]!++;
      if (f.type[i] !== PGT_l1_page_table && f.type[i] !== PGT_l2_page_table) out.push(`pinned non-table: ${f.describe(i)}`);
    }
  }
  ctx.hooks.externalRefs((mfn, general, type) => {
    const i = f.index(mfn);
    if (i < 0) { out.push(`external reference to non-RAM ${hex(mfn)}`); return; }
    gc[i]! += general;
    tc[i]! += type;
  });
  for (const d of ctx.domains()) {
    for (let v = 0; v < d.base.length; v++) {
      const b = d.base[v]!;
      if (b === NO_BASE) continue;
      const i = f.index(b);
      if (i < 0) { out.push(`d${d.domid} v${v}: base ${hex(b)} is not RAM`); continue; }
      gc[i]!++;
      tc[i]!++;
      if (f.type[i] !== PGT_l2_page_table) out.push(`d${d.domid} v${v}: base is not a root: ${f.describe(i)}`);
      if (f.owner[i] !== d.domid) out.push(`d${d.domid} v${v}: base of another owner: ${f.describe(i)}`);
    }
  }

  for (let i = 0; i < n; i++) {
    const t = f.type[i]!;
    const inUse = f.typeCount[i]! > 0;
    if (!inUse || (t !== PGT_l1_page_table && t !== PGT_l2_page_table)) continue;
    const mfn = f.mfnOf(i);
    if ((f.flags[i]! & FRAME_VALIDATED) === 0) { out.push(`table in use but not validated: ${f.describe(i)}`); continue; }
    const tableOwner = ctx.domain(f.owner[i]!);
    const limit = t === PGT_l2_page_table ? HOLE_FIRST_SLOT : PT_ENTRIES;
    for (let k = 0; k < limit; k++) {
      const pte = readPte(ctx.bus, mfn, k);
      if ((pte & PTE_V) === 0) continue;
      const where = `${hex(mfn)}[${k}] = ${hex(pte)}`;
      const tgt = pteMfn(pte);
      const j = f.index(tgt);
      if (j < 0) { out.push(`${where}: maps non-RAM`); continue; }
      gc[j]!++;
      if (t === PGT_l2_page_table) {
        if (checkL2e(pte) !== 0 || (pte & PTE_G) !== 0) out.push(`${where}: bad root entry`);
        tc[j]!++;
        if (f.type[j] !== PGT_l1_page_table) out.push(`${where}: points to a non-L1: ${f.describe(j)}`);
        if (f.owner[j] !== f.owner[i]) out.push(`${where}: points to a table of another owner`);
      } else {
        if (checkL1e(pte) !== 0 || (pte & PTE_U) === 0 || (pte & PTE_G) !== 0) out.push(`${where}: bad leaf entry`);
        if (isWritableLeaf(pte)) { tc[j]!++; writers[j]!++; }
        const sameOwner = f.owner[j] === f.owner[i];
        const allowed = sameOwner || (tableOwner !== null && (tableOwner.isPrivileged ||
          ctx.hooks.grantMapAllowed(tableOwner, tgt, isWritableLeaf(pte))));
        if (!allowed) out.push(`${where}: maps a frame of d${f.owner[j]} from a table of d${f.owner[i]}`);
      }
    }
    if (t === PGT_l2_page_table) {
      if (tableOwner === null) out.push(`root ${hex(mfn)} has no registered owner`);
      else ctx.hooks.holeEntries(tableOwner, hole);
      for (let k = HOLE_FIRST_SLOT; k < PT_ENTRIES; k++) {
        if (readPte(ctx.bus, mfn, k) !== hole[k - HOLE_FIRST_SLOT]) out.push(`${hex(mfn)}[${k}]: hole slot is not the hypervisor's entry`);
      }
    }
  }

  const owned = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const o = f.owner[i]!;
    if (o === OWNER_NONE) {
      if (f.count[i] !== 0 || f.typeCount[i] !== 0 || f.flags[i] !== 0) out.push(`free frame with state: ${f.describe(i)}`);
      if (!ctx.alloc.isFree(i)) out.push(`free frame not in the allocator: ${f.describe(i)}`);
      if (ctx.m2p[i] !== INVALID_M2P) out.push(`free frame with an m2p entry: ${f.describe(i)}`);
      continue;
    }
    owned.set(o, (owned.get(o) ?? 0) + 1);
    if (ctx.alloc.isFree(i)) out.push(`owned frame in the allocator: ${f.describe(i)}`);
    if (f.count[i] === 0) out.push(`owned frame with no reference: ${f.describe(i)}`);
    if (f.count[i] !== gc[i]) out.push(`general count ${f.count[i]} != ${gc[i]} found: ${f.describe(i)}`);
    if (f.typeCount[i] !== tc[i]) out.push(`type count ${f.typeCount[i]} != ${tc[i]} found: ${f.describe(i)}`);
    if (writers[i]! > 0 && f.type[i] !== PGT_writable_page) out.push(`mapped writable but typed ${f.describe(i)}`);
  }
  for (const d of ctx.domains()) {
    const have = owned.get(d.domid) ?? 0;
    if (d.totPages !== have) out.push(`d${d.domid}: tot_pages ${d.totPages} != ${have} frames owned`);
    if (d.totPages > d.maxPages && !d.isDying) out.push(`d${d.domid}: tot_pages ${d.totPages} > max_pages ${d.maxPages}`);
    for (let p = 0; p < d.p2m.length; p++) {
      const m = d.p2m[p]!;
      if (m === INVALID_MFN) continue;
      const i = f.index(m);
      if (i < 0 || f.owner[i] !== d.domid) out.push(`d${d.domid}: p2m[${p}] = ${hex(m)} is not its frame`);
      else if (ctx.m2p[i] !== p) out.push(`d${d.domid}: p2m[${p}] = ${hex(m)} but m2p says ${ctx.m2p[i]}`);
    }
  }
  return out;
}
