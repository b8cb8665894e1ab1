/**
 * `npm run bench -- machine [--rounds-image PATH] [--qemu-runs N]`: MIPS of pvkit's
 * machine against qemu-system-riscv32 (TCG) on the bare-metal bench image.
 *
 * How the figures are taken (also in docs/PERFORMANCE.md):
 * - pvkit: host time of `Machine.run` alone; instructions = the retired count it returns.
 * - QEMU: wall time of whole runs of `bench` and `bench-short` (the same source built
 *   with fewer rounds), best of N each. Start-up cancels in the difference:
 *   MIPS = (insns(bench) - insns(bench-short)) / (t(bench) - t(bench-short)), with both
 *   instruction counts from pvkit, since QEMU runs the very same instructions.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Machine, parseElf32 } from "../../machine/index.js";

const dir = resolve(import.meta.dirname, "../../guests/baremetal");
const BENCH = resolve(dir, "bench/bench.elf");
const SHORT = resolve(dir, "bench-short/bench-short.elf");
const MAX_INSNS = 5_000_000_000;

interface PvkitRun {
  readonly insns: number;
  readonly ms: number;
  readonly output: string;
}

function runPvkit(path: string): PvkitRun {
  const chunks: number[] = [];
  const machine = new Machine({ harts: 1, memMiB: 128, console: (byte: number) => void chunks.push(byte) });
  machine.load(parseElf32(new Uint8Array(readFileSync(path))));
  const t0 = performance.now();
  const r = machine.run(MAX_INSNS);
  const ms = performance.now() - t0;
  const output = Buffer.from(chunks).toString("latin1");
  if (r.reason !== "pass") throw new Error(`run ${path} on pvkit: ended with '${r.reason}' after ${r.insns} instructions:\n${output}`);
  return { insns: r.insns, ms, output };
}

function qemuAvailable(): boolean {
  return spawnSync("sh", ["-c", "command -v qemu-system-riscv32"], { stdio: "ignore" }).status === 0;
}

/** Best wall time (ms) of `runs` whole QEMU runs of one image. */
function timeQemu(path: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync("bash", [resolve(dir, "qemu_run.sh"), path, "300"], { encoding: "latin1" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`run ${path} on QEMU: exit status ${r.status}:\n${r.stdout}${r.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

function parseArgs(args: string[]): { qemuRuns: number } {
  let qemuRuns = 5;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--qemu-runs") {
      qemuRuns = Number(args[++i]);
      if (!Number.isInteger(qemuRuns) || qemuRuns < 1) throw new Error(`parse arguments: --qemu-runs needs a positive integer`);
    } else {
      throw new Error(`parse arguments: unknown argument '${a}' (usage: bench machine [--qemu-runs N])`);
    }
  }
  return { qemuRuns };
}

/** Hides the value of "counter:" lines (minstret is not exact on QEMU without -icount). */
const maskCounters = (out: string): string => out.replace(/^counter:.*$/gm, "counter: <masked>");
const mips = (insns: number, ms: number): number => insns / ms / 1000;
const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");

export async function run(args: string[]): Promise<void> {
  const { qemuRuns } = parseArgs(args);
  const short = runPvkit(SHORT);
  runPvkit(SHORT); // warm-up: JIT the interpreter before the timed run
  const long = runPvkit(BENCH);
  const pvkitMips = mips(long.insns, long.ms);
  const checksum = long.output.split("\n").find((l) => l.startsWith("bench:")) ?? "(no checksum line)";
  const recorded = readFileSync(resolve(dir, "bench/qemu.out"), "latin1");
  if (maskCounters(long.output) !== maskCounters(recorded)) {
    throw new Error(`compare with bench/qemu.out: pvkit printed\n${long.output}but QEMU recorded\n${recorded}`);
  }

  let qemuMips = NaN;
  let qemuNote = "qemu-system-riscv32 not installed";
  if (qemuAvailable()) {
    const tShort = timeQemu(SHORT, qemuRuns);
    const tLong = timeQemu(BENCH, qemuRuns);
    const dInsns = long.insns - short.insns;
    const dMs = tLong - tShort;
    qemuMips = dMs > 0 ? mips(dInsns, dMs) : NaN;
    qemuNote = `best of ${qemuRuns}: bench ${fmt(tLong)} ms, bench-short ${fmt(tShort)} ms (start-up removed)`;
  }

  console.log(`machine bench: ${checksum}`);
  console.log("");
  console.log("| engine | instructions | time (ms) | MIPS |");
  console.log("|---|---:|---:|---:|");
  console.log(`| pvkit | ${long.insns} | ${fmt(long.ms)} | ${fmt(pvkitMips)} |`);
  console.log(`| qemu-system-riscv32 (TCG) | ${long.insns - short.insns} | ${Number.isFinite(qemuMips) ? fmt((long.insns - short.insns) / qemuMips / 1000) : "n/a"} | ${fmt(qemuMips)} |`);
  console.log("");
  console.log(`pvkit / QEMU: ${Number.isFinite(qemuMips) ? fmt(pvkitMips / qemuMips, 3) + "x" : "n/a"} (target >= 0.25x)`);
  console.log(`QEMU: ${qemuNote}`);
}
