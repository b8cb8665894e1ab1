/**
 * PV image decoding: a parsed ELF (structural input, so abi/ does not import
 * machine/) -> GuestImage, or an ImageError with one line naming what is wrong.
 *
 * Rules (DESIGN.md decision 5; libelf's checks where Xen has them):
 * - Only notes named "Xen" count. GUEST_OS, XEN_VERSION, VIRT_BASE, ENTRY and
 *   HYPERCALL_PAGE are required; no known note may appear twice.
 * - Numeric notes are 4 bytes, or 8 with a zero high word; string notes are
 *   NUL-terminated printable ASCII.
 * - XEN_VERSION starts with "xen-3.0"; GUEST_OS is one word; LOADER, if present,
 *   is "generic"; FEATURES names are known XENFEAT names.
 * - At least one PT_LOAD; loadable segments do not overlap, lie at or above
 *   VIRT_BASE and below the hypervisor hole, and have filesz <= memsz.
 * - ENTRY lies in an executable segment; HYPERCALL_PAGE is page-aligned and the
 *   whole page lies inside one loadable segment.
 */
import { ELFNOTE_DESC, XEN_ELFNOTE_NAME } from "./elfnote.js";
import { XENFEAT_NAMES } from "./features.js";
import { HYPERVISOR_VIRT_START, XEN_PAGE_SIZE } from "./xen.js";
import { hex32 } from "./hex.js";

export class ImageError extends Error {
  override name = "ImageError";
}

export interface ImageInput {
  entry: number;
  segments: { type: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: number }[];
  notes: { name: string; type: number; desc: Uint8Array }[];
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export interface ImageSegment { vaddr: number; paddr: number; filesz: number; memsz: number; flags: number }
export interface DecodedNote { type: number; name: string; value: number | string | Uint8Array }

export interface GuestImage {
  guestOs: string;
  xenVersion: string;
  guestVersion: string | null;
  loader: string | null;
  virtBase: number;
  paddrOffset: number;
  entry: number;
  hypercallPage: number;
  /** FEATURES names; `required` are those written with a leading '!'. */
  features: { required: string[]; optional: string[] };
  /** PT_LOAD segments with memsz > 0, sorted by vaddr. */
  segments: ImageSegment[];
  /** Lowest loaded VA, page-aligned down; end of the last segment, page-aligned up. */
  kernelStart: number;
  kernelEnd: number;
  /** Every Xen note, decoded by kind, in file order. */
  notes: DecodedNote[];
}

const REQUIRED = [6, 5, 3, 1, 2]; // GUEST_OS, XEN_VERSION, VIRT_BASE, ENTRY, HYPERCALL_PAGE
const noteName = (t: number): string => `XEN_ELFNOTE_${ELFNOTE_DESC[t]?.name ?? t}`;

function readInt(type: number, d: Uint8Array): number {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  if (d.length === 4) return v.getUint32(0, true);
  if (d.length === 8) {
    if (v.getUint32(4, true) !== 0) throw new ImageError(`${noteName(type)} does not fit in 32 bits`);
    return v.getUint32(0, true);
  }
  throw new ImageError(`${noteName(type)} has ${d.length} bytes of data, expected 4 or 8`);
}

function readString(type: number, d: Uint8Array): string {
  const nul = d.indexOf(0);
  if (nul < 0) throw new ImageError(`${noteName(type)} is not NUL-terminated`);
  let s = "";
  for (let i = 0; i < nul; i++) {
    const c = d[i]!;
    if (c < 0x20 || c > 0x7e) throw new ImageError(`${noteName(type)} has a non-printable byte at ${i}`);
    s += String.fromCharCode(c);
  }
  return s;
}

export function decodeImage(elf: ImageInput): GuestImage {
  const notes: DecodedNote[] = [];
  const byType = new Map<number, DecodedNote>();
  for (const n of elf.notes) {
    if (n.name !== XEN_ELFNOTE_NAME) continue;
    const desc = ELFNOTE_DESC[n.type];
    let value: number | string | Uint8Array;
    if (desc === undefined || desc.kind === "name") value = n.desc;
    else if (desc.kind === "int") value = readInt(n.type, n.desc);
    else value = readString(n.type, n.desc);
    const d: DecodedNote = { type: n.type, name: desc?.name ?? `unknown(${n.type})`, value };
    if (desc !== undefined && n.type !== 0) {
      if (byType.has(n.type)) throw new ImageError(`duplicate ${noteName(n.type)} note`);
      byType.set(n.type, d);
    }
    notes.push(d);
  }
  for (const t of REQUIRED) if (!byType.has(t)) throw new ImageError(`missing ${noteName(t)} note`);
  const num = (t: number, dflt: number): number => (byType.get(t)?.value as number | undefined) ?? dflt;
  const str = (t: number): string | null => (byType.get(t)?.value as string | undefined) ?? null;

  const guestOs = str(6)!;
  if (!/^[A-Za-z0-9._+-]+$/.test(guestOs)) throw new ImageError(`XEN_ELFNOTE_GUEST_OS '${guestOs}' is not one word of [A-Za-z0-9._+-]`);
  const xenVersion = str(5)!;
  if (!xenVersion.startsWith("xen-3.0")) throw new ImageError(`XEN_ELFNOTE_XEN_VERSION '${xenVersion}' does not start with 'xen-3.0'`);
  const loader = str(8);
  if (loader !== null && loader !== "generic") throw new ImageError(`XEN_ELFNOTE_LOADER '${loader}' is not 'generic'`);
  const features = { required: [] as string[], optional: [] as string[] };
  const featStr = str(10);
  if (featStr !== null && featStr !== "") {
    for (const raw of featStr.split("|")) {
      const req = raw.startsWith("!");
      const name = req ? raw.slice(1) : raw;
      if (!(name in XENFEAT_NAMES)) throw new ImageError(`XEN_ELFNOTE_FEATURES names unknown feature '${name}'`);
      (req ? features.required : features.optional).push(name);
    }
  }

  const virtBase = num(3, 0);
  if (virtBase % XEN_PAGE_SIZE !== 0) throw new ImageError(`XEN_ELFNOTE_VIRT_BASE ${hex32(virtBase)} is not page-aligned`);
  if (virtBase >= HYPERVISOR_VIRT_START) throw new ImageError(`XEN_ELFNOTE_VIRT_BASE ${hex32(virtBase)} is inside the hypervisor hole`);

  const segments: ImageSegment[] = elf.segments
    .filter((s) => s.type === PT_LOAD && s.memsz > 0)
    .map((s) => ({ vaddr: s.vaddr >>> 0, paddr: s.paddr >>> 0, filesz: s.filesz >>> 0, memsz: s.memsz >>> 0, flags: s.flags >>> 0 }))
    .sort((a, b) => a.vaddr - b.vaddr);
  if (segments.length === 0) throw new ImageError("no loadable segment");
  for (const [i, s] of segments.entries()) {
    if (s.filesz > s.memsz) throw new ImageError(`segment at ${hex32(s.vaddr)} has filesz ${s.filesz} > memsz ${s.memsz}`);
    if (s.vaddr < virtBase) throw new ImageError(`segment at ${hex32(s.vaddr)} lies below VIRT_BASE ${hex32(virtBase)}`);
    if (s.vaddr + s.memsz > HYPERVISOR_VIRT_START) throw new ImageError(`segment at ${hex32(s.vaddr)} reaches into the hypervisor hole`);
    const next = segments[i + 1];
    if (next !== undefined && s.vaddr + s.memsz > next.vaddr) {
      throw new ImageError(`segments at ${hex32(s.vaddr)} and ${hex32(next.vaddr)} overlap`);
    }
  }

  const entry = num(1, 0);
  if (!segments.some((s) => (s.flags & PF_X) !== 0 && entry >= s.vaddr && entry < s.vaddr + s.memsz)) {
    throw new ImageError(`entry ${hex32(entry)} is not inside an executable segment`);
  }
  const hypercallPage = num(2, 0);
  if (hypercallPage % XEN_PAGE_SIZE !== 0) throw new ImageError(`hypercall page ${hex32(hypercallPage)} is not page-aligned`);
  if (!segments.some((s) => hypercallPage >= s.vaddr && hypercallPage + XEN_PAGE_SIZE <= s.vaddr + s.memsz)) {
    throw new ImageError(`hypercall page ${hex32(hypercallPage)} is not inside the image`);
  }

  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const kernelStart = Math.floor(first.vaddr / XEN_PAGE_SIZE) * XEN_PAGE_SIZE;
  const kernelEnd = Math.ceil((last.vaddr + last.memsz) / XEN_PAGE_SIZE) * XEN_PAGE_SIZE;
  return {
    guestOs, xenVersion, guestVersion: str(7), loader, virtBase, paddrOffset: num(4, 0), entry, hypercallPage,
    features, segments, kernelStart, kernelEnd, notes,
  };
}
