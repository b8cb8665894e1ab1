/**
 * ELF32 little-endian RISC-V executables: parse (`parseElf32`) and load (`loadElf`).
 *
 * Invariants:
 * - Every offset and size read from the file is bounds-checked before use; malformed
 *   input throws ElfError with one line naming what is wrong. Segment and section
 *   numbers in messages are 0-based indexes into their tables, as readelf prints them.
 * - The returned Elf32 is plain data; `bytes` is the input (not copied) so `loadElf`
 *   can copy segment contents.
 * - Notes come from PT_NOTE segments; only when there is no PT_NOTE, from SHT_NOTE
 *   sections. Symbols come from SHT_SYMTAB; a global or weak definition wins over a
 *   local one of the same name, otherwise the first one wins.
 */
import type { Bus } from "./bus.js";

export class ElfError extends Error {
  override name = "ElfError";
}

export const EM_RISCV = 243;
export const ET_EXEC = 2;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const SHT_SYMTAB = 2;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** Largest memory size a segment may claim (1 GiB); beyond it the file is broken. */
export const MAX_SEGMENT = 0x4000_0000;

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

export interface ElfSection {
  name: string;
  type: number;
  addr: number;
  offset: number;
  size: number;
  flags: number;
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Uint8Array;
}

export interface Elf32 {
  entry: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: Map<string, number>;
  notes: ElfNote[];
  bytes: Uint8Array;
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** Parses an ELF32 LE RISC-V ET_EXEC image. Throws ElfError on malformed input. */
export function parseElf32(bytes: Uint8Array): Elf32 {
  const len = bytes.length;
  if (len < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError("not an ELF file");
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[4] !== 1) throw new ElfError(`ELF class ${bytes[4]} is not ELF32`);
  if (bytes[5] !== 1) throw new ElfError(`ELF data encoding ${bytes[5]} is not little-endian`);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_RISCV) throw new ElfError(`machine ${machine} is not RISC-V`);
  if (type !== ET_EXEC) throw new ElfError(`ELF type ${type} is not ET_EXEC (an executable)`);
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize !== 32) throw new ElfError(`program header entry size ${phentsize} is not 32`);
    if (phoff + phnum * 32 > len) throw new ElfError("truncated program header table");
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * 32;
      const seg: ElfSegment = {
        type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), paddr: u32(o + 12),
        filesz: u32(o + 16), memsz: u32(o + 20), flags: u32(o + 24), align: u32(o + 28),
      };
      checkSegment(seg, i, len);
      segments.push(seg);
    }
    checkOverlaps(segments);
  }

  const sections = parseSections(bytes, dv, shoff, shentsize, shnum, shstrndx);
  const symbols = parseSymbols(bytes, dv, sections, shoff);
  const notes: ElfNote[] = [];
  const noteSegs = segments.filter((s) => s.type === PT_NOTE);
  if (noteSegs.length > 0) {
    segments.forEach((s, i) => {
      if (s.type === PT_NOTE) parseNotes(bytes, dv, s.offset, s.filesz, `segment ${i}`, notes);
    });
  } else {
    sections.forEach((s, i) => {
      if (s.type === SHT_NOTE) parseNotes(bytes, dv, s.offset, s.size, `section ${i} (${s.name})`, notes);
    });
  }
  return { entry, segments, sections, symbols, notes, bytes };
}

function checkSegment(s: ElfSegment, i: number, len: number): void {
  if (s.memsz > MAX_SEGMENT || s.filesz > MAX_SEGMENT) {
    throw new ElfError(`segment ${i}: segment size ${hex(Math.max(s.memsz, s.filesz))} is absurd`);
  }
  if (s.filesz > 0 && s.offset + s.filesz > len) throw new ElfError(`segment ${i} extends past the end of the file`);
  if (s.type === PT_LOAD && s.filesz > s.memsz) {
    throw new ElfError(`segment ${i} file size ${hex(s.filesz)} exceeds its memory size ${hex(s.memsz)}`);
  }
  if (s.type === PT_LOAD && s.paddr + s.memsz > 0x1_0000_0000) {
    throw new ElfError(`segment ${i} at ${hex(s.paddr)} runs past the end of the 32-bit address space`);
  }
}

function checkOverlaps(segs: readonly ElfSegment[]): void {
  for (let i = 0; i < segs.length; i++) {
    const a = segs[i]!;
    if (a.type !== PT_LOAD || a.memsz === 0) continue;
    for (let j = i + 1; j < segs.length; j++) {
      const b = segs[j]!;
      if (b.type !== PT_LOAD || b.memsz === 0) continue;
      if (a.paddr < b.paddr + b.memsz && b.paddr < a.paddr + a.memsz) {
        throw new ElfError(`segments ${i} and ${j} overlap`);
      }
    }
  }
}

function cString(bytes: Uint8Array, start: number, end: number, what: string): string {
  if (start >= end) throw new ElfError(`${what} is outside its string table`);
  let e = start;
  while (e < end && bytes[e] !== 0) e++;
  if (e >= end) throw new ElfError(`${what} is not NUL-terminated`);
  return new TextDecoder().decode(bytes.subarray(start, e));
}

function parseSections(
  bytes: Uint8Array, dv: DataView, shoff: number, shentsize: number, shnum: number, shstrndx: number,
): ElfSection[] {
  const len = bytes.length;
  if (shnum === 0 || shoff === 0) return [];
  if (shentsize !== 40) throw new ElfError(`section header entry size ${shentsize} is not 40`);
  if (shoff + shnum * 40 > len) throw new ElfError("truncated section header table");
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 40;
    const r = {
      nameOff: dv.getUint32(o, true), type: dv.getUint32(o + 4, true), flags: dv.getUint32(o + 8, true),
      addr: dv.getUint32(o + 12, true), offset: dv.getUint32(o + 16, true), size: dv.getUint32(o + 20, true),
    };
    if (r.type !== SHT_NOBITS && r.type !== 0 && r.offset + r.size > len) {
      throw new ElfError(`section ${i} extends past the end of the file`);
    }
    raw.push(r);
  }
  let strtab: { offset: number; size: number } | null = null;
  if (shstrndx !== 0) {
    const s = raw[shstrndx];
    if (s === undefined) throw new ElfError(`section name table index ${shstrndx} is out of range (${shnum} sections)`);
    strtab = s;
  }
  return raw.map((r, i) => ({
    name: strtab === null || (i === 0 && r.nameOff === 0)
      ? ""
      : cString(bytes, strtab.offset + r.nameOff, strtab.offset + strtab.size, `name of section ${i}`),
    type: r.type, addr: r.addr, offset: r.offset, size: r.size, flags: r.flags,
  }));
}

function parseSymbols(bytes: Uint8Array, dv: DataView, sections: readonly ElfSection[], shoff: number): Map<string, number> {
  const symbols = new Map<string, number>();
  const global = new Set<string>();
  sections.forEach((sec, i) => {
    if (sec.type !== SHT_SYMTAB) return;
    const link = dv.getUint32(shoff + i * 40 + 24, true);
    const str = sections[link];
    if (str === undefined) throw new ElfError(`symbol table (section ${i}) links to missing string table ${link}`);
    for (let o = sec.offset + 16; o + 16 <= sec.offset + sec.size; o += 16) {
      const nameOff = dv.getUint32(o, true);
      const value = dv.getUint32(o + 4, true);
      const bind = bytes[o + 12]! >>> 4;
      const shndx = dv.getUint16(o + 14, true);
      if (nameOff === 0 || shndx === 0) continue; // unnamed or undefined
      const name = cString(bytes, str.offset + nameOff, str.offset + str.size, `name of symbol at file offset ${hex(o)}`);
      const isGlobal = bind === 1 || bind === 2;
      if (!symbols.has(name) || (isGlobal && !global.has(name))) {
        symbols.set(name, value);
        if (isGlobal) global.add(name);
      }
    }
  });
  return symbols;
}

function parseNotes(bytes: Uint8Array, dv: DataView, start: number, size: number, where: string, out: ElfNote[]): void {
  const end = start + size;
  let o = start;
  while (o < end) {
    if (o + 12 > end) throw new ElfError(`truncated note in ${where}`);
    const namesz = dv.getUint32(o, true);
    const descsz = dv.getUint32(o + 4, true);
    const type = dv.getUint32(o + 8, true);
    const nameStart = o + 12;
    const descStart = nameStart + align4(namesz);
    const next = descStart + align4(descsz);
    if (namesz > size || descsz > size || descStart + descsz > end) throw new ElfError(`truncated note in ${where}`);
    let nameEnd = nameStart + namesz;
    if (namesz > 0 && bytes[nameEnd - 1] === 0) nameEnd--; // drop the terminating NUL
    out.push({
      name: new TextDecoder().decode(bytes.subarray(nameStart, nameEnd)),
      type,
      desc: bytes.slice(descStart, descStart + descsz),
    });
    o = next;
  }
}

const align4 = (n: number): number => (n + 3) & ~3;

/** Copies every PT_LOAD segment to its physical address; memsz beyond filesz is zeroed. */
export function loadElf(bus: Bus, elf: Elf32): void {
  const last = hex(bus.ramBase + bus.ramSize - 1);
  let loaded = 0;
  elf.segments.forEach((s, i) => {
    if (s.type !== PT_LOAD || s.memsz === 0) return;
    if (!bus.isRam(s.paddr, s.memsz)) {
      throw new ElfError(`segment ${i} at ${hex(s.paddr)} is outside RAM ${hex(bus.ramBase)}-${last}`);
    }
    bus.writeBytes(s.paddr, elf.bytes.subarray(s.offset, s.offset + s.filesz));
    bus.fill(s.paddr + s.filesz, s.memsz - s.filesz, 0);
    loaded++;
  });
  if (loaded === 0) throw new ElfError("no loadable segment");
}
