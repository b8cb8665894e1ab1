/**
 * `npm run bench -- fullxen`: full Xen's own figures.
 * - mmu_update validation throughput: guests/tests/fx_busy writes 64 batches of 512
 *   PTEs (each a frame change, so fully validated); the host times its "@begin" to
 *   "@end" console lines: PTE updates per host second.
 * - boot of 1, 8 and 64 domains (guests/kernels/hello, 4 MiB each), each count in a
 *   fresh `node --expose-gc` child (fullxen_boot.ts, which says what the memory
 *   columns count): host time to build them and to run them to poweroff, and host
 *   memory per domain while they are alive.
 * - CPU share of two busy domains (fx_busy) at weights 256 and 512 on one hart, over a
 *   fixed run while both are busy: target 1:2 within 5%.
 * Figures are host-dependent; compare them within one run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../../machine/index.js";
import { FullXen } from "../../fullxen/hypervisor.js";
import { CreditScheduler } from "../../fullxen/sched/index.js";
import { bootInChild, formatBootRow, BOOT_HEADER } from "./fullxen_boot.js";

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
  const m = mmuThroughput();
  console.log(`mmu_update (fx_busy, batches of 512): ${m.updates} PTE updates, ${Math.round(m.perSecond).toLocaleString("en")} per host second`);
  console.log("boot (hello, 4 MiB each), one fresh child per count; KiB = JS heap + ArrayBuffers after GC, per domain, guest RAM not included:");
  console.log(BOOT_HEADER);
  for (const n of [1, 8, 64]) console.log(formatBootRow(await bootInChild(n)));
  const s = share();
  const dev = Math.abs(s.ratio - 2) / 2;
  console.log(`CPU share, weights 256:512 on one hart: ${s.a} : ${s.b} ticks = 1 : ${s.ratio.toFixed(3)} (${(dev * 100).toFixed(1)}% from 1:2${dev <= 0.05 ? ", within 5%" : ", OUTSIDE 5%"})`);
}
