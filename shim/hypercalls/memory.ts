/**
 * memory_op and grant_table_op for the one domain.
 *
 * memory_op: the domain's frames are one contiguous run; decrease_reservation
 * gives frames back (for a PV guest the extents are machine frames) and
 * increase_reservation / populate_physmap hand given-back frames out again,
 * lowest first, never above the maximum reservation. Order > 0 extents are not
 * offered (0 extents done, as Xen answers a domain not allowed multi-page extents).
 * grant_table_op: the front-end's own table: setup_table hands out grant frames
 * from the shim's memory, query_size and get_version report; the rest is
 * -EOPNOTSUPP until back-ends map grants.
 */
import type { Domain } from "../domain.js";
import { copyIn, copyOut, EFAULT, isSelf, type HypercallFn } from "./common.js";
import * as M from "../../abi/memory.js";
import * as G from "../../abi/grant_table.js";
import { offsetOf } from "../../abi/layout.js";
import { XEN_EINVAL, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_ESRCH } from "../../abi/errno.js";
import { DOMAIN_BASE_MFN, GRANT_FRAMES_PA, MAX_GRANT_FRAMES } from "../memmap.js";

const R = (f: string): number => offsetOf(M.xen_memory_reservation, f);

function reservation(d: Domain, op: number, arg: number, start: number): number {
  const v = copyIn(d, arg, M.xen_memory_reservation);
  if (v === null) return EFAULT;
  if (!isSelf(d, v.getUint16(R("domid"), true))) return -XEN_ESRCH;
  const list = v.getUint32(R("extent_start"), true);
  const nr = v.getUint32(R("nr_extents"), true);
  if (v.getUint32(R("extent_order"), true) !== 0) return start;
  if (start > nr) return -XEN_EINVAL;
  let i = start;
  for (; i < nr; i++) {
    const at = list + i * 4;
    if (op === M.XENMEM_decrease_reservation) {
      const mfn = d.mem.read32(at);
      if (mfn < 0) return i === start ? EFAULT : i;
      if (!d.ownsMfn(mfn)) break;
      d.freed[mfn - DOMAIN_BASE_MFN] = 1;
      d.machine.bus.fill(mfn * 4096, 4096, 0);
      d.totPages--;
    } else {
      if (d.totPages >= d.maxPages) break;
      const idx = d.freed.indexOf(1);
      if (idx < 0) break;
      const gpfn = op === M.XENMEM_populate_physmap ? d.mem.read32(at) : 0;
      if (gpfn < 0 || !d.mem.write32(at, DOMAIN_BASE_MFN + idx)) return i === start ? EFAULT : i;
      d.freed[idx] = 0;
      if (op === M.XENMEM_populate_physmap) d.m2p[idx] = gpfn;
      d.totPages++;
    }
  }
  return i;
}

function memoryMap(d: Domain, arg: number): number {
  const v = copyIn(d, arg, M.xen_memory_map);
  if (v === null) return EFAULT;
  if (v.getUint32(0, true) < 1) return -XEN_EINVAL;
  const e = new DataView(new ArrayBuffer(M.xen_memory_region.size));
  e.setBigUint64(offsetOf(M.xen_memory_region, "addr"), 0n, true);
  e.setBigUint64(offsetOf(M.xen_memory_region, "size"), BigInt(d.maxPages * 4096), true);
  e.setUint32(offsetOf(M.xen_memory_region, "type"), M.XEN_MEMREGION_RAM, true);
  if (!copyOut(d, v.getUint32(4, true), e)) return EFAULT;
  return d.mem.write32(arg, 1) ? 0 : EFAULT;
}

export const memory_op: HypercallFn = (d, cmd, arg) => {
  const op = cmd & M.MEMOP_CMD_MASK;
  const start = cmd >>> M.MEMOP_EXTENT_SHIFT;
  switch (op) {
    case M.XENMEM_increase_reservation: case M.XENMEM_decrease_reservation: case M.XENMEM_populate_physmap:
      return reservation(d, op, arg, start);
    case M.XENMEM_maximum_ram_page: return (d.machine.bus.ramBase + d.machine.bus.ramSize) / 4096;
    case M.XENMEM_current_reservation: case M.XENMEM_maximum_reservation: case M.XENMEM_maximum_gpfn: {
      const dom = d.mem.read(arg, 2);
      if (dom === null) return EFAULT;
      if (!isSelf(d, dom[0]! | (dom[1]! << 8))) return -XEN_ESRCH;
      return op === M.XENMEM_current_reservation ? d.totPages : op === M.XENMEM_maximum_reservation ? d.maxPages : d.maxPages - 1;
    }
    case M.XENMEM_memory_map: return memoryMap(d, arg);
    case M.XENMEM_machphys_mfn_list: case M.XENMEM_add_to_physmap: case M.XENMEM_machine_memory_map: case M.XENMEM_exchange:
      return -XEN_EOPNOTSUPP;
    default: return -XEN_ENOSYS;
  }
};

const GS = (f: string): number => offsetOf(G.gnttab_setup_table, f);
const GQ = (f: string): number => offsetOf(G.gnttab_query_size, f);

function setupTable(d: Domain, v: DataView): void {
  const nr = v.getUint32(GS("nr_frames"), true);
  if (!isSelf(d, v.getUint16(GS("dom"), true))) {
    v.setInt16(GS("status"), G.GNTST_bad_domain, true);
    return;
  }
  if (nr > MAX_GRANT_FRAMES) {
    v.setInt16(GS("status"), G.GNTST_general_error, true);
    return;
  }
  const list = v.getUint32(GS("frame_list"), true);
  for (let i = 0; i < nr; i++) {
    if (!d.mem.write32(list + i * 4, GRANT_FRAMES_PA / 4096 + i)) {
      v.setInt16(GS("status"), G.GNTST_bad_virt_addr, true);
      return;
    }
  }
  if (nr > d.grantFrames) d.grantFrames = nr;
  v.setInt16(GS("status"), G.GNTST_okay, true);
}

export const grant_table_op: HypercallFn = (d, cmd, uop, count) => {
  if (cmd === G.GNTTABOP_setup_table || cmd === G.GNTTABOP_query_size || cmd === G.GNTTABOP_get_version) {
    const layout = cmd === G.GNTTABOP_setup_table ? G.gnttab_setup_table : cmd === G.GNTTABOP_query_size ? G.gnttab_query_size : G.gnttab_get_version;
    if (count >>> 0 > 512) return -XEN_EINVAL;
    for (let i = 0; i < count; i++) {
      const at = uop + i * layout.size;
      const v = copyIn(d, at, layout);
      if (v === null) return EFAULT;
      if (cmd === G.GNTTABOP_setup_table) setupTable(d, v);
      else if (cmd === G.GNTTABOP_query_size) {
        const self = isSelf(d, v.getUint16(GQ("dom"), true));
        v.setUint32(GQ("nr_frames"), self ? d.grantFrames : 0, true);
        v.setUint32(GQ("max_nr_frames"), self ? MAX_GRANT_FRAMES : 0, true);
        v.setInt16(GQ("status"), self ? G.GNTST_okay : G.GNTST_bad_domain, true);
      } else {
        if (!isSelf(d, v.getUint16(0, true))) return -XEN_ESRCH;
        v.setUint32(offsetOf(G.gnttab_get_version, "version"), 1, true);
      }
      if (!copyOut(d, at, v)) return EFAULT;
    }
    return 0;
  }
  return cmd >= G.GNTTABOP_map_grant_ref && cmd <= G.GNTTABOP_cache_flush ? -XEN_EOPNOTSUPP : -XEN_ENOSYS;
};
