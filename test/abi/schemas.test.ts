import { test } from "node:test";
import assert from "node:assert/strict";
import { bounceFrameSchema, callbackRegisterSchema, domidSchema, evtchnPortSchema, featuresNoteSchema, grantFlagsSchema,
  shutdownReasonSchema, trapInfoSchema, uvmfTarget, virqSchema } from "../../abi/schemas.js";

const ok = (s: { safeParse(v: unknown): { success: boolean } }, v: unknown) => assert.ok(s.safeParse(v).success, JSON.stringify(v));
const bad = (s: { safeParse(v: unknown): { success: boolean } }, v: unknown) => assert.ok(!s.safeParse(v).success, JSON.stringify(v));

test("trapInfoSchema accepts RISC-V exception vectors and TI_MASK_EVENTS only", () => {
  ok(trapInfoSchema, { vector: 13, flags: 4, _pad: 0, address: 0x80001000 });
  bad(trapInfoSchema, { vector: 10, flags: 0, _pad: 0, address: 1 });
  bad(trapInfoSchema, { vector: 2, flags: 1, _pad: 0, address: 1 });
  bad(trapInfoSchema, { vector: 2, flags: 0, _pad: 0, address: -1 });
});

test("bounceFrameSchema rejects reserved flag bits and a non-zero pad", () => {
  const f = { pc: 1, sp: 2, a0: 3, a1: 4, flags: 3, cause: 0x80000010, stval: 0, _pad: 0 };
  ok(bounceFrameSchema, f);
  bad(bounceFrameSchema, { ...f, flags: 4 });
  bad(bounceFrameSchema, { ...f, _pad: 1 });
});

test("id, port, VIRQ, shutdown and callback schemas bound their values", () => {
  ok(domidSchema, 0); ok(domidSchema, 0x7ff0); bad(domidSchema, 0x7ff4); bad(domidSchema, 0x10000);
  ok(evtchnPortSchema, 1023); bad(evtchnPortSchema, 1024);
  ok(virqSchema, 0); bad(virqSchema, 5); bad(virqSchema, 24);
  ok(shutdownReasonSchema, 5); bad(shutdownReasonSchema, 6);
  ok(callbackRegisterSchema, { type: 0, flags: 1, address: 0x80000000 });
  bad(callbackRegisterSchema, { type: 2, flags: 0, address: 0 });
  bad(callbackRegisterSchema, { type: 1, flags: 2, address: 0 });
  ok(grantFlagsSchema, 1 | 4); bad(grantFlagsSchema, 1 << 9);
  ok(featuresNoteSchema, "!writable_page_tables|dom0"); bad(featuresNoteSchema, "nope");
});

test("uvmfTarget() reads flags & ~3 as local, all or a bitmap pointer", () => {
  assert.equal(uvmfTarget(1), "local");
  assert.equal(uvmfTarget(4 | 2), "all");
  assert.equal(uvmfTarget(0x80002000 | 1), "multi");
});
