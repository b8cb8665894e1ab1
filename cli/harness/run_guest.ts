/**
 * Runs one PV image on one target in-process and says how it went: the console text
 * and lines, the shutdown, the XTF verdict and (optionally) the hypercall trace.
 * Used by `pvkit conform` and `pvkit certify`.
 *
 * Targets: `microxen-hot` and `microxen-none` (shim/, with that transfer-page
 * profile; one hart per vCPU) and `fullxen` (fullxen/, one domain alone on a
 * one-hart machine).
 * Both get the same domain memory (DEFAULT_GUEST_MIB) so the start of day, and
 * everything the guest derives from it, is the same.
 *
 * Verdict (DESIGN.md "Guests"): the most severe `Test result:` line wins; no line,
 * or a run that did not end with the guest shutting itself down (the hypervisor
 * crashed the domain, the instruction limit, a hang, an internal error), is CRASH.
 * Host mistakes (an image that cannot be built) are not thrown: they come back as
 * `ended: "bad-image"` with the message, verdict CRASH.
 */
import { MAX_VCPUS as MICROXEN_MAX_VCPUS, Microxen, MicroxenError, type MicroxenRun } from "../../shim/index.js";
import { Machine } from "../../machine/machine.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { parseTrace, type TraceRecord } from "../../abi/trace.js";

export const TARGETS = ["microxen-hot", "microxen-none", "fullxen"] as const;
export type Target = (typeof TARGETS)[number];

/** Least to most severe; the exit code of each is VERDICT_EXIT. */
export const VERDICTS = ["SUCCESS", "SKIP", "ERROR", "FAILURE", "CRASH"] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_EXIT: Readonly<Record<Verdict, number>> = { SUCCESS: 0, SKIP: 3, ERROR: 4, FAILURE: 5, CRASH: 6 };

export const DEFAULT_GUEST_MIB = 16;
export const DEFAULT_MAX_INSNS = 500_000_000;
/** Machine memory for a lone full Xen domain: the domain plus room for the hypervisor's frames. */
const FULLXEN_MACHINE_EXTRA_MIB = 16;

export type RunEnd = "shutdown" | "crashed" | "limit" | "hang" | "error" | "bad-image";

export interface GuestRunOptions {
  trace?: boolean;
  maxInsns?: number;
  memMiB?: number;
  /** vCPUs for the domain (microxen: one hart each). Default 1. */
  vcpus?: number;
}

/** How many vCPUs a domain can have on each target: microxen gives each its own hart. */
export const TARGET_MAX_VCPUS: Readonly<Record<Target, number>> = {
  "microxen-hot": MICROXEN_MAX_VCPUS, "microxen-none": MICROXEN_MAX_VCPUS, fullxen: 32,
};

export interface GuestRun {
  target: Target;
  /** Console text exactly as written by the guest (latin1). */
  console: string;
  /** Console split into lines (a trailing partial line is kept). */
  lines: string[];
  ended: RunEnd;
  /** SHUTDOWN_* when the domain shut down (by itself or crashed by the hypervisor), else -1. */
  reason: number;
  /** Why the hypervisor crashed the domain, or the error; "" otherwise. */
  detail: string;
  verdict: Verdict;
  /** Trace records, when asked for (else null). */
  trace: TraceRecord[] | null;
  insns: number;
  /** The machine's RAM (machine addresses), for masking frame numbers; bytes 0 when no machine was built. */
  ram: { base: number; bytes: number };
}

const NO_RAM = { base: 0, bytes: 0 };

const RESULT_LINE = /^Test result: (SUCCESS|SKIP|ERROR|FAILURE)\b/;

/** The most severe `Test result:` line, or CRASH when there is none. */
export function verdictOf(lines: readonly string[]): Verdict {
  let worst = -1;
  for (const l of lines) {
    const m = RESULT_LINE.exec(l);
    if (m !== null) worst = Math.max(worst, VERDICTS.indexOf(m[1] as Verdict));
  }
  return worst < 0 ? "CRASH" : VERDICTS[worst]!;
}

/** The more severe of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICTS.indexOf(a) >= VERDICTS.indexOf(b) ? a : b;
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function finish(target: Target, console: string, ended: RunEnd, reason: number, detail: string, trace: TraceRecord[] | null,
  insns: number, ram: { base: number; bytes: number } = NO_RAM): GuestRun {
  const lines = splitLines(console);
  const verdict = ended === "shutdown" ? verdictOf(lines) : "CRASH";
  return { target, console, lines, ended, reason, detail, verdict, trace, insns, ram };
}

const ramOf = (m: Machine): { base: number; bytes: number } => ({ base: m.bus.ramBase >>> 0, bytes: m.bus.ramSize });

function runOnMicroxen(image: Uint8Array, target: Target, o: GuestRunOptions): GuestRun {
  const bytes: number[] = [];
  const trace: TraceRecord[] | null = o.trace === true ? [] : null;
  let mx: Microxen;
  try {
    mx = new Microxen({
      image, profile: target === "microxen-hot" ? "hot" : "none", memMiB: o.memMiB ?? DEFAULT_GUEST_MIB, harts: o.vcpus ?? 1,
      console: (b) => void bytes.push(b),
      ...(trace !== null ? { trace: (r: TraceRecord) => void trace.push(r) } : {}),
    });
  } catch (e) {
    if (e instanceof MicroxenError) return finish(target, "", "bad-image", -1, e.message, trace, 0);
    throw e;
  }
  const ram = ramOf(mx.built.machine);
  let r: MicroxenRun;
  try {
    r = mx.run(o.maxInsns ?? DEFAULT_MAX_INSNS);
  } catch (e) {
    return finish(target, Buffer.from(bytes).toString("latin1"), "error", -1, e instanceof Error ? e.message : String(e), trace, 0, ram);
  }
  // The hypervisor's own crash line is not guest output (out.fault says the same).
  const text = splitLines(Buffer.from(bytes).toString("latin1")).filter((l) => !MICROXEN_CRASH_LINE.test(l)).map((l) => `${l}\n`).join("");
  const out = r.outcome;
  switch (out.kind) {
    case "shutdown":
      return finish(target, text, out.fault !== null ? "crashed" : "shutdown", out.reason, out.fault ?? "", trace, r.insns, ram);
    case "limit": return finish(target, text, "limit", -1, `stopped after ${r.insns} instructions`, trace, r.insns, ram);
    case "hang": return finish(target, text, "hang", -1, "blocked and no timer can wake it", trace, r.insns, ram);
    case "machine": return finish(target, text, "error", -1, out.detail, trace, r.insns, ram);
  }
}

/** Full Xen writes "(XEN) domain N crashed: ..." on the console of a domain it crashes. */
const XEN_CRASH_LINE = /^\(XEN\) domain \d+ crashed: /;
/** microxen's equivalent. */
const MICROXEN_CRASH_LINE = /^\(microxen\) domain \d+ crashed: /;

function runOnFullxen(image: Uint8Array, o: GuestRunOptions): GuestRun {
  const memMiB = o.memMiB ?? DEFAULT_GUEST_MIB;
  const lines: string[] = [];
  const traceLines: string[] = [];
  let reason = -1;
  const machine = new Machine({ harts: 1, memMiB: memMiB + FULLXEN_MACHINE_EXTRA_MIB });
  const ram = ramOf(machine);
  const xen = new FullXen(machine, {
    ...(o.trace === true ? { trace: (l: string) => void traceLines.push(l) } : {}),
    onConsole: (_d, line) => void lines.push(line),
    onShutdown: (_d, r) => { reason = r; },
  });
  const parse = (): TraceRecord[] | null => (o.trace === true ? parseTrace(traceLines.join("\n")) : null);
  try {
    xen.createDomain({ name: "guest", image, memoryMiB: memMiB, vcpus: o.vcpus ?? 1 });
  } catch (e) {
    return finish("fullxen", "", "bad-image", -1, e instanceof Error ? e.message : String(e), parse(), 0);
  }
  let r;
  try {
    r = xen.run(o.maxInsns ?? DEFAULT_MAX_INSNS);
  } catch (e) {
    return finish("fullxen", lines.map((l) => `${l}\n`).join(""), "error", -1, e instanceof Error ? e.message : String(e), parse(), 0, ram);
  }
  const crash = lines.find((l) => XEN_CRASH_LINE.test(l));
  // The hypervisor's own line is not guest output: keep it out of the console.
  const guestLines = lines.filter((l) => !XEN_CRASH_LINE.test(l));
  const text = guestLines.map((l) => `${l}\n`).join("");
  const trace = parse();
  switch (r.reason) {
    case "shutdown":
      return finish("fullxen", text, crash !== undefined ? "crashed" : "shutdown", reason, crash ?? "", trace, r.insns, ram);
    case "limit": return finish("fullxen", text, "limit", -1, `stopped after ${r.insns} instructions`, trace, r.insns, ram);
    case "hang": return finish("fullxen", text, "hang", -1, "blocked for ever", trace, r.insns, ram);
    case "error": return finish("fullxen", text, "error", -1, r.message, trace, r.insns, ram);
  }
}

/** Runs `image` on `target`. Never throws for a bad image or a misbehaving guest. */
export function runGuest(image: Uint8Array, target: Target, o: GuestRunOptions = {}): GuestRun {
  return target === "fullxen" ? runOnFullxen(image, o) : runOnMicroxen(image, target, o);
}

export function isTarget(s: string): s is Target {
  return (TARGETS as readonly string[]).includes(s);
}
