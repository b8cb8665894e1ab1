/** The #define extraction: declaration order, multi-declarator lines, C literals. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cName, cValue, definesFor, parseDecls } from "../../cli/gen/c_defines.js";

test("parseDecls() splits `export const A = 0, B = 4;` into two constants, doc on the first", () => {
  const d = parseDecls("/** Offsets. */\nexport const A = 0, B = 4;\n");
  assert.deepEqual(d, [
    { kind: "const", name: "A", init: "0", doc: "Offsets." },
    { kind: "const", name: "B", init: "4", doc: "" },
  ]);
});

test("parseDecls() keeps section headings and drops a doc that is not right above", () => {
  const d = parseDecls("// ------- grants\n/** x */\n\nconst y = 1;\nexport const GTF_readonly = 1 << 2;\n");
  assert.deepEqual(d, [{ kind: "section", title: "grants" }, { kind: "const", name: "GTF_readonly", init: "1 << 2", doc: "" }]);
});

test("cValue() writes hex for hex or shifted sources, suffixes large values, wraps negatives", () => {
  assert.equal(cValue(4, "1 << 2"), "0x4");
  assert.equal(cValue(22, "22"), "22");
  assert.equal(cValue(0xc0000000, "0xc0000000"), "0xc0000000U");
  assert.equal(cValue(0x1_0000_0000, "0x1_0000_0000"), "0x100000000ULL");
  assert.equal(cValue(-1, "-1"), "(-1)");
  assert.equal(cValue("xen-3.0-rv32", '"xen-3.0-rv32"'), '"xen-3.0-rv32"');
  assert.equal(cValue(1.5, "1.5"), null);
});

test("cName() gives hypercall numbers Xen's __HYPERVISOR_ spelling and leaves other names", () => {
  assert.equal(cName("HYPERVISOR_mmu_update"), "__HYPERVISOR_mmu_update");
  assert.equal(cName("HYPERVISOR_VIRT_START"), "HYPERVISOR_VIRT_START");
});

test("definesFor() leaves out camelCase names, tables and functions", () => {
  const text = "export const XEN_EPERM = 1;\nexport const pageSize = 4096;\nexport const ERRNO_NAMES = {};\nexport function f() {}\n";
  const lines = definesFor({ file: "errno.ts", text, exports: { XEN_EPERM: 1, pageSize: 4096, ERRNO_NAMES: {} } });
  assert.deepEqual(lines, ["#define XEN_EPERM 1"]);
});
