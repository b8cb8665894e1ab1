/**
 * `npm run bench -- fullxen`: full Xen's own figures.
 * - mmu_update validation throughput: guests/tests/fx_busy writes 64 batches of 512
 *   PTEs (each a frame change, so fully validated); the host times its "@begin" to
 *   "@end" console lines: PTE updates per host second.
 * - boot of 1, 8 and 64 domains (guests/kernels/hello, 4 MiB each): host time to
 *   build them all and run them to poweroff, and host heap growth per domain.
 * - CPU share of two busy domains (fx_busy) at weights 256 and 512 on one hart, over a
 *   fixed run while both are busy: target 1:2 within 5%.
 * Figures are host-dependent; compare them within one run. The memory column needs
 * `node --expose-gc` (see docs/PERFORMANCE.md), otherwise garbage collection makes it noise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/index.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { CreditScheduler } from "../../fullxen/sched/index.js";

const root = join(import.meta.dirname, "../..");

function image(rel: string): Uint8Array {
  return readFileSync(join(root, rel));
}

function setup(harts: number, memMiB: number): { fx: FullXen; sched: CreditScheduler } {
  const sched = new CreditScheduler({ harts });
  return { fx: new FullXen(new Machine({ harts, memMiB }), { scheduler: sched }), sched };
}

function mmuThroughput(): { updates: number; perSecond: number } {
  const { fx } = setup(1, 64);
  let t0 = 0, t1 = 0, updates = 0;
  fx.onConsole = (_d, line) => {
    if (line.startsWith("@begin")) t0 = performance.now();
    const m = /^@end (\d+) updates/.exec(line);
    if (m) {
      t1 = performance.now();
      updates = Number(m[1]);
    }
  };
  fx.createDomain({ name: "busy", image: image("guests/tests/fx_busy/fx_busy.elf"), memoryMiB: 16 });
  fx.run(30_000_000);
  if (updates === 0) throw new Error("mmu_update bench: fx_busy printed no @end line");
  return { updates, perSecond: updates / ((t1 - t0) / 1000) };
}

function boot(n: number): { ms: number; kibPerDomain: number } {
  const hello = image("guests/kernels/hello/hello.elf");
  const host = (): number => { const u = process.memoryUsage(); return u.heapUsed + u.arrayBuffers; };
  const t0 = performance.now();
  const { fx } = setup(1, Math.min(2048, 8 + 5 * n));
  globalThis.gc?.();
  const heap0 = host(); // the machine's RAM is already allocated: this measures hypervisor state
  for (let i = 0; i < n; i++) fx.createDomain({ name: `d${i}`, image: hello, memoryMiB: 4 });
  globalThis.gc?.();
  const heap1 = host();
  const r = fx.run(100_000_000 * n);
  const ms = performance.now() - t0;
  if (r.reason !== "shutdown") throw new Error(`boot ${n}: run ended with ${r.reason}`);
  return { ms, kibPerDomain: (heap1 - heap0) / 1024 / n };
}

function share(): { a: number; b: number; ratio: number } {
  const { fx, sched } = setup(1, 64);
  const busy = image("guests/tests/fx_busy/fx_busy.elf");
  const a = fx.createDomain({ name: "w256", image: busy, memoryMiB: 8, weight: 256 });
  const b = fx.createDomain({ name: "w512", image: busy, memoryMiB: 8, weight: 512 });
  fx.run(150_000_000);
  const ta = sched.domainTime(a), tb = sched.domainTime(b);
  return { a: ta, b: tb, ratio: tb / ta };
}

export async function run(_args: string[]): Promise<void> {
  if (globalThis.gc === undefined) console.log("(no --expose-gc: the KiB/domain column is unreliable)");
  const m = mmuThroughput();
  console.log(`mmu_update (fx_busy, batches of 512): ${m.updates} PTE updates, ${Math.round(m.perSecond).toLocaleString("en")} per host second`);
  console.log("boot (hello, 4 MiB each): domains | host ms total | host ms/domain | host KiB/domain beyond guest RAM");
  for (const n of [1, 8, 64]) {
    const r = boot(n);
    console.log(`  ${String(n).padStart(3)} | ${r.ms.toFixed(0).padStart(7)} | ${(r.ms / n).toFixed(1).padStart(7)} | ${r.kibPerDomain.toFixed(0).padStart(6)}`);
  }
  const s = share();
  const dev = Math.abs(s.ratio - 2) / 2;
  console.log(`CPU share, weights 256:512 on one hart: ${s.a} : ${s.b} ticks = 1 : ${s.ratio.toFixed(3)} (${(dev * 100).toFixed(1)}% from 1:2${dev <= 0.05 ? ", within 5%" : ", OUTSIDE 5%"})`);
}
