/**
 * Malformed images end to end: `pvkit run` (cli/run.ts main, in-process) on truncated
 * and bit-flipped copies of a real guest, on both hypervisors with a small
 * --max-insns. Every run must end with a clear one-line error (exit 2) or a guest
 * outcome (poweroff, another shutdown, a crash of the guest, the instruction limit, a
 * hang) — never an internal error (exit 70), an exception or a stack trace.
 * Flips land mostly in the ELF header, program headers and Xen notes, where the
 * parser and the domain builder are exposed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/run.js";
import { FUZZ_SEED, Prng, envInt } from "./gen.js";

const HELLO = new Uint8Array(readFileSync(join(import.meta.dirname, "../../guests/kernels/hello/hello.elf")));
const N = envInt("PVKIT_FUZZ_IMAGES", Math.max(1, Math.round(envInt("PVKIT_FUZZ_ITERS", 1500) / 8)));
const GUEST_OUTCOMES = new Set([0, 10, 11, 12, 13, 14, 15, 20, 124, 125]);

/** The byte ranges the loader reads: ELF header, program headers, PT_NOTE contents. */
function headerRanges(b: Uint8Array): [number, number][] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const phoff = v.getUint32(28, true);
  const phnum = v.getUint16(44, true);
  const out: [number, number][] = [[0, 52], [phoff, phoff + 32 * phnum]];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + 32 * i;
    if (v.getUint32(at, true) === 4) out.push([v.getUint32(at + 4, true), v.getUint32(at + 4, true) + v.getUint32(at + 16, true)]);
  }
  return out;
}

function mutate(r: Prng, base: Uint8Array): { bytes: Uint8Array; what: string } {
  if (r.chance(0.2)) {
    const len = r.chance(0.5) ? r.below(600) : r.below(base.length);
    return { bytes: base.slice(0, len), what: `truncated to ${len}` };
  }
  const b = base.slice();
  const ranges = headerRanges(base);
  const flips: string[] = [];
  const n = 1 + r.below(r.chance(0.7) ? 3 : 16);
  for (let i = 0; i < n; i++) {
    let at: number;
    if (r.chance(0.8)) {
      const [lo, hi] = r.pick(ranges);
      at = lo + r.below(Math.max(1, hi - lo));
    } else {
      at = r.below(b.length);
    }
    if (at >= b.length) continue;
    if (r.chance(0.25)) b[at] = r.pick([0, 0xff, 0x7f, 0x80, 1]);
    else b[at]! ^= 1 << r.below(8);
    flips.push(`${at}`);
  }
  return { bytes: b, what: `bytes changed at ${flips.join(",")}` };
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string; threw: string | null }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stderr = "";
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += typeof s === "string" ? s : Buffer.from(s).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr, threw: null };
  } catch (e) {
    return { code: -1, stderr, threw: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Waits until the test reporter has written what it had (stdout is swapped during each run). */
const settle = (): Promise<void> => new Promise((res) => setTimeout(res, 50));

test(`pvkit run on microxen and full Xen: ${N} mutated hello images each give a one-line error or a guest outcome`, async () => {
  await settle();
  const failures: string[] = [];
  const refused = new Map<string, number>();
  const dir = mkdtempSync(join(tmpdir(), "pvkit-fuzz-"));
  try {
    const file = join(dir, "guest.elf");
    for (const on of ["microxen", "fullxen"] as const) {
      const r = new Prng(FUZZ_SEED ^ (on === "fullxen" ? 0xf00d : 0xbeef));
      for (let i = 0; i < N && failures.length < 10; i++) {
        const m = mutate(r, HELLO);
        writeFileSync(file, m.bytes);
        const res = await runCli([file, "--on", on, "--mem", "4", "--max-insns", "200000"]);
        if (res.code === 2) refused.set(on, (refused.get(on) ?? 0) + 1);
        const why = res.threw !== null ? `threw: ${res.threw}`
          : res.code === 70 ? `internal error: ${res.stderr.trim()}`
          : /\n\s+at /.test(res.stderr) ? `stack trace on stderr: ${res.stderr}`
          : res.code === 2 && res.stderr.trim().split("\n").length !== 1 ? `error is not one line: ${res.stderr}`
          : res.code !== 2 && !GUEST_OUTCOMES.has(res.code) ? `unexpected exit ${res.code}: ${res.stderr}`
          : null;
        if (why !== null) failures.push(`${on} #${i} (${m.what}): ${why}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(failures, []);
  for (const on of ["microxen", "fullxen"]) assert.ok((refused.get(on) ?? 0) > 0, `${on}: no mutation was refused: the mutator is not reaching the loader`);
});
