/**
 * Block device protocol — xen/include/public/io/blkif.h. Requests and responses
 * travel on a DEFINE_RING_TYPES ring (ring.ts). On rv32 `id` and `sector_number`
 * are 8-byte aligned, so a request is 112 bytes (the x86_64/arm layout); a front
 * end writes "rv32-abi" in its xenstore "protocol" node.
 */
import { defineStruct } from "../layout.js";

export const BLKIF_OP_READ = 0;
export const BLKIF_OP_WRITE = 1;
export const BLKIF_OP_WRITE_BARRIER = 2;
export const BLKIF_OP_FLUSH_DISKCACHE = 3;
export const BLKIF_OP_RESERVED_1 = 4;
export const BLKIF_OP_DISCARD = 5;
export const BLKIF_OP_INDIRECT = 6;

/** blkif_request_discard.flag: secure erase (ignored unless the back end offers discard-secure). */
export const BLKIF_DISCARD_SECURE = 1 << 0;
export const BLKIF_MAX_SEGMENTS_PER_REQUEST = 11;
export const BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST = 8;
export const BLKIF_RSP_OKAY = 0;
export const BLKIF_RSP_ERROR = -1;
export const BLKIF_RSP_EOPNOTSUPP = -2;
export const VDISK_CDROM = 1;
export const VDISK_REMOVABLE = 2;
export const VDISK_READONLY = 4;
export const XEN_IO_PROTO_ABI_RV32 = "rv32-abi";

export const blkif_request_segment = defineStruct("blkif_request_segment", "One granted frame of a request.", [
  { name: "gref", type: "u32", doc: "Grant of the frame.", ctype: "grant_ref_t" },
  { name: "first_sect", type: "u8", doc: "First 512-byte sector in the frame (inclusive)." },
  { name: "last_sect", type: "u8", doc: "Last sector (inclusive)." },
]);
export const blkif_request = defineStruct("blkif_request", "A block request.", [
  { name: "operation", type: "u8", doc: "BLKIF_OP_*." },
  { name: "nr_segments", type: "u8", doc: "1..BLKIF_MAX_SEGMENTS_PER_REQUEST." },
  { name: "handle", type: "u16", doc: "Virtual device.", ctype: "blkif_vdev_t" },
  { name: "id", type: "u64", doc: "Echoed in the response." },
  { name: "sector_number", type: "u64", doc: "Start sector (512-byte units).", ctype: "blkif_sector_t" },
  { name: "seg", type: { array: { struct: blkif_request_segment }, length: 11 }, doc: "Segments.", ctype: "struct blkif_request_segment" },
]);
export const blkif_response = defineStruct("blkif_response", "A block response.", [
  { name: "id", type: "u64", doc: "From the request." },
  { name: "operation", type: "u8", doc: "From the request." },
  { name: "status", type: "i16", doc: "BLKIF_RSP_*.", ctype: "int16_t" },
]);

export const BLKIF_STRUCTS = [blkif_request_segment, blkif_request, blkif_response] as const;
