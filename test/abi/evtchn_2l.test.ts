import { test } from "node:test";
import assert from "node:assert/strict";
import {
  evtchnClearPending, evtchnIsMasked, evtchnIsPending, evtchnMask, evtchnSetPending, evtchnUnmask, setUpcallMask,
  upcallDue, upcallPending, SI_EVTCHN_PENDING, VI_PENDING_SEL, type VcpuInfoRef,
} from "../../abi/evtchn_2l.js";

function fresh(): { si: DataView; vi: VcpuInfoRef } {
  const si = new DataView(new ArrayBuffer(4096));
  return { si, vi: { view: si, offset: 0 } };
}

test("evtchnSetPending() sets pending, selector and upcall_pending in Xen's order", () => {
  const { si, vi } = fresh();
  assert.equal(evtchnSetPending(si, vi, 37), true);
  assert.equal(si.getUint32(SI_EVTCHN_PENDING + 4, true), 1 << 5);
  assert.equal(si.getUint32(VI_PENDING_SEL, true), 1 << 1);
  assert.equal(upcallPending(vi), true);
  assert.equal(evtchnSetPending(si, vi, 37), false, "already pending: no new kick");
});

test("evtchnSetPending() on a masked port sets only the pending bit", () => {
  const { si, vi } = fresh();
  evtchnMask(si, 3);
  assert.equal(evtchnSetPending(si, vi, 3), false);
  assert.equal(evtchnIsPending(si, 3), true);
  assert.equal(si.getUint32(VI_PENDING_SEL, true), 0);
  assert.equal(upcallPending(vi), false);
});

test("evtchnUnmask() re-raises a pending port", () => {
  const { si, vi } = fresh();
  evtchnMask(si, 3);
  evtchnSetPending(si, vi, 3);
  assert.equal(evtchnUnmask(si, vi, 3), true);
  assert.equal(evtchnIsMasked(si, 3), false);
  assert.equal(si.getUint32(VI_PENDING_SEL, true), 1);
  assert.equal(upcallPending(vi), true);
});

test("evtchnUnmask() of a port that was not masked changes nothing", () => {
  const { si, vi } = fresh();
  si.setUint32(SI_EVTCHN_PENDING, 1 << 4, true);
  assert.equal(evtchnUnmask(si, vi, 4), false);
  assert.equal(upcallPending(vi), false);
});

test("evtchnSetPending() does not mark the vCPU again when the selector bit is already set", () => {
  const { si, vi } = fresh();
  evtchnSetPending(si, vi, 1);
  vi.view.setUint8(0, 0); // guest cleared upcall_pending but not the selector yet
  assert.equal(evtchnSetPending(si, vi, 2), false);
  assert.equal(upcallPending(vi), false);
});

test("upcallDue() needs pending and unmasked; clear removes the pending bit", () => {
  const { si, vi } = fresh();
  evtchnSetPending(si, vi, 9);
  setUpcallMask(vi, true);
  assert.equal(upcallDue(vi), false);
  setUpcallMask(vi, false);
  assert.equal(upcallDue(vi), true);
  evtchnClearPending(si, 9);
  assert.equal(evtchnIsPending(si, 9), false);
});
