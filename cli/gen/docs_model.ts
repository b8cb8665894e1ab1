/**
 * What the hypercall reference shows, computed once for both renderers
 * (Markdown in docs.ts, HTML in html.ts): per hypercall its C prototype, the
 * layouts it uses and how each hypervisor handles it and each sub-op.
 */
import type { StructLayout, FieldType } from "../../abi/layout.js";
import type { Handling, HandlingTable, Hypercall } from "../../abi/hypercall_table.js";
import { NO_WRAPPER } from "./c_hypercall.js";

export type Shown = Handling | "undeclared";

export interface HandlingCell {
  hypervisor: string;
  handling: Shown;
  note: string;
}

export interface CallPage {
  call: Hypercall;
  slug: string;
  prototype: string;
  handling: HandlingCell[];
  /** Per sub-op name, one handling per hypervisor (same order as `handling`). */
  subopHandling: Map<string, Shown[]>;
  structs: StructLayout[];
  missingStructs: string[];
}

export function slugOf(h: Hypercall): string {
  return h.name.replace(/[^A-Za-z0-9_]/g, "_");
}

export function prototypeOf(h: Hypercall): string {
  const params = h.args.length
    ? h.args.map((a) => (a.ctype.endsWith("*") ? `${a.ctype}${a.name}` : `${a.ctype} ${a.name}`)).join(", ")
    : "void";
  const proto = `long HYPERVISOR_${h.name}(${params});`;
  return NO_WRAPPER.has(h.name) ? `/* jumped to at hypercall_page + 32*${h.nr}, never called */` : proto;
}

export function typeText(t: FieldType, ctype: string | undefined): string {
  if (ctype) return ctype;
  if (typeof t === "string") return t;
  if ("array" in t) return `${typeText(t.array, undefined)}[${t.length}]`;
  return `struct ${t.struct.name}`;
}

/** Layouts reached from `names`, nested ones after their parent, each once. */
function layoutsFor(names: readonly string[], all: ReadonlyMap<string, StructLayout>): { found: StructLayout[]; missing: string[] } {
  const found: StructLayout[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const s = all.get(n);
    if (!s) {
      missing.push(n);
      return;
    }
    found.push(s);
    for (const f of s.fields) {
      let t = f.type;
      while (typeof t !== "string" && "array" in t) t = t.array;
      if (typeof t !== "string") visit(t.struct.name);
    }
  };
  for (const n of names) visit(n);
  return { found, missing };
}

export function buildPages(
  calls: readonly Hypercall[],
  structs: readonly StructLayout[],
  tables: readonly HandlingTable[],
): CallPage[] {
  const byName = new Map(structs.map((s) => [s.name, s]));
  return [...calls].sort((a, b) => a.nr - b.nr).map((call) => {
    const handling = tables.map((t) => {
      const e = t.calls[call.name];
      return { hypervisor: t.hypervisor, handling: (e?.handling ?? "undeclared") as Shown, note: e?.note ?? "" };
    });
    const subopHandling = new Map<string, Shown[]>();
    for (const s of call.subops) {
      subopHandling.set(s.name, tables.map((t) => {
        const e = t.calls[call.name];
        return e === undefined ? "undeclared" : (e.subops?.[s.name] ?? e.handling);
      }));
    }
    const names = [...call.structs, ...call.subops.flatMap((s) => (s.struct ? [s.struct] : []))];
    const { found, missing } = layoutsFor(names, byName);
    return { call, slug: slugOf(call), prototype: prototypeOf(call), handling, subopHandling, structs: found, missingStructs: missing };
  });
}

export const HANDLING_LEGEND: Readonly<Record<Shown, string>> = {
  inline: "done by native code in the transfer page itself",
  local: "done by the hypervisor, without type checks",
  checked: "done by the hypervisor, with full validation",
  unsupported: "returns -ENOSYS (-EOPNOTSUPP for a sub-op), as Xen does",
  undeclared: "not declared in the hypervisor's handling table",
};
