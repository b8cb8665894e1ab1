/**
 * The `#define` part of a generated header: every constant a family module
 * declares, in declaration order, with its doc comment and section headings.
 */
import type { AbiModule } from "./abi_source.js";

export type Decl =
  | { kind: "section"; title: string }
  | { kind: "const"; name: string; init: string; doc: string };

const SECTION = /^\/\/ -{3,}\s*(.*)$/;
const CONST = /^export const (.*?);?\s*$/;
const DECLARATOR = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=\s*(.*)$/;
/** A C constant: starts with an upper-case word (XEN_EPERM, EVTCHNOP_send, NR_VIRQS). */
const C_NAME = /^_*[A-Z][A-Z0-9]*(_[A-Za-z0-9_]*)?$/;

/** The declarations of a module's text, in order (one-line `export const`s only). */
export function parseDecls(text: string): Decl[] {
  const out: Decl[] = [];
  const lines = text.split("\n");
  let doc: string[] = [];
  let inDoc = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (inDoc) {
      const body = line.replace(/\*\/$/, "").replace(/^\*\s?/, "").trimEnd();
      if (body) doc.push(body);
      if (line.endsWith("*/")) inDoc = false;
      continue;
    }
    if (line.startsWith("/**")) {
      doc = [];
      const body = line.replace(/^\/\*\*\s?/, "").replace(/\*\/$/, "").trim();
      if (body) doc.push(body);
      inDoc = !line.endsWith("*/");
      continue;
    }
    const s = SECTION.exec(line);
    if (s) {
      out.push({ kind: "section", title: s[1]!.replace(/-+$/, "").trim() });
      doc = [];
      continue;
    }
    const c = CONST.exec(line);
    if (c) {
      // `export const A = 0, B = 4;` declares several constants on one line.
      const parts = c[1]!.split(/,\s*(?=[A-Za-z_][A-Za-z0-9_]*\s*=)/);
      parts.forEach((part, i) => {
        const d = DECLARATOR.exec(part.trim());
        if (d) out.push({ kind: "const", name: d[1]!, init: d[2]!.trim(), doc: i === 0 ? doc.join(" ") : "" });
      });
    }
    if (line !== "") doc = [];
  }
  return out;
}

/** C spelling of a constant's name: `HYPERVISOR_mmu_update` is `__HYPERVISOR_mmu_update` in C. */
export function cName(name: string): string {
  return /^HYPERVISOR_[a-z]/.test(name) ? `__${name}` : name;
}

/** C literal for a value; hex when the TS source wrote hex or a shift. */
export function cValue(value: number | bigint | string, init: string): string | null {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value < 0n ? "-" : ""}0x${(value < 0n ? -value : value).toString(16)}ULL`;
  if (!Number.isInteger(value)) return null;
  if (value < 0) return `(${value})`;
  const hex = /0x|<</i.test(init);
  const text = hex ? `0x${value.toString(16)}` : String(value);
  if (value > 0xffffffff) return `${text}ULL`;
  if (value > 0x7fffffff) return `${text}U`;
  return text;
}

function comment(doc: string, indent = ""): string[] {
  return doc ? [`${indent}/* ${doc.replace(/\*\//g, "* /")} */`] : [];
}

/** `#define` lines for a module; names not shaped like C constants are left out. */
export function definesFor(mod: AbiModule): string[] {
  const out: string[] = [];
  for (const d of parseDecls(mod.text)) {
    if (d.kind === "section") {
      out.push("", `/* ---- ${d.title} */`);
      continue;
    }
    if (!C_NAME.test(d.name)) continue;
    const v = mod.exports[d.name];
    if (typeof v !== "number" && typeof v !== "bigint" && typeof v !== "string") continue;
    const lit = cValue(v, d.init);
    if (lit === null) continue;
    out.push(...comment(d.doc), `#define ${cName(d.name)} ${lit}`);
  }
  return out;
}
