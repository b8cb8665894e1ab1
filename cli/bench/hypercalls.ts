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
 * - host nanoseconds per operation = (time of "@end" - time of "@begin") / N, the
 *   times taken in the child when the guest completes each console line, so they
 *   cover the TS work as well and not the pipe or the parent's scheduling.
 * Each target runs as its own child process of this module (`--child TARGET`),
 * which boots the image with the same library calls as `pvkit machine run` /
 * `pvkit run` and writes "MS LINE" per console line, so all are measured the same
 * way. Full Xen's lines carry the domain ("(d1:bench) "), which the parser
 * strips; where the guest kernel may not read `instret` the image prints "-" for
 * INSNS and only the host figure is reported.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const selfPath = fileURLToPath(import.meta.url);
const NATIVE_IMAGE = "guests/native/hcall/hcall.elf";
const PV_IMAGE = "guests/kernels/bench/bench.elf";

export type TargetName = "native" | "microxen-hot" | "microxen-none" | "fullxen";

export interface Target {
  readonly name: TargetName;
  readonly image: string;
}

/** The argument that makes this module run one target itself (see runChild). */
export const CHILD = "--child";

export const TARGETS: readonly Target[] = [
  { name: "native", image: NATIVE_IMAGE },
  { name: "microxen-hot", image: PV_IMAGE },
  { name: "microxen-none", image: PV_IMAGE },
  { name: "fullxen", image: PV_IMAGE },
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
  /** Guest instructions for all iterations, NaN when the guest could not count them. */
  readonly insns: number;
  /** Host ns per operation, NaN when the markers were missing. */
  readonly nsPerOp: number;
}

/** A console line without full Xen's "(dN:name) " domain prefix. */
export function stripDomainPrefix(text: string): string {
  return text.trim().replace(/^\(d\d+(?::[^)]*)?\)\s*/, "");
}

/**
 * Reads "@begin OP" / "@end" / "bench OP N INSNS|-" lines (a later round of the
 * same OP replaces an earlier one); other lines are ignored.
 */
export function parseBenchLines(lines: readonly TimedLine[]): Map<string, OpResult> {
  const out = new Map<string, OpResult>();
  let begin: { op: string; ms: number } | null = null;
  let endMs = NaN;
  for (const { ms, text } of lines) {
    const line = stripDomainPrefix(text);
    let m: RegExpExecArray | null;
    if ((m = /^@begin (\S+)$/.exec(line))) {
      begin = { op: m[1]!, ms };
      endMs = NaN;
    } else if (line === "@end") {
      endMs = ms;
    } else if ((m = /^bench (\S+) (\d+) (\d+|-)$/.exec(line))) {
      const [op, iters, insns] = [m[1]!, Number(m[2]), m[3] === "-" ? NaN : Number(m[3])];
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

/** A child's "MS LINE" output line; a line without a time (an error) gets NaN. */
export function parseTimedLine(raw: string): TimedLine {
  const m = /^(\d+(?:\.\d+)?) (.*)$/.exec(raw);
  return m ? { ms: Number(m[1]), text: m[2]! } : { ms: NaN, text: raw };
}

/** Runs one target as a child process of this module and reads its timed lines. */
export function runTarget(t: Target, timeoutMs = 600_000): Promise<TargetRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", selfPath, CHILD, t.name, t.image], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const lines: TimedLine[] = [];
    let partial = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const raw of parts) lines.push(parseTimedLine(raw));
    });
    child.stderr.setEncoding("latin1");
    child.stderr.on("data", (chunk: string) => { stderr += chunk; });
    child.on("error", (e) => { clearTimeout(timer); done({ target: t.name, results: new Map(), error: `spawn: ${e.message}` }); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (partial !== "") lines.push(parseTimedLine(partial));
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

/** Writes "MS LINE" for each console line, MS taken when the line completes. */
function lineStamper(): { byte: (b: number) => void; line: (text: string) => void; end: () => void } {
  let buf: number[] = [];
  const line = (text: string): void => void process.stdout.write(`${performance.now().toFixed(4)} ${text}\n`);
  return {
    line,
    byte: (b) => {
      if (b !== 0x0a) {
        buf.push(b);
        return;
      }
      line(Buffer.from(buf).toString("latin1"));
      buf = [];
    },
    end: () => { if (buf.length > 0) line(Buffer.from(buf).toString("latin1")); },
  };
}

/**
 * A target's child: boots `image` natively on the machine, on microxen with a
 * profile, or as one domain on full Xen (credit scheduler and toolstack, as
 * `pvkit run --on fullxen` does), printing each console line with its time.
 * Exit code 0 when the guest ended well (native: finisher pass; PV: poweroff).
 */
export async function runChild(name: TargetName, image: string): Promise<number> {
  const bytes = readFileSync(resolve(root, image));
  const out = lineStamper();
  const budget = 2_000_000_000;
  if (name === "native") {
    const { Machine } = await import("../../machine/machine.js");
    const { parseElf32 } = await import("../../machine/elf.js");
    const m = new Machine({ console: out.byte });
    m.load(parseElf32(bytes));
    const r = m.run(budget);
    out.end();
    process.stderr.write(`native: ${JSON.stringify(r)}\n`);
    return r.reason === "pass" ? 0 : 1;
  }
  if (name === "microxen-hot" || name === "microxen-none") {
    const { Microxen } = await import("../../shim/index.js");
    const mx = new Microxen({ image: bytes, profile: name === "microxen-hot" ? "hot" : "none", console: out.byte });
    const r = mx.run(budget);
    out.end();
    process.stderr.write(`${name}: ${JSON.stringify(r.outcome)}\n`);
    return r.outcome.kind === "shutdown" && r.outcome.fault === null && r.outcome.reason === 0 ? 0 : 1;
  }
  const { Machine } = await import("../../machine/machine.js");
  const { FullXen } = await import("../../fullxen/hypervisor.js");
  const { CreditScheduler } = await import("../../fullxen/sched/index.js");
  const { attachToolstack, parseDomainConfig } = await import("../../fullxen/toolstack/index.js");
  const { SHUTDOWN_poweroff } = await import("../../abi/sched.js");
  const machine = new Machine({ harts: 1, memMiB: 32 + 16 + 2 });
  const sched = new CreditScheduler({ harts: 1 });
  const fx = new FullXen(machine, { scheduler: sched });
  const ts = attachToolstack(fx, sched, { onConsole: (dom, line) => out.line(`(d1:${dom}) ${line}`) });
  ts.create(parseDomainConfig(`name = "bench"\nkernel = "${image}"\nmemory = 32\non_reboot = "destroy"\n`, image), bytes);
  let left = budget;
  while (ts.active() > 0 && left > 0) {
    const r = fx.run(left);
    left -= r.insns;
    ts.settle();
    if (r.reason === "error") throw new Error(`run on fullxen: ${r.message}`);
    if (r.reason === "hang" || r.reason === "limit") break;
  }
  const rec = ts.all()[0];
  process.stderr.write(`fullxen: ${rec?.name ?? "bench"}: ${rec?.state ?? "not created"}${rec !== undefined && rec.reason >= 0 ? ` (shutdown reason ${rec.reason})` : ""}\n`);
  return rec !== undefined && rec.reason === SHUTDOWN_poweroff ? 0 : 1;
}

if (process.argv[1] === selfPath && process.argv[2] === CHILD) {
  const [name, image] = [process.argv[3], process.argv[4]];
  const target = TARGETS.find((t) => t.name === name);
  if (target === undefined || image === undefined) {
    process.stderr.write(`usage: hypercalls.ts ${CHILD} ${TARGETS.map((t) => t.name).join("|")} IMAGE\n`);
    process.exitCode = 2;
  } else {
    process.exitCode = await runChild(target.name, image);
  }
}
