/** Builds small ELF32 RISC-V images for tests (not a test file itself). */
export interface FixtureSegment {
  type?: number;
  paddr: number;
  vaddr?: number;
  data: Uint8Array;
  memsz?: number;
  flags?: number;
}

export interface FixtureOptions {
  entry?: number;
  segments?: FixtureSegment[];
  /** Note records as (name, type, desc); placed in a PT_NOTE segment or, if noteSection, an SHT_NOTE section. */
  notes?: Array<[string, number, Uint8Array]>;
  noteSection?: boolean;
  symbols?: Record<string, number>;
}

const align4 = (n: number): number => (n + 3) & ~3;

export function noteBytes(notes: Array<[string, number, Uint8Array]>): Uint8Array {
  const parts: number[] = [];
  const enc = new TextEncoder();
  for (const [name, type, desc] of notes) {
    const nm = enc.encode(name + "\0");
    const words = [nm.length, desc.length, type];
    for (const w of words) parts.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
    const padName = new Uint8Array(align4(nm.length));
    padName.set(nm);
    const padDesc = new Uint8Array(align4(desc.length));
    padDesc.set(desc);
    parts.push(...padName, ...padDesc);
  }
  return Uint8Array.from(parts);
}

/** Returns the image bytes. Layout: header, phdrs, segment data, notes, strtabs, symtab, shdrs. */
export function buildElf(opts: FixtureOptions): Uint8Array {
  const segs = (opts.segments ?? []).map((s) => ({ ...s }));
  const notes = opts.notes ? noteBytes(opts.notes) : null;
  const notePhdr = notes !== null && !opts.noteSection;
  const phnum = segs.length + (notePhdr ? 1 : 0);
  const chunks: Uint8Array[] = [];
  let off = 52 + 32 * phnum;
  const segOffsets: number[] = [];
  for (const s of segs) {
    segOffsets.push(off);
    chunks.push(s.data);
    off = align4(off + s.data.length);
    if (s.data.length % 4 !== 0) chunks.push(new Uint8Array(align4(s.data.length) - s.data.length));
  }
  const noteOff = off;
  if (notes !== null) {
    chunks.push(notes);
    off += notes.length;
  }
  // section string table, symbol string table, symbol table
  const enc = new TextEncoder();
  const secNames = ["", ".text", ".shstrtab", ".strtab", ".symtab", ".note"];
  const shstr: number[] = [];
  const nameOff: number[] = [];
  for (const n of secNames) {
    nameOff.push(shstr.length);
    shstr.push(...enc.encode(n), 0);
  }
  const shstrOff = off;
  chunks.push(Uint8Array.from(shstr));
  off += shstr.length;
  const strtab: number[] = [0];
  const syms: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const [name, value] of Object.entries(opts.symbols ?? {})) {
    const no = strtab.length;
    strtab.push(...enc.encode(name), 0);
    const w = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
    syms.push(...w(no), ...w(value), ...w(0), 0x10, 0, 1, 0); // global, section 1
  }
  const strOff = off;
  chunks.push(Uint8Array.from(strtab));
  off += strtab.length;
  const pad = align4(off) - off;
  chunks.push(new Uint8Array(pad));
  off += pad;
  const symOff = off;
  chunks.push(Uint8Array.from(syms));
  off += syms.length;
  const shoff = off;
  const shdrs: number[][] = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [nameOff[1]!, 1, 6, segs[0]?.paddr ?? 0, segOffsets[0] ?? 0, segs[0]?.data.length ?? 0, 0, 0, 4, 0],
    [nameOff[2]!, 3, 0, 0, shstrOff, shstr.length, 0, 0, 1, 0],
    [nameOff[3]!, 3, 0, 0, strOff, strtab.length, 0, 0, 1, 0],
    [nameOff[4]!, 2, 0, 0, symOff, syms.length, 3, 1, 4, 16],
  ];
  if (notes !== null && opts.noteSection) shdrs.push([nameOff[5]!, 7, 2, 0, noteOff, notes.length, 0, 0, 4, 0]);
  const out = new Uint8Array(shoff + 40 * shdrs.length);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  dv.setUint16(16, 2, true);
  dv.setUint16(18, 243, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, opts.entry ?? segs[0]?.paddr ?? 0, true);
  dv.setUint32(28, phnum > 0 ? 52 : 0, true);
  dv.setUint32(32, shoff, true);
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, phnum, true);
  dv.setUint16(46, 40, true);
  dv.setUint16(48, shdrs.length, true);
  dv.setUint16(50, 2, true);
  segs.forEach((s, i) => {
    const o = 52 + 32 * i;
    const f = [s.type ?? 1, segOffsets[i]!, s.vaddr ?? s.paddr, s.paddr, s.data.length, s.memsz ?? s.data.length, s.flags ?? 5, 4];
    f.forEach((v, k) => dv.setUint32(o + 4 * k, v >>> 0, true));
  });
  if (notePhdr) {
    const o = 52 + 32 * segs.length;
    [4, noteOff, 0, 0, notes!.length, notes!.length, 4, 4].forEach((v, k) => dv.setUint32(o + 4 * k, v, true));
  }
  let p = 52 + 32 * phnum;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  shdrs.forEach((h, i) => h.forEach((v, k) => dv.setUint32(shoff + 40 * i + 4 * k, v >>> 0, true)));
  return out;
}

/** Encodes 32-bit words little-endian. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(4 * ws.length);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return b;
}
