/**
 * hypercall.h: one `HYPERVISOR_<name>()` wrapper per hypercall. A wrapper calls
 * slot `nr` of the transfer page (hypercall_page + 32 * nr) as an ordinary C
 * function with the declared argument types (DESIGN.md §3), so the compiler
 * places the arguments in a0-a4 and takes the result from a0.
 */
import type { Hypercall } from "../../abi/hypercall_table.js";

/** Calls that are jumped to rather than called get no wrapper. */
export const NO_WRAPPER = new Set(["iret"]);

const C_BUILTIN = new Set(["void", "char", "int", "long", "short", "unsigned", "signed", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
  "int8_t", "int16_t", "int32_t", "int64_t"]);

/**
 * The C type a wrapper uses for a declared argument type: a guest handle of a type
 * the headers define stays as declared; `const_X` becomes `const X *`; a handle
 * of a type the ABI does not lay out (platform_op, domctl, ...) is `void *`.
 */
export function wrapperType(ctype: string, known: ReadonlySet<string>): string {
  const m = /^XEN_GUEST_HANDLE(?:_PARAM)?\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(ctype.trim());
  if (!m) return ctype;
  const t = m[1]!;
  if (known.has(t) || C_BUILTIN.has(t)) return ctype;
  const c = /^const_(.+)$/.exec(t);
  if (c && (known.has(c[1]!) || C_BUILTIN.has(c[1]!))) return `const ${c[1]} *`;
  return c ? "const void *" : "void *";
}

function param(ctype: string, name: string): string {
  return ctype.endsWith("*") ? `${ctype}${name}` : `${ctype} ${name}`;
}

export function hypercallHeader(calls: readonly Hypercall[], includes: readonly string[], known: ReadonlySet<string>): string[] {
  const out: string[] = [
    "#ifndef __XEN_PUBLIC_HYPERCALL_H__",
    "#define __XEN_PUBLIC_HYPERCALL_H__",
    "",
    ...includes.map((h) => `#include <xen/${h}>`),
    "",
    "#ifndef __ASSEMBLER__",
    "",
    "/* The transfer page: 128 slots of 32 bytes, filled in by the domain builder. */",
    "extern char hypercall_page[4096];",
    "",
    "/*",
    " * The empty asm hides the page's address from the compiler, so the call is an",
    " * indirect jalr: clang 14 would otherwise emit a direct call to",
    " * hypercall_page + 32 * nr and drop the offset from its R_RISCV_CALL relocation.",
    " */",
    "static inline void *hypercall_slot_address(unsigned int nr)",
    "{",
    "    char *p = hypercall_page;",
    "    __asm__(\"\" : \"+r\"(p));",
    "    return p + 32 * nr;",
    "}",
    "",
    "#define HYPERCALL_SLOT(nr) hypercall_slot_address(nr)",
  ];
  for (const h of [...calls].sort((a, b) => a.nr - b.nr)) {
    out.push("");
    const doc = h.doc.replace(/\*\//g, "* /");
    if (NO_WRAPPER.has(h.name)) {
      out.push(`/* ${h.nr} ${h.name}: ${doc} Jumped to (HYPERCALL_SLOT(${h.nr})), never called: no wrapper. */`);
      continue;
    }
    out.push(`/* ${h.nr} ${h.name}: ${doc} Returns ${h.returns.replace(/\*\//g, "* /")} */`);
    const ctypes = h.args.map((a) => wrapperType(a.ctype, known));
    const params = h.args.length ? h.args.map((a, i) => param(ctypes[i]!, a.name)).join(", ") : "void";
    const types = h.args.length ? ctypes.join(", ") : "void";
    const names = h.args.map((a) => a.name).join(", ");
    out.push(
      `static inline long HYPERVISOR_${h.name}(${params})`,
      "{",
      `    return ((long (*)(${types}))HYPERCALL_SLOT(${h.nr}))(${names});`,
      "}",
    );
  }
  out.push("", "#endif /* __ASSEMBLER__ */", "", "#endif /* __XEN_PUBLIC_HYPERCALL_H__ */");
  return out;
}
