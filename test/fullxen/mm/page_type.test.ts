import { test } from "node:test";
import assert from "node:assert/strict";
import { XEN_EINVAL } from "../../../abi/errno.js";
import {
  getPage, getPageType, putPage, putPageType, getPageAndType, putPageAndType,
} from "../../../fullxen/mm/page_type.js";
import { PGT_l1_page_table, PGT_writable_page } from "../../../fullxen/mm/frame_table.js";
import { counts, give, healthy, makeWorld, newDom, rw } from "./helpers.js";

test("getPage() refuses a frame of another owner and a free frame", () => {
  const { ctx } = makeWorld();
  const a = newDom(ctx, 1);
  const b = newDom(ctx, 2);
  const [fa] = give(ctx, a, 1);
  assert.equal(getPage(ctx, fa!, b.domid), false);
  assert.equal(getPage(ctx, fa! + 50, a.domid), false);
  assert.equal(getPage(ctx, 0x1234, a.domid), false);
  assert.equal(getPage(ctx, fa!, a.domid), true);
  assert.deepEqual(counts(ctx, fa!), [2, 0]);
  putPage(ctx, fa!);
  healthy(ctx);
});

test("getPageType() changes type only at count 0", () => {
  const { ctx } = makeWorld();
  const a = newDom(ctx, 1);
  const [f] = give(ctx, a, 1);
  assert.equal(getPageAndType(ctx, f!, 1, PGT_writable_page), 0);
  assert.equal(getPageAndType(ctx, f!, 1, PGT_l1_page_table), -XEN_EINVAL);
  assert.deepEqual(counts(ctx, f!), [2, 1]);
  putPageAndType(ctx, f!);
  assert.equal(getPageAndType(ctx, f!, 1, PGT_l1_page_table), 0);
  assert.equal(getPageAndType(ctx, f!, 1, PGT_writable_page), -XEN_EINVAL);
  putPageAndType(ctx, f!);
  healthy(ctx);
});

test("a table becoming a table after a writable mapping went away flushes every hart first", () => {
  const { ctx, cpu } = makeWorld();
  const a = newDom(ctx, 1);
  const [f] = give(ctx, a, 1);
  assert.equal(getPageAndType(ctx, f!, 1, PGT_writable_page), 0);
  putPageAndType(ctx, f!);
  cpu.log = [];
  assert.equal(getPageAndType(ctx, f!, 1, PGT_l1_page_table), 0);
  assert.deepEqual(cpu.log, ["flushAll"]);
  putPageAndType(ctx, f!);
  cpu.log = [];
  assert.equal(getPageAndType(ctx, f!, 1, PGT_l1_page_table), 0);
  assert.deepEqual(cpu.log, [], "no flush needed: nothing was writable since the last flush");
  putPageAndType(ctx, f!);
  healthy(ctx);
});

test("dropping the last type reference of a table drops its entries' references", () => {
  const w = makeWorld();
  const { ctx } = w;
  const a = newDom(ctx, 1);
  const [l1, data] = give(ctx, a, 2);
  w.bus.write(l1! * 4096, 4, rw(data!));
  assert.equal(getPageAndType(ctx, l1!, 1, PGT_l1_page_table), 0);
  assert.deepEqual(counts(ctx, data!), [2, 1]);
  putPageAndType(ctx, l1!);
  assert.deepEqual(counts(ctx, data!), [1, 0]);
  healthy(ctx);
});

test("putPage()/putPageType() without a reference throw (a hypervisor bug, not a guest error)", () => {
  const { ctx } = makeWorld();
  const a = newDom(ctx, 1);
  const [f] = give(ctx, a, 1);
  assert.throws(() => putPageType(ctx, f!), /no type reference/);
  assert.throws(() => getPageType(ctx, f! + 100, PGT_writable_page), /no general reference/);
  putPage(ctx, f!);
  assert.throws(() => putPage(ctx, f!), /no reference/);
});
