/**
 * `npm run bench -- hypercalls [--on TARGET,...] [--list]`: the hot hypercalls
 * side by side — native privileged instructions (guests/native/hcall), microxen
 * with the "hot" profile (in-line stubs), microxen with "none" (every call an
 * ecall into the TS shim) and, once it exists, full Xen.
 *
 * Both images print, per operation, "@begin OP", then after N iterations between
 * two `instret` reads "@end" and "bench OP N INSNS"; they run the whole list twice
 * and the second round counts (the first warms up the host's JIT). Two figures:
 * - guest instructions per operation = INSNS / N (under microxen the TS handlers
 *   retire no guest instructions, so this is what the guest itself executes);
 * - host nanoseconds per operation = (arrival of "@end" - arrival of "@begin") / N,
 *   timed on the child's stdout, which captures the TS work as well.
 * Each target runs as its own `pvkit` process, so all are measured the same way.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const NATIVE_IMAGE = "guests/native/hcall/hcall.elf";
const PV_IMAGE = "guests/kernels/bench/bench.elf";

export interface Target {
  readonly name: string;
  /** pvkit arguments. */
  readonly args: readonly string[];
}

export const TARGETS: readonly Target[] = [
  { name: "native", args: ["machine", "run", NATIVE_IMAGE] },
  { name: "microxen-hot", args: ["run", PV_IMAGE, "--on", "microxen", "--profile", "hot"] },
  { name: "microxen-none", args: ["run", PV_IMAGE, "--on", "microxen", "--profile", "none"] },
  { name: "fullxen", args: ["run", PV_IMAGE, "--on", "fullxen"] },
];

export const OPS: readonly string[] = ["null", "update_va_mapping", "mmu_update_1", "mmu_update_64", "mmu_update_512",
  "new_baseptr", "set_timer_op", "iret", "evtchn_send"];

/** Operations whose microxen-hot guest instructions should stay within 1.1x of native. */
export const TARGET_OPS: readonly string[] = ["update_va_mapping", "mmu_update_1", "mmu_update_64", "mmu_update_512",
  "new_baseptr", "set_timer_op"];

export interface TimedLine {
  readonly ms: number;
  readonly text: string;
}

export interface OpResult {
  readonly iters: number;
  readonly insns: number;
  /** Host ns per operation, NaN when the markers were missing. */
  readonly nsPerOp: number;
}

/** Reads "@begin OP" / "@end" / "bench OP N INSNS" lines; other lines are ignored. */
export function parseBenchLines(lines: readonly TimedLine[]): Map<string, OpResult> {
  const out = new Map<string, OpResult>();
  let begin: { op: string; ms: number } | null = null;
  let endMs = NaN;
  for (const { ms, text } of lines) {
    const line = text.trim();
    let m: RegExpExecArray | null;
    if ((m = /^@begin (\S+)$/.exec(line))) {
      begin = { op: m[1]!, ms };
      endMs = NaN;
    } else if (line === "@end") {
      endMs = ms;
    } else if ((m = /^bench (\S+) (\d+) (\d+)$/.exec(line))) {
      const [op, iters, insns] = [m[1]!, Number(m[2]), Number(m[3])];
      if (iters <= 0) throw new Error(`parse bench output: '${line}' has no iterations`);
      const timed = begin !== null && begin.op === op && Number.isFinite(endMs);
      out.set(op, { iters, insns, nsPerOp: timed ? ((endMs - begin!.ms) * 1e6) / iters : NaN });
      begin = null;
    }
  }
  return out;
}

export interface TargetRun {
  readonly target: string;
  readonly results: Map<string, OpResult>;
  /** Why the target has no figures (null when it ran). */
  readonly error: string | null;
}

/** Runs one target as a child `pvkit` process, timing each stdout line on arrival. */
export function runTarget(t: Target, timeoutMs = 600_000): Promise<TargetRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", ...t.args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const lines: TimedLine[] = [];
    let partial = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (chunk: string) => {
      const ms = performance.now();
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const text of parts) lines.push({ ms, text });
    });
    child.stderr.setEncoding("latin1");
    child.stderr.on("data", (chunk: string) => { stderr += chunk; });
    child.on("error", (e) => { clearTimeout(timer); done({ target: t.name, results: new Map(), error: `spawn: ${e.message}` }); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (partial !== "") lines.push({ ms: performance.now(), text: partial });
      let results = new Map<string, OpResult>();
      let error: string | null = null;
      try {
        results = parseBenchLines(lines);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      if (error === null && results.size === 0) {
        const errLines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
        const why = errLines.find((l) => /error|usage|unknown/i.test(l)) ?? errLines[0] ?? lines.map((l) => l.text).slice(-1)[0] ?? "no output";
        error = `exit ${code ?? signal}: ${why}`;
      } else if (error === null && code !== 0) {
        error = `exit ${code ?? signal} after ${results.size} operations`;
      }
      done({ target: t.name, results, error });
    });
  });
}

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");

/** The side-by-side table: guest instructions per operation, then host ns per operation. */
export function formatTable(runs: readonly TargetRun[]): string {
  const names = runs.map((r) => r.target);
  const width = Math.max(...OPS.map((o) => o.length), 10);
  const head = (title: string): string => [title.padEnd(width), ...names.map((n) => n.padStart(14))].join(" ");
  const cell = (r: TargetRun, op: string, f: (x: OpResult) => number, d: number): string => {
    const x = r.results.get(op);
    return (x ? fmt(f(x), d) : "n/a").padStart(14);
  };
  const rows: string[] = [head("guest insns/op")];
  for (const op of OPS) rows.push([op.padEnd(width), ...runs.map((r) => cell(r, op, (x) => x.insns / x.iters, 1))].join(" "));
  rows.push("", head("host ns/op"));
  for (const op of OPS) rows.push([op.padEnd(width), ...runs.map((r) => cell(r, op, (x) => x.nsPerOp, 0))].join(" "));
  const native = runs.find((r) => r.target === "native");
  const hot = runs.find((r) => r.target === "microxen-hot");
  if (native && hot && hot.results.size > 0) {
    rows.push("", "microxen-hot / native guest instructions (target <= 1.10 on the MMU and timer operations):");
    for (const op of TARGET_OPS) {
      const n = native.results.get(op), h = hot.results.get(op);
      const ratio = n && h ? h.insns / h.iters / (n.insns / n.iters) : NaN;
      rows.push(`  ${op.padEnd(width)} ${fmt(ratio, 2).padStart(6)}${Number.isFinite(ratio) && ratio > 1.1 ? "  (over target)" : ""}`);
    }
  }
  const failed = runs.filter((r) => r.error !== null);
  if (failed.length > 0) rows.push("", ...failed.map((r) => `${r.target}: ${r.error}`));
  return rows.join("\n");
}

function parseArgs(args: string[]): Target[] {
  let chosen = TARGETS.slice();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--on") {
      const want = (args[++i] ?? "").split(",").filter((s) => s !== "");
      const unknown = want.filter((w) => !TARGETS.some((t) => t.name === w));
      if (want.length === 0 || unknown.length > 0) {
        throw new Error(`parse arguments: --on takes a comma list of ${TARGETS.map((t) => t.name).join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}`);
      }
      chosen = TARGETS.filter((t) => want.includes(t.name));
    } else {
      throw new Error(`parse arguments: unknown argument '${a}' (usage: bench hypercalls [--on TARGET,...])`);
    }
  }
  return chosen;
}

export async function run(args: string[]): Promise<void> {
  const targets = parseArgs(args);
  const runs: TargetRun[] = [];
  for (const t of targets) runs.push(await runTarget(t));
  console.log(formatTable(runs));
  if (!runs.some((r) => r.results.size > 0)) throw new Error("run: no target produced figures");
}
