/**
 * xen_version, console_io and vm_assist.
 *
 * - xen_version: every value comes from abi/guest_visible.ts (microxen gives the same);
 *   strings are written NUL-padded to their fixed size; the *2 (varbuf) forms return
 *   the length, NULL asking for it, -ENOBUFS when the buffer is too small.
 *   XENVER_commandline(2) and build_id are for privileged domains only (-EPERM);
 *   build_id has no data (-ENODATA). Bad buffers: -EFAULT.
 * - console_io: CONSOLEIO_write appends to the domain's own console (lines go to the
 *   owner with the domain's name as prefix, see FullXen.onConsole); the buffer is
 *   copied CONSOLE_MAX_WRITE bytes at a time, and a piece that cannot be read ends
 *   the call with -EFAULT (the pieces before it are already written). Xen
 *   restricts CONSOLEIO_read to privileged domains (-EPERM); there is no input, so a
 *   read returns 0 bytes. Negative count: -EINVAL.
 * - vm_assist: only VMASST_TYPE_runstate_update_flag exists on rv32.
 */
import { XEN_EFAULT, XEN_EINVAL, XEN_ENOBUFS, XEN_ENODATA, XEN_ENOSYS, XEN_EPERM } from "../abi/errno.js";
import {
  XEN_CAPABILITIES_INFO_LEN, XEN_CHANGESET_INFO_LEN, XEN_COMMANDLINE_LEN, XEN_EXTRAVERSION_LEN,
  XENVER_build_id, XENVER_capabilities, XENVER_capabilities2, XENVER_changeset, XENVER_changeset2,
  XENVER_commandline, XENVER_commandline2, XENVER_compile_info, XENVER_extraversion, XENVER_extraversion2,
  XENVER_get_features, XENVER_guest_handle, XENVER_pagesize, XENVER_platform_parameters, XENVER_version,
} from "../abi/version.js";
import { XENFEAT_NR_SUBMAPS } from "../abi/features.js";
import {
  encodeFixedStrings, encodeVarbufString, guestHandle, XEN_CAPABILITIES, XEN_CHANGESET, XEN_COMPILE_INFO, XEN_EXTRAVERSION, XEN_VERSION_CODE, XEN_VERSION_MAJOR,
  XEN_VERSION_MINOR, xenFeaturesSubmap0,
} from "../abi/guest_visible.js";
import {
  CONSOLEIO_read, CONSOLEIO_write, HYPERVISOR_console_io, HYPERVISOR_vm_assist, HYPERVISOR_xen_version,
  HYPERVISOR_VIRT_START, VMASST_CMD_disable, VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag,
  XEN_PAGE_SIZE,
} from "../abi/xen.js";
import { registerHypercall, type HcCtx } from "./hypercall.js";

export const FULLXEN_VERSION_MAJOR = XEN_VERSION_MAJOR;
export const FULLXEN_VERSION_MINOR = XEN_VERSION_MINOR;
export const FULLXEN_EXTRAVERSION = XEN_EXTRAVERSION;
export const FULLXEN_CHANGESET = XEN_CHANGESET;
const CONSOLE_MAX_WRITE = 4096;

/** `s` NUL-padded in a field of `size` bytes. */
function ascii(s: string, size: number): Uint8Array {
  return encodeFixedStrings([[s, size]]);
}

function put(c: HcCtx, arg: number, bytes: Uint8Array): number {
  return c.write(arg, bytes) ? 0 : -XEN_EFAULT;
}

function varbuf(c: HcCtx, arg: number, s: string): number {
  if (arg === 0) return s.length;
  const len = c.readU32(arg);
  if (len === null) return -XEN_EFAULT;
  if (len < s.length) return -XEN_ENOBUFS;
  return c.write(arg + 4, encodeVarbufString(s)) ? s.length : -XEN_EFAULT;
}

function xenVersion(c: HcCtx, cmd: number, arg: number): number {
  const d = c.dom;
  switch (cmd) {
    case XENVER_version:
      return XEN_VERSION_CODE;
    case XENVER_extraversion:
      return put(c, arg, ascii(FULLXEN_EXTRAVERSION, XEN_EXTRAVERSION_LEN));
    case XENVER_compile_info:
      return put(c, arg, encodeFixedStrings(XEN_COMPILE_INFO));
    case XENVER_capabilities:
      return put(c, arg, ascii(XEN_CAPABILITIES, XEN_CAPABILITIES_INFO_LEN));
    case XENVER_changeset:
      return put(c, arg, ascii(FULLXEN_CHANGESET, XEN_CHANGESET_INFO_LEN));
    case XENVER_platform_parameters: {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, HYPERVISOR_VIRT_START, true);
      return put(c, arg, b);
    }
    case XENVER_get_features: {
      const idx = c.readU32(arg);
      if (idx === null) return -XEN_EFAULT;
      if (idx >= XENFEAT_NR_SUBMAPS) return -XEN_EINVAL;
      return c.writeU32(arg + 4, xenFeaturesSubmap0(d.privileged)) ? 0 : -XEN_EFAULT;
    }
    case XENVER_pagesize:
      return XEN_PAGE_SIZE;
    case XENVER_guest_handle:
      return put(c, arg, guestHandle(d.domid));
    case XENVER_commandline:
      if (!d.privileged) return -XEN_EPERM;
      return put(c, arg, ascii("", XEN_COMMANDLINE_LEN));
    case XENVER_build_id:
      return d.privileged ? -XEN_ENODATA : -XEN_EPERM;
    case XENVER_extraversion2:
      return varbuf(c, arg, FULLXEN_EXTRAVERSION);
    case XENVER_capabilities2:
      return varbuf(c, arg, XEN_CAPABILITIES);
    case XENVER_changeset2:
      return varbuf(c, arg, FULLXEN_CHANGESET);
    case XENVER_commandline2:
      return d.privileged ? varbuf(c, arg, "") : -XEN_EPERM;
    default:
      return -XEN_ENOSYS;
  }
}

function consoleIo(c: HcCtx, cmd: number, count: number, buffer: number): number {
  if (cmd === CONSOLEIO_write) {
    if ((count | 0) < 0) return -XEN_EINVAL;
    let left = count | 0;
    let at = buffer;
    while (left > 0) {
      const n = Math.min(left, CONSOLE_MAX_WRITE);
      const b = c.read(at, n);
      if (b === null) return -XEN_EFAULT;
      c.xen.consoleWrite(c.dom, b);
      left -= n;
      at = (at + n) >>> 0;
    }
    return 0;
  }
  if (cmd === CONSOLEIO_read) {
    if (!c.dom.privileged) return -XEN_EPERM;
    if ((count | 0) < 0) return -XEN_EINVAL;
    return 0;
  }
  return -XEN_ENOSYS;
}

function vmAssist(c: HcCtx, cmd: number, type: number): number {
  if (cmd !== VMASST_CMD_enable && cmd !== VMASST_CMD_disable) return -XEN_ENOSYS;
  if (type !== VMASST_TYPE_runstate_update_flag) return -XEN_EINVAL;
  const d = c.dom;
  if (cmd === VMASST_CMD_enable) d.vmAssist |= 1 << type;
  else d.vmAssist &= ~(1 << type);
  return 0;
}

registerHypercall(HYPERVISOR_xen_version, (c, cmd, arg) => xenVersion(c, cmd, arg));
registerHypercall(HYPERVISOR_console_io, (c, cmd, count, buffer) => consoleIo(c, cmd, count, buffer));
registerHypercall(HYPERVISOR_vm_assist, (c, cmd, type) => vmAssist(c, cmd, type));
