/**
 * zod schemas for decoded ABI values where legality matters (CONVENTIONS §3:
 * schemas say what values are legal; layouts say where the bytes are). For tools,
 * configs and tests — never on hot paths.
 */
import { z } from "zod";
import { RV_TRAP_VECTORS, TI_FLAGS_VALID, XEN_RV32_FRAME_FLAGS_VALID } from "./arch_rv32.js";
import { CALLBACKF_mask_events, CALLBACKTYPE_event, CALLBACKTYPE_failsafe } from "./callback.js";
import { GTF_PAT, GTF_PCD, GTF_PWT, GTF_readonly, GTF_reading, GTF_sub_page, GTF_writing } from "./grant_table.js";
import { SHUTDOWN_MAX } from "./sched.js";
import { DOMID_FIRST_RESERVED, DOMID_IO, DOMID_SELF, DOMID_XEN, EVTCHN_2L_NR_CHANNELS, NR_VIRQS, UVMF_ALL, VIRQ_CLASS } from "./xen.js";
import { XENFEAT_NAMES } from "./features.js";

export const u32 = z.number().int().min(0).max(0xffffffff);
export const u16 = z.number().int().min(0).max(0xffff);
export const u8 = z.number().int().min(0).max(0xff);
const bitsWithin = (mask: number) => (v: number) => (v & ~mask) === 0;

/** An ordinary domain id, or one of the reserved ids a guest may name. */
export const domidSchema = u16.refine((d) => d < DOMID_FIRST_RESERVED || d === DOMID_SELF || d === DOMID_IO || d === DOMID_XEN,
  { message: "not a usable domain id" });
export const evtchnPortSchema = u32.max(EVTCHN_2L_NR_CHANNELS - 1);
export const virqSchema = z.number().int().min(0).max(NR_VIRQS - 1).refine((v) => VIRQ_CLASS[v] !== undefined, { message: "undefined VIRQ" });
export const shutdownReasonSchema = z.number().int().min(0).max(SHUTDOWN_MAX);

export const trapInfoSchema = z.object({
  vector: u8.refine((v) => RV_TRAP_VECTORS.includes(v), { message: "not a RISC-V exception code a trap table may name" }),
  flags: u8.refine(bitsWithin(TI_FLAGS_VALID), { message: "reserved trap_info flag bits set" }),
  _pad: z.literal(0),
  address: u32,
});

export const bounceFrameSchema = z.object({
  pc: u32, sp: u32, a0: u32, a1: u32,
  flags: u32.refine(bitsWithin(XEN_RV32_FRAME_FLAGS_VALID), { message: "reserved frame flag bits set" }),
  cause: u32, stval: u32, _pad: z.literal(0),
});

export const callbackRegisterSchema = z.object({
  type: z.union([z.literal(CALLBACKTYPE_event), z.literal(CALLBACKTYPE_failsafe)]),
  flags: u16.refine(bitsWithin(CALLBACKF_mask_events), { message: "unknown callback flags" }),
  address: u32,
});

/** Guest-written grant_entry_v1 flags: a type plus guest bits; never the hypervisor's reading/writing. */
export const grantFlagsSchema = u16.refine(bitsWithin(3 | GTF_readonly | GTF_PWT | GTF_PCD | GTF_PAT | GTF_sub_page | GTF_reading | GTF_writing),
  { message: "unknown grant flag bits" });

/** update_va_mapping flags: flush type | UVMF_LOCAL/UVMF_ALL, or a 4-byte-aligned bitmap address. */
export const uvmfFlagsSchema = u32;
export function uvmfTarget(flags: number): "local" | "all" | "multi" {
  const t = (flags & ~3) >>> 0;
  return t === 0 ? "local" : t === UVMF_ALL ? "all" : "multi";
}

export const featuresNoteSchema = z.string().refine((s) => s === "" || s.split("|").every((f) => (f.startsWith("!") ? f.slice(1) : f) in XENFEAT_NAMES),
  { message: "unknown XENFEAT name" });
