/**
 * xen_version, console_io and vm_assist: the small informational calls.
 *
 * xen_version answers every XENVER_* sub-op of abi/version.ts. Fixed strings are
 * padded with NULs to their field size (the guest gets a NUL-terminated string
 * when it fits); the *2 varbuf forms return the length and, with a buffer, copy
 * up to `len` bytes without a NUL. A NULL varbuf asks for the size. The values are
 * abi/guest_visible.ts's (full Xen gives the same); the domain is unprivileged, so
 * XENVER_commandline(2) and XENVER_build_id are -EPERM.
 */
import type { Domain } from "../domain.js";
import { copyIn, EFAULT, type HypercallFn } from "./common.js";
import * as V from "../../abi/version.js";
import {
  encodeFixedStrings, encodeVarbufString, guestHandle, XEN_CAPABILITIES, XEN_CHANGESET, XEN_COMPILE_INFO, XEN_EXTRAVERSION, XEN_VERSION_CODE, xenFeaturesSubmap0,
} from "../../abi/guest_visible.js";
import { CONSOLEIO_read, CONSOLEIO_write, HYPERVISOR_VIRT_START, XEN_PAGE_SIZE } from "../../abi/xen.js";
import { XEN_EINVAL, XEN_ENOBUFS, XEN_ENOSYS, XEN_EPERM } from "../../abi/errno.js";
import { VMASST_CMD_disable, VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag, VMASST_TYPE_writable_pagetables } from "../../abi/xen.js";

/** Features microxen reports in submap 0 (its one domain is not privileged). */
export const XEN_FEATURES_0 = xenFeaturesSubmap0(false);

/** The replies are constant: encoded once (abi/guest_visible.ts), copied out per call. */
const EXTRAVERSION_FIXED = encodeFixedStrings([[XEN_EXTRAVERSION, V.XEN_EXTRAVERSION_LEN]]);
const COMPILE_INFO_FIXED = encodeFixedStrings(XEN_COMPILE_INFO);
const CAPABILITIES_FIXED = encodeFixedStrings([[XEN_CAPABILITIES, V.XEN_CAPABILITIES_INFO_LEN]]);
const CHANGESET_FIXED = encodeFixedStrings([[XEN_CHANGESET, V.XEN_CHANGESET_INFO_LEN]]);
const EXTRAVERSION_VARBUF = encodeVarbufString(XEN_EXTRAVERSION);
const CAPABILITIES_VARBUF = encodeVarbufString(XEN_CAPABILITIES);
const CHANGESET_VARBUF = encodeVarbufString(XEN_CHANGESET);

function fixed(d: Domain, va: number, bytes: Uint8Array): number {
  return d.mem.write(va, bytes) ? 0 : EFAULT;
}

/** A xen_varbuf: NULL asks for the length; a `len` header too small is -ENOBUFS. */
function varbuf(d: Domain, va: number, bytes: Uint8Array): number {
  if (va === 0) return bytes.length;
  const hdr = d.mem.read32(va);
  if (hdr < 0) return EFAULT;
  if (hdr < bytes.length) return -XEN_ENOBUFS;
  return d.mem.write(va + 4, bytes) ? bytes.length : EFAULT;
}

export const xen_version: HypercallFn = (d, cmd, arg) => {
  switch (cmd) {
    case V.XENVER_version: return XEN_VERSION_CODE;
    case V.XENVER_extraversion: return fixed(d, arg, EXTRAVERSION_FIXED);
    case V.XENVER_compile_info: return fixed(d, arg, COMPILE_INFO_FIXED);
    case V.XENVER_capabilities: return fixed(d, arg, CAPABILITIES_FIXED);
    case V.XENVER_changeset: return fixed(d, arg, CHANGESET_FIXED);
    case V.XENVER_platform_parameters: return d.mem.write32(arg, HYPERVISOR_VIRT_START) ? 0 : EFAULT;
    case V.XENVER_get_features: {
      const v = copyIn(d, arg, V.xen_feature_info);
      if (v === null) return EFAULT;
      const idx = v.getUint32(0, true);
      if (idx !== 0) return -XEN_EINVAL;
      return d.mem.write32(arg + 4, XEN_FEATURES_0) ? 0 : EFAULT;
    }
    case V.XENVER_pagesize: return XEN_PAGE_SIZE;
    case V.XENVER_guest_handle: return d.mem.write(arg, guestHandle(d.domid)) ? 0 : EFAULT;
    case V.XENVER_commandline: return -XEN_EPERM;
    case V.XENVER_build_id: return -XEN_EPERM;
    case V.XENVER_extraversion2: return varbuf(d, arg, EXTRAVERSION_VARBUF);
    case V.XENVER_capabilities2: return varbuf(d, arg, CAPABILITIES_VARBUF);
    case V.XENVER_changeset2: return varbuf(d, arg, CHANGESET_VARBUF);
    case V.XENVER_commandline2: return -XEN_EPERM;
    default: return -XEN_ENOSYS;
  }
};

const CONSOLE_CHUNK = 4096;

/** CONSOLEIO_write copies the whole buffer (page by page) and returns 0; a fault stops it with -EFAULT. */
export const console_io: HypercallFn = (d, cmd, count, buf) => {
  if (cmd === CONSOLEIO_write) {
    for (let done = 0; done < count >>> 0;) {
      const n = Math.min((count >>> 0) - done, CONSOLE_CHUNK);
      const b = d.mem.read(buf + done, n);
      if (b === null) return EFAULT;
      for (const c of b) d.console(c);
      done += n;
    }
    return 0;
  }
  if (cmd === CONSOLEIO_read) return 0; // no input
  return -XEN_ENOSYS;
};

const VM_ASSIST_VALID = (1 << VMASST_TYPE_writable_pagetables) | (1 << VMASST_TYPE_runstate_update_flag);

export const vm_assist: HypercallFn = (d, cmd, type) => {
  if (type >= 32 || ((VM_ASSIST_VALID >>> type) & 1) === 0) return -XEN_EINVAL;
  if (cmd === VMASST_CMD_enable) d.vmAssist |= 1 << type;
  else if (cmd === VMASST_CMD_disable) d.vmAssist &= ~(1 << type);
  else return -XEN_ENOSYS;
  return 0;
};
