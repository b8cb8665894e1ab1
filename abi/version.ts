/**
 * xen_version (hypercall 17) — xen/include/public/version.h.
 *
 *   long HYPERVISOR_xen_version(int cmd, void *arg)
 *
 * XENVER_version returns (major << 16) | minor; XENVER_pagesize returns 4096;
 * the others fill the struct at arg and return 0, or -EFAULT.
 */
import { defineStruct } from "./layout.js";

export const XENVER_version = 0;
export const XENVER_extraversion = 1;
export const XENVER_compile_info = 2;
export const XENVER_capabilities = 3;
export const XENVER_changeset = 4;
export const XENVER_platform_parameters = 5;
export const XENVER_get_features = 6;
export const XENVER_pagesize = 7;
export const XENVER_guest_handle = 8;
export const XENVER_commandline = 9;
export const XENVER_build_id = 10;
export const XENVER_extraversion2 = 11;
export const XENVER_capabilities2 = 12;
export const XENVER_changeset2 = 13;
export const XENVER_commandline2 = 14;

export const XEN_EXTRAVERSION_LEN = 16;
export const XEN_CAPABILITIES_INFO_LEN = 1024;
export const XEN_CHANGESET_INFO_LEN = 64;
export const XEN_COMMANDLINE_LEN = 1024;

const chars = (name: string, length: number, doc: string) =>
  ({ name, type: { array: "u8" as const, length }, doc, owner: "XEN" as const, ctype: "char" });

export const xen_extraversion = defineStruct("xen_extraversion", "XENVER_extraversion: e.g. \"-pvkit\".", [chars("extraversion", 16, "OUT")]);
export const xen_compile_info = defineStruct("xen_compile_info", "XENVER_compile_info.", [
  chars("compiler", 64, "OUT"), chars("compile_by", 16, "OUT"), chars("compile_domain", 32, "OUT"), chars("compile_date", 32, "OUT"),
]);
export const xen_capabilities_info = defineStruct("xen_capabilities_info", "XENVER_capabilities: space-separated guest types, \"xen-3.0-rv32\".", [chars("info", 1024, "OUT")]);
export const xen_changeset_info = defineStruct("xen_changeset_info", "XENVER_changeset.", [chars("info", 64, "OUT")]);
export const xen_platform_parameters = defineStruct("xen_platform_parameters", "XENVER_platform_parameters.", [
  { name: "virt_start", type: "u32", doc: "OUT: start of the hypervisor hole (0xFC000000).", owner: "XEN", ctype: "xen_ulong_t" },
]);
export const xen_feature_info = defineStruct("xen_feature_info", "XENVER_get_features.", [
  { name: "submap_idx", type: "u32", doc: "IN: 32-bit submap index (< XENFEAT_NR_SUBMAPS).", ctype: "unsigned int" },
  { name: "submap", type: "u32", doc: "OUT: XENFEAT_* bits.", owner: "XEN" },
]);
export const xen_domain_handle = defineStruct("xen_domain_handle", "XENVER_guest_handle: the domain's UUID.", [
  { name: "handle", type: { array: "u8", length: 16 }, doc: "OUT", owner: "XEN" },
]);
export const xen_commandline = defineStruct("xen_commandline", "XENVER_commandline.", [chars("cmdline", 1024, "OUT")]);
export const xen_varbuf = defineStruct("xen_varbuf", "XENVER_*2 header: {len; buf[len]}; a NULL arg asks for the size.", [
  { name: "len", type: "u32", doc: "IN: buffer size." },
]);

export const VERSION_STRUCTS = [xen_extraversion, xen_compile_info, xen_capabilities_info, xen_changeset_info,
  xen_platform_parameters, xen_feature_info, xen_domain_handle, xen_commandline, xen_varbuf] as const;
