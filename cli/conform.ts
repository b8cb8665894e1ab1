/**
 * `pvkit conform [--only NAME] [--targets a,b,c] [--json FILE] [--max-insns N]`
 *
 * Runs every conformance guest (guests/tests/*, cli/harness/suite.ts) on every
 * target it applies to and prints a matrix: one row per guest, one column per
 * target, each cell the XTF verdict (SUCCESS, SKIP, ERROR, FAILURE, CRASH; `-`
 * where the guest does not apply). Colour only when stdout is a terminal. Then a
 * summary line. `--json` writes the matrix as JSON.
 * Exit code: 0 when every cell succeeded or skipped, else the most severe of
 * 4 error, 5 failure, 6 crash; 2 for bad arguments or no guest selected.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ArgError, intOption, parseArgs } from "./args.js";
import {
  DEFAULT_MAX_INSNS, isTarget, runGuest, TARGET_MAX_VCPUS, TARGETS, VERDICT_EXIT, VERDICTS, worse, type Target, type Verdict,
} from "./harness/run_guest.js";
import { suiteGuests, type SuiteGuest } from "./harness/suite.js";

const NAME = "pvkit conform";
const USAGE = `usage: ${NAME} [--only NAME] [--targets ${TARGETS.join(",")}] [--json FILE] [--max-insns N]`;
export const EXIT_USAGE = 2;

export interface Cell {
  verdict: Verdict;
  /** How the run ended when it was not a clean shutdown, else "". */
  detail: string;
}

export interface MatrixRow {
  name: string;
  cells: Partial<Record<Target, Cell>>;
}

export interface Matrix {
  targets: Target[];
  rows: MatrixRow[];
}

/** Runs the guests on the targets (a guest only on the targets it applies to). */
export function runMatrix(guests: readonly SuiteGuest[], targets: readonly Target[], maxInsns = DEFAULT_MAX_INSNS,
  onCell?: (name: string, t: Target, c: Cell) => void): Matrix {
  const rows: MatrixRow[] = [];
  for (const g of guests) {
    const image = new Uint8Array(readFileSync(g.path));
    const row: MatrixRow = { name: g.name, cells: {} };
    for (const t of targets) {
      if (!g.targets.includes(t)) continue;
      const r = runGuest(image, t, { maxInsns, vcpus: Math.min(g.vcpus, TARGET_MAX_VCPUS[t]) });
      const cell: Cell = { verdict: r.verdict, detail: r.ended === "shutdown" ? "" : `${r.ended}${r.detail !== "" ? `: ${r.detail}` : ""}` };
      row.cells[t] = cell;
      onCell?.(g.name, t, cell);
    }
    rows.push(row);
  }
  return { targets: [...targets], rows };
}

/** The worst verdict in the matrix (SUCCESS when empty). */
export function worstOf(m: Matrix): Verdict {
  let w: Verdict = "SUCCESS";
  for (const r of m.rows) for (const c of Object.values(r.cells)) w = worse(w, c.verdict);
  return w;
}

/** 0 for SUCCESS/SKIP, else the exit code of the worst verdict. */
export function exitCodeOf(m: Matrix): number {
  const w = worstOf(m);
  return w === "SKIP" ? 0 : VERDICT_EXIT[w];
}

const COLOURS: Record<Verdict, string> = { SUCCESS: "32", SKIP: "33", ERROR: "35", FAILURE: "31", CRASH: "1;31" };

export function formatMatrix(m: Matrix, colour: boolean): string {
  const nameW = Math.max(4, ...m.rows.map((r) => r.name.length));
  const colW = Math.max(8, ...m.targets.map((t) => t.length));
  const paint = (v: Verdict, text: string): string => (colour ? `\x1b[${COLOURS[v]}m${text}\x1b[0m` : text);
  const out = [`${"test".padEnd(nameW)}  ${m.targets.map((t) => t.padEnd(colW)).join("  ")}`.trimEnd()];
  const notes: string[] = [];
  for (const r of m.rows) {
    const cells = m.targets.map((t) => {
      const c = r.cells[t];
      if (c === undefined) return "-".padEnd(colW);
      if (c.detail !== "") notes.push(`  ${r.name} on ${t}: ${c.detail}`);
      return paint(c.verdict, c.verdict.padEnd(colW));
    });
    out.push(`${r.name.padEnd(nameW)}  ${cells.join("  ")}`.trimEnd());
  }
  const counts = new Map<Verdict, number>();
  let total = 0;
  for (const r of m.rows) for (const c of Object.values(r.cells)) {
    counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
    total++;
  }
  const parts = VERDICTS.filter((v) => counts.has(v)).map((v) => `${counts.get(v)} ${v}`);
  const w = worstOf(m);
  out.push("");
  out.push(`conform: ${m.rows.length} guests, ${total} runs: ${parts.join(", ") || "none"} — ${w === "SUCCESS" || w === "SKIP" ? "PASS" : `worst ${w}`}`);
  if (notes.length > 0) out.push("", "runs that did not end with a shutdown:", ...notes);
  return `${out.join("\n")}\n`;
}

export function matrixJson(m: Matrix): string {
  return `${JSON.stringify({ targets: m.targets, rows: m.rows, worst: worstOf(m), exit: exitCodeOf(m) }, null, 2)}\n`;
}

export async function main(args: string[]): Promise<number> {
  let guests: SuiteGuest[];
  let targets: Target[];
  let json: string | null;
  let maxInsns: number;
  try {
    const p = parseArgs(args, { flags: ["help"], options: ["only", "targets", "json", "max-insns"] });
    if (p.flags.has("help")) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (p.positional.length > 0) throw new ArgError(`unexpected argument ${p.positional[0]}`);
    const list = p.options.get("targets");
    targets = list === undefined ? [...TARGETS] : list.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => {
      if (!isTarget(s)) throw new ArgError(`--targets: unknown target '${s}' (known: ${TARGETS.join(", ")})`);
      return s;
    });
    if (targets.length === 0) throw new ArgError("--targets: no target given");
    targets = TARGETS.filter((t) => targets.includes(t));
    guests = suiteGuests();
    const only = p.options.get("only");
    if (only !== undefined) {
      guests = guests.filter((g) => g.name === only);
      if (guests.length === 0) throw new ArgError(`--only ${only}: no such guest in guests/tests`);
    }
    if (!guests.some((g) => g.targets.some((t) => targets.includes(t)))) throw new ArgError("no selected guest runs on the selected targets");
    json = p.options.get("json") ?? null;
    maxInsns = intOption(p, "max-insns", DEFAULT_MAX_INSNS, 1, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    if (e instanceof ArgError) {
      process.stderr.write(`${NAME}: ${e.message} (try --help)\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const m = runMatrix(guests, targets, maxInsns);
  process.stdout.write(formatMatrix(m, process.stdout.isTTY === true));
  if (json !== null) {
    try {
      writeFileSync(json, matrixJson(m));
    } catch (e) {
      process.stderr.write(`${NAME}: cannot write ${json}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return EXIT_USAGE;
    }
  }
  return exitCodeOf(m);
}
