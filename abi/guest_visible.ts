/**
 * Values a guest can see that are not numbers of Xen's ABI but choices of pvkit's,
 * and that both hypervisors must give alike so one image behaves the same on both
 * (docs/abi.md "Guest-visible values"; checked by `pvkit certify`).
 *
 * - xen_version: XENVER_version is 4.21 with extraversion "-pvkit"; capabilities is
 *   the start-info magic; changeset and compile info are fixed strings (no dates:
 *   runs stay reproducible). XENVER_guest_handle is the domain id, big-endian, in
 *   the last two bytes of the 16. XENVER_commandline(2) and XENVER_build_id are
 *   privileged (-EPERM for a domU, as Xen's default XSM policy); a privileged
 *   domain gets an empty command line and -ENODATA for the build id.
 * - XENVER_get_features submap 0: XENFEAT_mmu_pt_update_preserve_ad (both apply
 *   MMU_PT_UPDATE_PRESERVE_AD), plus XENFEAT_dom0 for a privileged domain. Not
 *   writable_page_tables: page tables are read-only to the guest on both.
 * - vcpu_time_info: system time is ns since machine reset, 100 ns per tick of the
 *   10 MHz `time` counter, published once: tsc_timestamp = system_time = 0,
 *   tsc_to_system_mul = 0xC8000000 with tsc_shift 7 (ticks << 7 * mul >> 32 =
 *   ticks * 100), version 2 (even: stable), flags XEN_PVCLOCK_TSC_STABLE_BIT.
 * - Shutdown code: the code a shutdown reports is the one SCHEDOP_shutdown_code
 *   set, else the reason (Xen's domain_shutdown).
 * - Limits of one hypercall (pvkit has no continuations): a trap table of more than
 *   XEN_MAX_TRAP_ENTRIES entries, a SCHEDOP_poll of more than XEN_MAX_POLL_PORTS ports,
 *   a multicall of more than XEN_MAX_MULTICALL entries and an mmu_update or mmuext_op
 *   batch of more than XEN_MAX_MMU_BATCH requests are -EINVAL. A count with
 *   MMU_UPDATE_PREEMPTED set is such a count: a guest cannot resume a continuation.
 */
import { XENFEAT_dom0, XENFEAT_mmu_pt_update_preserve_ad } from "./features.js";
import { offsetOf } from "./layout.js";
import { vcpu_info, XEN_PVCLOCK_TSC_STABLE_BIT, XEN_START_INFO_MAGIC } from "./xen.js";

export const XEN_VERSION_MAJOR = 4;
export const XEN_VERSION_MINOR = 21;
/** XENVER_version's result: (major << 16) | minor. */
export const XEN_VERSION_CODE = ((XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR) >>> 0;
export const XEN_EXTRAVERSION = "-pvkit";
export const XEN_CAPABILITIES = XEN_START_INFO_MAGIC;
export const XEN_CHANGESET = "pvkit";
/** XENVER_compile_info fields, in struct order (compiler, compile_by, compile_domain, compile_date). */
export const XEN_COMPILE_INFO: readonly (readonly [string, number])[] = Object.freeze([
  ["typescript", 64], ["pvkit", 16], ["pvkit", 32], ["", 32],
] as const);

/**
 * Strings in fixed-size fields, in order (e.g. XEN_COMPILE_INFO): each ASCII
 * character masked to 7 bits, at most size - 1 of them, NUL-padded to its size.
 */
export function encodeFixedStrings(fields: readonly (readonly [string, number])[]): Uint8Array {
  let total = 0;
  for (const [, size] of fields) total += size;
  const out = new Uint8Array(total);
  let off = 0;
  for (const [text, size] of fields) {
    const n = Math.min(text.length, size - 1);
    for (let i = 0; i < n; i++) out[off + i] = text.charCodeAt(i) & 0x7f;
    off += size;
  }
  return out;
}

/** A string for a xen_varbuf (the *2 sub-ops): its ASCII bytes, no NUL. */
export function encodeVarbufString(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}

/** XENVER_get_features, submap 0. */
export function xenFeaturesSubmap0(privileged: boolean): number {
  let map = 1 << XENFEAT_mmu_pt_update_preserve_ad;
  if (privileged) map |= 1 << XENFEAT_dom0;
  return map >>> 0;
}

/** XENVER_guest_handle: 16 bytes, the domain id big-endian in bytes 14..15. */
export function guestHandle(domid: number): Uint8Array {
  const h = new Uint8Array(16);
  h[14] = (domid >>> 8) & 0xff;
  h[15] = domid & 0xff;
  return h;
}

/** Time: ns per tick of the RISC-V `time` counter (10 MHz). */
export const VCPU_TIME_NS_PER_TICK = 100;
/** tsc_to_system_mul: 0xC8000000 = 100 * 2^32 / 2^7. */
export const VCPU_TIME_MUL = 0xc8000000;
export const VCPU_TIME_SHIFT = 7;
/** The record is written once and stays even. */
export const VCPU_TIME_VERSION = 2;
export const VCPU_TIME_FLAGS = XEN_PVCLOCK_TSC_STABLE_BIT;

const TIME_AT = {
  version: offsetOf(vcpu_info, "time.version"),
  tsc: offsetOf(vcpu_info, "time.tsc_timestamp"),
  sys: offsetOf(vcpu_info, "time.system_time"),
  mul: offsetOf(vcpu_info, "time.tsc_to_system_mul"),
  shift: offsetOf(vcpu_info, "time.tsc_shift"),
  flags: offsetOf(vcpu_info, "time.flags"),
};

/** Writes the time record (the values above) of the vcpu_info at `offset` in `view`. */
export function writeVcpuTimeInfo(view: DataView, offset: number): void {
  view.setUint32(offset + TIME_AT.version, VCPU_TIME_VERSION, true);
  view.setUint32(offset + TIME_AT.tsc, 0, true);
  view.setUint32(offset + TIME_AT.tsc + 4, 0, true);
  view.setUint32(offset + TIME_AT.sys, 0, true);
  view.setUint32(offset + TIME_AT.sys + 4, 0, true);
  view.setUint32(offset + TIME_AT.mul, VCPU_TIME_MUL, true);
  view.setInt8(offset + TIME_AT.shift, VCPU_TIME_SHIFT);
  view.setUint8(offset + TIME_AT.flags, VCPU_TIME_FLAGS);
}

/** The code a shutdown reports: SCHEDOP_shutdown_code's if one was set (>= 0), else the reason. */
export function shutdownCodeOf(reason: number, codeSet: number): number {
  return codeSet >= 0 ? codeSet : reason;
}

/** Most entries set_trap_table reads before its terminating zero address (else -EINVAL). */
export const XEN_MAX_TRAP_ENTRIES = 256;
/** Most ports one SCHEDOP_poll may name (else -EINVAL). */
export const XEN_MAX_POLL_PORTS = 128;
/** Most entries one multicall may carry (else -EINVAL). */
export const XEN_MAX_MULTICALL = 1024;
/** Most requests one mmu_update or mmuext_op may carry (else -EINVAL). */
export const XEN_MAX_MMU_BATCH = 4096;
