/** Builds valid (and deliberately broken) PV ELF images for the abi/ and cli tests. */
import { buildElf } from "../machine/elf_fixture.js";
import { PF_R, PF_W, PF_X } from "../../machine/elf.js";

export const BASE = 0x80000000;
export const HCALL = 0x80001000;

export const u32le = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
export const cstr = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");

export type Note = [string, number, Uint8Array];

export function defaultNotes(): Note[] {
  return [
    ["Xen", 6, cstr("pvkit-test")],
    ["Xen", 5, cstr("xen-3.0")],
    ["Xen", 3, u32le(BASE)],
    ["Xen", 1, u32le(BASE)],
    ["Xen", 2, u32le(HCALL)],
    ["Xen", 10, cstr("!writable_page_tables|dom0")],
    ["Xen", 8, cstr("generic")],
  ];
}

export interface PvImageOptions {
  notes?: Note[];
  /** Text segment: 2 pages of code then the transfer page; data segment after. */
  textVaddr?: number;
  textFlags?: number;
  dataVaddr?: number;
  dataMemsz?: number;
}

export function buildPvImage(o: PvImageOptions = {}): Uint8Array {
  const text = new Uint8Array(0x2000);
  const data = new Uint8Array(0x100);
  return buildElf({
    entry: BASE,
    segments: [
      { paddr: o.textVaddr ?? BASE, vaddr: o.textVaddr ?? BASE, data: text, flags: o.textFlags ?? (PF_R | PF_X) },
      { paddr: o.dataVaddr ?? BASE + 0x2000, vaddr: o.dataVaddr ?? BASE + 0x2000, data, memsz: o.dataMemsz ?? 0x3000, flags: PF_R | PF_W },
    ],
    notes: o.notes ?? defaultNotes(),
  });
}
