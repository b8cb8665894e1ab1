/**
 * Xenstore wire protocol — xen/include/public/io/xs_wire.h. The ring page is in
 * start_info's store_mfn, signalled through store_evtchn. Each message is an
 * xsd_sockmsg header then `len` payload bytes; byte x of a stream goes at x & 1023.
 */
import { defineStruct } from "../layout.js";

export const XS_CONTROL = 0;
export const XS_DEBUG = 0;
export const XS_DIRECTORY = 1;
export const XS_READ = 2;
export const XS_GET_PERMS = 3;
export const XS_WATCH = 4;
export const XS_UNWATCH = 5;
export const XS_TRANSACTION_START = 6;
export const XS_TRANSACTION_END = 7;
export const XS_INTRODUCE = 8;
export const XS_RELEASE = 9;
export const XS_GET_DOMAIN_PATH = 10;
export const XS_WRITE = 11;
export const XS_MKDIR = 12;
export const XS_RM = 13;
export const XS_SET_PERMS = 14;
export const XS_WATCH_EVENT = 15;
export const XS_ERROR = 16;
export const XS_IS_DOMAIN_INTRODUCED = 17;
export const XS_RESUME = 18;
export const XS_SET_TARGET = 19;
export const XS_RESET_WATCHES = 21;
export const XS_DIRECTORY_PART = 22;
export const XS_GET_FEATURE = 23;
export const XS_SET_FEATURE = 24;
export const XS_GET_QUOTA = 25;
export const XS_SET_QUOTA = 26;
export const XS_TYPE_COUNT = 27;
export const XS_INVALID = 0xffff;

export const XS_WATCH_PATH = 0;
export const XS_WATCH_TOKEN = 1;

/** Error strings in xsd_errors[] order. */
export const XSD_ERRORS: readonly string[] = ["EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC",
  "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN", "E2BIG", "EPERM"];

export const XENSTORE_RING_SIZE = 1024;
export const XENSTORE_PAYLOAD_MAX = 4096;
export const XENSTORE_ABS_PATH_MAX = 3072;
export const XENSTORE_REL_PATH_MAX = 2048;

export const XENSTORE_SERVER_FEATURE_RECONNECTION = 1;
export const XENSTORE_SERVER_FEATURE_ERROR = 2;
export const XENSTORE_SERVER_FEATURE_WATCHDEPTH = 4;
export const XENSTORE_SERVER_FEATURE_DOMID_ANY = 8;
export const XENSTORE_CONNECTED = 0;
export const XENSTORE_RECONNECT = 1;
export const XENSTORE_ERROR_NONE = 0;
export const XENSTORE_ERROR_COMM = 1;
export const XENSTORE_ERROR_RINGIDX = 2;
export const XENSTORE_ERROR_PROTO = 3;

export const xsd_sockmsg = defineStruct("xsd_sockmsg", "Xenstore message header.", [
  { name: "type", type: "u32", doc: "XS_*." },
  { name: "req_id", type: "u32", doc: "Echoed in the reply." },
  { name: "tx_id", type: "u32", doc: "Transaction, 0 for none." },
  { name: "len", type: "u32", doc: "Payload bytes (<= XENSTORE_PAYLOAD_MAX)." },
]);

export const xenstore_domain_interface = defineStruct("xenstore_domain_interface", "The xenstore ring page.", [
  { name: "req", type: { array: "u8", length: 1024 }, doc: "Requests to the server.", owner: "GST", ctype: "char" },
  { name: "rsp", type: { array: "u8", length: 1024 }, doc: "Replies and watch events.", owner: "XEN", ctype: "char" },
  { name: "req_cons", type: "u32", doc: "", owner: "XEN", ctype: "XENSTORE_RING_IDX" },
  { name: "req_prod", type: "u32", doc: "", owner: "GST", ctype: "XENSTORE_RING_IDX" },
  { name: "rsp_cons", type: "u32", doc: "", owner: "GST", ctype: "XENSTORE_RING_IDX" },
  { name: "rsp_prod", type: "u32", doc: "", owner: "XEN", ctype: "XENSTORE_RING_IDX" },
  { name: "server_features", type: "u32", doc: "XENSTORE_SERVER_FEATURE_*.", owner: "XEN" },
  { name: "connection", type: "u32", doc: "XENSTORE_CONNECTED / _RECONNECT.", owner: "both" },
  { name: "error", type: "u32", doc: "XENSTORE_ERROR_*.", owner: "XEN" },
  { name: "evtchn_port", type: "u32", doc: "Port of the ring (informational).", owner: "XEN" },
]);

export const XS_WIRE_STRUCTS = [xsd_sockmsg, xenstore_domain_interface] as const;
