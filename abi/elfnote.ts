/**
 * ELF notes of a PV image — xen/include/public/elfnote.h. Notes live in a PT_NOTE
 * segment with name "Xen". Numeric notes are 4 or 8 bytes little-endian (rv32
 * images use 4); string notes are NUL-terminated.
 */
export const XEN_ELFNOTE_INFO = 0;
export const XEN_ELFNOTE_ENTRY = 1;
export const XEN_ELFNOTE_HYPERCALL_PAGE = 2;
export const XEN_ELFNOTE_VIRT_BASE = 3;
export const XEN_ELFNOTE_PADDR_OFFSET = 4;
export const XEN_ELFNOTE_XEN_VERSION = 5;
export const XEN_ELFNOTE_GUEST_OS = 6;
export const XEN_ELFNOTE_GUEST_VERSION = 7;
export const XEN_ELFNOTE_LOADER = 8;
export const XEN_ELFNOTE_PAE_MODE = 9;
export const XEN_ELFNOTE_FEATURES = 10;
export const XEN_ELFNOTE_BSD_SYMTAB = 11;
export const XEN_ELFNOTE_HV_START_LOW = 12;
export const XEN_ELFNOTE_L1_MFN_VALID = 13;
export const XEN_ELFNOTE_SUSPEND_CANCEL = 14;
export const XEN_ELFNOTE_INIT_P2M = 15;
export const XEN_ELFNOTE_MOD_START_PFN = 16;
export const XEN_ELFNOTE_SUPPORTED_FEATURES = 17;
export const XEN_ELFNOTE_PHYS32_ENTRY = 18;
export const XEN_ELFNOTE_PHYS32_RELOC = 19;
export const XEN_ELFNOTE_MAX = 19;
export const XEN_ELFNOTE_CRASH_INFO = 0x1000001;
export const XEN_ELFNOTE_CRASH_REGS = 0x1000002;
export const XEN_ELFNOTE_DUMPCORE_NONE = 0x2000000;
export const XEN_ELFNOTE_DUMPCORE_HEADER = 0x2000001;
export const XEN_ELFNOTE_DUMPCORE_XEN_VERSION = 0x2000002;
export const XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION = 0x2000003;

export const XEN_ELFNOTE_NAME = "Xen";

export type NoteKind = "int" | "string" | "name";
/** How each note's descriptor is read (libelf's note_desc[] kinds), with its name. */
export const ELFNOTE_DESC: Readonly<Record<number, { name: string; kind: NoteKind }>> = Object.freeze({
  0: { name: "INFO", kind: "string" },
  1: { name: "ENTRY", kind: "int" },
  2: { name: "HYPERCALL_PAGE", kind: "int" },
  3: { name: "VIRT_BASE", kind: "int" },
  4: { name: "PADDR_OFFSET", kind: "int" },
  5: { name: "XEN_VERSION", kind: "string" },
  6: { name: "GUEST_OS", kind: "string" },
  7: { name: "GUEST_VERSION", kind: "string" },
  8: { name: "LOADER", kind: "string" },
  9: { name: "PAE_MODE", kind: "string" },
  10: { name: "FEATURES", kind: "string" },
  11: { name: "BSD_SYMTAB", kind: "string" },
  12: { name: "HV_START_LOW", kind: "int" },
  13: { name: "L1_MFN_VALID", kind: "name" },
  14: { name: "SUSPEND_CANCEL", kind: "int" },
  15: { name: "INIT_P2M", kind: "int" },
  16: { name: "MOD_START_PFN", kind: "int" },
  17: { name: "SUPPORTED_FEATURES", kind: "int" },
  18: { name: "PHYS32_ENTRY", kind: "int" },
  19: { name: "PHYS32_RELOC", kind: "name" },
});
