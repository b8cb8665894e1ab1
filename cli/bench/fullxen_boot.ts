/**
 * The boot part of `npm run bench -- fullxen`: build N domains (guests/kernels/hello,
 * 4 MiB each) on one full Xen, run them to poweroff, and say what they cost the host.
 *
 * Each domain count runs in its own child process (`node --expose-gc
 * --no-flush-bytecode --single-threaded`), so one count's garbage, JIT code and heap
 * growth cannot leak into the next count's figures. With V8's background GC and
 * compiler threads on, the samples moved by hundreds of KiB between identical runs
 * (work finished off-thread after the sample). With them off, the ArrayBuffer part is
 * exact (the same bytes every run) and the JS heap part still moves by up to ~150 KiB
 * in total (V8's own caches and code): about 2 KiB per domain at 64 domains, but it
 * swamps the heap part of the 1-domain figure.
 * The child:
 *  1. boots one domain to poweroff on a throw-away FullXen (the "cold" figure: JIT
 *     warm-up, module load not included), then N on another (warm-up: V8 has then
 *     optimized every path the measured round takes);
 *  2. makes the measured FullXen and its machine (all guest RAM is one ArrayBuffer made
 *     here, before the baseline), runs four full GCs with a timer tick between them and
 *     takes the baseline;
 *  3. builds the N domains (timed), GCs, samples "built";
 *  4. runs them all to poweroff (timed), GCs, samples "ran" (domains shut down but not
 *     destroyed: their state and the units compiled from their code are alive);
 *  5. destroys them, GCs, samples "destroyed" (what outlives the domains: the hart's
 *     compiled units are dropped only when their frames are written again).
 *
 * What is counted: `heapUsed + arrayBuffers` from process.memoryUsage() after a full
 * GC, minus the baseline — the hypervisor's objects and typed arrays per domain (p2m,
 * event-channel table, vCPUs, page-type bookkeeping) plus, after the run,
 * the host code the block compiler made from each domain's guest code. Guest RAM is not
 * in it: the frames are slices of the machine's RAM buffer, allocated before the
 * baseline. RSS is reported beside it and does include guest RAM: the builder scrubs
 * every frame it gives a domain, so the OS commits those pages then (4096 KiB for a
 * 4 MiB domain), plus whatever the allocator keeps.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(import.meta.dirname, "../..");
const selfPath = fileURLToPath(import.meta.url);
export const BOOT_CHILD = "--boot-child";
const REPORT = "@boot ";

/** Host memory, bytes, relative to the child's baseline. */
export interface MemDelta {
  readonly heap: number;
  readonly arrayBuffers: number;
  readonly rss: number;
}

export interface BootReport {
  readonly domains: number;
  /** First boot of one domain in the fresh process (module load not included). */
  readonly coldMs: number;
  readonly buildMs: number;
  readonly runMs: number;
  readonly built: MemDelta;
  readonly ran: MemDelta;
  readonly destroyed: MemDelta;
}

interface Sample { heap: number; arrayBuffers: number; rss: number }

async function sample(): Promise<Sample> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error("boot bench child: started without --expose-gc");
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // lets finalizers and deferred frees run between passes
  }
  const u = process.memoryUsage();
  return { heap: u.heapUsed, arrayBuffers: u.arrayBuffers, rss: u.rss };
}

const minus = (a: Sample, b: Sample): MemDelta => ({ heap: a.heap - b.heap, arrayBuffers: a.arrayBuffers - b.arrayBuffers, rss: a.rss - b.rss });

/** Hypervisor memory per domain in KiB: JS heap plus ArrayBuffers, divided by the count. */
export function kibPerDomain(d: MemDelta, domains: number): number {
  if (!Number.isInteger(domains) || domains < 1) throw new Error(`boot bench: domain count ${domains} is not a positive integer`);
  return (d.heap + d.arrayBuffers) / 1024 / domains;
}

/** Column titles of formatBootRow(). */
export const BOOT_HEADER = "  domains | cold ms | build ms | run ms | ms/domain | KiB built (of it AB) | KiB after run | KiB after destroy | RSS KiB/domain";

/** One table row: times, then per-domain memory at the three samples, then RSS per domain (guest RAM included). */
export function formatBootRow(r: BootReport): string {
  const n = r.domains;
  const kib = (d: MemDelta): string => kibPerDomain(d, n).toFixed(1);
  return [
    String(n).padStart(9), r.coldMs.toFixed(0).padStart(7), r.buildMs.toFixed(0).padStart(8), r.runMs.toFixed(0).padStart(6),
    ((r.buildMs + r.runMs) / n).toFixed(1).padStart(9),
    `${kib(r.built)} (${(r.built.arrayBuffers / 1024 / n).toFixed(1)})`.padStart(20), kib(r.ran).padStart(13), kib(r.destroyed).padStart(17),
    (r.ran.rss / 1024 / n).toFixed(0).padStart(14),
  ].join(" | ");
}

const isDelta = (v: unknown): v is MemDelta =>
  typeof v === "object" && v !== null && ["heap", "arrayBuffers", "rss"].every((k) => Number.isFinite((v as Record<string, unknown>)[k]));

/** Reads the child's report line; throws Error naming what is wrong with it. */
export function parseBootReport(line: string): BootReport {
  if (!line.startsWith(REPORT)) throw new Error(`boot bench: '${line.slice(0, 60)}' is not a report line`);
  let v: unknown;
  try {
    v = JSON.parse(line.slice(REPORT.length));
  } catch {
    throw new Error("boot bench: the report line is not JSON");
  }
  const r = v as Record<string, unknown>;
  if (typeof v !== "object" || v === null || !Number.isInteger(r.domains) || (r.domains as number) < 1) throw new Error("boot bench: the report has no domain count");
  for (const k of ["coldMs", "buildMs", "runMs"]) if (!Number.isFinite(r[k])) throw new Error(`boot bench: the report's ${k} is not a number`);
  for (const k of ["built", "ran", "destroyed"]) if (!isDelta(r[k])) throw new Error(`boot bench: the report's ${k} sample is incomplete`);
  return v as BootReport;
}

/** The child's side: steps 1-5 above, one report line on stdout. */
async function child(n: number): Promise<void> {
  const { Machine } = await import("../../machine/index.js");
  const { FullXen } = await import("../../fullxen/hypervisor.js");
  const { CreditScheduler } = await import("../../fullxen/sched/index.js");
  const hello = readFileSync(join(root, "guests/kernels/hello/hello.elf"));
  const make = (domains: number) => new FullXen(new Machine({ harts: 1, memMiB: Math.min(2048, 8 + 5 * domains) }), { scheduler: new CreditScheduler({ harts: 1 }) });
  const runAll = (fx: InstanceType<typeof FullXen>, domains: number): void => {
    const r = fx.run(100_000_000 * domains);
    if (r.reason !== "shutdown") throw new Error(`boot ${domains}: run ended with ${r.reason}`);
  };
  let t = performance.now();
  const warm1 = make(1);
  warm1.createDomain({ name: "warm", image: hello, memoryMiB: 4 });
  runAll(warm1, 1);
  const coldMs = performance.now() - t;
  const warmN = make(n); // the same work once more, so V8 has optimized the paths the count takes
  for (let i = 0; i < n; i++) warmN.createDomain({ name: `w${i}`, image: hello, memoryMiB: 4 });
  runAll(warmN, n);

  const fx = make(n);
  const base = await sample();
  const ids: number[] = [];
  t = performance.now();
  for (let i = 0; i < n; i++) ids.push(fx.createDomain({ name: `d${i}`, image: hello, memoryMiB: 4 }));
  const buildMs = performance.now() - t;
  const built = minus(await sample(), base);
  t = performance.now();
  runAll(fx, n);
  const runMs = performance.now() - t;
  const ran = minus(await sample(), base);
  for (const id of ids) fx.destroy(id);
  const destroyed = minus(await sample(), base);
  const report: BootReport = { domains: n, coldMs, buildMs, runMs, built, ran, destroyed };
  process.stdout.write(REPORT + JSON.stringify(report) + "\n");
}

/** Runs one domain count in a fresh `node --expose-gc` child and returns its report. */
export function bootInChild(n: number, timeoutMs = 600_000): Promise<BootReport> {
  return new Promise((done, fail) => {
    const args = ["--expose-gc", "--no-flush-bytecode", "--single-threaded", "--import", "tsx", selfPath, BOOT_CHILD, String(n)];
    const proc = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    const timer = setTimeout(() => proc.kill("SIGTERM"), timeoutMs);
    proc.stdout.setEncoding("utf8").on("data", (c: string) => { out += c; });
    proc.stderr.setEncoding("utf8").on("data", (c: string) => { err += c; });
    proc.on("error", (e) => { clearTimeout(timer); fail(new Error(`boot ${n}: spawn: ${e.message}`)); });
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(REPORT));
      if (code !== 0 || line === undefined) {
        const why = err.split("\n").map((l) => l.trim()).find((l) => /error/i.test(l)) ?? err.trim().split("\n")[0] ?? "no report";
        fail(new Error(`boot ${n}: child exit ${code ?? signal}: ${why}`));
        return;
      }
      try {
        done(parseBootReport(line));
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

if (process.argv[1] === selfPath && process.argv[2] === BOOT_CHILD) {
  const n = Number(process.argv[3]);
  if (!Number.isInteger(n) || n < 1 || n > 400) {
    process.stderr.write(`usage: fullxen_boot.ts ${BOOT_CHILD} DOMAINS (1..400)\n`);
    process.exitCode = 2;
  } else {
    try {
      await child(n);
    } catch (e) {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
