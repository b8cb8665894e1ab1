import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTraceRecord, parseTrace } from "../../abi/trace.js";

test("formatTraceRecord() writes keys in schema order, one line", () => {
  const line = formatTraceRecord({ result: -22, kind: "hypercall", nr: 1, vcpu: 0, dom: 1, name: "mmu_update", args: [1, 2, 3, 4, 5] } as never);
  assert.equal(line, '{"kind":"hypercall","dom":1,"vcpu":0,"nr":1,"name":"mmu_update","args":[1,2,3,4,5],"result":-22}\n');
  assert.deepEqual(parseTrace(line + formatTraceRecord({ kind: "shutdown", dom: 1, reason: 0, code: -1 }))[1], { kind: "shutdown", dom: 1, reason: 0, code: -1 });
});

test("parseTrace() names the first bad line", () => {
  assert.throws(() => parseTrace('{"kind":"event","dom":1}\n'), /line 1/);
  assert.throws(() => parseTrace("\nnot json\n"), /line 2 is not JSON/);
});
