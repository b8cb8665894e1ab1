/**
 * Renders a Comparison (compare.ts) for people: a side-by-side text report, with
 * every divergent row marked `!` in the first column, and an HTML page with two
 * columns and the divergent rows highlighted. Same rows of long sections are
 * elided in the text report, keeping CONTEXT rows around each divergence.
 */
import type { Comparison, Row, Section } from "./compare.js";

const CONTEXT = 3;
const COL = 60;

function fit(s: string | null, width: number): string {
  const t = s === null ? "(none)" : s;
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

function keptRows(s: Section, all: boolean): (Row | "gap")[] {
  if (all || (s.divergent === 0 && s.rows.length <= 2 * CONTEXT)) return s.rows;
  const keep = new Uint8Array(s.rows.length);
  s.rows.forEach((r, i) => {
    if (!r.same) for (let j = Math.max(0, i - CONTEXT); j <= Math.min(s.rows.length - 1, i + CONTEXT); j++) keep[j] = 1;
  });
  if (s.divergent === 0) for (let j = 0; j < CONTEXT; j++) keep[j] = 1;
  const out: (Row | "gap")[] = [];
  for (let i = 0; i < s.rows.length; i++) {
    if (keep[i] === 1) out.push(s.rows[i]!);
    else if (out.at(-1) !== "gap") out.push("gap");
  }
  return out;
}

/** The text report; `all` prints every row instead of eliding same ones. */
export function textReport(c: Comparison, title: string, all = false): string {
  const out: string[] = [];
  out.push(`certify ${title}: ${c.same ? "SAME" : "DIFFERENT"}`);
  out.push(`  ${"".padEnd(6)}${fit(c.leftName, COL)} | ${c.rightName}`);
  for (const s of c.sections) {
    out.push("");
    out.push(`== ${s.title}: ${s.rows.length} row${s.rows.length === 1 ? "" : "s"}, ${s.divergent === 0 ? "same" : `${s.divergent} divergent`}`);
    for (const r of keptRows(s, all)) {
      if (r === "gap") {
        out.push("  ...");
        continue;
      }
      out.push(`${r.same ? " " : "!"} ${String(r.index).padStart(5)} ${fit(r.left, COL)} | ${r.right ?? "(none)"}`);
    }
  }
  out.push("");
  const n = c.sections.reduce((t, s) => t + s.divergent, 0);
  out.push(c.same ? "verdict: same behaviour on both hypervisors" : `verdict: different (${n} divergent row${n === 1 ? "" : "s"}, marked !)`);
  return `${out.join("\n")}\n`;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A self-contained HTML page: one table per section, two columns, divergent rows highlighted. */
export function htmlReport(c: Comparison, title: string): string {
  const parts: string[] = [];
  parts.push(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>certify ${esc(title)}</title>`);
  parts.push("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
    + "td,th{font-family:monospace;font-size:13px;padding:2px 6px;border-bottom:1px solid #eee;vertical-align:top;white-space:pre-wrap;word-break:break-all}"
    + "th{text-align:left;background:#f4f4f4}td.n{color:#888;text-align:right;width:4em}tr.diff td{background:#ffd9d9}"
    + ".same{color:#176f2c}.different{color:#b00020}</style></head><body>");
  parts.push(`<h1>certify ${esc(title)}: <span class="${c.same ? "same" : "different"}">${c.same ? "same" : "different"}</span></h1>`);
  for (const s of c.sections) {
    parts.push(`<h2>${esc(s.title)} — ${s.divergent === 0 ? "same" : `${s.divergent} divergent`}</h2>`);
    parts.push(`<table><tr><th></th><th>${esc(c.leftName)}</th><th>${esc(c.rightName)}</th></tr>`);
    for (const r of s.rows) {
      parts.push(`<tr${r.same ? "" : ' class="diff"'}><td class="n">${r.same ? "" : "! "}${r.index}</td>`
        + `<td>${esc(r.left ?? "(none)")}</td><td>${esc(r.right ?? "(none)")}</td></tr>`);
    }
    parts.push("</table>");
  }
  parts.push("</body></html>\n");
  return parts.join("\n");
}
