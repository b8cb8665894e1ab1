import { test } from "node:test";
import assert from "node:assert/strict";
import {
  XEN_EEXIST, XEN_EFAULT, XEN_EINVAL, XEN_ENOENT, XEN_ENOSPC, XEN_ENOSYS, XEN_EOPNOTSUPP, XEN_EPERM, XEN_ESRCH,
} from "../../abi/errno.js";
import {
  EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain, EVTCHNOP_bind_ipi, EVTCHNOP_bind_vcpu, EVTCHNOP_bind_virq,
  EVTCHNOP_close, EVTCHNOP_init_control, EVTCHNOP_reset, EVTCHNOP_send, EVTCHNOP_status, EVTCHNOP_unmask,
  EVTCHNSTAT_closed, EVTCHNSTAT_interdomain, EVTCHNSTAT_ipi, EVTCHNSTAT_unbound, EVTCHNSTAT_virq,
} from "../../abi/event_channel.js";
import { evtchnIsPending, evtchnMask, upcallPending } from "../../abi/evtchn_2l.js";
import { DOMID_SELF, HYPERVISOR_event_channel_op as EV, VIRQ_CONSOLE, VIRQ_TIMER } from "../../abi/xen.js";
import { ECS_FREE, ECS_INTERDOMAIN, ECS_UNBOUND } from "../../fullxen/event_channel.js";
import { call, get32, makeDomain, newXen, pack16, put32, scratch } from "./helpers.js";

function setup() {
  const { xen } = newXen();
  const a = makeDomain(xen, "a");
  const b = makeDomain(xen, "b");
  return { xen, a, b, sa: scratch(a), sb: scratch(b) };
}

test("the builder reserves the xenstore and console ports as unbound ports for dom0", () => {
  const { a } = setup();
  assert.equal(a.evtchn.state[1], ECS_UNBOUND);
  assert.equal(a.evtchn.state[2], ECS_UNBOUND);
  assert.equal(a.evtchn.remoteDom[1], 0);
});

test("alloc_unbound + bind_interdomain connect two domains; send sets the peer pending; close unbinds the peer", () => {
  const { xen, a, b, sa, sb } = setup();
  put32(xen, a, sa, pack16(DOMID_SELF, b.domid), 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_alloc_unbound, sa), 0);
  const pa = get32(xen, a, sa + 4);
  put32(xen, b, sb, pack16(a.domid, 0), pa, 0);
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, sb), 0);
  const pb = get32(xen, b, sb + 8);
  assert.equal(a.evtchn.state[pa], ECS_INTERDOMAIN);
  assert.equal(a.evtchn.remotePort[pa], pb);
  assert.ok(evtchnIsPending(b.sharedInfo, pb), "the new local port starts pending");
  put32(xen, a, sa, pa);
  assert.equal(call(xen, a, EV, EVTCHNOP_send, sa), 0);
  assert.ok(upcallPending(b.vcpus[0]!));
  put32(xen, b, sb, pack16(DOMID_SELF, 0), pb);
  assert.equal(call(xen, b, EV, EVTCHNOP_status, sb), 0);
  assert.equal(get32(xen, b, sb + 8), EVTCHNSTAT_interdomain);
  assert.equal(get32(xen, b, sb + 16) & 0xffff, a.domid);
  assert.equal(get32(xen, b, sb + 20), pa);
  put32(xen, b, sb, pb);
  assert.equal(call(xen, b, EV, EVTCHNOP_close, sb), 0);
  assert.equal(b.evtchn.state[pb], ECS_FREE);
  assert.equal(a.evtchn.state[pa], ECS_UNBOUND);
  assert.equal(a.evtchn.remoteDom[pa], b.domid);
  assert.equal(call(xen, b, EV, EVTCHNOP_close, sb), -XEN_EINVAL, "closing a closed port");
  assert.deepEqual(xen.check(), []);
});

test("bind_interdomain errors: unknown domain, bad port, port not offered to us", () => {
  const { xen, a, b, sb } = setup();
  put32(xen, b, sb, pack16(777, 0), 1, 0);
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, sb), -XEN_ESRCH);
  put32(xen, b, sb, pack16(a.domid, 0), 5000, 0);
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, sb), -XEN_EINVAL);
  put32(xen, b, sb, pack16(a.domid, 0), 1, 0); // a's store port is offered to dom0, not b
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, sb), -XEN_EINVAL);
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, 0x10), -XEN_EFAULT);
});

test("alloc_unbound for another domain needs privilege; status of another domain too", () => {
  const { xen, a, b, sa } = setup();
  put32(xen, a, sa, pack16(b.domid, DOMID_SELF), 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_alloc_unbound, sa), -XEN_EPERM);
  put32(xen, a, sa, pack16(b.domid, 0), 1);
  assert.equal(call(xen, a, EV, EVTCHNOP_status, sa), -XEN_EPERM);
  const p = makeDomain(xen, "priv", { privileged: true });
  const sp = scratch(p);
  put32(xen, p, sp, pack16(b.domid, 0), 1);
  assert.equal(call(xen, p, EV, EVTCHNOP_status, sp), 0);
  assert.equal(get32(xen, p, sp + 8), EVTCHNSTAT_unbound);
  put32(xen, p, sp, pack16(4321, 0), 1);
  assert.equal(call(xen, p, EV, EVTCHNOP_status, sp), -XEN_ESRCH);
  put32(xen, p, sp, pack16(DOMID_SELF, 0), 1024);
  assert.equal(call(xen, p, EV, EVTCHNOP_status, sp), -XEN_EINVAL);
  put32(xen, p, sp, pack16(DOMID_SELF, 0), 900);
  assert.equal(call(xen, p, EV, EVTCHNOP_status, sp), 0);
  assert.equal(get32(xen, p, sp + 8), EVTCHNSTAT_closed);
});

test("bind_virq: per-vCPU VIRQ once per vCPU, global ones only on vCPU 0, bad numbers", () => {
  const { xen, a, sa } = setup();
  put32(xen, a, sa, VIRQ_TIMER, 0, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), 0);
  const port = get32(xen, a, sa + 8);
  assert.equal(a.vcpus[0]!.virqPort[VIRQ_TIMER], port);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), -XEN_EEXIST);
  put32(xen, a, sa, VIRQ_TIMER, 3, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), -XEN_ENOENT);
  put32(xen, a, sa, VIRQ_CONSOLE, 1, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), -XEN_EINVAL);
  put32(xen, a, sa, 5, 0, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), -XEN_EINVAL);
  put32(xen, a, sa, 24, 0, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_virq, sa), -XEN_EINVAL);
  put32(xen, a, sa, pack16(DOMID_SELF, 0), port);
  assert.equal(call(xen, a, EV, EVTCHNOP_status, sa), 0);
  assert.equal(get32(xen, a, sa + 8), EVTCHNSTAT_virq);
  assert.equal(get32(xen, a, sa + 16), VIRQ_TIMER);
  put32(xen, a, sa, port);
  assert.equal(call(xen, a, EV, EVTCHNOP_send, sa), -XEN_EINVAL, "send on a VIRQ port");
  put32(xen, a, sa, port, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_vcpu, sa), -XEN_EINVAL, "a per-vCPU VIRQ cannot move");
  put32(xen, a, sa, port);
  assert.equal(call(xen, a, EV, EVTCHNOP_close, sa), 0);
  assert.equal(a.vcpus[0]!.virqPort[VIRQ_TIMER], 0);
});

test("bind_ipi, send to self, unmask re-raises a masked pending port", () => {
  const { xen, a, sa } = setup();
  put32(xen, a, sa, 0, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_ipi, sa), 0);
  const port = get32(xen, a, sa + 4);
  put32(xen, a, sa, 9, 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_bind_ipi, sa), -XEN_ENOENT);
  evtchnMask(a.sharedInfo, port);
  put32(xen, a, sa, port);
  assert.equal(call(xen, a, EV, EVTCHNOP_send, sa), 0);
  assert.ok(evtchnIsPending(a.sharedInfo, port));
  assert.equal(upcallPending(a.vcpus[0]!), false);
  assert.equal(call(xen, a, EV, EVTCHNOP_unmask, sa), 0);
  assert.equal(upcallPending(a.vcpus[0]!), true);
  put32(xen, a, sa, 1024);
  assert.equal(call(xen, a, EV, EVTCHNOP_unmask, sa), -XEN_EINVAL);
  put32(xen, a, sa, pack16(DOMID_SELF, 0), port);
  assert.equal(call(xen, a, EV, EVTCHNOP_status, sa), 0);
  assert.equal(get32(xen, a, sa + 8), EVTCHNSTAT_ipi);
});

test("ports run out at 1024 with -ENOSPC; reset closes them all; FIFO ops are -EOPNOTSUPP", () => {
  const { xen, a, sa } = setup();
  let n = 0;
  for (;;) {
    put32(xen, a, sa, pack16(DOMID_SELF, DOMID_SELF), 0);
    const rc = call(xen, a, EV, EVTCHNOP_alloc_unbound, sa);
    if (rc !== 0) {
      assert.equal(rc, -XEN_ENOSPC);
      break;
    }
    n++;
  }
  assert.equal(n, 1024 - 3, "ports 0 (reserved), 1 and 2 (store, console) were taken");
  put32(xen, a, sa, pack16(DOMID_SELF, 0));
  assert.equal(call(xen, a, EV, EVTCHNOP_reset, sa), 0);
  assert.equal(a.evtchn.countOpen(), 0);
  assert.equal(call(xen, a, EV, EVTCHNOP_init_control, sa), -XEN_EOPNOTSUPP);
  assert.equal(call(xen, a, EV, 99, sa), -XEN_ENOSYS);
});

test("destroying a domain returns its peers' ports to unbound", () => {
  const { xen, a, b, sa, sb } = setup();
  put32(xen, a, sa, pack16(DOMID_SELF, b.domid), 0);
  call(xen, a, EV, EVTCHNOP_alloc_unbound, sa);
  const pa = get32(xen, a, sa + 4);
  put32(xen, b, sb, pack16(a.domid, 0), pa, 0);
  assert.equal(call(xen, b, EV, EVTCHNOP_bind_interdomain, sb), 0);
  xen.destroy(b.domid);
  assert.equal(a.evtchn.state[pa], ECS_UNBOUND);
  assert.deepEqual(xen.check(), []);
});
