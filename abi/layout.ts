/**
 * Struct layouts as data (CONVENTIONS §3). A struct is declared once as a list of
 * fixed-width fields; offsets, size and alignment are computed here with the rv32
 * ilp32 rules of the RISC-V psABI:
 *
 *   - every scalar is aligned to its size (u64/i64 to 8),
 *   - an array is aligned like its element, a nested struct like its widest member,
 *   - a struct's size is rounded up to its alignment.
 *
 * `unsigned long`, `xen_ulong_t`, `xen_pfn_t` and guest handles are 4 bytes (u32).
 *
 * `ctype` is the C spelling of the field's (element) type that a generated header
 * uses in place of the default for the scalar (`uint32_t`, ...): e.g. "xen_pfn_t",
 * "char", "domid_t", "XEN_GUEST_HANDLE(xen_pfn_t)". A C union is declared with the
 * member that fixes its size and alignment, and ctype holds the full union text
 * (`union { xen_pfn_t mfn; unsigned long linear_addr; }`); the size must agree,
 * which the generated `_Static_assert`s check.
 */

export type Scalar = "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64";
export type FieldType = Scalar | { array: FieldType; length: number } | { struct: StructLayout };

export interface FieldSpec {
  name: string;
  type: FieldType;
  doc: string;
  /** Who writes the field in shared memory: [XEN], [GST] or both. */
  owner?: "XEN" | "GST" | "both";
  ctype?: string;
}
export interface Field extends FieldSpec {
  offset: number;
  size: number;
}
export interface StructLayout {
  name: string;
  doc: string;
  size: number;
  align: number;
  fields: Field[];
}

const SCALAR_SIZE: Readonly<Record<Scalar, number>> = {
  u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8,
};

export function scalarSize(s: Scalar): number {
  return SCALAR_SIZE[s];
}

export function sizeOf(t: FieldType): number {
  if (typeof t === "string") return SCALAR_SIZE[t];
  if ("array" in t) return sizeOf(t.array) * t.length;
  return t.struct.size;
}

export function alignOf(t: FieldType): number {
  if (typeof t === "string") return SCALAR_SIZE[t];
  if ("array" in t) return alignOf(t.array);
  return t.struct.align;
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Lay out `fields` in order (ilp32, u64 8-aligned). Throws on a duplicate field name. */
export function defineStruct(name: string, doc: string, fields: FieldSpec[]): StructLayout {
  let offset = 0;
  let align = 1;
  const seen = new Set<string>();
  const out: Field[] = [];
  for (const f of fields) {
    if (seen.has(f.name)) throw new Error(`define struct ${name}: duplicate field ${f.name}`);
    seen.add(f.name);
    const a = alignOf(f.type);
    const size = sizeOf(f.type);
    offset = roundUp(offset, a);
    out.push({ ...f, offset, size });
    offset += size;
    align = Math.max(align, a);
  }
  return { name, doc, size: roundUp(offset, align), align, fields: out };
}

export function fieldOf(layout: StructLayout, name: string): Field {
  const f = layout.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`look up field: ${layout.name} has no field ${name}`);
  return f;
}

/** Offset of a field, with dotted paths into nested structs ("time.system_time"). */
export function offsetOf(layout: StructLayout, path: string): number {
  let l = layout;
  let off = 0;
  const parts = path.split(".");
  for (let i = 0; i < parts.length; i++) {
    const f = fieldOf(l, parts[i]!);
    off += f.offset;
    if (i < parts.length - 1) {
      if (typeof f.type === "string" || !("struct" in f.type)) {
        throw new Error(`look up field: ${l.name}.${f.name} is not a struct`);
      }
      l = f.type.struct;
    }
  }
  return off;
}

/**
 * Read a scalar field (or one element of a scalar array) from `view` at `base`.
 * u64/i64 come back as a number when exact, else as a bigint — these helpers are for
 * tools and tests, not for hot paths (hot paths compute offsets once and use DataView).
 */
export function readField(view: DataView, base: number, layout: StructLayout, path: string, index = 0): number | bigint {
  const { type, offset } = scalarAt(layout, path, index);
  const at = base + offset;
  switch (type) {
    case "u8": return view.getUint8(at);
    case "i8": return view.getInt8(at);
    case "u16": return view.getUint16(at, true);
    case "i16": return view.getInt16(at, true);
    case "u32": return view.getUint32(at, true);
    case "i32": return view.getInt32(at, true);
    case "u64": return narrow(view.getBigUint64(at, true));
    case "i64": return narrow(view.getBigInt64(at, true));
  }
}

export function writeField(view: DataView, base: number, layout: StructLayout, path: string, value: number | bigint, index = 0): void {
  const { type, offset } = scalarAt(layout, path, index);
  const at = base + offset;
  switch (type) {
    case "u8": view.setUint8(at, Number(value)); return;
    case "i8": view.setInt8(at, Number(value)); return;
    case "u16": view.setUint16(at, Number(value), true); return;
    case "i16": view.setInt16(at, Number(value), true); return;
    case "u32": view.setUint32(at, Number(value) >>> 0, true); return;
    case "i32": view.setInt32(at, Number(value) | 0, true); return;
    case "u64": view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true); return;
    case "i64": view.setBigInt64(at, BigInt.asIntN(64, BigInt(value)), true); return;
  }
}

function narrow(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

function scalarAt(layout: StructLayout, path: string, index: number): { type: Scalar; offset: number } {
  const parts = path.split(".");
  const last = parts.pop()!;
  let l = layout;
  let off = 0;
  for (const p of parts) {
    const f = fieldOf(l, p);
    if (typeof f.type === "string" || !("struct" in f.type)) throw new Error(`access field: ${l.name}.${p} is not a struct`);
    off += f.offset;
    l = f.type.struct;
  }
  const f = fieldOf(l, last);
  off += f.offset;
  if (typeof f.type === "string") {
    if (index !== 0) throw new Error(`access field: ${l.name}.${last} is not an array`);
    return { type: f.type, offset: off };
  }
  if ("array" in f.type && typeof f.type.array === "string") {
    if (!Number.isInteger(index) || index < 0 || index >= f.type.length) {
      throw new Error(`access field: index ${index} outside ${l.name}.${last}[${f.type.length}]`);
    }
    return { type: f.type.array, offset: off + index * SCALAR_SIZE[f.type.array] };
  }
  throw new Error(`access field: ${l.name}.${last} is not a scalar or scalar array`);
}

/** Every (path, offset, size) of a layout, nested structs flattened; for golden tables. */
export function flattenLayout(layout: StructLayout, prefix = "", base = 0): { path: string; offset: number; size: number }[] {
  const out: { path: string; offset: number; size: number }[] = [];
  for (const f of layout.fields) {
    const path = prefix + f.name;
    out.push({ path, offset: base + f.offset, size: f.size });
    if (typeof f.type !== "string" && "struct" in f.type) out.push(...flattenLayout(f.type.struct, path + ".", base + f.offset));
  }
  return out;
}
