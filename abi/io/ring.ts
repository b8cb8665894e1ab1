/**
 * Generic shared ring — xen/include/public/io/ring.h (DEFINE_RING_TYPES).
 *
 * A shared page starts with this 64-byte header; entries (a union of request and
 * response) follow at offset 64. Entries = the largest power of two that fits in
 * (page - 64) / entry size. Indices run freely mod 2^32; slot = idx & (n - 1).
 * Producers write entries, barrier, then publish *_prod; a consumer sets
 * *_event = cons + 1 before sleeping, and a producer notifies exactly when the
 * peer's *_event lies in (old_prod, new_prod].
 */
import { defineStruct } from "../layout.js";

export const RING_HEADER_SIZE = 64;

export const sring_header = defineStruct("sring_header", "Header of a DEFINE_RING_TYPES shared ring.", [
  { name: "req_prod", type: "u32", doc: "Requests published by the front end.", owner: "GST", ctype: "RING_IDX" },
  { name: "req_event", type: "u32", doc: "Back end wants a notification when req_prod passes this.", owner: "both", ctype: "RING_IDX" },
  { name: "rsp_prod", type: "u32", doc: "Responses published by the back end.", owner: "both", ctype: "RING_IDX" },
  { name: "rsp_event", type: "u32", doc: "Front end wants a notification when rsp_prod passes this.", owner: "GST", ctype: "RING_IDX" },
  { name: "pvt", type: { array: "u8", length: 4 }, doc: "Per-protocol private bytes (pvt_pad).", ctype: "uint8_t" },
  { name: "__pad", type: { array: "u8", length: 44 }, doc: "Reserved, 0." },
]);

/** Ring entries that fit in `pageSize` bytes for an entry of `entrySize` bytes. */
export function ringSize(entrySize: number, pageSize = 4096): number {
  const n = Math.floor((pageSize - RING_HEADER_SIZE) / entrySize);
  if (n < 1) return 0;
  return 2 ** Math.floor(Math.log2(n));
}

export const RING_STRUCTS = [sring_header] as const;
