/**
 * C text of one struct layout: the struct with fixed-width (or ctype) fields, a
 * `<name>_t` typedef, and `_Static_assert`s on its size, alignment and every
 * field's offset, so clang checks the layouts abi/ computes.
 */
import type { FieldType, StructLayout } from "../../abi/layout.js";

const SCALAR_C: Readonly<Record<string, string>> = {
  u8: "uint8_t", u16: "uint16_t", u32: "uint32_t", u64: "uint64_t",
  i8: "int8_t", i16: "int16_t", i32: "int32_t", i64: "int64_t",
};

/** Struct tag of a layout: its name without a trailing `_t`. */
export function structTag(name: string): string {
  return name.endsWith("_t") ? name.slice(0, -2) : name;
}

/** The layouts a layout nests directly (by struct tag). */
export function nestedStructs(layout: StructLayout): StructLayout[] {
  const out: StructLayout[] = [];
  const walk = (t: FieldType): void => {
    if (typeof t === "string") return;
    if ("array" in t) walk(t.array);
    else out.push(t.struct);
  };
  for (const f of layout.fields) walk(f.type);
  return out;
}

/**
 * A ctype that spells out a union or struct body stands for the whole field (the
 * array in `type` only fixes its size); any other ctype names the element type.
 */
function declarator(type: FieldType, ctype: string | undefined, name: string): string {
  if (ctype !== undefined && /^(union|struct)\s*\{/.test(ctype)) return `${ctype} ${name}`;
  const dims: number[] = [];
  let t = type;
  while (typeof t !== "string" && "array" in t) {
    dims.push(t.length);
    t = t.array;
  }
  const base = ctype ?? (typeof t === "string" ? SCALAR_C[t]! : `struct ${structTag(t.struct.name)}`);
  return `${base} ${name}${dims.map((d) => `[${d}]`).join("")}`;
}

function cComment(text: string): string {
  return text.replace(/\*\//g, "* /");
}

export function structText(layout: StructLayout): string[] {
  const tag = structTag(layout.name);
  const out: string[] = [];
  if (layout.doc) out.push(`/* ${cComment(layout.doc)} */`);
  out.push(`struct ${tag} {`);
  for (const f of layout.fields) {
    const owner = f.owner === undefined ? "" : f.owner === "both" ? "[XEN,GST] " : `[${f.owner}] `;
    const note = `${owner}${f.doc}`.trim();
    out.push(`    ${declarator(f.type, f.ctype, f.name)};${note ? ` /* @${f.offset}: ${cComment(note)} */` : ` /* @${f.offset} */`}`);
  }
  out.push("};", `typedef struct ${tag} ${tag}_t;`);
  const s = `struct ${tag}`;
  out.push(`_Static_assert(sizeof(${s}) == ${layout.size}, "sizeof(${s}) must be ${layout.size}");`);
  out.push(`_Static_assert(_Alignof(${s}) == ${layout.align}, "alignof(${s}) must be ${layout.align}");`);
  for (const f of layout.fields) {
    out.push(`_Static_assert(offsetof(${s}, ${f.name}) == ${f.offset}, "${tag}.${f.name} must be at ${f.offset}");`);
    out.push(`_Static_assert(sizeof(((${s} *)0)->${f.name}) == ${f.size}, "${tag}.${f.name} must be ${f.size} bytes");`);
  }
  return out;
}
