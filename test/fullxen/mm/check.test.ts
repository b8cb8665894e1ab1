import { test } from "node:test";
import assert from "node:assert/strict";
import { checkMm } from "../../../fullxen/mm/check.js";
import { getPage, putPage } from "../../../fullxen/mm/page_type.js";
import { PTE_U } from "../../../fullxen/mm/pte.js";
import { give, guest, healthy, makeWorld, poke, ptr, ro, rw } from "./helpers.js";

function report(w: ReturnType<typeof makeWorld>): string {
  return checkMm(w.ctx).join("\n");
}

test("checkMm() is empty for a healthy world and catches count drift", () => {
  const w = makeWorld();
  const g = guest(w, 1, 2);
  healthy(w.ctx);
  const i = w.ctx.frames.index(g.data[0]!);
  w.ctx.frames.count[i]!++;
  assert.match(report(w), /general count 2 != 1/);
  w.ctx.frames.count[i]!--;
  w.ctx.frames.typeCount[w.ctx.frames.index(g.l1)]!++;
  assert.match(report(w), /type count 2 != 1/);
});

test("checkMm() catches a table mapped writable and a foreign frame in a table", () => {
  const w = makeWorld();
  const g = guest(w, 1, 1);
  const h = guest(w, 2, 1);
  poke(w, g.l1, 5, (rw(g.root) | PTE_U) >>> 0); // bypassing the hypercalls
  assert.match(report(w), /mapped writable but typed/);
  poke(w, g.l1, 5, (ro(h.data[0]!) | PTE_U) >>> 0);
  assert.match(report(w), /maps a frame of d2 from a table of d1/);
  poke(w, g.l1, 5, ro(g.data[0]!));
  assert.match(report(w), /bad leaf entry/, "U not set");
  poke(w, g.l1, 5, 0);
  poke(w, g.root, 9, ptr(h.l1));
  assert.match(report(w), /points to a table of another owner/);
});

test("checkMm() catches free-frame, allocator, tot_pages and p2m inconsistencies", () => {
  const w = makeWorld();
  const g = guest(w, 1, 1);
  const free = w.ctx.frames.nFrames - 1;
  w.ctx.frames.count[free] = 1;
  assert.match(report(w), /free frame with state/);
  w.ctx.frames.count[free] = 0;
  w.ctx.alloc.take(free);
  assert.match(report(w), /free frame not in the allocator/);
  w.ctx.alloc.release(free);
  g.d.totPages++;
  assert.match(report(w), /tot_pages/);
  g.d.totPages--;
  g.d.p2m[3] = w.ctx.frames.mfnOf(free);
  assert.match(report(w), /p2m\[3\]/);
  g.d.p2m[3] = 0xffffffff;
  healthy(w.ctx);
});

test("checkMm() counts references reported through the externalRefs hook", () => {
  const held: number[] = [];
  const w = makeWorld(64, {
    holeEntries(_d, out) { out.fill(0); },
    grantMapAllowed() { return false; },
    externalRefs(add) { for (const m of held) add(m, 1, 0); },
  });
  const g = guest(w, 1, 1);
  const [x] = give(w.ctx, g.d, 1);
  assert.equal(getPage(w.ctx, x!, 1), true);
  assert.match(report(w), /general count 2 != 1/);
  held.push(x!);
  healthy(w.ctx);
  putPage(w.ctx, x!);
  held.pop();
  healthy(w.ctx);
});
